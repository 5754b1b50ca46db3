package io.djangoguard.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.djangoguard.admission.AdmissionReviewer;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Verdict;
import io.djangoguard.rules.RuleCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The objects of {@link ObjectBenchmark}, by the name its {@code object} parameter takes, each with what it must be
 * judged (a benchmark of the wrong thing fails at set-up rather than reporting a number). {@link #main} prints them.
 */
public enum Scenario {

    /** A clean production Deployment: 3 containers, 99 variables, probes, mounts. */
    CLEAN_DEPLOYMENT("clean-deployment") {
        @Override
        HasMetadata object() {
            return Fixtures.cleanDeployment("shop", "shop");
        }

        @Override
        void check(ObjectResult r) {
            expect(r.verdict() == Verdict.ALLOW && r.findings().isEmpty() && r.django().size() == 3,
                    "allowed with no finding and 3 Django containers", r);
        }
    },

    /** A Django ConfigMap with a 40-line .env key. */
    DOTENV_CONFIGMAP("dotenv-configmap") {
        @Override
        HasMetadata object() {
            return Fixtures.dotenvConfigMap("shop", "shop", 40);
        }

        @Override
        void check(ObjectResult r) {
            expect(r.verdict() == Verdict.ALLOW, "judged (not skipped) and allowed", r);
        }
    },

    /** A Deployment breaking every rule a Deployment judged alone can break. */
    EVERY_RULE_DEPLOYMENT("every-rule-deployment") {
        @Override
        HasMetadata object() {
            return Fixtures.everyRuleDeployment("shop", "shop");
        }

        @Override
        void check(ObjectResult r) {
            Set<String> missing = missing(r);
            expect(r.denied() && missing.equals(NOT_ON_A_DEPLOYMENT), "denied by every rule but " + NOT_ON_A_DEPLOYMENT
                    + " (missing: " + missing + ")", r);
        }
    };

    /** The rules no Deployment judged alone can break (see {@link Fixtures#everyRuleDeployment}). */
    static final Set<String> NOT_ON_A_DEPLOYMENT = Set.of("secret-key-committed", "referrer-policy-unset");

    /** The prefix of an {@link ObjectBenchmark} object that is a review file. */
    static final String FILE = "file:";

    final String id;

    Scenario(String id) {
        this.id = id;
    }

    abstract HasMetadata object();

    abstract void check(ObjectResult result);

    /** The review body of {@code object}: a scenario's as {@code kubectl apply} sends it, or a file's bytes. */
    static byte[] body(String object) {
        if (object.startsWith(FILE)) {
            Path file = Path.of(object.substring(FILE.length()));
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("no review file " + file.toAbsolutePath() + " (run from the repository)", e);
            }
        }
        return AdmissionPath.body(of(object).object(), true);
    }

    /** Checks a scenario's result; a file's is whatever it is. */
    static void check(String object, ObjectResult result) {
        if (!object.startsWith(FILE)) {
            of(object).check(result);
        }
    }

    public static Scenario of(String id) {
        for (Scenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario " + id);
    }

    static Set<String> fired(ObjectResult r) {
        Set<String> fired = new TreeSet<>();
        for (Finding f : r.findings()) {
            fired.add(f.rule());
        }
        return fired;
    }

    static Set<String> missing(ObjectResult r) {
        Set<String> missing = new TreeSet<>();
        for (Rule rule : RuleCatalog.all()) {
            missing.add(rule.id());
        }
        missing.removeAll(fired(r));
        return missing;
    }

    static void expect(boolean ok, String what, ObjectResult r) {
        if (!ok) {
            throw new IllegalStateException("the benchmark object is not what it should be: expected " + what + ", got "
                    + r.verdict().id() + " with " + r.findings().size() + " findings " + fired(r) + ", "
                    + r.django().size() + " Django containers" + (r.reason() == null ? "" : " (" + r.reason() + ")"));
        }
    }

    /**
     * Prints each scenario, the review files given as arguments ({@code file:PATH}) and the scaled Deployments: sizes of
     * the review and of the answer, verdict, rules fired.
     */
    public static void main(String[] args) {
        Engine engine = AdmissionPath.engine();
        AdmissionReviewer reviewer = AdmissionPath.reviewer(engine);
        System.out.printf("%-26s %10s %10s %-7s %8s  %s%n", "object", "review B", "answer B", "verdict", "findings", "rules");
        List<String> objects = new ArrayList<>();
        for (Scenario s : values()) {
            objects.add(s.id);
        }
        objects.addAll(List.of(args));
        for (String object : objects) {
            byte[] body = body(object);
            HasMetadata parsed = AdmissionPath.objectOf(reviewer, body);
            ObjectResult r = engine.judge(parsed, Engine.Context.alone("default"));
            check(object, r);
            byte[] answer = AdmissionPath.review(reviewer, body);
            String name = object.startsWith(FILE) ? Path.of(object.substring(FILE.length())).getFileName().toString() : object;
            System.out.printf("%-26s %10d %10d %-7s %8d  %s%n", name, body.length, answer.length, r.verdict().id(),
                    r.findings().size(), r.findings().isEmpty() ? "-" : fired(r).size() + " rules: " + fired(r));
        }
        for (int containers : List.of(1, 10, 100)) {
            for (int variables : List.of(10, 100, 1000)) {
                byte[] body = AdmissionPath.body(Fixtures.scaled(containers, variables), false);
                ObjectResult r = engine.judge(AdmissionPath.objectOf(reviewer, body), Engine.Context.alone("default"));
                ScalingBenchmark.check(r, containers);
                byte[] answer = AdmissionPath.review(reviewer, body);
                System.out.printf("%-26s %10d %10d %-7s %8d  %s%n", "scaled " + containers + "x" + variables, body.length,
                        answer.length, r.verdict().id(), r.findings().size(), fired(r).isEmpty() ? "-" : fired(r));
            }
        }
    }
}
