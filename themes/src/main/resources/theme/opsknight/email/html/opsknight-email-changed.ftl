<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- html.*: every argument escaped (users/EmailChangeNotice) before it joins the message's markup. -->
${(msg("opsknightEmailChangedBodyHtml", html.personName, html.actorName, html.accountRealmName, html.oldEmail, html.newEmail))?no_esc}
</@layout.emailLayout>
