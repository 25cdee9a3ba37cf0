<#-- Shown after a correct password to a user who is not ACTIVE (lifecycle/StatusAwareUsernamePasswordForm). -->
<#import "template.ftl" as layout>
<#assign invited = (opsknightAccountStatus!"") == "INVITED">
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg(invited?then("opsknightInvitedTitle", "opsknightDeactivatedTitle"))}
    <#elseif section = "form">
        <div id="opsknight-account-status" class="opsknight-status-page" data-status="${opsknightAccountStatus!""}">
            <#if invited>
                <p id="opsknight-status-message">${msg("opsknightInvitedMessage")}</p>
                <p>${msg("opsknightInvitedHint")}</p>
            <#else>
                <p id="opsknight-status-message">${msg("opsknightDeactivatedMessage")}</p>
                <p>${msg("opsknightDeactivatedHint")}</p>
            </#if>
            <p><a id="opsknight-back-to-login" href="${url.loginRestartFlowUrl}">${msg("opsknightBackToSignIn")}</a></p>
        </div>
    </#if>
</@layout.registrationLayout>
