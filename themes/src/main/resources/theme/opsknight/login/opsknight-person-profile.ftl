<#-- Person page section "profile" (pages.people.PersonProfileSection). -->
<#assign mine = page.posted.section = "profile" && page.posted.values?has_content>
<form id="person-profile-form" class="opsknight-grid-form" action="${page.actionBase}/profile/save" method="post" novalidate="novalidate">
    <input type="hidden" name="csrf" value="${page.csrf}"/>
    <#list [["name", "opsknightName", data.name], ["email", "email", data.email], ["phone_number", "opsknightPhoneNumber", data.phoneNumber]] as f>
        <label>${msg(f[1])}
            <input id="person-${f[0]}" class="pf-v5-c-form-control" name="${f[0]}" type="text" value="${mine?then(page.posted.values[f[0]]!"", f[2])}"/>
            <#if messagesPerField.existsError(f[0])><span class="opsknight-error">${kcSanitize(messagesPerField.get(f[0]))?no_esc}</span></#if>
        </label>
    </#list>
    <label>${msg("opsknightZoneinfo")}
        <#assign zone = mine?then(page.posted.values.zoneinfo!"", data.zoneinfo)>
        <select id="person-zoneinfo" class="pf-v5-c-form-control" name="zoneinfo">
            <#list data.zones as z><option value="${z}"<#if z = zone> selected</#if>>${z}</option></#list>
        </select>
    </label>
    <button id="person-profile-save" type="submit" class="pf-v5-c-button pf-m-primary">${msg("opsknightAccountSave")}</button>
</form>
