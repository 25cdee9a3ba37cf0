<#-- Person page section "sessions" (pages.people.PersonSessionsSection). -->
<#if data.sessions?has_content>
    <table id="person-sessions" class="pf-v5-c-table pf-m-compact">
        <thead><tr><th>${msg("opsknightSessionsDevice")}</th><th>${msg("opsknightSessionsIp")}</th><th>${msg("opsknightPeopleStarted")}</th><th>${msg("opsknightSessionsLastAccess")}</th></tr></thead>
        <tbody>
        <#list data.sessions as s>
            <tr><td>${s.device}<#if s.offline> <span class="opsknight-badge">${msg("opsknightSessionsOffline")}</span></#if></td><td>${s.ipAddress}</td><td>${s.started}</td><td>${s.lastAccess}</td></tr>
        </#list>
        </tbody>
    </table>
    <form method="post" action="${page.actionBase}/sessions/end-all">
        <input type="hidden" name="csrf" value="${page.csrf}"/>
        <button id="person-sessions-end-all" type="submit" class="pf-v5-c-button pf-m-danger">${msg("opsknightPeopleEndAll")}</button>
    </form>
<#else>
    <p id="person-sessions-none">${msg("opsknightPeopleNoSessions")}</p>
</#if>
