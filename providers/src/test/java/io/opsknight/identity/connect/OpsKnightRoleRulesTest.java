package io.opsknight.identity.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpsKnightRoleRulesTest {

    private static JsonNode claims(String json) throws Exception {
        return Http.JSON.readTree(json);
    }

    @Test
    void firstMatchWinsScalarEqualsArrayContainsNoMatchKeepsRole() throws Exception {
        OpsKnightRoleRules rules = OpsKnightRoleRules.parse("""
                [{"claim":"groups","value":"admins","role":"ADMIN"},
                 {"claim":"dept","value":"eng","role":"RESPONDER"},
                 {"claim":"groups","value":"eng","role":"USER"}]""");
        assertThat(rules.evaluate(claims("{\"groups\":[\"eng\",\"admins\"]}"), "USER")).isEqualTo("ADMIN");
        assertThat(rules.evaluate(claims("{\"groups\":[\"eng\"],\"dept\":\"eng\"}"), "USER")).isEqualTo("RESPONDER");
        assertThat(rules.evaluate(claims("{\"groups\":\"eng\"}"), "ADMIN")).isEqualTo("USER");
        assertThat(rules.evaluate(claims("{\"dept\":\"ENG\"}"), "RESPONDER")).isEqualTo("RESPONDER");
        assertThat(rules.evaluateNew(claims("{}"))).isEqualTo("USER");
    }

    @Test
    void refusesWhatOpsKnightRefuses() {
        assertThatThrownBy(() -> OpsKnightRoleRules.parse("{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpsKnightRoleRules.parse("[{\"claim\":\"a\",\"value\":\"b\",\"role\":\"OWNER\"}]"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpsKnightRoleRules.parse("[{\"claim\":\"a\",\"value\":\"\",\"role\":\"USER\"}]"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readmeRulesMapEachOpsKnightRoleAndDemoteToUser() throws Exception {
        OpsKnightRoleRules rules = OpsKnightRoleRules.fromDoc(Path.of("..", "docs", "connect-opsknight.md"));
        assertThat(rules.rules()).extracting(OpsKnightRoleRules.Rule::claim).containsOnly("opsknight_role");
        for (String role : new String[] {"ADMIN", "RESPONDER", "USER"}) {
            assertThat(rules.evaluate(claims("{\"opsknight_role\":\"" + role + "\"}"), "ADMIN")).isEqualTo(role);
        }
    }
}
