<#-- People list section "list" (pages.people.ListSection): counters, search and filters (a GET form: works without
     JavaScript, the state stays in the URL), sortable headers, 20 a page. -->
<nav id="people-counters" class="opsknight-counters">
    <#list data.counters as c>
        <a id="counter-${c.id}" href="${c.url}" class="opsknight-counter<#if c.current> opsknight-counter-current</#if>">
            <span class="opsknight-counter-count">${c.count}</span>
            <span>${msg("opsknightPeopleCounter_" + c.id)}</span>
        </a>
    </#list>
</nav>
<form id="people-filter" class="opsknight-filter" method="get" action="${page.pageUrl}">
    <input id="people-search" class="pf-v5-c-form-control" type="search" name="search" value="${data.search}" placeholder="${msg('opsknightPeopleSearch')}"/>
    <select id="people-status" class="pf-v5-c-form-control" name="status">
        <option value="">${msg("opsknightPeopleAllStatuses")}</option>
        <#list data.statuses as s><option value="${s}"<#if s = data.status> selected</#if>>${msg("opsknightPeopleStatus_" + s)}</option></#list>
    </select>
    <select id="people-role" class="pf-v5-c-form-control" name="role">
        <option value="">${msg("opsknightPeopleAllRoles")}</option>
        <#list data.roles as r><option value="${r}"<#if r = data.role> selected</#if>>${r}</option></#list>
    </select>
    <#if data.sort != "joined"><input type="hidden" name="sort" value="${data.sort}"/></#if>
    <button id="people-apply" type="submit" class="pf-v5-c-button pf-m-secondary">${msg("opsknightPeopleApply")}</button>
    <a id="people-export" class="pf-v5-c-button pf-m-link" href="${data.exportUrl}" download>${msg("opsknightPeopleExport")}</a>
</form>
<table id="people-table" class="pf-v5-c-table pf-m-compact opsknight-people-table">
    <thead>
    <tr>
        <th><span class="pf-v5-screen-reader">${msg("opsknightPeopleBulkSelect")}</span></th>
        <th></th>
        <th><a id="sort-name" href="${data.sortUrls['name']}">${msg("opsknightName")}</a><#if data.sort = "name"> &darr;</#if></th>
        <th><a id="sort-email" href="${data.sortUrls['email']}">${msg("email")}</a><#if data.sort = "email"> &darr;</#if></th>
        <th>${msg("opsknightPeopleRole")}</th>
        <th><a id="sort-status" href="${data.sortUrls['status']}">${msg("opsknightPeopleStatus")}</a><#if data.sort = "status"> &darr;</#if></th>
        <th><a id="sort-joined" href="${data.sortUrls['joined']}">${msg("opsknightPeopleJoined")}</a><#if data.sort = "joined"> &darr;</#if></th>
        <th><a id="sort-last-sign-in" href="${data.sortUrls['last-sign-in']}">${msg("opsknightPeopleLastSignIn")}</a><#if data.sort = "last-sign-in"> &darr;</#if></th>
        <th></th>
    </tr>
    </thead>
    <tbody>
    <#list data.rows as r>
        <tr class="opsknight-person-row" data-user-id="${r.id}" data-email="${r.email}">
            <#-- People managed in the Keycloak console get no checkbox, as they get no single action. -->
            <td><#if r.managed><input type="checkbox" class="person-select" name="ids" value="${r.id}" form="people-bulk" aria-label="${msg('opsknightPeopleBulkSelectOne', r.name?has_content?then(r.name, r.email))}"/></#if></td>
            <td><#if r.avatar?has_content><img class="opsknight-avatar" src="${r.avatar}&amp;s=64" alt="" width="32" height="32" referrerpolicy="no-referrer" loading="lazy"/></#if></td>
            <td><a class="person-link" href="${r.url}">${r.name?has_content?then(r.name, r.email)}</a></td>
            <td>${r.email}</td>
            <td class="person-role">${r.role}</td>
            <td><span class="person-status opsknight-status opsknight-status-${r.status?lower_case}">${msg("opsknightPeopleStatus_" + r.status)}</span>
                <#if r.invitationExpires?has_content><span class="opsknight-muted person-expires">${msg("opsknightPeopleExpires", r.invitationExpires)}</span></#if>
                <#if !r.managed><span class="opsknight-badge person-managed-elsewhere">${msg("opsknightPeopleManagedElsewhere")}</span></#if></td>
            <td>${r.joined}</td>
            <td class="person-last-sign-in">${r.lastSignIn?has_content?then(r.lastSignIn, msg("opsknightPeopleNever"))}</td>
            <td>
                <#if r.status = "INVITED" && r.managed>
                    <form method="post" action="${page.actionBase}/invite/link" class="opsknight-inline-form">
                        <input type="hidden" name="csrf" value="${page.csrf}"/>
                        <input type="hidden" name="user" value="${r.id}"/>
                        <button type="submit" class="pf-v5-c-button pf-m-link pf-m-small person-copy-link">${msg("opsknightPeopleCopyLink")}</button>
                    </form>
                </#if>
            </td>
        </tr>
    <#else>
        <tr><td colspan="9" id="people-empty">${msg("opsknightPeopleNone")}</td></tr>
    </#list>
    </tbody>
</table>
<p class="opsknight-pager">
    <span id="people-range">${msg("opsknightPeopleRange", data.from, data.to, data.total)}</span>
    <#if data.prevUrl?has_content><a id="people-prev" href="${data.prevUrl}">${msg("opsknightPeoplePrev")}</a></#if>
    <#if data.nextUrl?has_content><a id="people-next" href="${data.nextUrl}">${msg("opsknightPeopleNext")}</a></#if>
</p>
