<#--
  One person: /realms/{realm}/opsknight/people/{userId} (pages.people.PersonPage). Model in "page" (see pages.Page),
  the person in page.person. Sections: opsknight-person-<id>.ftl, each with "data".
-->
<#import "opsknight-wide.ftl" as wide>
<@wide.layout title=msg("opsknightPeopleTitle")>
<!-- template: opsknight-person.ftl -->
<#if page.state = "page">
    <#assign p = page.person>
    <div id="opsknight-person" data-user-id="${p.id}">
        <p><a id="person-back" href="${page.listUrl}">&larr; ${msg("opsknightPeopleBack")}</a></p>
        <div class="opsknight-person-head">
            <#if p.avatar?has_content><img class="opsknight-avatar" src="${p.avatar}&amp;s=128" alt="" width="64" height="64" referrerpolicy="no-referrer"/></#if>
            <div>
                <h1 class="opsknight-wide-title" id="person-name">${p.name?has_content?then(p.name, p.email)}</h1>
                <p class="opsknight-muted"><span id="person-email">${p.email}</span> ·
                    <span id="person-role">${p.role}</span> ·
                    <span id="person-status" class="opsknight-status opsknight-status-${p.status?lower_case}">${msg("opsknightPeopleStatus_" + p.status)}</span> ·
                    ${msg("opsknightPeopleJoined")}: ${p.joined} ·
                    ${msg("opsknightPeopleLastSignIn")}: ${p.lastSignIn?has_content?then(p.lastSignIn, msg("opsknightPeopleNever"))}</p>
                <#if !p.managed><p id="person-managed-elsewhere" class="opsknight-badge">${msg("opsknightPeopleManagedElsewhere")}</p></#if>
            </div>
        </div>
        <#list page.sections as s>
            <section id="section-${s.id}" class="opsknight-wide-section">
                <h2 class="opsknight-account-heading">${msg("opsknightPersonSection_" + s.id)}</h2>
                <#assign data = s.model>
                <#include s.template>
            </section>
        </#list>
    </div>
<#else>
    <div class="opsknight-status-page">
        <p id="account-message">${msg(page.messageKey, (page.messageParams![])[0]!"")}</p>
        <a id="account-retry" href="${page.accountUrl}">${msg("opsknightAccountTitle")}</a>
    </div>
</#if>
</@wide.layout>
