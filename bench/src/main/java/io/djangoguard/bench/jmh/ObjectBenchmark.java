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
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Judging one realistic object (see {@link Scenario}; {@code file:bench/reviews/deployment-3-containers.json} is the
 * review bench/http.sh posts, so its {@code review} here is the HTTP-free part of that request), three ways:
 * <ul>
 * <li>{@code judge}: {@link Engine#judge(HasMetadata, Engine.Context)} on the object already parsed, judged alone;</li>
 * <li>{@code read}: {@link AdmissionReviewer#read}, parsing and binding the AdmissionReview body only;</li>
 * <li>{@code review}: the whole admission path without HTTP, the body's bytes in, the answer's bytes out
 * ({@link AdmissionPath#review}): read + judge + answer + write.</li>
 * </ul>
 * A scenario's review body is what {@code kubectl apply} makes the API server send (last-applied annotation,
 * managedFields), and {@code judge} judges the object parsed from it. With {@code -prof gc}, the
 * {@code gc.alloc.rate.norm} of {@code review} is the bytes allocated per review.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ObjectBenchmark {

    /** A {@link Scenario}, or {@code file:PATH}: an AdmissionReview file as it is (relative to the working directory). */
    @Param({ "clean-deployment", "dotenv-configmap", "every-rule-deployment",
            "file:bench/reviews/deployment-3-containers.json" })
    public String object;

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
        body = Scenario.body(object);
        parsed = AdmissionPath.objectOf(reviewer, body);
        Scenario.check(object, engine.judge(parsed, context));
        AdmissionPath.review(reviewer, body);
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
