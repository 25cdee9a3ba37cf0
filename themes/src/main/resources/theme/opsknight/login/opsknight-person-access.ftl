<#-- Person page section "access" (pages.people.AccessSection): role, Deactivate/Reactivate with a confirmation step, password reset. -->
<#if data.self>
    <p id="person-role-self" class="opsknight-muted">${msg("opsknightPeopleOwnRole")}</p>
<#else>
    <form id="person-role-form" class="opsknight-inline-form" action="${page.actionBase}/access/role" method="post">
        <input type="hidden" name="csrf" value="${page.csrf}"/>
        <label>${msg("opsknightPeopleRole")}
            <select id="person-role-select" class="pf-v5-c-form-control" name="role">
                <#list data.roles as r><option value="${r}"<#if r = data.role> selected</#if>>${r}</option></#list>
            </select>
        </label>
        <button id="person-role-save" type="submit" class="pf-v5-c-button pf-m-secondary">${msg("opsknightPeopleChangeRole")}</button>
    </form>
</#if>
<#assign asking = page.posted.section = "access" && (page.posted.values.confirm!"")?has_content>
<#if asking>
    <div id="person-confirm" class="pf-v5-c-alert pf-m-warning pf-m-inline">
        <p class="pf-v5-c-alert__title">${msg("opsknightPeopleConfirm_" + page.posted.values.confirm)}</p>
        <form method="post" action="${page.actionBase}/access/${page.posted.values.confirm}" class="opsknight-inline-form">
            <input type="hidden" name="csrf" value="${page.csrf}"/>
            <input type="hidden" name="confirm" value="yes"/>
            <button id="person-confirm-yes" type="submit" class="pf-v5-c-button pf-m-danger">${msg("opsknightPeopleConfirmYes")}</button>
            <a id="person-confirm-no" class="pf-v5-c-button pf-m-link" href="${page.pageUrl}">${msg("doCancel")}</a>
        </form>
    </div>
</#if>
<div class="opsknight-actions">
    <#if data.status = "ACTIVE" && !data.self>
        <form method="post" action="${page.actionBase}/access/deactivate" class="opsknight-inline-form">
            <input type="hidden" name="csrf" value="${page.csrf}"/>
            <button id="person-deactivate" type="submit" class="pf-v5-c-button pf-m-danger">${msg("opsknightPeopleDeactivate")}</button>
        </form>
    </#if>
    <#if data.status = "DISABLED">
        <form method="post" action="${page.actionBase}/access/reactivate" class="opsknight-inline-form">
            <input type="hidden" name="csrf" value="${page.csrf}"/>
            <button id="person-reactivate" type="submit" class="pf-v5-c-button pf-m-primary">${msg("opsknightPeopleReactivate")}</button>
        </form>
    </#if>
    <#if data.status = "ACTIVE">
        <form method="post" action="${page.actionBase}/access/password-reset" class="opsknight-inline-form">
            <input type="hidden" name="csrf" value="${page.csrf}"/>
            <button id="person-password-reset" type="submit" class="pf-v5-c-button pf-m-secondary">${msg("opsknightPeopleSendReset")}</button>
        </form>
    </#if>
</div>
