<#-- People list section "invite" (pages.people.InviteSection): invite one person; RESPONDER preselected. -->
<#assign mine = page.posted.section = "invite" && page.posted.action = "send" && page.posted.values?has_content>
<#include "opsknight-people-link.ftl">
<details id="invite-details" class="opsknight-invite"<#if mine> open</#if>>
    <summary class="pf-v5-c-button pf-m-primary" id="invite-open">${msg("opsknightPeopleInvite")}</summary>
    <form id="invite-form" class="opsknight-invite-form" action="${page.actionBase}/invite/send" method="post" novalidate="novalidate">
        <input type="hidden" name="csrf" value="${page.csrf}"/>
        <label>${msg("email")}
            <input id="invite-email" class="pf-v5-c-form-control" name="email" type="email" autocomplete="off" value="${mine?then(page.posted.values.email!"", "")}"/>
            <#if messagesPerField.existsError("email")><span class="opsknight-error" id="invite-email-error">${kcSanitize(messagesPerField.get("email"))?no_esc}</span></#if>
        </label>
        <label>${msg("opsknightName")}
            <input id="invite-name" class="pf-v5-c-form-control" name="name" type="text" autocomplete="off" value="${mine?then(page.posted.values.name!"", "")}"/>
            <#if messagesPerField.existsError("name")><span class="opsknight-error">${kcSanitize(messagesPerField.get("name"))?no_esc}</span></#if>
        </label>
        <label>${msg("opsknightPeopleRole")}
            <#assign chosen = mine?then(page.posted.values.role!data.defaultRole, data.defaultRole)>
            <select id="invite-role" class="pf-v5-c-form-control" name="role">
                <#list data.roles as r><option value="${r}"<#if r = chosen> selected</#if>>${r}</option></#list>
            </select>
        </label>
        <button id="invite-send" type="submit" class="pf-v5-c-button pf-m-primary">${msg("opsknightPeopleInviteSend")}</button>
    </form>
</details>
<a id="people-import" class="pf-v5-c-button pf-m-secondary" href="${page.peopleUrl}/import">${msg("opsknightImportLink")}</a>
