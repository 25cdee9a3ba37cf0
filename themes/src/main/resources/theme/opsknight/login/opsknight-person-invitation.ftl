<#-- Person page section "invitation" (pages.people.InvitationSection), for an INVITED person. -->
<#include "opsknight-people-link.ftl">
<#if data.open>
    <p id="person-invitation">${msg("opsknightPeopleInvitationState", data.sent, data.expires, data.state)}</p>
    <div class="opsknight-actions">
        <#list ["resend", "revoke", "link"] as a>
            <form method="post" action="${page.actionBase}/invitation/${a}" class="opsknight-inline-form">
                <input type="hidden" name="csrf" value="${page.csrf}"/>
                <button id="person-invitation-${a}" type="submit" class="pf-v5-c-button <#if a = 'revoke'>pf-m-danger<#else>pf-m-secondary</#if>">${msg("opsknightPeopleInvitation_" + a)}</button>
            </form>
        </#list>
    </div>
<#else>
    <p id="person-invitation-none">${msg("opsknightPeopleNoInvitation")}</p>
</#if>
