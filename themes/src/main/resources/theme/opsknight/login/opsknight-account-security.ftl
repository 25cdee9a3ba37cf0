<#-- Account page section "security" (profile.SecuritySection): change of password. -->
<form id="password-form" class="${properties.kcFormClass!}" action="${page.actionBase}/security/password" method="post" novalidate="novalidate">
    <input type="hidden" name="csrf" value="${page.csrf}"/>
    <input type="hidden" name="username" value="${page.user.email}" autocomplete="username"/>
    <@field.password name="currentPassword" label=msg("opsknightAccountCurrentPassword") autocomplete="current-password" required=true/>
    <@field.password name="newPassword" label=msg("opsknightAccountNewPassword") autocomplete="new-password" required=true/>
    <@field.password name="confirmPassword" label=msg("opsknightAccountConfirmPassword") autocomplete="new-password" required=true/>
    <p class="opsknight-muted">${msg("opsknightAccountPasswordHelp")}</p>
    <@buttons.actionGroup>
        <@buttons.button id="password-save" name="password" label="opsknightAccountUpdatePassword"/>
    </@buttons.actionGroup>
</form>
