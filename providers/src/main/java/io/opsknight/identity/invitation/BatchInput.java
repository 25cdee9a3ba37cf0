package io.opsknight.identity.invitation;

import com.fasterxml.jackson.databind.JsonNode;
import io.opsknight.identity.common.OpsKnightException;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The rows of an invitation batch as typed: CSV ({@code email,name,role}, header optional, UTF-8 with or
 * without BOM, comma or semicolon, quoted fields) or a JSON array of {@code {email,name,role}}. Pure, so the
 * parsing rules are unit-tested. What makes the whole body unusable (not text, wrong columns, too many rows)
 * is a refusal naming the row or the limit; a bad value in one row is that row's outcome, decided later.
 */
public final class BatchInput {

    public static final int MAX_ROWS = 1000;
    public static final int MAX_BYTES = 1024 * 1024;
    static final List<String> COLUMNS = List.of("email", "name", "role");

    /**
     * One row as typed. {@code row} is where to find it: the CSV line it starts on (the header counts), or
     * the position in the JSON array (from 1). Values may be null (absent).
     */
    public record Row(int row, String email, String name, String role) {
    }

    private BatchInput() {
    }

    public static List<Row> csv(byte[] body) {
        String text = utf8(body);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        if (text.indexOf('\u0000') >= 0) {
            throw notText();
        }
        char delimiter = delimiter(text);
        List<Row> rows = new ArrayList<>();
        int[] order = {0, 1, 2};
        int width = COLUMNS.size();
        boolean first = true;
        int pos = 0;
        int line = 1;
        while (pos < text.length()) {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            boolean end = false;
            while (pos < text.length() && !end) {
                char c = text.charAt(pos++);
                if (quoted) {
                    if (c == '"') {
                        if (pos < text.length() && text.charAt(pos) == '"') {
                            field.append('"');
                            pos++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && field.toString().isBlank()) {
                    quoted = true;
                    wasQuoted = true;
                    field.setLength(0);
                } else if (c == delimiter) {
                    fields.add(wasQuoted ? field.toString() : field.toString().strip());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    end = true;
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                throw OpsKnightException.invalid("invalid_csv", "Row " + startLine + ": a quoted field is not closed.");
            }
            fields.add(wasQuoted ? field.toString() : field.toString().strip());
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue; // a blank line
            }
            // A spreadsheet's export may end each row with an empty column.
            while (fields.size() > width && fields.get(fields.size() - 1).isEmpty()) {
                fields.remove(fields.size() - 1);
            }
            if (first) {
                first = false;
                int[] header = header(fields, startLine);
                if (header != null) {
                    order = header;
                    width = fields.size();
                    continue;
                }
            }
            if (fields.size() != width) {
                throw OpsKnightException.invalid("invalid_columns", "Row " + startLine + " has " + fields.size()
                        + (fields.size() == 1 ? " column" : " columns") + "; every row needs " + width
                        + (width == COLUMNS.size() ? ": email, name, role" : ", as the header names") + " (comma or semicolon separated).");
            }
            add(rows, new Row(startLine, blankToNull(fields.get(order[0])), blankToNull(fields.get(order[1])),
                    blankToNull(fields.get(order[2]))));
        }
        return nonEmpty(rows);
    }

    public static List<Row> json(byte[] body) {
        JsonNode node;
        try {
            node = JsonSerialization.mapper.readTree(utf8(body));
        } catch (IOException e) {
            throw OpsKnightException.invalid("invalid_json", "The body is not valid JSON.");
        }
        if (node == null || !node.isArray()) {
            throw OpsKnightException.invalid("invalid_json", "The body must be a JSON array of {email, name, role}.");
        }
        List<Row> rows = new ArrayList<>();
        int n = 0;
        for (JsonNode item : node) {
            n++;
            if (!item.isObject()) {
                throw OpsKnightException.invalid("invalid_json", "Row " + n + " is not a JSON object {email, name, role}.");
            }
            for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!COLUMNS.contains(name)) {
                    throw OpsKnightException.invalid("unknown_field", "Row " + n + ": unknown field '" + name
                            + "'. Allowed: email, name, role.");
                }
            }
            add(rows, new Row(n, text(item, "email", n), text(item, "name", n), text(item, "role", n)));
        }
        return nonEmpty(rows);
    }

    private static void add(List<Row> rows, Row row) {
        if (rows.size() == MAX_ROWS) {
            throw OpsKnightException.invalid("too_many_rows", "The batch has more than " + String.format(Locale.ROOT, "%,d", MAX_ROWS)
                    + " rows (row " + row.row() + " is one too many); the limit is " + String.format(Locale.ROOT, "%,d", MAX_ROWS)
                    + " rows per batch.");
        }
        rows.add(row);
    }

    private static List<Row> nonEmpty(List<Row> rows) {
        if (rows.isEmpty()) {
            throw OpsKnightException.invalid("empty_batch", "The batch has no rows.");
        }
        return rows;
    }

    private static String text(JsonNode item, String field, int n) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw OpsKnightException.invalid("invalid_field", "Row " + n + ": field '" + field + "' must be a string.");
        }
        return blankToNull(value.asText());
    }

    /**
     * The column order of a header row, null when the row is data; a refusal for a half-right header. Columns
     * other than email, name and role are allowed and ignored, so that the People list's CSV export (which adds
     * id, status and dates after them) can be fed back in.
     */
    private static int[] header(List<String> fields, int line) {
        List<String> names = fields.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        if (names.stream().noneMatch(COLUMNS::contains)) {
            return null;
        }
        if (!COLUMNS.stream().allMatch(c -> names.indexOf(c) >= 0 && names.indexOf(c) == names.lastIndexOf(c))) {
            throw OpsKnightException.invalid("invalid_columns", "Row " + line + ": the header must name the columns email, name and role once each, not "
                    + String.join(", ", fields) + ".");
        }
        return new int[]{names.indexOf("email"), names.indexOf("name"), names.indexOf("role")};
    }

    /** The delimiter of the first line: a semicolon when it has more of them than commas (outside quotes). */
    static char delimiter(String text) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw notText();
        }
    }

    private static OpsKnightException notText() {
        return OpsKnightException.invalid("invalid_encoding", "The body is not UTF-8 text (a binary file?); send CSV or JSON as UTF-8.");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
