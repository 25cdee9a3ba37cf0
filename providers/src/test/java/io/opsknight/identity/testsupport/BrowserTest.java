package io.opsknight.identity.testsupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that drives Chromium ({@link Browser}). Where Chromium is missing it is skipped and named at the end of
 * the build, so {@code mvn -B verify} passes with Java and Maven only; {@code -Dit.browser=required} (CI) makes
 * a missing Chromium a failure instead.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@Tag("browser")
@ExtendWith(Chromium.class)
public @interface BrowserTest {
}
