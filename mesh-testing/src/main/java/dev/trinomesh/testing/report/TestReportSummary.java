package dev.trinomesh.testing.report;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One summary of every module's test reports (Surefire's and Failsafe's XML), printed by {@code ./mesh test}
 * after Maven ran every module: tests, failures, errors, skipped and test time per module, then each failing
 * test with the first line of its message. Uses only the JDK, so that it runs as a source file even when a
 * module failed to build. A build of its own inside a module's target directory (the build against the newest
 * Trino puts its reports in {@code target/trino-483/surefire-reports}) is listed as a module of its own,
 * {@code mesh-access-control [trino-483]}, beside the module's ordinary build.
 */
public final class TestReportSummary
{
    private static final int MESSAGE_WIDTH = 160;

    private TestReportSummary() {}

    /** {@code java TestReportSummary.java ROOT}: exits 1 when a test failed or errored, 2 when no report was found. */
    public static void main(String[] args)
    {
        Path root = Path.of(args.length == 0 ? "." : args[0]);
        Summary summary = read(root);
        summary.print(System.out);
        System.exit(summary.modules().isEmpty() ? 2 : summary.failed() ? 1 : 0);
    }

    public static Summary read(Path root)
    {
        Map<String, ModuleResult> modules = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        try (Stream<Path> files = Files.find(root, 7, (path, attributes) -> attributes.isRegularFile() && isReport(path))) {
            for (Path report : files.sorted().toList()) {
                String module = moduleOf(root, report);
                readReport(report, modules.computeIfAbsent(module, ModuleResult::new), failures);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary(List.copyOf(modules.values()), failures);
    }

    /**
     * {@code module/target/surefire-reports/TEST-x.xml} is {@code module}'s; {@code module/target/trino-483/surefire-reports/TEST-x.xml},
     * from a build with a build directory of its own in target, is {@code module [trino-483]}'s.
     */
    private static String moduleOf(Path root, Path report)
    {
        Path reports = report.getParent();
        Path target = reports.getParent();
        String build = "";
        if (!target.getFileName().toString().equals("target") && target.getParent() != null && target.getParent().getFileName().toString().equals("target")) {
            build = " [" + target.getFileName() + "]";
            target = target.getParent();
        }
        String module = root.relativize(target.getParent()).toString().replace('\\', '/');
        return (module.isEmpty() ? "." : module) + build;
    }

    private static boolean isReport(Path path)
    {
        String directory = path.getParent() == null ? "" : path.getParent().getFileName().toString();
        String name = path.getFileName().toString();
        return (directory.equals("surefire-reports") || directory.equals("failsafe-reports")) && name.startsWith("TEST-") && name.endsWith(".xml");
    }

    private static void readReport(Path report, ModuleResult module, List<Failure> failures)
    {
        Element suite = parse(report).getDocumentElement();
        module.tests += integer(suite, "tests");
        module.failures += integer(suite, "failures");
        module.errors += integer(suite, "errors");
        module.skipped += integer(suite, "skipped");
        module.seconds += decimal(suite, "time");
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            for (String kind : List.of("failure", "error")) {
                NodeList problems = testCase.getElementsByTagName(kind);
                if (problems.getLength() > 0) {
                    Element problem = (Element) problems.item(0);
                    String message = problem.getAttribute("message").isEmpty() ? problem.getAttribute("type") : problem.getAttribute("message");
                    failures.add(new Failure(module.name, testCase.getAttribute("classname"), testCase.getAttribute("name"), kind, firstLine(message)));
                }
            }
        }
    }

    private static Document parse(Path report)
    {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(report.toFile());
        }
        catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read test report " + report + ": " + e.getMessage(), e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int integer(Element element, String attribute)
    {
        String value = element.getAttribute(attribute);
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    private static double decimal(Element element, String attribute)
    {
        String value = element.getAttribute(attribute).replace(",", "");
        return value.isEmpty() ? 0 : Double.parseDouble(value);
    }

    private static String firstLine(String message)
    {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > MESSAGE_WIDTH ? line.substring(0, MESSAGE_WIDTH - 1) + "…" : line;
    }

    public record Failure(String module, String testClass, String test, String kind, String message) {}

    public record Summary(List<ModuleResult> modules, List<Failure> failures)
    {
        public boolean failed()
        {
            return !failures.isEmpty() || modules.stream().anyMatch(module -> module.failures + module.errors > 0);
        }

        public void print(PrintStream out)
        {
            out.println();
            out.println("Test summary (test time per module; Maven's reactor summary above has each module's whole time)");
            out.printf("%-40s %7s %7s %7s %7s %9s%n", "module", "tests", "failed", "errors", "skipped", "time");
            ModuleResult total = new ModuleResult("total");
            for (ModuleResult module : modules) {
                out.println(module.line());
                total.add(module);
            }
            out.println(total.line());
            if (failures.isEmpty()) {
                out.println(failed() ? "Some tests failed (see the reports above)." : "All tests passed.");
                return;
            }
            out.printf("%n%s test%s failed:%n", failures.size(), failures.size() == 1 ? "" : "s");
            for (Failure failure : failures) {
                String simpleName = failure.testClass().substring(failure.testClass().lastIndexOf('.') + 1);
                out.printf("  %s  %s.%s (%s): %s%n", failure.module(), simpleName, failure.test(), failure.kind(), failure.message());
            }
            out.println("Reports: <module>/target/surefire-reports and failsafe-reports (one XML and one -output.txt per class); a module's [trino-483] build's in <module>/target/trino-483.");
        }
    }

    public static final class ModuleResult
    {
        private final String name;
        private int tests;
        private int failures;
        private int errors;
        private int skipped;
        private double seconds;

        ModuleResult(String name)
        {
            this.name = name;
        }

        public String name()
        {
            return name;
        }

        public int tests()
        {
            return tests;
        }

        public int failures()
        {
            return failures;
        }

        public int errors()
        {
            return errors;
        }

        void add(ModuleResult other)
        {
            tests += other.tests;
            failures += other.failures;
            errors += other.errors;
            skipped += other.skipped;
            seconds += other.seconds;
        }

        String line()
        {
            return String.format(Locale.ROOT, "%-40s %7d %7d %7d %7d %8.1fs", name, tests, failures, errors, skipped, seconds);
        }
    }
}
