<#--
  OpsKnight account page: /realms/{realm}/opsknight/account. Model in "account" (see AccountPageResource).
  Sections: one template opsknight-account-<id>.ftl per AccountSection (Java: account.AccountSections.ALL).
  A section template sees "data" (its section's model) and "account" (csrf, actionBase, user, posted).
  Its forms post to ${page.actionBase}/<id>/<action> with <input type="hidden" name="csrf" value="${page.csrf}"/>.
-->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout bodyClass="opsknight-account" displayMessage=true; section>
<!-- template: opsknight-account.ftl -->
    <#if section = "header">
        ${msg("opsknightAccountTitle")}
    <#elseif section = "form">
        <#if page.state = "page">
            <div id="opsknight-account" class="opsknight-account-page">
                <p class="opsknight-account-who">
                    <span id="account-user-name">${page.user.name}</span>
                    <span id="account-user-email" class="opsknight-muted">${page.user.email}</span>
                    <#if page.showPeople!false><a id="account-people" href="${page.peopleUrl}">${msg("opsknightPeopleTitle")}</a></#if>
                    <a id="account-sign-out" class="opsknight-account-signout" href="${page.signOutUrl}">${msg("opsknightAccountSignOut")}</a>
                </p>
                <nav class="opsknight-account-nav">
                    <#list page.sections as s>
                        <a href="#section-${s.id}">${msg("opsknightAccountSection_" + s.id)}</a>
                    </#list>
                </nav>
                <#list page.sections as s>
                    <section id="section-${s.id}" class="opsknight-account-section">
                        <h2 class="opsknight-account-heading">${msg("opsknightAccountSection_" + s.id)}</h2>
                        <#assign data = s.model>
                        <#include s.template>
                    </section>
                </#list>
            </div>
        <#else>
            <div class="opsknight-status-page">
                <p id="account-message">${msg(page.messageKey, (page.messageParams![])[0]!"")}</p>
                <a id="account-retry" href="${page.pageUrl}">${msg("opsknightAccountRetry")}</a>
            </div>
        </#if>
    </#if>
</@layout.registrationLayout>
