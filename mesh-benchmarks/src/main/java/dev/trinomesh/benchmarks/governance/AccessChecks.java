package dev.trinomesh.benchmarks.governance;

import dev.trinomesh.access.GovernanceSource;
import dev.trinomesh.access.MeshAccessControl;
import dev.trinomesh.access.MeshAccessControlConfig;
import dev.trinomesh.api.governance.CompiledGovernance;
import io.trino.plugin.base.security.FileBasedSystemAccessControl;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ColumnSchema;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.security.ViewExpression;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.DateType;
import io.trino.spi.type.DoubleType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Single access decisions and table listing, by the mesh access control (1,000 policies over 10,000
 * datasets, compiled) and by Trino's file-based access control holding rules with the same decisions:
 * {@code benchmarks/run access-checks}. Sample time, so JMH prints the median (p0.50).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
public class AccessChecks
{
    @Param({"mesh", "file-based"})
    public String accessControl;

    @Param("1000")
    public int products;

    private SystemAccessControl control;
    private SystemSecurityContext context;
    private CatalogSchemaTableName table;
    private Set<String> selected;
    private List<ColumnSchema> columns;
    private Set<SchemaTableName> allTables;

    @Setup(Level.Trial)
    public void setUp()
            throws IOException
    {
        GovernanceFixture fixture = new GovernanceFixture(products, 10);
        control = switch (accessControl) {
            case "mesh" -> new MeshAccessControl(GovernanceSource.of(CompiledGovernance.compile(fixture.snapshot(), List.of("user:admin"))), new MeshAccessControlConfig());
            case "file-based" -> fileBased(fixture);
            default -> throw new IllegalArgumentException("unknown access control " + accessControl);
        };
        Identity identity = Identity.forUser(GovernanceFixture.USER).withGroups(Set.copyOf(GovernanceFixture.USER_GROUPS)).build();
        context = new SystemSecurityContext(identity, QueryId.valueOf("benchmark"), Instant.now());
        // A product the user consumes, in the middle of the rules.
        table = new CatalogSchemaTableName("mesh", GovernanceFixture.product(products / 2), GovernanceFixture.dataset(5));
        selected = Set.of("id", "region", "name", "amount");
        columns = GovernanceFixture.columns().stream().map(column -> ColumnSchema.builder().setName(column.name()).setType(type(column.type())).build()).toList();
        allTables = new HashSet<>();
        for (int p = 0; p < products; p++) {
            for (int d = 0; d < 10; d++) {
                allTables.add(new SchemaTableName(GovernanceFixture.product(p), GovernanceFixture.dataset(d)));
            }
        }
        // Both must reach the same decisions, or the comparison means nothing.
        control.checkCanSelectFromColumns(context, table, selected);
        if (control.getRowFilters(context, table).size() != 1 || control.getColumnMasks(context, table, columns).size() != 2) {
            throw new IllegalStateException("%s does not make the benchmark's decisions: filters %s, masks %s".formatted(
                    accessControl, control.getRowFilters(context, table), control.getColumnMasks(context, table, columns).keySet()));
        }
        int visible = control.filterTables(context, "mesh", allTables).size();
        if (visible != products / 2 * 10) {
            throw new IllegalStateException("%s lists %s tables, expected %s".formatted(accessControl, visible, products / 2 * 10));
        }
    }

    private static SystemAccessControl fileBased(GovernanceFixture fixture)
            throws IOException
    {
        Path rules = Files.createTempFile("rules", ".json");
        rules.toFile().deleteOnExit();
        Files.writeString(rules, fixture.fileBasedRules());
        return new FileBasedSystemAccessControl.Factory().create(Map.of("security.config-file", rules.toString()), null);
    }

    private static Type type(String name)
    {
        return switch (name) {
            case "bigint" -> BigintType.BIGINT;
            case "double" -> DoubleType.DOUBLE;
            case "date" -> DateType.DATE;
            default -> VarcharType.VARCHAR;
        };
    }

    @Benchmark
    public void checkCanSelectFromColumns()
    {
        control.checkCanSelectFromColumns(context, table, selected);
    }

    @Benchmark
    public List<ViewExpression> getRowFilters()
    {
        return control.getRowFilters(context, table);
    }

    @Benchmark
    public Map<ColumnSchema, ViewExpression> getColumnMasks()
    {
        return control.getColumnMasks(context, table, columns);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void filterTables(Blackhole blackhole)
    {
        blackhole.consume(control.filterTables(context, "mesh", allTables));
    }
}
