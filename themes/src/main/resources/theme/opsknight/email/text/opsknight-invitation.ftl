<#ftl output_format="plainText">
${msg("opsknightInvitationBody", link, inviterName, invitationRealmName, expiresAt, inviteeName, role)}
