<#-- The page an invitation link opens: the invited person sets their name and password. -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('name','password','password-confirm'); section>
    <#if section = "header">
        ${msg("opsknightInvitationAcceptTitle", (realm.displayName!realm.name))}
    <#elseif section = "form">
        <p id="opsknight-invitation-intro" class="${properties.kcContentWrapperClass!}">
            <#if invitationInviter?has_content>
                ${msg("opsknightInvitationAcceptIntroBy", invitationInviter, (realm.displayName!realm.name))}
            <#else>
                ${msg("opsknightInvitationAcceptIntro", (realm.displayName!realm.name))}
            </#if>
        </p>
        <form id="opsknight-accept-invitation-form" class="${properties.kcFormClass!}" action="${invitationAcceptUrl}"
              method="post" novalidate="novalidate" onsubmit="accept.disabled = true; return true;">
            <input type="hidden" name="key" value="${invitationKey}"/>
            <input type="hidden" name="tab_id" value="${invitationTabId}"/>

            <@field.group name="email" label=msg("email")>
                <span class="${properties.kcInputClass} ${properties.kcFormReadOnlyClass}">
                    <input id="email" type="email" value="${invitationEmail}" readonly aria-readonly="true"/>
                </span>
            </@field.group>

            <@field.input name="name" label=msg("opsknightInvitationName") value=invitationName autocomplete="name" required=true/>
            <@field.password name="password" label=msg("password") autocomplete="new-password" autofocus=true required=true/>
            <@field.password name="password-confirm" label=msg("passwordConfirm") autocomplete="new-password" required=true/>

            <@buttons.actionGroup>
                <@buttons.button id="opsknight-accept" name="accept" label="opsknightInvitationAcceptButton"/>
            </@buttons.actionGroup>
        </form>
    </#if>
</@layout.registrationLayout>
