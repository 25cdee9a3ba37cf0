package io.opsknight.identity.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpsKnight's role mapping as its sign-in callback evaluates it (src/lib/auth.ts of opsknight-labs/OpsKnight):
 * ordered rules {claim, value, role} on the top-level claims of the profile (the ID token's claims), an array
 * claim matches when it contains the value, any other claim when it equals it (a JavaScript {@code ===}, so a
 * string only equals a string), first match wins; no match keeps the existing role, and a person OpsKnight
 * creates starts as USER.
 */
final class OpsKnightRoleRules {

    private static final Pattern DOC_BLOCK = Pattern.compile(
            "<!-- opsknight-role-mapping[^>]*-->\\s*```json\\s*(.*?)```", Pattern.DOTALL);

    record Rule(String claim, String value, String role) {
    }

    private final List<Rule> rules;

    private OpsKnightRoleRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules exactly as docs/connect-opsknight.md tells operators to paste them. */
    static OpsKnightRoleRules fromDoc(Path doc) {
        try {
            Matcher m = DOC_BLOCK.matcher(Files.readString(doc));
            if (!m.find()) {
                throw new AssertionError(doc + " has no role-mapping JSON block after the opsknight-role-mapping marker");
            }
            return parse(m.group(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses like OpsKnight's settings action: an array of objects with non-empty claim/value and a known role. */
    static OpsKnightRoleRules parse(String json) {
        try {
            JsonNode array = Http.JSON.readTree(json);
            if (!array.isArray()) {
                throw new IllegalArgumentException("Role mapping must be an array.");
            }
            List<Rule> rules = new ArrayList<>();
            for (JsonNode entry : array) {
                String claim = entry.path("claim").isTextual() ? entry.get("claim").asText().trim() : "";
                String value = entry.path("value").isTextual() ? entry.get("value").asText().trim() : "";
                String role = entry.path("role").isTextual() ? entry.get("role").asText() : "";
                if (claim.isEmpty() || value.isEmpty() || !List.of("ADMIN", "RESPONDER", "USER").contains(role)) {
                    throw new IllegalArgumentException("Role mapping entries must include claim, value, and a valid role.");
                }
                rules.add(new Rule(claim, value, role));
            }
            return new OpsKnightRoleRules(List.copyOf(rules));
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid Role Mapping configuration.", e);
        }
    }

    List<Rule> rules() {
        return rules;
    }

    /** The role OpsKnight stores after a sign-in with these claims, for a person whose role was {@code current}. */
    String evaluate(JsonNode claims, String current) {
        for (Rule rule : rules) {
            JsonNode claim = claims.get(rule.claim());
            boolean match;
            if (claim != null && claim.isArray()) {
                match = false;
                for (JsonNode item : claim) {
                    match |= item.isTextual() && item.asText().equals(rule.value());
                }
            } else {
                match = claim != null && claim.isTextual() && claim.asText().equals(rule.value());
            }
            if (match) {
                return rule.role();
            }
        }
        return current;
    }

    /** For a person OpsKnight creates at this sign-in (auto-provision): USER unless a rule matches. */
    String evaluateNew(JsonNode claims) {
        return evaluate(claims, "USER");
    }
}
