package io.djangoguard.rules;

import io.djangoguard.engine.Rule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule, in the order findings are reported and documented. Adding a rule: write its class
 * in this package, list it here, add the fixture folder {@code src/test/resources/rules/<id>/}.
 */
public final class RuleCatalog {

    private static final List<Rule> ALL = List.of(
            new DebugEnabled(),
            new AllowedHostsEmpty(),
            new AllowedHostsWildcard(),
            new SecretKeyInline(),
            new SecretKeyInConfigMap(),
            new SecretKeyFileNotSecret(),
            new SecretKeyCommitted(),
            new SecretKeyWeak(),
            new SecretKeyKnown(),
            new SecretKeyFallbacksWeak(),
            new SessionCookieInsecure(),
            new SessionCookieHttpOnlyDisabled(),
            new CsrfCookieInsecure(),
            new CsrfTrustedOriginsNoScheme(),
            new SslRedirectDisabled(),
            new HstsDisabled(),
            new HstsTooShort(),
            new HstsSubdomainsDisabled(),
            new HstsPreloadDisabled(),
            new ContentTypeNosniffDisabled(),
            new XFrameOptionsNotDeny(),
            new ReferrerPolicyUnset(),
            new ReferrerPolicyInvalid(),
            new CrossOriginOpenerPolicyInvalid(),
            new ConnMaxAgeZero(),
            new RunserverInProduction(),
            new AsyncUnsafeAllowed(),
            new InvalidSettingValue(),
            new ReferenceUnresolved(),
            new ExemptionInvalid());

    private static final Map<String, Rule> BY_ID = index();

    private RuleCatalog() {
    }

    public static List<Rule> all() {
        return ALL;
    }

    /** The rule with this id, or null. */
    public static Rule byId(String id) {
        return BY_ID.get(id);
    }

    private static Map<String, Rule> index() {
        Map<String, Rule> m = new HashMap<>();
        for (Rule r : ALL) {
            if (m.put(r.id(), r) != null) {
                throw new IllegalStateException("two rules share the id " + r.id());
            }
        }
        return Map.copyOf(m);
    }
}
