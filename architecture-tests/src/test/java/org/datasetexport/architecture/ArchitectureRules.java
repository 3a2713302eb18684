package org.datasetexport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The walls between the modules, as ArchUnit rules over package names (each module owns its
 * packages: export-core {@code org.datasetexport}, {@code .data}, {@code .spi}, {@code .internal},
 * …; a plug-in {@code org.datasetexport.format.json}, {@code org.datasetexport.dest.s3}, …).
 */
final class ArchitectureRules {
    /** The packages of modules other than export-core: none may reach into the core's internals. */
    static final List<String> PLUG_IN_ROOTS = List.of(
            "org.datasetexport.format.json", "org.datasetexport.format.csv", "org.datasetexport.format.parquet",
            "org.datasetexport.dest.s3", "org.datasetexport.dest.azure", "org.datasetexport.dest.adls",
            "org.datasetexport.dest.gcs", "org.datasetexport.dest.sftp", "org.datasetexport.encryption.pgp",
            "org.datasetexport.micrometer", "org.datasetexport.spring", "org.datasetexport.cli", "org.datasetexport.spark",
            "org.datasetexport.flows");

    /** export-core's packages: the contract, the engine, the one-off API, the sources, the testkit. */
    static final List<String> CORE_PACKAGES = List.of("org.datasetexport", "org.datasetexport.data..", "org.datasetexport.spi..",
            "org.datasetexport.engine..", "org.datasetexport.internal..", "org.datasetexport.files..", "org.datasetexport.jdbc..",
            "org.datasetexport.dest.file..", "org.datasetexport.policy..", "org.datasetexport.testing..");

    /** The modules a flow-less user adds (formats, destinations, encryption): none may need the flow runtime. */
    static final List<String> CONTRACT_PLUG_INS = List.of("org.datasetexport.format..", "org.datasetexport.dest..",
            "org.datasetexport.encryption..");

    private ArchitectureRules() {
    }

    /** @return no class of another module depends on export-core's {@code internal} packages */
    static ArchRule pluginsDoNotUseCoreInternals() {
        return noClasses().that().resideInAnyPackage(roots(PLUG_IN_ROOTS))
                .should().dependOnClassesThat().resideInAPackage("org.datasetexport.internal..")
                .because("export-core's internal packages are not an API: plug-ins use org.datasetexport.spi and spi.support");
    }

    /** @return the plug-in contract (spi, spi.support) depends on nothing internal */
    static ArchRule spiDoesNotUseInternals() {
        return noClasses().that().resideInAPackage("org.datasetexport.spi..")
                .should().dependOnClassesThat().resideInAPackage("org.datasetexport.internal..")
                .because("the plug-in contract must stand without the engine's internals");
    }

    /**
     * @return export-core — the engine ({@code org.datasetexport.engine}), the one-off API, the
     *         contract — depends on nothing of the flow runtime ({@code org.datasetexport.flows..},
     *         module export-flows): flows reach the engine through {@code FlowHost}
     */
    static ArchRule engineDoesNotUseTheFlowRuntime() {
        return noClasses().that().resideInAnyPackage(CORE_PACKAGES.toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage("org.datasetexport.flows..")
                .because("the scheduler runs the engine, never the other way round: ExportBuilder.start hands a FlowRequest to a FlowHost");
    }

    /** @return formats, destinations and encryption use nothing of the flow runtime (a one-off user does not get export-flows) */
    static ArchRule pluginsDoNotNeedTheFlowRuntime() {
        return noClasses().that().resideInAnyPackage(CONTRACT_PLUG_INS.toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage("org.datasetexport.flows..")
                .because("formats, destinations and encryption work for one-off exports, without export-flows");
    }

    /**
     * @return no cycles between the top-level packages below {@code org.datasetexport} ({@code data},
     *         {@code spi}, {@code internal}, {@code files}, {@code jdbc}, {@code dest}, {@code format},
     *         {@code spark}, …; a module's own {@code internal} belongs to its slice). The root package
     *         is left out: it holds the exceptions every package throws and the entry points that use
     *         every package, by design (DESIGN.md keeps them there). The engine API
     *         ({@code org.datasetexport.engine}) and export-core's {@code internal} packages count as one:
     *         the engine is the public face of that implementation.
     */
    static ArchRule noCyclesBetweenPackages() {
        return com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("org.datasetexport.(*)..").should().beFreeOfCycles()
                .ignoreDependency(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("org.datasetexport.engine.."),
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("org.datasetexport.internal.."));
    }

    /**
     * @param root a module's package root
     * @return no class outside that module depends on its {@code internal} package
     */
    static ArchRule internalsStayInTheirModule(String root) {
        return noClasses().that().resideOutsideOfPackage(root + "..")
                .should().dependOnClassesThat().resideInAPackage(root + ".internal..")
                .because(root + ".internal is that module's own");
    }

    private static String[] roots(List<String> roots) {
        return roots.stream().map(r -> r + "..").toArray(String[]::new);
    }
}
