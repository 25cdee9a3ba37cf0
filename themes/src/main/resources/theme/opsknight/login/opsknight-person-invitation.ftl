<#-- Person page section "invitation" (pages.people.InvitationSection), for an INVITED person. -->
<#include "opsknight-people-link.ftl">
<#if data.open>
    <p id="person-invitation">${msg("opsknightPeopleInvitationState", data.sent, data.expires, data.state)}</p>
    <#if data.delivery?has_content>
        <p id="person-invitation-delivery" data-delivery="${data.delivery}" class="<#if data.undelivered>opsknight-badge-warning</#if>">
            ${msg("opsknightPeopleDelivery")}: <strong id="person-invitation-delivery-status">${msg("opsknightPeopleDelivery_" + data.delivery)}</strong>
            · ${msg("opsknightPeopleDeliveryAttempts", data.attempts)}
            <#if data.sentAt?has_content>· ${msg("opsknightPeopleDeliverySentAt", data.sentAt)}</#if>
            <#if data.lastError?has_content><br/><span id="person-invitation-delivery-error" class="opsknight-muted">${msg("opsknightPeopleDeliveryError", data.lastError)}</span></#if>
        </p>
    </#if>
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
