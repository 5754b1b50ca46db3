package io.djangoguard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** Table-driven tests over a folder of YAML fixtures: one dynamic test per file, named by the file, in name order. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Stream<DynamicTest> eachYamlIn(Path folder, ThrowingConsumer<Path> check) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException(folder + " holds no *.yaml fixture");
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check.accept(f)));
    }
}
