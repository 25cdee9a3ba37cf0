<#-- The wide layout of our table pages (People): refresh=N reloads the page every N seconds (a running batch); keycloak.v2's stylesheets, a header bar, the outcome
     message of the last post, then the page's body. Usage: <@wide.layout title=...>...</@wide.layout> (not named "page": inside the macro that name would shadow the model) -->
<#macro layout title refresh=0>
<!DOCTYPE html>
<html lang="${(locale.currentLanguageTag)!'en'}">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex, nofollow">
    <#if refresh gt 0><meta http-equiv="refresh" content="${refresh}"></#if>
    <title>${title} · ${(realm.displayName)!realm.name}</title>
    <link rel="icon" href="${url.resourcesPath}/img/favicon.ico" />
    <#if properties.stylesCommon?has_content>
        <#list properties.stylesCommon?split(' ') as style><link href="${url.resourcesCommonPath}/${style}" rel="stylesheet" /></#list>
    </#if>
    <#if properties.styles?has_content>
        <#list properties.styles?split(' ') as style><link href="${url.resourcesPath}/${style}" rel="stylesheet" /></#list>
    </#if>
</head>
<body class="opsknight-wide">
<header class="opsknight-wide-header">
    <span class="opsknight-wide-brand">${(realm.displayName)!realm.name}</span>
    <nav class="opsknight-wide-nav">
        <#if page.user??>
            <#if page.user.avatar?has_content><img class="opsknight-avatar" src="${page.user.avatar}&amp;s=48" alt="" width="24" height="24" referrerpolicy="no-referrer"/></#if>
            <span id="people-user">${page.user.name}</span>
        </#if>
        <a id="people-link-list" href="${page.peopleUrl!''}">${msg("opsknightPeopleTitle")}</a>
        <a id="people-link-account" href="${page.accountUrl}">${msg("opsknightAccountTitle")}</a>
        <#if page.signOutUrl??><a href="${page.signOutUrl}">${msg("opsknightAccountSignOut")}</a></#if>
        <#if locale?? && realm.internationalizationEnabled && locale.supported?size gt 1>
            <span class="opsknight-wide-locales"><#list locale.supported as l><a href="${l.url}">${l.label}</a><#sep> · </#list></span>
        </#if>
    </nav>
</header>
<main class="opsknight-wide-main">
    <#if message?has_content>
        <div id="page-message" class="pf-v5-c-alert pf-m-inline pf-m-${(message.type = 'error')?then('danger', message.type)} opsknight-wide-alert">
            <p class="pf-v5-c-alert__title">${kcSanitize(message.summary)?no_esc}</p>
        </div>
    </#if>
    <#nested>
</main>
</body>
</html>
</#macro>
