<#-- Account page section "sessions" of the account page (sessions/SessionsSection): the person's sessions, the current one
     marked, Revoke per row, Revoke all others. Every value is escaped by the page's auto-escaping. -->
<p class="opsknight-section-intro">${msg("opsknightSessionsIntro")}</p>
<table id="opsknight-sessions" class="opsknight-sessions">
    <thead>
    <tr>
        <th>${msg("opsknightSessionsDevice")}</th>
        <th>${msg("opsknightSessionsIp")}</th>
        <th>${msg("opsknightSessionsStarted", data.zone)}</th>
        <th>${msg("opsknightSessionsLastAccess")}</th>
        <th>${msg("opsknightSessionsApps")}</th>
        <th></th>
    </tr>
    </thead>
    <tbody>
    <#list data.sessions as s>
        <tr class="opsknight-session<#if s.current> opsknight-session-current</#if>" data-session-id="${s.id}" data-offline="${s.offline?c}">
            <td>
                <#if s.unknownDevice>${msg("opsknightSessionsUnknownDevice")}<#else>${s.browser} · ${s.os}</#if>
                <#if s.offline><span class="opsknight-badge">${msg("opsknightSessionsOffline")}</span></#if>
            </td>
            <td>${s.ipAddress}</td>
            <td>${s.started}</td>
            <td>${s.lastAccess}</td>
            <td><#list s.clients as c>${advancedMsg(c)}<#sep>, </#list></td>
            <td>
                <#if s.current>
                    <strong class="opsknight-session-current-label">${msg("opsknightSessionsCurrent")}</strong>
                <#else>
                    <form method="post" action="${page.actionBase}/sessions/revoke" class="opsknight-inline-form">
                        <input type="hidden" name="csrf" value="${page.csrf}"/>
                        <input type="hidden" name="session" value="${s.id}"/>
                        <button type="submit" class="pf-v5-c-button pf-m-secondary pf-m-small opsknight-session-revoke">${msg("opsknightSessionsRevoke")}</button>
                    </form>
                </#if>
            </td>
        </tr>
    </#list>
    </tbody>
</table>
<#if data.hasOthers>
    <form method="post" action="${page.actionBase}/sessions/revoke-others" id="opsknight-sessions-revoke-others-form">
        <input type="hidden" name="csrf" value="${page.csrf}"/>
        <button type="submit" id="opsknight-sessions-revoke-others" class="pf-v5-c-button pf-m-danger">${msg("opsknightSessionsRevokeOthers")}</button>
    </form>
<#else>
    <p id="opsknight-sessions-no-others">${msg("opsknightSessionsNoOthers")}</p>
</#if>
