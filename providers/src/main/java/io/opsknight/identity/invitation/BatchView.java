package io.opsknight.identity.invitation;

import static io.opsknight.identity.common.Times.iso;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An invitation batch as the API shows it: {@code {id, status, source, createdBy, createdAt, finishedAt, total,
 * done, counts, rows}}; {@code counts} has every row status (lower case), {@code rows} only in the answer about
 * one batch. A dry run is {@code {dryRun: true, total, counts, rows}} with the check's outcomes. The static
 * factories are the one converter.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BatchView(String id, String status, String source, String createdBy, String createdAt, String finishedAt,
                        int total, int done, Map<String, Integer> counts,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<RowView> rows) {

    /** One row: where it is in the file, what it said, and what happened ({@code outcome}, lower case). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RowView(int row, String email, String name, String role, String outcome, String reason, String message,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String invitationId) {
    }

    /** The dry run's answer. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DryRun(boolean dryRun, int total, Map<String, Integer> counts, List<RowView> rows) {

        static DryRun of(List<InvitationBatchService.Checked> checked) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (InvitationBatchService.Outcome o : InvitationBatchService.Outcome.values()) {
                counts.put(key(o.name()), 0);
            }
            checked.forEach(c -> counts.merge(key(c.outcome().name()), 1, Integer::sum));
            return new DryRun(true, checked.size(), counts, checked.stream().map(c -> new RowView(c.row(), c.email(), c.name(),
                    c.role(), key(c.outcome().name()), c.reason(), c.message(), null)).toList());
        }
    }

    static BatchView of(BatchEntity batch, Map<String, Integer> stored, List<BatchRowEntity> rows) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int done = 0;
        for (InvitationBatchService.RowStatus s : InvitationBatchService.RowStatus.values()) {
            int n = stored == null ? 0 : stored.getOrDefault(s.name(), 0);
            counts.put(key(s.name()), n);
            if (s != InvitationBatchService.RowStatus.PENDING) {
                done += n;
            }
        }
        return new BatchView(batch.getId(), batch.getStatus(), batch.getSource(), batch.getCreatedBy(), iso(batch.getCreatedAt()),
                iso(batch.getFinishedAt()), batch.getTotal(), done, counts,
                rows == null ? null : rows.stream().map(r -> new RowView(r.getRowNo(), r.getEmail(), r.getName(), r.getRole(),
                        key(r.getStatus()), r.getReason(), r.getMessage(), r.getInvitationId())).toList());
    }

    static String key(String status) {
        return status.toLowerCase(java.util.Locale.ROOT);
    }
}
