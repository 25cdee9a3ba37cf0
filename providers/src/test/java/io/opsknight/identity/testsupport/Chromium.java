package io.opsknight.identity.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether the page tests can run here: Debian's Chromium and its driver ({@code -Dit.chromium=},
 * {@code -Dit.chromedriver=} move them). A {@link BrowserTest} runs where both exist; elsewhere it is skipped
 * and its name is appended to {@code it.browser.skipped.file}, which the build prints at its end.
 * With {@code -Dit.browser=required} nothing is skipped: {@link Browser} then fails with the install command.
 */
public final class Chromium implements ExecutionCondition {

    public static final String INSTALL = "apt-get install chromium chromium-driver";

    static String binary() {
        return System.getProperty("it.chromium", "/usr/bin/chromium");
    }

    static String driver() {
        return System.getProperty("it.chromedriver", "/usr/bin/chromedriver");
    }

    static boolean present() {
        return Files.isExecutable(Path.of(binary())) && Files.isExecutable(Path.of(driver()));
    }

    static String missing() {
        return "Chromium is needed for this page test but " + (Files.isExecutable(Path.of(driver())) ? binary() : driver())
                + " is missing; install it with: " + INSTALL;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty() || present() || "required".equals(System.getProperty("it.browser"))) {
            return ConditionEvaluationResult.enabled("Chromium present, or required");
        }
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        String file = System.getProperty("it.browser.skipped.file");
        if (file != null && !file.isBlank()) {
            try {
                Path path = Path.of(file);
                Files.createDirectories(path.getParent());
                Files.writeString(path, name + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot note the skipped page test in " + file, e);
            }
        }
        return ConditionEvaluationResult.disabled(missing());
    }
}
