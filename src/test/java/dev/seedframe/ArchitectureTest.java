package dev.seedframe;

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
 * imaging, HTTP only in hub; the console is written only by the command line.
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
    static final ArchRule noStackTracesPrinted = noClasses()
            .should().callMethod(Throwable.class, "printStackTrace");
}
