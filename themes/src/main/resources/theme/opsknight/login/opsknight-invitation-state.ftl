<#-- Why an invitation link does not work (expired, revoked, superseded, used, unknown) and what to do. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg(invitationTitle)}
    <#elseif section = "form">
        <div id="opsknight-invitation-state" data-state="${invitationState}">
            <p class="instruction">${msg(invitationMessage, (realm.displayName!realm.name))}</p>
            <#if invitationSignInUrl??>
                <p><a id="opsknight-sign-in" href="${invitationSignInUrl}">${msg("opsknightInvitationSignIn")}</a></p>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
