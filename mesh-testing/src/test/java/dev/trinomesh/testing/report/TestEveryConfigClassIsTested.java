package dev.trinomesh.testing.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every configuration class of every module (a class with Airlift {@code @Config} setters) has a test of the same
 * name, {@code Test<ConfigClass>}, in its module: the recorded defaults and the full mapping of its properties, so
 * that a property added, renamed or given another default cannot go unnoticed.
 */
class TestEveryConfigClassIsTested
{
    private static final Path ROOT = Path.of("..");

    @Test
    void everyConfigClassHasItsTest()
            throws IOException
    {
        List<Path> configClasses = sources("src/main/java").filter(TestEveryConfigClassIsTested::declaresConfig).toList();
        assertThat(configClasses).as("configuration classes found under %s", ROOT.toAbsolutePath().normalize()).hasSizeGreaterThan(10);

        List<String> untested = new ArrayList<>();
        for (Path configClass : configClasses) {
            Path module = moduleOf(configClass);
            String testName = "Test" + configClass.getFileName();
            boolean tested;
            try (Stream<Path> tests = Files.walk(module.resolve("src/test/java"))) {
                tested = tests.anyMatch(test -> test.getFileName().toString().equals(testName) && mentions(test, "assertFullMapping") && mentions(test, "assertRecordedDefaults"));
            }
            catch (IOException e) {
                tested = false;
            }
            if (!tested) {
                untested.add("%s has no %s (with assertRecordedDefaults and assertFullMapping) in %s/src/test/java".formatted(ROOT.relativize(configClass), testName, ROOT.relativize(module)));
            }
        }
        assertThat(untested).isEmpty();
    }

    private static Stream<Path> sources(String root)
            throws IOException
    {
        return Files.walk(ROOT)
                .filter(path -> !path.toString().contains("/target/") && !path.toString().contains("/.git/") && !path.toString().contains("/.mesh/"))
                .filter(path -> path.toString().endsWith(".java") && path.toString().contains("/" + root + "/"));
    }

    private static Path moduleOf(Path source)
    {
        String path = source.toString();
        return Path.of(path.substring(0, path.indexOf("/src/main/java/")));
    }

    private static boolean declaresConfig(Path source)
    {
        return mentions(source, "import io.airlift.configuration.Config;");
    }

    private static boolean mentions(Path source, String text)
    {
        try {
            return Files.readString(source).contains(text);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
