<#-- "Invite many" section "import" (pages.people.ImportSection): paste or upload, Check, then the preview and "Invite N people". -->
<#if data.preview??>
    <#assign p = data.preview>
    <h2>${msg("opsknightImportPreview")}</h2>
    <p id="import-summary">${msg("opsknightImportSummary", p.total, p.counts.invite, p.counts.already_member, p.counts.already_invited, p.counts.invalid)}</p>
    <table id="import-preview" class="pf-v5-c-table pf-m-compact opsknight-table">
        <thead><tr><th>${msg("opsknightImportRow")}</th><th>${msg("email")}</th><th>${msg("opsknightName")}</th><th>${msg("opsknightPeopleRole")}</th><th>${msg("opsknightImportOutcome")}</th></tr></thead>
        <tbody>
        <#list p.rows as r>
            <tr class="import-row" data-outcome="${r.outcome}">
                <td>${r.row}</td><td>${r.email}</td><td>${r.name}</td><td>${r.role}</td>
                <td><span class="opsknight-outcome-${r.outcome}">${msg("opsknightImportOutcome_" + r.outcome)}</span><#if r.message?has_content> <small>${r.message}</small></#if></td>
            </tr>
        </#list>
        </tbody>
    </table>
    <#if p.invite gt 0>
        <form id="import-confirm-form" action="${page.actionBase}/import/confirm" method="post">
            <input type="hidden" name="csrf" value="${page.csrf}"/>
            <input type="hidden" name="csv" value="${p.csv}"/>
            <button id="import-confirm" type="submit" class="pf-v5-c-button pf-m-primary">${msg("opsknightImportConfirm", p.invite)}</button>
        </form>
    <#else>
        <p id="import-nothing">${msg("opsknightImportNothing")}</p>
    </#if>
    <h2>${msg("opsknightImportAgain")}</h2>
</#if>
<p>${msg("opsknightImportHelp", data.maxRows)}</p>
<form id="import-form" action="${page.actionBase}/import/check" method="post" enctype="multipart/form-data">
    <input type="hidden" name="csrf" value="${page.csrf}"/>
    <label>${msg("opsknightImportPaste")}
        <textarea id="import-csv" class="pf-v5-c-form-control" name="csv" rows="10" cols="80" spellcheck="false" placeholder="email,name,role&#10;ann@example.com,Ann Example,RESPONDER">${(data.preview??)?then(data.preview.csv, page.posted.values.csv!"")}</textarea>
        <#if messagesPerField.existsError("csv")><span class="opsknight-error" id="import-csv-error">${kcSanitize(messagesPerField.get("csv"))?no_esc}</span></#if>
    </label>
    <label>${msg("opsknightImportFile")}
        <input id="import-file" name="file" type="file" accept=".csv,text/csv,text/plain"/>
    </label>
    <button id="import-check" type="submit" class="pf-v5-c-button pf-m-secondary">${msg("opsknightImportCheck")}</button>
</form>
<#if data.recent?has_content>
    <h2>${msg("opsknightImportRecent")}</h2>
    <ul id="import-recent">
        <#list data.recent as b>
            <li><a href="${b.url}">${b.createdAt}</a>: ${msg("opsknightImportRecentLine", b.total, b.invited)} (${msg("opsknightBatchStatus_" + b.status)})</li>
        </#list>
    </ul>
</#if>
