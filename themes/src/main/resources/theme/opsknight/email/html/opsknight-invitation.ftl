<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- Every argument is escaped before it joins the message's markup: names are typed by people. -->
${kcSanitize(msg("opsknightInvitationBodyHtml", link?html, inviterName?html, invitationRealmName?html, expiresAt?html, inviteeName?html, role?html))?no_esc}
</@layout.emailLayout>
