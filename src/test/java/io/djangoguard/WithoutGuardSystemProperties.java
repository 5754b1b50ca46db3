package io.djangoguard;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests of the command line, which reads django-guard.* system properties: a @QuarkusTest's
 * test profile leaves its config overrides behind as system properties in the surefire JVM
 * (ConfiguredPolicyTest: django-guard.profile=strict, ...). Each test starts without any and
 * leaves them as it found them.
 */
public final class WithoutGuardSystemProperties implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(WithoutGuardSystemProperties.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Map<String, String> before = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("django-guard.")) {
                before.put(name, System.getProperty(name));
                System.clearProperty(name);
            }
        }
        context.getStore(NS).put("before", before);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("django-guard.")) {
                System.clearProperty(name);
            }
        }
        ((Map<String, String>) context.getStore(NS).get("before", Map.class)).forEach(System::setProperty);
    }
}
