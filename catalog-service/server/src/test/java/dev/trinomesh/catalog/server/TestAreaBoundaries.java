package dev.trinomesh.catalog.server;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog service's areas reach each other only through the {@code api} package of the area they use;
 * only this server module wires implementations together. The build fails on any other import.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestAreaBoundaries
{
    private static final String ROOT = "dev.trinomesh.catalog";
    private static final String[] AREAS = {"identity", "registry", "lake", "releases", "quality", "lineage", "search", "portal", "data", "pipelines"};

    private JavaClasses classes;

    @BeforeAll
    void importClasses()
    {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
        // Classes come from the areas' target/classes directories in the reactor, and from their jars otherwise.
        if (classes.size() < 100) {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ROOT);
        }
        for (String area : AREAS) {
            assertThat(classes.containPackage(ROOT + "." + area)).as("classes of area %s are on the class path", area).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "registry", "lake", "releases", "quality", "lineage", "search", "portal", "data", "pipelines"})
    void anAreaUsesOtherAreasOnlyThroughTheirApi(String area)
    {
        for (String other : AREAS) {
            if (other.equals(area)) {
                continue;
            }
            ArchRule rule = noClasses().that().resideInAPackage(ROOT + "." + area + "..")
                    .should().dependOnClassesThat(resideInAreaOutsideItsApi(other))
                    .as("area %s uses area %s only through %s.%s.api".formatted(area, other, ROOT, other))
                    .because("an area's other packages are its own to change");
            rule.check(classes);
        }
        noClasses().that().resideInAPackage(ROOT + "." + area + "..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".server..")
                .as("area %s does not use the server, which wires it".formatted(area))
                .check(classes);
    }

    @Test
    void theCoreUsesNoArea()
    {
        noClasses().that().resideInAPackage(ROOT + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage(areaPackages())
                .as("the core every area shares uses no area")
                .check(classes);
    }

    @Test
    void areasDoNotDependOnEachOtherInCircles()
    {
        slices().matching(ROOT + ".(*)..")
                .should().beFreeOfCycles()
                .as("the areas' dependencies form no cycle")
                .check(classes);
    }

    private static DescribedPredicate<JavaClass> resideInAreaOutsideItsApi(String area)
    {
        String prefix = ROOT + "." + area;
        return DescribedPredicate.describe("reside in area %s outside %s.api".formatted(area, prefix),
                javaClass -> (javaClass.getPackageName().equals(prefix) || javaClass.getPackageName().startsWith(prefix + "."))
                        && !(javaClass.getPackageName().equals(prefix + ".api") || javaClass.getPackageName().startsWith(prefix + ".api.")));
    }

    private static String[] areaPackages()
    {
        String[] packages = new String[AREAS.length + 1];
        for (int i = 0; i < AREAS.length; i++) {
            packages[i] = ROOT + "." + AREAS[i] + "..";
        }
        packages[AREAS.length] = ROOT + ".server..";
        return packages;
    }
}
