<#-- Account page section "preferences" (profile.PreferencesSection). -->
<#assign mine = page.posted.section = "preferences" && page.posted.values?has_content>
<form id="preferences-form" class="${properties.kcFormClass!}" action="${page.actionBase}/preferences/save" method="post" novalidate="novalidate">
    <input type="hidden" name="csrf" value="${page.csrf}"/>
    <fieldset class="opsknight-fieldset">
        <legend>${msg("opsknightAccountChannels")}</legend>
        <#list ["notify_email", "notify_sms", "notify_push", "notify_whatsapp"] as flag>
            <#assign on = mine?then((page.posted.values[flag]!"") = "true", data[flag])>
            <div class="${properties.kcCheckboxClass!}">
                <input class="${properties.kcCheckboxInputClass!}" type="checkbox" id="${flag}" name="${flag}" value="true"<#if on> checked</#if>/>
                <label class="${properties.kcCheckboxLabelClass!}" for="${flag}">${msg("opsknightNotify_" + flag)}</label>
            </div>
        </#list>
        <#if messagesPerField.existsError("notify_sms")>
            <div id="input-error-notify_sms" class="${properties.kcError!} opsknight-error">${messagesPerField.get("notify_sms")}</div>
        </#if>
        <#if !data.phoneVerified><p class="opsknight-muted" id="phone-channels-help">${msg("opsknightAccountPhoneChannelsHelp")}</p></#if>
    </fieldset>
    <@field.group name="incident_digest" label=msg("opsknightIncidentDigest") error=messagesPerField.get("incident_digest")>
        <#assign digest = mine?then(page.posted.values.incident_digest!"", data.incident_digest)>
        <span class="${properties.kcInputClass} pf-m-select">
            <select id="incident_digest" name="incident_digest">
                <#list data.digests as d><option value="${d}"<#if d = digest> selected</#if>>${msg("opsknightDigest_" + d)}</option></#list>
            </select>
        </span>
    </@field.group>
    <@buttons.actionGroup>
        <@buttons.button id="preferences-save" name="save" label="opsknightAccountSave"/>
    </@buttons.actionGroup>
</form>
