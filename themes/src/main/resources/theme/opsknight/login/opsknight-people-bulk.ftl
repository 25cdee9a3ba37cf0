<#-- People list section "bulk" (pages.people.BulkSection): the bar that acts on the rows ticked in the table (their
     checkboxes belong to the form "people-bulk"), the confirmation that names how many people, and the result that
     lists each refused row and why. Plain forms: works without JavaScript. -->
<#assign asking = page.posted.section = "bulk" && (page.posted.values.confirm!"")?has_content && data.asked?has_content>
<#if asking>
    <div id="bulk-confirm" class="pf-v5-c-alert pf-m-warning pf-m-inline">
        <p class="pf-v5-c-alert__title" id="bulk-confirm-title">${msg("opsknightPeopleBulkAsk_" + data.asked.action, data.asked.count)}</p>
        <#if data.asked.role?has_content><p id="bulk-confirm-role">${msg("opsknightPeopleBulkAskRole", data.asked.role)}</p></#if>
        <ul id="bulk-confirm-names">
            <#list data.asked.names as n><li>${n}</li></#list>
            <#if (data.asked.count > data.asked.names?size)><li>${msg("opsknightPeopleBulkAndMore", data.asked.count - data.asked.names?size)}</li></#if>
        </ul>
        <form method="post" action="${page.actionBase}/bulk/run" class="opsknight-inline-form">
            <input type="hidden" name="csrf" value="${page.csrf}"/>
            <input type="hidden" name="action" value="${data.asked.action}"/>
            <input type="hidden" name="role" value="${data.asked.role}"/>
            <input type="hidden" name="ids" value="${data.asked.ids}"/>
            <button id="bulk-confirm-yes" type="submit" class="pf-v5-c-button pf-m-danger">${msg("opsknightPeopleBulkConfirm", data.asked.count)}</button>
            <a id="bulk-confirm-no" class="pf-v5-c-button pf-m-link" href="${page.pageUrl}">${msg("doCancel")}</a>
        </form>
    </div>
</#if>
<#if data.result?has_content>
    <div id="bulk-result" class="pf-v5-c-alert pf-m-inline<#if data.result.refused?has_content> pf-m-warning<#else> pf-m-success</#if>">
        <p class="pf-v5-c-alert__title" id="bulk-result-title">${msg("opsknightPeopleBulkResult", data.result.done, data.result.refused?size)}</p>
        <#if data.result.refused?has_content>
            <table id="bulk-refused" class="pf-v5-c-table pf-m-compact">
                <thead><tr><th>${msg("opsknightName")}</th><th>${msg("email")}</th><th>${msg("opsknightPeopleBulkWhy")}</th></tr></thead>
                <tbody>
                <#list data.result.refused as r>
                    <tr class="bulk-refused-row" data-user-id="${r.id}" data-error="${r.error}">
                        <td>${r.name?has_content?then(r.name, r.id)}</td>
                        <td>${r.email}</td>
                        <#-- A reason without a sentence of ours shows the service's own. -->
                        <#assign reasonKey = "opsknightPeopleBulkRefused_" + r.error>
                        <#assign reason = msg(reasonKey)>
                        <td class="bulk-refused-reason">${(reason = reasonKey)?then(r.message, reason)}</td>
                    </tr>
                </#list>
                </tbody>
            </table>
        </#if>
    </div>
</#if>
<form id="people-bulk" class="opsknight-filter opsknight-bulk" method="post" action="${page.actionBase}/bulk/confirm">
    <input type="hidden" name="csrf" value="${page.csrf}"/>
    <label for="bulk-action">${msg("opsknightPeopleBulkSelected")}</label>
    <select id="bulk-action" class="pf-v5-c-form-control" name="action">
        <#list data.actions as a><option value="${a}">${msg("opsknightPeopleBulkAction_" + a)}</option></#list>
    </select>
    <select id="bulk-role" class="pf-v5-c-form-control" name="role" aria-label="${msg('opsknightPeopleRole')}">
        <option value="">${msg("opsknightPeopleBulkRoleFor")}</option>
        <#list data.roles as r><option value="${r}">${r}</option></#list>
    </select>
    <button id="bulk-apply" type="submit" class="pf-v5-c-button pf-m-secondary">${msg("opsknightPeopleBulkApply")}</button>
    <#if messagesPerField.existsError("bulk")><span class="opsknight-error" id="bulk-error">${kcSanitize(messagesPerField.get("bulk"))?no_esc}</span></#if>
</form>
