package io.qkdmodem.protocol.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the project's docs/ from a module's test, so the docs' vectors are checked by tests. */
public final class Docs {

    private Docs() {}

    /** The file under the repository's docs/ directory (found from the module directory). */
    public static String read(String relative) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
            Path p = dir.resolve("docs").resolve(relative);
            if (Files.isRegularFile(p)) {
                return Files.readString(p, StandardCharsets.UTF_8);
            }
        }
        throw new IOException(
                "docs/" + relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * The hex dump in the fenced block that follows the first line containing {@code heading} (the
     * heading text is matched literally).
     */
    public static byte[] hexBlockAfter(String doc, String heading) {
        int at = doc.indexOf(heading);
        if (at < 0) {
            throw new IllegalArgumentException("no heading " + heading);
        }
        int open = doc.indexOf("```", at);
        int bodyStart = doc.indexOf('\n', open) + 1;
        int close = doc.indexOf("```", bodyStart);
        return Hex.parse(doc.substring(bodyStart, close));
    }

    /** Rows of markdown tables whose first cell is a hex code, as {code, name, rest...} cells. */
    public static List<String[]> codeRows(String section) {
        List<String[]> rows = new ArrayList<>();
        Matcher m =
                Pattern.compile("(?m)^\\|\\s*(0x[0-9a-fA-F]+)\\s*\\|(.*)\\|\\s*$").matcher(section);
        while (m.find()) {
            String[] rest = m.group(2).split("\\|");
            String[] row = new String[rest.length + 1];
            row[0] = m.group(1);
            for (int i = 0; i < rest.length; i++) {
                row[i + 1] = rest[i].trim();
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The text between a line starting with {@code start} and the next blank-line-then-non-table
     * line.
     */
    public static String sectionAfter(String doc, String start) {
        int at = doc.indexOf(start);
        if (at < 0) {
            throw new IllegalArgumentException("no section " + start);
        }
        int tableStart = doc.indexOf('|', at);
        int end = doc.indexOf("\n\n", tableStart);
        return doc.substring(at, end < 0 ? doc.length() : end);
    }
}
