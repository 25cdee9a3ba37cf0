package io.opsknight.identity.apitoken;

import static io.opsknight.identity.common.Times.iso;
import com.fasterxml.jackson.annotation.JsonInclude;


/**
 * A token as the lists show it: never the token, only its display prefix. Times are ISO-8601 UTC;
 * {@code lastUsedAt} is null until the first exchange and exact to a minute.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiTokenView(String id, String name, String prefix, String createdAt, String expiresAt,
                           String lastUsedAt, boolean expired) {

    /** The one converter from a row. */
    public static ApiTokenView of(ApiTokenEntity row, long now) {
        return new ApiTokenView(row.getId(), row.getName(), row.getDisplayPrefix(), iso(row.getCreatedAt()),
                iso(row.getExpiresAt()), iso(row.getLastUsedAt()),
                row.getExpiresAt() <= now);
    }

    /** The answer of POST: the only place the token text ever appears. */
    public record Created(String id, String name, String token, String prefix, String createdAt, String expiresAt) {
        public static Created of(ApiTokenService.Created created) {
            ApiTokenEntity row = created.row();
            return new Created(row.getId(), row.getName(), created.token(), row.getDisplayPrefix(),
                    iso(row.getCreatedAt()), iso(row.getExpiresAt()));
        }
    }

}
