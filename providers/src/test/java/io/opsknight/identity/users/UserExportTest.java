package io.opsknight.identity.users;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One CSV cell: quoted where CSV needs it, never a formula in a spreadsheet. */
class UserExportTest {

    @Test
    void plainCellsStayAsTheyAre() {
        assertThat(UserExport.cell("ada@example.test")).isEqualTo("ada@example.test");
        assertThat(UserExport.cell("Jürgen Größe")).isEqualTo("Jürgen Größe");
        assertThat(UserExport.cell("")).isEmpty();
        assertThat(UserExport.cell(null)).isEmpty();
        assertThat(UserExport.cell("a-b=c")).isEqualTo("a-b=c");
    }

    @Test
    void separatorsQuotesAndLineBreaksAreQuoted() {
        assertThat(UserExport.cell("Doe, Jane")).isEqualTo("\"Doe, Jane\"");
        assertThat(UserExport.cell("a;b")).isEqualTo("\"a;b\"");
        assertThat(UserExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(UserExport.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void aCellThatASpreadsheetWouldRunGetsAnApostrophe() {
        assertThat(UserExport.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(UserExport.cell("+1")).isEqualTo("'+1");
        assertThat(UserExport.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(UserExport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(UserExport.cell("\tx")).isEqualTo("'\tx");
        assertThat(UserExport.cell("=1,2")).isEqualTo("\"'=1,2\"");
    }
}
