<#ftl output_format="plainText">
${msg("opsknightEmailChangedBody", personName, actorName, accountRealmName, oldEmail, newEmail)}
