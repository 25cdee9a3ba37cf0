<#--
  One invitation batch: /realms/{realm}/opsknight/people/import/{batchId} (pages.people.BatchPage). Model in "page"
  (see pages.Page) plus page.batch. Refreshes itself every 2 s while the batch runs (no JavaScript needed).
-->
<#import "opsknight-wide.ftl" as wide>
<@wide.layout title=msg("opsknightBatchTitle") refresh=(page.batch?? && page.batch.running)?then(2, 0)>
<!-- template: opsknight-people-batch.ftl -->
<#if page.state = "page">
    <#assign b = page.batch>
    <div id="opsknight-people-batch" data-status="${b.running?then('RUNNING', 'DONE')}">
        <p><a id="batch-back" href="${page.listUrl}">${msg("opsknightPeopleBack")}</a> · <a id="batch-import" href="${page.importUrl}">${msg("opsknightImportTitle")}</a></p>
        <h1 class="opsknight-wide-title">${msg("opsknightBatchTitle")}</h1>
        <p id="batch-status">${msg(b.running?then("opsknightBatchRunning", "opsknightBatchDone"), b.done, b.total, b.createdAt, b.finishedAt)}</p>
        <progress id="batch-progress" max="${b.total}" value="${b.done}">${b.percent}%</progress>
        <p id="batch-counts">${msg("opsknightBatchCounts", b.counts.invited, b.counts.already_member, b.counts.already_invited, b.counts.invalid, b.counts.failed, b.counts.pending)}</p>
        <table id="batch-rows" class="pf-v5-c-table pf-m-compact opsknight-table">
            <thead><tr><th>${msg("opsknightImportRow")}</th><th>${msg("email")}</th><th>${msg("opsknightName")}</th><th>${msg("opsknightPeopleRole")}</th><th>${msg("opsknightImportOutcome")}</th></tr></thead>
            <tbody>
            <#list b.rows as r>
                <tr class="batch-row" data-outcome="${r.outcome}">
                    <td>${r.row}</td><td>${r.email}</td><td>${r.name}</td><td>${r.role}</td>
                    <td><span class="opsknight-outcome-${r.outcome}">${msg("opsknightBatchOutcome_" + r.outcome)}</span><#if r.message?has_content> <small>${r.message}</small></#if></td>
                </tr>
            </#list>
            </tbody>
        </table>
    </div>
<#else>
    <div class="opsknight-status-page">
        <p id="account-message">${msg(page.messageKey, (page.messageParams![])[0]!"")}</p>
        <a id="account-retry" href="${page.accountUrl}">${msg("opsknightAccountTitle")}</a>
    </div>
</#if>
</@wide.layout>
