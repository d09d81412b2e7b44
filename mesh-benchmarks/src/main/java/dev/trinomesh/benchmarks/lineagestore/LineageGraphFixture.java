package dev.trinomesh.benchmarks.lineagestore;

import dev.trinomesh.catalog.lineage.Node;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A lineage graph of a given number of column edges, written straight into the store's tables (multi-row
 * INSERTs, as ingestion would take minutes): {@code layers} layers of tables of 25 columns, each table built
 * from 3 tables of the layer before, each column from 2 of their columns; with the dataset-level edge of
 * every table to its sources, as ingestion writes them. Names: {@code lake.layerLL.tNNNNN.cCC}.
 */
public final class LineageGraphFixture
{
    public static final String NAMESPACE = "trino";
    private static final int COLUMNS = 25;
    private static final int SOURCES_PER_TABLE = 3;
    private static final int SOURCES_PER_COLUMN = 2;
    private static final int ROWS_PER_STATEMENT = 250;

    private final int layers;
    private final int tablesPerLayer;
    private final long columnEdges;

    public LineageGraphFixture(long columnEdges, int layers)
    {
        this.layers = layers;
        this.columnEdges = columnEdges;
        long perLayer = (long) COLUMNS * SOURCES_PER_COLUMN;
        this.tablesPerLayer = (int) Math.max(SOURCES_PER_TABLE, Math.ceilDiv(columnEdges, perLayer * (layers - 1)));
    }

    public int layers()
    {
        return layers;
    }

    public int tablesPerLayer()
    {
        return tablesPerLayer;
    }

    public static String table(int layer, int table)
    {
        return "lake.layer%02d.t%05d".formatted(layer, table);
    }

    public static String column(int column)
    {
        return "c%02d".formatted(column);
    }

    /** Writes the graph; returns the number of column edges written. */
    public long load(DataSource dataSource, long seed)
            throws SQLException
    {
        Random random = new Random(seed);
        OffsetDateTime time = OffsetDateTime.of(2025, 6, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection();
                Rows nodes = new Rows(connection, "lineage_nodes (id, namespace, dataset, column_name)", 4);
                Rows edges = new Rows(connection, "lineage_edges (target_id, source_id, kind, target_dataset_id, source_dataset_id, first_seen, last_seen, last_query_id)", 8)) {
            connection.setAutoCommit(false);
            long written = 0;
            for (int layer = 0; layer < layers; layer++) {
                for (int table = 0; table < tablesPerLayer; table++) {
                    Node dataset = Node.dataset(NAMESPACE, table(layer, table));
                    nodes.add(dataset.id(), NAMESPACE, dataset.dataset(), "");
                    List<Node> columns = new ArrayList<>();
                    for (int column = 0; column < COLUMNS; column++) {
                        Node node = dataset.column(column(column));
                        columns.add(node);
                        nodes.add(node.id(), NAMESPACE, node.dataset(), node.column());
                    }
                    if (layer == 0 || written >= columnEdges) {
                        continue;
                    }
                    List<Node> sources = new ArrayList<>();
                    while (sources.size() < SOURCES_PER_TABLE) {
                        Node source = Node.dataset(NAMESPACE, table(layer - 1, random.nextInt(tablesPerLayer)));
                        if (!sources.contains(source)) {
                            sources.add(source);
                        }
                    }
                    for (Node source : sources) {
                        edges.add(dataset.id(), source.id(), "DIRECT", dataset.id(), source.id(), time, time, "fixture");
                    }
                    for (Node target : columns) {
                        List<Node> columnSources = new ArrayList<>();
                        while (columnSources.size() < SOURCES_PER_COLUMN && written < columnEdges) {
                            Node source = sources.get(random.nextInt(SOURCES_PER_TABLE)).column(column(random.nextInt(COLUMNS)));
                            if (!columnSources.contains(source)) {
                                columnSources.add(source);
                                edges.add(target.id(), source.id(), "DIRECT", target.datasetId(), source.datasetId(), time, time, "fixture");
                                written++;
                            }
                        }
                    }
                }
            }
            nodes.flush();
            edges.flush();
            connection.commit();
            return written;
        }
    }

    /** Rows of one table, inserted {@value #ROWS_PER_STATEMENT} per statement. */
    private static final class Rows
            implements AutoCloseable
    {
        private final PreparedStatement insert;
        private final int width;
        private final List<Object> pending = new ArrayList<>();
        private final String table;
        private final Connection connection;

        Rows(Connection connection, String table, int width)
                throws SQLException
        {
            this.connection = connection;
            this.table = table;
            this.width = width;
            this.insert = connection.prepareStatement(sql(ROWS_PER_STATEMENT));
        }

        void add(Object... values)
                throws SQLException
        {
            pending.addAll(List.of(values));
            if (pending.size() == ROWS_PER_STATEMENT * width) {
                bind(insert);
                insert.executeUpdate();
                pending.clear();
            }
        }

        void flush()
                throws SQLException
        {
            if (!pending.isEmpty()) {
                try (PreparedStatement last = connection.prepareStatement(sql(pending.size() / width))) {
                    bind(last);
                    last.executeUpdate();
                }
                pending.clear();
            }
        }

        private void bind(PreparedStatement statement)
                throws SQLException
        {
            for (int i = 0; i < pending.size(); i++) {
                statement.setObject(i + 1, pending.get(i));
            }
        }

        private String sql(int rows)
        {
            String row = "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
            return "INSERT INTO " + table + " VALUES " + String.join(", ", Collections.nCopies(rows, row));
        }

        @Override
        public void close()
                throws SQLException
        {
            insert.close();
        }
    }
}
