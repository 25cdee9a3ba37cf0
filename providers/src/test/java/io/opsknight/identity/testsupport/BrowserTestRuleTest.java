package io.opsknight.identity.testsupport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test that opens Chromium is a {@link BrowserTest}: where Chromium is missing it is then skipped and named,
 * not failed, so the README's test command passes with Java and Maven only. Three People page tests once opened
 * Chromium under a plain {@code @Test} and failed on such a machine; {@code .ci/run}, which installs Chromium, could
 * not see it.
 */
class BrowserTestRuleTest {

    private static final Pattern METHOD = Pattern.compile("^ {4}(?:(?:public|protected|private|static) )*void (\\w+)\\(");

    @Test
    void everyTestThatOpensChromiumIsABrowserTest() throws IOException {
        List<String> plain = new ArrayList<>();
        int opening = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith("IT.java")).toList()) {
                List<String> annotations = new ArrayList<>();
                String method = null;
                boolean counted = false;
                for (String line : Files.readAllLines(file)) {
                    String code = line.strip();
                    Matcher declaration = METHOD.matcher(line);
                    if (code.startsWith("@")) {
                        annotations.add(code);
                    } else if (declaration.find()) {
                        method = annotations.contains("@BrowserTest") ? null
                                : annotations.contains("@Test") ? "@Test " + declaration.group(1) : "";
                        counted = false;
                        annotations.clear();
                    } else if (!code.isEmpty()) {
                        annotations.clear();
                    }
                    if (line.contains("new Browser(") && !counted) {
                        counted = true;
                        opening++;
                        if (method != null && method.startsWith("@Test")) {
                            plain.add(file.getFileName() + ": " + method);
                        }
                    }
                }
            }
        }
        assertThat(opening).as("tests that open Chromium, found by this scan").isGreaterThan(5);
        assertThat(plain).as("tests that open Chromium under a plain @Test (use @BrowserTest)").isEmpty();
    }
}
