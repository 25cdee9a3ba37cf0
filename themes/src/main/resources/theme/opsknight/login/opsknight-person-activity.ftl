<#-- Person page section "activity" (pages.people.ActivitySection): the audit trail about this person, newest first. -->
<#if data.events?has_content>
    <ul id="person-activity" class="opsknight-activity">
        <#list data.events as e><li><code>${e.type}</code> · ${e.time}<#if e.actor?has_content> · ${e.actor}</#if></li></#list>
    </ul>
<#else>
    <p id="person-activity-none">${msg("opsknightPeopleNoActivity")}</p>
</#if>
