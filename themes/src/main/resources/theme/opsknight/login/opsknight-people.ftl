<#--
  The People list: /realms/{realm}/opsknight/people (pages.people.PeopleListPage). Model in "page" (see pages.Page).
  Sections: opsknight-people-invite.ftl and opsknight-people-list.ftl, each with "data".
-->
<#import "opsknight-wide.ftl" as wide>
<@wide.layout title=msg("opsknightPeopleTitle")>
<!-- template: opsknight-people.ftl -->
<#if page.state = "page">
    <div id="opsknight-people">
        <h1 class="opsknight-wide-title">${msg("opsknightPeopleTitle")}</h1>
        <#list page.sections as s>
            <section id="section-${s.id}" class="opsknight-wide-section">
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
