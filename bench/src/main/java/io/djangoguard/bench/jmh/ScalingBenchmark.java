package io.djangoguard.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import io.djangoguard.admission.AdmissionReviewer;
import io.djangoguard.admission.BadReview;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Verdict;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * How the cost of one object grows with its size: a Deployment of {@code containers} Django containers with
 * {@code variables} variables each ({@link Fixtures#scaled}), judged alone ({@code judge}), parsed and bound from its
 * review ({@code read}), and as a whole review, bytes to bytes ({@code review}). Linear means the time per
 * containers x variables stays flat across the grid once the fixed cost of an object is paid (bench/engine.sh prints
 * it as ns/var). The largest review (100 x 1000, 6.4 MB) is over the server's 4 MiB body limit: it is measured to show
 * the curve, the server would answer it 413.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ScalingBenchmark {

    @Param({ "1", "10", "100" })
    public int containers;

    @Param({ "10", "100", "1000" })
    public int variables;

    private Engine engine;
    private AdmissionReviewer reviewer;
    private Engine.Context context;
    private HasMetadata parsed;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() {
        engine = AdmissionPath.engine();
        reviewer = AdmissionPath.reviewer(engine);
        context = Engine.Context.alone("default");
        body = AdmissionPath.body(Fixtures.scaled(containers, variables), false);
        parsed = AdmissionPath.objectOf(reviewer, body);
        check(engine.judge(parsed, context), containers);
        AdmissionPath.review(reviewer, body);
    }

    /** Every container must be judged as Django, and the object allowed: otherwise the grid measures something else. */
    static void check(ObjectResult r, int containers) {
        Scenario.expect(r.verdict() == Verdict.ALLOW && r.django().size() == containers,
                "allowed with " + containers + " Django containers", r);
    }

    @Benchmark
    public void judge(Blackhole bh) {
        bh.consume(engine.judge(parsed, context));
    }

    @Benchmark
    public void read(Blackhole bh) throws BadReview {
        bh.consume(reviewer.read(body));
    }

    @Benchmark
    public void review(Blackhole bh) {
        bh.consume(AdmissionPath.review(reviewer, body));
    }
}
