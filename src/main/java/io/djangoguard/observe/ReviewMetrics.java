package io.djangoguard.observe;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.rules.RuleCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The review metrics (docs/observability.md): reviews by kind, operation, outcome, verdict, enforcement and answer;
 * findings by rule, severity and enforcement; exemptions used by rule; the review latency. Every label comes from a
 * closed set ({@link Labels}). Runs on the event loop for every review: the finding and exemption counters are made at
 * start for every rule, the review counters once per combination met and then kept in an array indexed by the labels'
 * positions, so a review looks its meters up without building a string.
 */
final class ReviewMetrics implements ReviewEvents {

    static final String REVIEWS = "django_guard.reviews";
    static final String FINDINGS = "django_guard.findings";
    static final String EXEMPTIONS = "django_guard.exemptions";
    static final String DURATION = "django_guard.review.duration";

    /** The latency buckets: what an admission webhook is expected to answer in, 0.5 ms to 1 s. */
    static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)};

    private static final Severity[] SEVERITIES = {Severity.DENY, Severity.WARN};
    private static final Enforcement[] MODES = Enforcement.values();

    private final MeterRegistry registry;
    private final AtomicReferenceArray<Counter> reviews;
    private final Timer[] durations;
    /** Rule id → counters by severity × enforcement. */
    private final Map<String, Counter[]> findings = new HashMap<>();
    private final Map<String, Counter> exemptions = new HashMap<>();
    private final Counter[] otherFindings;
    private final Counter otherExemptions;

    ReviewMetrics(MeterRegistry registry) {
        this.registry = registry;
        reviews = new AtomicReferenceArray<>(Labels.KINDS.size() * Labels.OPERATIONS.size() * Labels.OUTCOMES.size()
                * Labels.VERDICTS.size() * Labels.ENFORCEMENTS.size() * 2);
        durations = new Timer[Labels.OUTCOMES.size()];
        for (int i = 0; i < durations.length; i++) {
            durations[i] = Timer.builder(DURATION).description("Time from an admission review's arrival to its answer")
                    .tag("outcome", Labels.OUTCOMES.get(i)).serviceLevelObjectives(BUCKETS)
                    .publishPercentileHistogram(false).register(registry);
        }
        for (Rule rule : RuleCatalog.all()) {
            findings.put(rule.id(), findingCounters(rule.id()));
            exemptions.put(rule.id(), exemptionCounter(rule.id()));
        }
        otherFindings = findingCounters(Labels.OTHER);
        otherExemptions = exemptionCounter(Labels.OTHER);
    }

    private Counter[] findingCounters(String rule) {
        Counter[] c = new Counter[SEVERITIES.length * MODES.length];
        for (int s = 0; s < SEVERITIES.length; s++) {
            for (Enforcement mode : MODES) {
                c[s * MODES.length + mode.ordinal()] = Counter.builder(FINDINGS)
                        .description("Findings of judged admission reviews that no exemption covers")
                        .tags("rule", rule, "severity", SEVERITIES[s].id(), "enforcement", mode.id()).register(registry);
            }
        }
        return c;
    }

    private Counter exemptionCounter(String rule) {
        return Counter.builder(EXEMPTIONS).description("Findings of admission reviews that an exemption covered")
                .tag("rule", rule).register(registry);
    }

    @Override
    public void reviewed(ReviewRecord r) {
        int outcome = r.outcome().ordinal();
        review(Labels.kind(r.kind()), Labels.operation(r.operation()), outcome, Labels.verdict(r.verdict()),
                Labels.enforcement(r.enforcement()), r.allowed()).increment();
        if (r.durationNanos() >= 0) {
            durations[outcome].record(r.durationNanos(), TimeUnit.NANOSECONDS);
        }
        for (Finding f : r.findings()) {
            if (f.exempt()) {
                exemptions.getOrDefault(f.rule(), otherExemptions).increment();
                continue;
            }
            int s = f.severity() == Severity.DENY ? 0 : f.severity() == Severity.WARN ? 1 : -1;
            if (s >= 0 && r.enforcement() != null) {
                findings.getOrDefault(f.rule(), otherFindings)[s * MODES.length + r.enforcement().ordinal()].increment();
            }
        }
    }

    private Counter review(int kind, int operation, int outcome, int verdict, int enforcement, boolean allowed) {
        int i = ((((kind * Labels.OPERATIONS.size() + operation) * Labels.OUTCOMES.size() + outcome)
                * Labels.VERDICTS.size() + verdict) * Labels.ENFORCEMENTS.size() + enforcement) * 2 + (allowed ? 1 : 0);
        Counter c = reviews.get(i);
        if (c == null) {
            // registering is idempotent: two threads that race here get the same counter
            c = Counter.builder(REVIEWS).description("Admission reviews answered")
                    .tags("kind", Labels.KINDS.get(kind), "operation", Labels.OPERATIONS.get(operation),
                            "outcome", Labels.OUTCOMES.get(outcome), "verdict", Labels.VERDICTS.get(verdict),
                            "enforcement", Labels.ENFORCEMENTS.get(enforcement), "allowed", Boolean.toString(allowed))
                    .register(registry);
            reviews.set(i, c);
        }
        return c;
    }
}
