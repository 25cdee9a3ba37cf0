<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("opsknightInvitationBodyHtml", link, inviterName, invitationRealmName, expiresAt, inviteeName, role))?no_esc}
</@layout.emailLayout>
