<#-- OpsKnight first-admin setup: /realms/{realm}/opsknight/setup. Model in "setup" (see SetupResource). -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('email','name','setupKey'); section>
<!-- template: opsknight-setup.ftl -->
    <#if section = "header">
        <#if setup.state = "created">${msg("opsknightSetupCreatedTitle")}
        <#elseif setup.state = "done">${msg("opsknightSetupDoneTitle")}
        <#elseif setup.state = "message">${msg("opsknightSetupTitle")}
        <#else>${msg("opsknightSetupTitle")}</#if>
    <#elseif section = "form">
        <#if setup.state = "form">
            <p class="opsknight-setup-intro">${msg("opsknightSetupIntro")}</p>
            <form id="opsknight-setup-form" class="${properties.kcFormClass!}" action="${setup.actionUrl}" method="post" novalidate="novalidate"
                  onsubmit="document.getElementById('opsknight-setup-submit').disabled = true; return true;">
                <input type="hidden" name="csrf" value="${setup.csrf}"/>
                <@field.input name="email" label=msg("email") value=setup.email autocomplete="email" required=true autofocus=true/>
                <@field.input name="name" label=msg("opsknightSetupName") value=setup.name autocomplete="name" required=true/>
                <#if setup.keyRequired>
                    <@field.password name="setupKey" label=msg("opsknightSetupKey") autocomplete="off" required=true>
                        <div class="${properties.kcInputHelperTextItemClass}">
                            <span class="${properties.kcInputHelperTextItemTextClass}">${msg(setup.keyGenerated?then("opsknightSetupKeyGeneratedHelp", "opsknightSetupKeyHelp"))}</span>
                        </div>
                    </@field.password>
                </#if>
                <@buttons.actionGroup>
                    <@buttons.button id="opsknight-setup-submit" name="create" label="opsknightSetupSubmit"/>
                </@buttons.actionGroup>
            </form>
        <#elseif setup.state = "created">
            <div class="opsknight-status-page">
                <p>${msg("opsknightSetupCreatedIntro", setup.email)}</p>
                <div class="${properties.kcFormGroupClass!}">
                    <label class="${properties.kcFormLabelClass!}" for="generated-password">${msg("password")}</label>
                    <div style="display: flex; gap: 0.5rem; align-items: stretch;">
                        <code id="generated-password" class="opsknight-secret" style="flex: 1;">${setup.password}</code>
                        <button type="button" id="copy-password" class="${properties.kcFormPasswordVisibilityButtonClass!}"
                                aria-label="${msg('code-copy-label')}" title="${msg('code-copy-label')}"
                                data-success="${msg('opsknightSetupCopied')}" data-failure="${msg('code-copy-failure')}">
                            <i class="${properties.kcCopyIconClass!}" aria-hidden="true"></i>
                            <span id="copy-password-label">${msg("opsknightSetupCopy")}</span>
                        </button>
                    </div>
                </div>
                <div id="password-warning" class="pf-v5-c-alert pf-m-warning pf-m-inline pf-v5-u-mb-md" role="alert">
                    <div class="${properties.kcAlertIconClass!}"><span class="${properties.kcFeedbackWarningIcon!}"></span></div>
                    <span class="${properties.kcAlertTitleClass!}">${msg("opsknightSetupShownOnce")}</span>
                </div>
                <a id="sign-in" href="${setup.signInUrl}" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("opsknightSetupSignIn")}</a>
                <p><a id="people-page" href="${setup.peoplePageUrl}">${msg("opsknightSetupPeople")}</a></p>
                <p><a id="account-page" href="${setup.accountPageUrl}">${msg("opsknightAccountManage")}</a></p>
            </div>
            <script>
                (function () {
                    var button = document.getElementById('copy-password');
                    var label = document.getElementById('copy-password-label');
                    var secret = document.getElementById('generated-password');
                    function fallback() {
                        var range = document.createRange();
                        range.selectNodeContents(secret);
                        var selection = window.getSelection();
                        selection.removeAllRanges();
                        selection.addRange(range);
                        return document.execCommand('copy');
                    }
                    button.addEventListener('click', function () {
                        var text = secret.textContent;
                        var done = function (ok) { label.textContent = ok ? button.dataset.success : button.dataset.failure; };
                        if (navigator.clipboard && window.isSecureContext) {
                            navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback()); });
                        } else {
                            done(fallback());
                        }
                    });
                })();
            </script>
        <#elseif setup.state = "message">
            <div class="opsknight-status-page">
                <p id="setup-message">${msg(setup.messageKey)}</p>
            </div>
        <#else>
            <div class="opsknight-status-page">
                <p id="setup-done">${msg("opsknightSetupDone")}</p>
                <a id="sign-in" href="${setup.signInUrl}">${msg("opsknightSetupDoneSignIn")}</a>
                <p><a id="account-page" href="${setup.accountPageUrl}">${msg("opsknightAccountManage")}</a></p>
            </div>
        </#if>
    </#if>
</@layout.registrationLayout>
