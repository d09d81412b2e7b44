package dev.trinomesh.testing.report;

import dev.trinomesh.testing.report.TestReportSummary.Failure;
import dev.trinomesh.testing.report.TestReportSummary.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class TestTestReportSummary
{
    @Test
    void modulesAreSummedAndFailuresListedWithTheFirstLineOfTheirMessage(@TempDir Path root)
            throws IOException
    {
        write(root.resolve("alpha/target/surefire-reports/TEST-a.TestOne.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="a.TestOne" time="1.5" tests="3" errors="0" skipped="1" failures="1">
                  <testcase name="passes" classname="a.TestOne" time="0.1"/>
                  <testcase name="fails" classname="a.TestOne" time="0.2"><failure message="expected: 1&#10; but was: 2" type="java.lang.AssertionError">trace</failure></testcase>
                  <testcase name="skipped" classname="a.TestOne" time="0"><skipped/></testcase>
                </testsuite>""");
        write(root.resolve("alpha/target/failsafe-reports/TEST-a.OneIT.xml"), """
                <testsuite name="a.OneIT" time="1,200.25" tests="1" errors="1" skipped="0" failures="0">
                  <testcase name="hangs" classname="a.OneIT" time="600"><error type="java.util.concurrent.TimeoutException"/></testcase>
                </testsuite>""");
        write(root.resolve("group/beta/target/surefire-reports/TEST-b.TestTwo.xml"), """
                <testsuite name="b.TestTwo" time="0.5" tests="2" errors="0" skipped="0" failures="0">
                  <testcase name="one" classname="b.TestTwo"/><testcase name="two" classname="b.TestTwo"/>
                </testsuite>""");
        write(root.resolve("group/beta/target/surefire-reports/b.TestTwo.txt"), "not a report");
        // the same module built again against another Trino, into a build directory of its own
        write(root.resolve("group/beta/target/trino-483/surefire-reports/TEST-b.TestTwo.xml"), """
                <testsuite name="b.TestTwo" time="0.25" tests="2" errors="0" skipped="0" failures="1">
                  <testcase name="one" classname="b.TestTwo"/><testcase name="two" classname="b.TestTwo"><failure message="differs"/></testcase>
                </testsuite>""");

        Summary summary = TestReportSummary.read(root);

        assertThat(summary.modules()).extracting(module -> module.name() + " " + module.tests() + " " + module.failures() + " " + module.errors())
                .containsExactly("alpha 4 1 1", "group/beta 2 0 0", "group/beta [trino-483] 2 1 0");
        assertThat(summary.failures()).containsExactly(
                new Failure("alpha", "a.OneIT", "hangs", "error", "java.util.concurrent.TimeoutException"),
                new Failure("alpha", "a.TestOne", "fails", "failure", "expected: 1"),
                new Failure("group/beta [trino-483]", "b.TestTwo", "two", "failure", "differs"));
        assertThat(summary.failed()).isTrue();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        summary.print(new PrintStream(printed, true, UTF_8));
        assertThat(printed.toString(UTF_8))
                .contains("alpha                                          4       1       1       1   1201.8s")
                .contains("group/beta [trino-483]                         2       1       0       0      0.3s")
                .contains("total                                          8       2       1       1   1202.5s")
                .contains("  alpha  TestOne.fails (failure): expected: 1")
                .contains("  group/beta [trino-483]  TestTwo.two (failure): differs");
    }

    @Test
    void aRunWithoutFailuresPassesAndOneWithoutReportsIsNoticed(@TempDir Path root)
            throws IOException
    {
        assertThat(TestReportSummary.read(root).modules()).isEmpty();
        write(root.resolve("alpha/target/surefire-reports/TEST-a.TestOne.xml"), """
                <testsuite name="a.TestOne" time="1" tests="1" errors="0" skipped="0" failures="0"><testcase name="passes" classname="a.TestOne"/></testsuite>""");
        assertThat(TestReportSummary.read(root).failed()).isFalse();
    }

    private static void write(Path file, String text)
            throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
