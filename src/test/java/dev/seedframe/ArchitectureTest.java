package dev.seedframe;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering, enforced from the first commit (JabRef's lesson: it cannot be added later).
 *
 * <pre>
 *   app  →  ui  →  service  →  engine | store | imaging | hub  →  domain
 * </pre>
 *
 * DJL lives only in engine, SQL only in store, JavaFX only in ui and app, AWT image I/O only in
 * imaging, HTTP only in hub; the console is written only by the command line. The engine is seen from outside only through its API
 * package {@code dev.seedframe.engine}; inside it, components (text encoder, transformer, VAE, scheduler) know
 * neither each other nor the pipelines and loading that sequence them, and the numerics below them know no model.
 * Both front ends run the model only through the application's use cases, and the studio's view models never touch
 * the toolkit (their UI work goes through an injected executor, so they are tested without a window).
 */
@AnalyzeClasses(packages = "dev.seedframe", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("App").definedBy("dev.seedframe.app..")
            .layer("Ui").definedBy("dev.seedframe.ui..")
            .layer("Service").definedBy("dev.seedframe.service..")
            .layer("Engine").definedBy("dev.seedframe.engine..")
            .layer("Store").definedBy("dev.seedframe.store..")
            .layer("Imaging").definedBy("dev.seedframe.imaging..")
            .layer("Hub").definedBy("dev.seedframe.hub..")
            .layer("Domain").definedBy("dev.seedframe.domain..")
            .whereLayer("App").mayNotBeAccessedByAnyLayer()
            .whereLayer("Ui").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Service").mayOnlyBeAccessedByLayers("Ui", "App")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("Service", "App")
            .whereLayer("Store").mayOnlyBeAccessedByLayers("Service", "App")
            .whereLayer("Imaging").mayOnlyBeAccessedByLayers("Store", "Service", "App", "Ui")
            .whereLayer("Hub").mayOnlyBeAccessedByLayers("Service", "App")
            .whereLayer("Domain").mayOnlyBeAccessedByLayers("Engine", "Store", "Imaging", "Hub", "Service", "Ui", "App");

    @ArchTest
    static final ArchRule domainUsesOnlyTheJdk = noClasses()
            .that().resideInAPackage("dev.seedframe.domain..")
            .should().dependOnClassesThat()
            .resideOutsideOfPackages("java..", "dev.seedframe.domain..");

    @ArchTest
    static final ArchRule djlOnlyInEngine = noClasses()
            .that().resideOutsideOfPackage("dev.seedframe.engine..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..");

    @ArchTest
    static final ArchRule sqlOnlyInStore = noClasses()
            .that().resideOutsideOfPackage("dev.seedframe.store..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.sqlite..");

    @ArchTest
    static final ArchRule javafxOnlyInUiAndApp = noClasses()
            .that().resideOutsideOfPackages("dev.seedframe.ui..", "dev.seedframe.app..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.kordamp..");

    @ArchTest
    static final ArchRule awtOnlyInImaging = noClasses()
            .that().resideOutsideOfPackage("dev.seedframe.imaging..")
            .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.imageio..", "javax.swing..");

    @ArchTest
    static final ArchRule httpOnlyInHub = noClasses()
            .that().resideOutsideOfPackage("dev.seedframe.hub..")
            .should().dependOnClassesThat().resideInAnyPackage("java.net.http..", "com.sun.net.httpserver..");

    @ArchTest
    static final ArchRule hubUsesOnlyTheDomain = noClasses()
            .that().resideInAPackage("dev.seedframe.hub..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("dev.seedframe.engine..", "dev.seedframe.store..", "dev.seedframe.imaging..",
                    "dev.seedframe.service..", "dev.seedframe.ui..", "dev.seedframe.app..");

    @ArchTest
    static final ArchRule engineKnowsNoUiNorStore = noClasses()
            .that().resideInAPackage("dev.seedframe.engine..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("dev.seedframe.store..", "dev.seedframe.service..", "dev.seedframe.ui..",
                    "dev.seedframe.app..", "dev.seedframe.imaging..", "dev.seedframe.hub..");

    @ArchTest
    static final ArchRule consoleOnlyFromTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("dev.seedframe.app..")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err");

    @ArchTest
    static final ArchRule frontEndsRunTheModelThroughTheUseCases = noClasses()
            .that().resideInAnyPackage("dev.seedframe.ui..", "dev.seedframe.app..")
            .and().doNotHaveSimpleName("BenchCommand") // times the bare runner, no project
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.seedframe.service.GenerationService");

    @ArchTest
    static final ArchRule useCasesAreTheApplicationsNotTheFrontEnds = noClasses()
            .that().resideInAPackage("dev.seedframe.service.usecase..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.seedframe.service.Studio");

    @ArchTest
    static final ArchRule viewModelsNeverTouchTheToolkit = noClasses()
            .that().resideInAPackage("dev.seedframe.ui.viewmodel..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.application..", "javafx.scene..",
                    "javafx.stage..", "org.controlsfx..", "org.kordamp..");

    @ArchTest
    static final ArchRule noStackTracesPrinted = noClasses()
            .should().callMethod(Throwable.class, "printStackTrace");

    /** The engine's front door: outside the engine only its API package, {@code dev.seedframe.engine} itself. */
    @ArchTest
    static final ArchRule onlyTheEngineApiIsSeenFromOutside = noClasses()
            .that().resideOutsideOfPackage("dev.seedframe.engine..")
            .should().dependOnClassesThat(resideInAPackage("dev.seedframe.engine..")
                    .and(not(resideInAPackage("dev.seedframe.engine"))))
            .as("classes outside the engine depend only on the engine's API package dev.seedframe.engine");

    /**
     * Training ({@code engine.train}) is built on the engine's components, never the other way round: outside it only
     * its facade in the API package, {@link dev.seedframe.engine.DemoModel}, reaches it (the command line through
     * that facade), and no inference code depends on it.
     */
    @ArchTest
    static final ArchRule onlyTheDemoFacadeReachesTraining = noClasses()
            .that().resideOutsideOfPackage("dev.seedframe.engine.train..")
            .and().doNotHaveFullyQualifiedName("dev.seedframe.engine.DemoModel")
            .should().dependOnClassesThat().resideInAPackage("dev.seedframe.engine.train..");

    private static final String QWEN = "dev.seedframe.engine.qwenimage";

    /** Components know nothing of the pipelines, the loading or the model that sequence them. */
    @ArchTest
    static final ArchRule componentsKnowNoPipeline = noClasses()
            .that().resideInAnyPackage(QWEN + ".textencoder..", QWEN + ".transformer..", QWEN + ".vae..",
                    QWEN + ".scheduler..")
            .should().dependOnClassesThat().resideInAnyPackage(QWEN + ".pipeline..", QWEN + ".loading..", QWEN,
                    QWEN + ".bench..");

    @ArchTest
    static final ArchRule textEncoderIsAComponentOfItsOwn = noClasses()
            .that().resideInAPackage(QWEN + ".textencoder..")
            .should().dependOnClassesThat().resideInAnyPackage(QWEN + ".transformer..", QWEN + ".vae..",
                    QWEN + ".scheduler..");

    @ArchTest
    static final ArchRule transformerIsAComponentOfItsOwn = noClasses()
            .that().resideInAPackage(QWEN + ".transformer..")
            .should().dependOnClassesThat().resideInAnyPackage(QWEN + ".textencoder..", QWEN + ".vae..",
                    QWEN + ".scheduler..");

    @ArchTest
    static final ArchRule vaeIsAComponentOfItsOwn = noClasses()
            .that().resideInAPackage(QWEN + ".vae..")
            .should().dependOnClassesThat().resideInAnyPackage(QWEN + ".textencoder..", QWEN + ".transformer..",
                    QWEN + ".scheduler..");

    @ArchTest
    static final ArchRule schedulerIsAComponentOfItsOwn = noClasses()
            .that().resideInAPackage(QWEN + ".scheduler..")
            .should().dependOnClassesThat().resideInAnyPackage(QWEN + ".textencoder..", QWEN + ".transformer..",
                    QWEN + ".vae..");

    /** Pipelines sequence loaded components; loading them is not their business. */
    @ArchTest
    static final ArchRule pipelinesKnowNoLoading = noClasses()
            .that().resideInAPackage(QWEN + ".pipeline..")
            .should().dependOnClassesThat().resideInAnyPackage(QWEN + ".loading..", QWEN, QWEN + ".bench..");

    /**
     * The numerics (operations, weights, runtime, generator, tokenizer, image operations) and the LoRA adapters know
     * no model.
     */
    @ArchTest
    static final ArchRule numericsKnowNoModel = noClasses()
            .that().resideInAnyPackage("dev.seedframe.engine.nn..", "dev.seedframe.engine.weights..",
                    "dev.seedframe.engine.runtime..", "dev.seedframe.engine.rng..", "dev.seedframe.engine.tokenizer..",
                    "dev.seedframe.engine.imageops..", "dev.seedframe.engine.lora..")
            .should().dependOnClassesThat().resideInAPackage(QWEN + "..");
}
