package io.djangoguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The shape the README's development section describes, checked on the compiled classes: packages
 * import each other in one direction only, the engine knows nothing of its doors, its rules or the
 * cluster, and the doors know nothing of Django's settings.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.djangoguard");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.djangoguard.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theEngineKnowsNoRuleNoDoorAndNoCluster() {
        noClasses().that().resideInAPackage("io.djangoguard.engine..").should().dependOnClassesThat()
                .resideInAnyPackage("io.djangoguard.rules..", "io.djangoguard.lookup..", "io.djangoguard.admission..",
                        "io.djangoguard.audit..", "io.djangoguard.cli..", "io.djangoguard.report..",
                        "io.djangoguard.config..", "io.quarkus..", "io.vertx..", "jakarta.ws..")
                .check(classes);
    }

    @Test
    void settingsAreReadWithoutTheEngineOrTheCluster() {
        noClasses().that().resideInAPackage("io.djangoguard.settings..").should().dependOnClassesThat()
                .resideInAnyPackage("io.djangoguard.engine..", "io.djangoguard.rules..", "io.djangoguard.lookup..",
                        "io.quarkus..", "io.vertx..")
                .check(classes);
    }

    @Test
    void rulesReadOnlyWhatTheEngineHandsThem() {
        noClasses().that().resideInAPackage("io.djangoguard.rules..").should().dependOnClassesThat()
                .resideInAnyPackage("io.djangoguard.lookup..", "io.djangoguard.admission..", "io.djangoguard.audit..",
                        "io.djangoguard.report..", "io.djangoguard.config..")
                .check(classes);
    }

    @Test
    void theDoorsLeaveDjangoToTheEngine() {
        noClasses().that().resideInAnyPackage("io.djangoguard.admission..", "io.djangoguard.audit..",
                "io.djangoguard.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("io.djangoguard.settings..", "io.djangoguard.rules..")
                .check(classes);
    }

    /** Helm's library is a Go runtime with signal handlers of its own: only the child JVM of the chart render loads it. */
    @Test
    void onlyTheChartRenderChildTouchesHelm() {
        noClasses().that().doNotHaveFullyQualifiedName("io.djangoguard.cli.ChartRenderChild").should().dependOnClassesThat()
                .resideInAnyPackage("com.marcnuri.helm..")
                .check(classes);
    }
}
