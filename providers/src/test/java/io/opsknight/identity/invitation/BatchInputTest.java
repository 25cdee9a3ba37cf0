package io.opsknight.identity.invitation;

import io.opsknight.identity.common.OpsKnightException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batch's parsing rules: what a spreadsheet's export looks like, and each refusal naming its row or limit. */
class BatchInputTest {

    private static List<BatchInput.Row> csv(String text) {
        return BatchInput.csv(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void headerIsOptionalAndMayReorderTheColumns() {
        assertThat(csv("a@example.test,Ann,USER\n")).containsExactly(new BatchInput.Row(1, "a@example.test", "Ann", "USER"));
        assertThat(csv("Role;Email;Name\r\nADMIN;b@example.test;Bo\r\n"))
                .containsExactly(new BatchInput.Row(2, "b@example.test", "Bo", "ADMIN"));
    }

    @Test
    void theListsExportReadsBackItsExtraColumnsIgnored() {
        String export = "\uFEFFemail,name,role,id,status,created,joined,last_sign_in\n"
                + "g@example.test,Gil,RESPONDER,0b1c,ACTIVE,2026-12-06T10:00:00Z,2026-12-06,\n";
        assertThat(csv(export)).containsExactly(new BatchInput.Row(2, "g@example.test", "Gil", "RESPONDER"));
        assertThatThrownBy(() -> csv("email,name,role,id\ng@example.test,Gil,USER\n")).hasMessageContaining("Row 2 has 3 columns")
                .extracting("code").isEqualTo("invalid_columns");
        assertThatThrownBy(() -> csv("email,name,email,role\n")).hasMessageContaining("once each").extracting("code").isEqualTo("invalid_columns");
    }

    @Test
    void bomQuotesSemicolonsBlankLinesAndATrailingEmptyColumn() {
        String text = "\uFEFFemail;name;role\n\n\"c@example.test\";\"Müller; \"\"Cem\"\"\";RESPONDER;\n d@example.test ; Dee ;\n";
        assertThat(csv(text)).containsExactly(
                new BatchInput.Row(3, "c@example.test", "Müller; \"Cem\"", "RESPONDER"),
                new BatchInput.Row(4, "d@example.test", "Dee", null));
    }

    @Test
    void aQuotedLineBreakKeepsTheRowNumberOfTheRowsStart() {
        assertThat(csv("e@example.test,\"Eve\nSecond\",USER\nf@example.test,F,USER"))
                .extracting(BatchInput.Row::row).containsExactly(1, 3);
    }

    @Test
    void refusalsNameTheRowOrTheLimit() {
        assertThatThrownBy(() -> csv("email,name,role\na@example.test,Ann\n")).isInstanceOf(OpsKnightException.class)
                .hasMessageContaining("Row 2 has 2 columns").extracting("code").isEqualTo("invalid_columns");
        assertThatThrownBy(() -> csv("email,name,team\n")).hasMessageContaining("Row 1").extracting("code").isEqualTo("invalid_columns");
        assertThatThrownBy(() -> csv("a@example.test,\"Ann,USER\n")).hasMessageContaining("Row 1").extracting("code").isEqualTo("invalid_csv");
        assertThatThrownBy(() -> BatchInput.csv(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 1, 2}))
                .extracting("code").isEqualTo("invalid_encoding");
        assertThatThrownBy(() -> csv("\n\n")).extracting("code").isEqualTo("empty_batch");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            many.append("p").append(i).append("@example.test,P,USER\n");
        }
        assertThatThrownBy(() -> csv(many.toString())).hasMessageContaining("1,000").hasMessageContaining("row 1001")
                .extracting("code").isEqualTo("too_many_rows");
        assertThat(csv(many.substring(many.indexOf("\n") + 1))).hasSize(1000);
    }

    @Test
    void jsonArrayWithStrictFields() {
        byte[] ok = "[{\"email\":\"a@example.test\",\"name\":\"Ann\",\"role\":\"USER\"},{\"email\":\"\"}]".getBytes(StandardCharsets.UTF_8);
        assertThat(BatchInput.json(ok)).containsExactly(new BatchInput.Row(1, "a@example.test", "Ann", "USER"),
                new BatchInput.Row(2, null, null, null));
        assertThatThrownBy(() -> BatchInput.json("{\"email\":\"a\"}".getBytes(StandardCharsets.UTF_8))).extracting("code").isEqualTo("invalid_json");
        assertThatThrownBy(() -> BatchInput.json("[{\"email\":\"a\"},{\"mail\":\"b\"}]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Row 2").extracting("code").isEqualTo("unknown_field");
        assertThatThrownBy(() -> BatchInput.json("[{\"email\":1}]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("Row 1").extracting("code").isEqualTo("invalid_field");
    }
}
