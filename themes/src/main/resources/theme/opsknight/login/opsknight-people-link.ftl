<#-- The invitation link an ADMIN asked for ("Copy link"): in this answer only; the button copies it where JavaScript runs. -->
<#if page.posted.action = "link" && page.posted.ok && page.posted.messageParams?size gt 2>
    <div id="invitation-link-box" class="opsknight-subform">
        <label for="invitation-link">${msg("opsknightPeopleLinkLabel", page.posted.messageParams[0])}</label>
        <input id="invitation-link" class="pf-v5-c-form-control opsknight-secret" type="text" readonly value="${page.posted.messageParams[2]}"/>
        <button type="button" id="copy-invitation-link" class="pf-v5-c-button pf-m-secondary" hidden
                onclick="navigator.clipboard.writeText(document.getElementById('invitation-link').value).then(function(){this.textContent=this.dataset.done}.bind(this))"
                data-done="${msg('opsknightPeopleCopied')}">${msg("opsknightPeopleCopyLink")}</button>
        <script>if (navigator.clipboard) { document.getElementById('copy-invitation-link').hidden = false; }</script>
        <p class="opsknight-muted">${msg("opsknightPeopleLinkHelp", page.posted.messageParams[1])}</p>
    </div>
</#if>
