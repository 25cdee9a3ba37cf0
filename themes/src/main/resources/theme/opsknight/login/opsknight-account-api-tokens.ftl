<#--
  The "API tokens" section of the account page, for ADMINs (personal API tokens, apitoken/ in providers).
  Include it in the page and call it where the section belongs:
      <#import "opsknight-account-api-tokens.ftl" as apiTokenSection>
      <#if apiTokens??><@apiTokenSection.section model=apiTokens/></#if>
  The model comes from io.opsknight.identity.apitoken.ApiTokenAccountSection (view / create / revoke):
    model.tokens      list of {id, name, prefix, createdAt, expiresAt, lastUsedAt (or ""), expired}
    model.created     the token just made {id, name, token, prefix, expiresAt}, only in the answer to the create form
    model.error       message key of a refused form (or "")
    model.notice      message key of a done action (or "")
    model.name, model.expiresInDays   the create form's values (kept after an error)
    model.createUrl, model.revokeUrl, model.csrfField, model.csrfValue   the page's form targets and CSRF pair
  Everything is auto-escaped (Keycloak's HTML output format): a token name is shown as typed, never as markup.
-->
<#macro when iso><#if iso?has_content>${iso?substring(0, 16)?replace("T", " ")} UTC</#if></#macro>

<#macro section model>
<section id="api-tokens" class="opsknight-account-section" aria-labelledby="api-tokens-title">
    <h2 id="api-tokens-title">${msg("opsknightApiTokensTitle")}</h2>
    <p class="opsknight-api-tokens-intro">${msg("opsknightApiTokensIntro")}</p>

    <#if model.error?has_content>
        <div id="api-token-error" class="pf-v5-c-alert pf-m-danger pf-m-inline pf-v5-u-mb-md" role="alert">
            <span class="${properties.kcAlertTitleClass!}">${msg(model.error)}</span>
        </div>
    </#if>
    <#if model.notice?has_content>
        <div id="api-token-notice" class="pf-v5-c-alert pf-m-success pf-m-inline pf-v5-u-mb-md" role="status">
            <span class="${properties.kcAlertTitleClass!}">${msg(model.notice)}</span>
        </div>
    </#if>

    <#if model.created??>
        <div id="api-token-created" class="${properties.kcFormGroupClass!}">
            <label class="${properties.kcFormLabelClass!}" for="api-token-value">${msg("opsknightApiTokenCreatedTitle", model.created.name)}</label>
            <div style="display: flex; gap: 0.5rem; align-items: stretch;">
                <code id="api-token-value" class="opsknight-secret" style="flex: 1;">${model.created.token}</code>
                <button type="button" id="copy-api-token" class="${properties.kcFormPasswordVisibilityButtonClass!}"
                        aria-label="${msg('opsknightApiTokenCopy')}" title="${msg('opsknightApiTokenCopy')}"
                        data-success="${msg('opsknightApiTokenCopied')}" data-failure="${msg('code-copy-failure')}">
                    <i class="${properties.kcCopyIconClass!}" aria-hidden="true"></i>
                    <span id="copy-api-token-label">${msg("opsknightApiTokenCopy")}</span>
                </button>
            </div>
            <div id="api-token-warning" class="pf-v5-c-alert pf-m-warning pf-m-inline pf-v5-u-mt-sm" role="alert">
                <span class="${properties.kcAlertTitleClass!}">${msg("opsknightApiTokenShownOnce")}</span>
            </div>
        </div>
        <script>
            (function () {
                var button = document.getElementById('copy-api-token');
                var label = document.getElementById('copy-api-token-label');
                var secret = document.getElementById('api-token-value');
                function fallback() {
                    var range = document.createRange();
                    range.selectNodeContents(secret);
                    var selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return document.execCommand('copy');
                }
                button.addEventListener('click', function () {
                    var done = function (ok) { label.textContent = ok ? button.dataset.success : button.dataset.failure; };
                    if (navigator.clipboard && window.isSecureContext) {
                        navigator.clipboard.writeText(secret.textContent).then(function () { done(true); }, function () { done(fallback()); });
                    } else {
                        done(fallback());
                    }
                });
            })();
        </script>
    </#if>

    <form id="api-token-create" class="${properties.kcFormClass!}" action="${model.createUrl}" method="post">
        <input type="hidden" name="${model.csrfField}" value="${model.csrfValue}"/>
        <div class="${properties.kcFormGroupClass!}">
            <label class="${properties.kcFormLabelClass!}" for="apiTokenName">${msg("opsknightApiTokenName")}</label>
            <input id="apiTokenName" name="apiTokenName" class="${properties.kcInputClass!}" type="text" maxlength="100"
                   required="required" autocomplete="off" value="${model.name!""}"/>
        </div>
        <div class="${properties.kcFormGroupClass!}">
            <label class="${properties.kcFormLabelClass!}" for="apiTokenExpiresInDays">${msg("opsknightApiTokenExpiresInDays")}</label>
            <input id="apiTokenExpiresInDays" name="apiTokenExpiresInDays" class="${properties.kcInputClass!}" type="number"
                   min="1" max="366" required="required" value="${model.expiresInDays!"90"}"/>
        </div>
        <button id="api-token-create-submit" type="submit" class="${properties.kcButtonPrimaryClass!}">${msg("opsknightApiTokenCreate")}</button>
    </form>

    <#if model.tokens?has_content>
        <table id="api-token-list" class="pf-v5-c-table pf-m-compact">
            <thead>
            <tr>
                <th scope="col">${msg("opsknightApiTokenName")}</th>
                <th scope="col">${msg("opsknightApiTokenPrefix")}</th>
                <th scope="col">${msg("opsknightApiTokenCreatedAt")}</th>
                <th scope="col">${msg("opsknightApiTokenExpires")}</th>
                <th scope="col">${msg("opsknightApiTokenLastUsed")}</th>
                <th scope="col"></th>
            </tr>
            </thead>
            <tbody>
            <#list model.tokens as t>
                <tr class="api-token" data-id="${t.id}">
                    <td class="api-token-name">${t.name}</td>
                    <td class="api-token-prefix"><code>${t.prefix}&hellip;</code></td>
                    <td class="api-token-created"><@when t.createdAt/></td>
                    <td class="api-token-expires"><@when t.expiresAt/><#if t.expired> (${msg("opsknightApiTokenExpired")})</#if></td>
                    <td class="api-token-last-used"><#if t.lastUsedAt?has_content><@when t.lastUsedAt/><#else>${msg("opsknightApiTokenNeverUsed")}</#if></td>
                    <td>
                        <form class="api-token-revoke" action="${model.revokeUrl}" method="post">
                            <input type="hidden" name="${model.csrfField}" value="${model.csrfValue}"/>
                            <input type="hidden" name="apiTokenId" value="${t.id}"/>
                            <button type="submit" class="${properties.kcButtonSecondaryClass!}">${msg("opsknightApiTokenRevoke")}</button>
                        </form>
                    </td>
                </tr>
            </#list>
            </tbody>
        </table>
    <#else>
        <p id="api-token-none">${msg("opsknightApiTokenNone")}</p>
    </#if>
</section>
</#macro>
<#-- Included by the account page (opsknight-account.ftl) as the "api-tokens" section: the token of a create
     post comes from that post's outcome, so it is shown in this one answer only. -->
<#if data?? && page??>
    <#assign apiTokenModel = data>
    <#if page.posted.section = "api-tokens" && page.posted.action = "create" && page.posted.ok && page.posted.messageParams?size gt 1>
        <#assign apiTokenModel = data + {"created": {"token": page.posted.messageParams[0], "name": page.posted.messageParams[1]}}>
    </#if>
    <#-- .namespace: the page layout's loop variable "section" shadows the macro's plain name. -->
    <@.namespace.section model=apiTokenModel/>
</#if>
