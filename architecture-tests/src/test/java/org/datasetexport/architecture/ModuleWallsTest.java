package org.datasetexport.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The walls hold on the main classes of every module; a class that breaks one fails the build, by name. */
class ModuleWallsTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.datasetexport");
    }

    @Test
    void everyModuleIsOnTheClassPath() {
        for (String root : ArchitectureRules.PLUG_IN_ROOTS) {
            assertThat(main.stream().anyMatch(c -> c.getPackageName().startsWith(root)))
                    .as("classes of %s imported (else the rules prove nothing about it)", root).isTrue();
        }
        assertThat(main.containPackage("org.datasetexport.engine")).isTrue();
        assertThat(main.containPackage("org.datasetexport.spi.support")).isTrue();
    }

    @Test
    void noPluginUsesCoreInternals() {
        ArchitectureRules.pluginsDoNotUseCoreInternals().check(main);
    }

    @Test
    void theSpiUsesNoInternals() {
        ArchitectureRules.spiDoesNotUseInternals().check(main);
    }

    @Test
    void theEngineDoesNotUseTheFlowRuntime() {
        ArchitectureRules.engineDoesNotUseTheFlowRuntime().check(main);
    }

    @Test
    void noFormatDestinationOrEncryptionNeedsTheFlowRuntime() {
        ArchitectureRules.pluginsDoNotNeedTheFlowRuntime().check(main);
    }

    /** The flow-runtime wall can fail too: a fixture format class that starts a scheduler is named. */
    @Test
    void aPluginThatStartsAScheduler_failsTheRuleNamingTheClass() {
        JavaClasses withFixture = new ClassFileImporter().importPackages("org.datasetexport.format.json.fixture",
                "org.datasetexport.flows");
        assertThatThrownBy(() -> ArchitectureRules.pluginsDoNotNeedTheFlowRuntime().check(withFixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.datasetexport.format.json.fixture.StartsAScheduler")
                .hasMessageContaining("org.datasetexport.flows.ExportScheduler");
    }

    /** JPMS refuses a package in two modules (each jar carries an Automatic-Module-Name): every package has one home. */
    @Test
    void noSplitPackages() {
        java.util.Map<String, java.util.Set<String>> homes = new java.util.TreeMap<>();
        main.forEach(c -> c.getSource().ifPresent(source -> {
            String uri = source.getUri().toString();
            String home = uri.substring(0, uri.length() - (c.getName().replace('.', '/') + ".class").length());
            homes.computeIfAbsent(c.getPackageName(), p -> new java.util.TreeSet<>()).add(home);
        }));
        assertThat(homes).as("packages of our modules").containsKeys("org.datasetexport", "org.datasetexport.flows");
        assertThat(homes.entrySet()).as("packages found in more than one module (package=[homes])")
                .filteredOn(e -> e.getValue().size() > 1).isEmpty();
    }

    @Test
    void noCyclesBetweenPackages() {
        ArchitectureRules.noCyclesBetweenPackages().check(main);
    }

    static List<String> pluginRoots() {
        return ArchitectureRules.PLUG_IN_ROOTS;
    }

    @ParameterizedTest
    @MethodSource("pluginRoots")
    void aPluginsInternalsStayInItsModule(String root) {
        ArchitectureRules.internalsStayInTheirModule(root).allowEmptyShould(true).check(main);
    }

    /** The rules can fail: a fixture class of this test module that reaches into the engine is named. */
    @Test
    void aDeliberateViolation_failsTheRuleNamingTheClass() {
        JavaClasses withFixture = new ClassFileImporter().importPackages("org.datasetexport.format.json.fixture",
                "org.datasetexport.engine");
        assertThatThrownBy(() -> ArchitectureRules.pluginsDoNotUseCoreInternals().check(withFixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.datasetexport.format.json.fixture.ReachesIntoTheEngine")
                .hasMessageContaining("org.datasetexport.internal.policy.PolicyApplier");
    }
}
