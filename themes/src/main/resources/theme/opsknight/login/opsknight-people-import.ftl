<#--
  "Invite many": /realms/{realm}/opsknight/people/import (pages.people.ImportPage). Model in "page" (see pages.Page).
  Section: opsknight-people-import-import.ftl with "data".
-->
<#import "opsknight-wide.ftl" as wide>
<@wide.layout title=msg("opsknightImportTitle")>
<!-- template: opsknight-people-import.ftl -->
<#if page.state = "page">
    <div id="opsknight-people-import">
        <p><a id="import-back" href="${page.listUrl}">${msg("opsknightPeopleBack")}</a></p>
        <h1 class="opsknight-wide-title">${msg("opsknightImportTitle")}</h1>
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
