<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- html.*: every argument escaped (InvitationService) before it joins the message's markup. Not kcSanitize:
     it decodes entities first, which turns an escaped name back into a live link. -->
${(msg("opsknightInvitationBodyHtml", html.link, html.inviterName, html.invitationRealmName, html.expiresAt, html.inviteeName, html.role))?no_esc}
</@layout.emailLayout>
