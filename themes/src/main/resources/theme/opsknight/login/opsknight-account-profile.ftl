<#-- Account page section "profile" (profile.ProfileSection). -->
<#assign mine = page.posted.section = "profile" && page.posted.values?has_content>
<form id="profile-form" class="${properties.kcFormClass!}" action="${page.actionBase}/profile/save" method="post" novalidate="novalidate">
    <input type="hidden" name="csrf" value="${page.csrf}"/>
    <div class="opsknight-avatar-row">
        <#if data.avatar?has_content><img id="profile-avatar" class="opsknight-avatar" src="${data.avatar}&amp;s=96" alt="${msg('opsknightAccountAvatar')}" width="48" height="48" referrerpolicy="no-referrer"/></#if>
        <span class="opsknight-muted">${msg("opsknightAccountAvatarHelp")}</span>
    </div>
    <@field.input name="name" label=msg("opsknightName") value=(mine?then(page.posted.values.name!"", data.name)) autocomplete="name" required=true/>
    <@field.group name="phone_number" label=msg("opsknightPhoneNumber") error=messagesPerField.get("phone_number")>
        <span class="${properties.kcInputClass}<#if messagesPerField.existsError('phone_number')> ${properties.kcError}</#if>">
            <input id="phone_number" name="phone_number" type="tel" autocomplete="tel" placeholder="+14155550100"
                   value="${mine?then(page.posted.values.phone_number!"", data.phoneNumber)}"/>
        </span>
        <div class="opsknight-muted" id="phone-status">
            <#if !data.phoneNumber?has_content>${msg("opsknightPhoneNumberHelp")}
            <#elseif data.phoneVerified><span id="phone-verified">${msg("opsknightAccountPhoneVerified")}</span>
            <#else><span id="phone-unverified">${msg("opsknightAccountPhoneUnverified")}</span></#if>
        </div>
    </@field.group>
    <@field.group name="zoneinfo" label=msg("opsknightZoneinfo") error=messagesPerField.get("zoneinfo")>
        <#assign zone = mine?then(page.posted.values.zoneinfo!"", data.zoneinfo)>
        <span class="${properties.kcInputClass} pf-m-select">
            <select id="zoneinfo" name="zoneinfo">
                <#list data.zones as z><option value="${z}"<#if z = zone> selected</#if>>${z}</option></#list>
            </select>
        </span>
    </@field.group>
    <@buttons.actionGroup>
        <@buttons.button id="profile-save" name="save" label="opsknightAccountSave"/>
    </@buttons.actionGroup>
</form>
<#if data.phoneNumber?has_content && !data.phoneVerified && data.smsAvailable!false>
    <div id="phone-verification" class="opsknight-subform">
        <form id="phone-send-form" action="${page.actionBase}/profile/send-code" method="post">
            <input type="hidden" name="csrf" value="${page.csrf}"/>
            <button id="phone-send" type="submit" class="${properties.kcButtonSecondaryClass!}">${msg("opsknightAccountSendCode")}</button>
        </form>
        <form id="phone-confirm-form" class="${properties.kcFormClass!}" action="${page.actionBase}/profile/confirm-code" method="post" novalidate="novalidate">
            <input type="hidden" name="csrf" value="${page.csrf}"/>
            <@field.input name="code" label=msg("opsknightAccountCode") autocomplete="one-time-code"/>
            <@buttons.actionGroup>
                <@buttons.button id="phone-confirm" name="confirm" label="opsknightAccountConfirmCode"/>
            </@buttons.actionGroup>
        </form>
    </div>
</#if>
