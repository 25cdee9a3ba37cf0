<#-- Person page section "api-tokens" (pages.people.PersonTokensSection), for an ADMIN. -->
<#if data.tokens?has_content>
    <table id="person-api-tokens" class="pf-v5-c-table pf-m-compact">
        <thead><tr><th>${msg("opsknightName")}</th><th>${msg("opsknightPeopleTokenPrefix")}</th><th>${msg("opsknightPeopleTokenExpires")}</th><th>${msg("opsknightPeopleTokenLastUsed")}</th><th></th></tr></thead>
        <tbody>
        <#list data.tokens as t>
            <tr><td>${t.name}</td><td><code>${t.prefix}&hellip;</code></td><td>${t.expiresAt}<#if t.expired> (${msg("opsknightApiTokenExpired")})</#if></td>
                <td>${t.lastUsedAt?has_content?then(t.lastUsedAt, msg("opsknightApiTokenNeverUsed"))}</td>
                <td><form method="post" action="${page.actionBase}/api-tokens/revoke" class="opsknight-inline-form">
                    <input type="hidden" name="csrf" value="${page.csrf}"/>
                    <input type="hidden" name="token" value="${t.id}"/>
                    <button type="submit" class="pf-v5-c-button pf-m-link pf-m-small person-token-revoke">${msg("opsknightPeopleRevoke")}</button>
                </form></td></tr>
        </#list>
        </tbody>
    </table>
<#else>
    <p id="person-api-tokens-none">${msg("opsknightPeopleNoTokens")}</p>
</#if>
