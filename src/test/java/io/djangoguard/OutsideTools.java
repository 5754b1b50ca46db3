package io.djangoguard;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The few tests that use a tool outside the JDK (Django, curl, setpriv) are skipped where it is missing, with one line
 * saying how to install it, so that {@code ./mvnw verify} passes with nothing but a JDK. CI installs every such tool
 * and sets {@value #SWITCH}, which makes each of those skips a failure: none can silently stop running there.
 */
public final class OutsideTools {

    /** The environment variable that makes a missing tool fail the test that needs it. */
    public static final String SWITCH = "REQUIRE_TEST_TOOLS";

    private OutsideTools() {
    }

    /** Whether {@value #SWITCH} is set (to anything but empty, 0 or false). */
    public static boolean required() {
        String value = System.getenv(SWITCH);
        return value != null && !value.isBlank() && !value.strip().equals("0") && !value.strip().equalsIgnoreCase("false");
    }

    /** Skips the test unless PRESENT (fails it under {@value #SWITCH}); MISSING says what is missing and how to install it. */
    public static void assumePresent(boolean present, String missing) {
        if (present) {
            return;
        }
        failIfRequired(missing);
        System.err.println("SKIPPED: " + missing);
        Assumptions.abort(missing);
    }

    /** For a test that runs anyway, but checks less, without a tool: under {@value #SWITCH}, a failure. */
    public static void failIfRequired(String missing) {
        if (required()) {
            fail(missing + " (" + SWITCH + " is set, as in CI, where every tool the tests use is installed)");
        }
    }
}
