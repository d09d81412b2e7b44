package dev.trinomesh.integration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.trinomesh.api.quality.QualityRun;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.trinomesh.integration.QueryWaits.outcome;
import static dev.trinomesh.integration.QueryWaits.until;
import static dev.trinomesh.integration.TestingSecureMesh.rows;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data API against the demo mesh behind a Trino that signs people in with passwords and records lineage: rows are
 * what the same person's SQL returns (filters and masks applied by Trino), every filter operator on every type is the
 * SQL predicate it says, bad requests name the parameter, pages of a cursor read one snapshot while producers write,
 * every format reads back with a real parser, refusals carry Trino's reasons, a client that leaves cancels its query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDataApi
{
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private TestingSecureMesh mesh;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void setUp()
            throws Exception
    {
        mesh = TestingSecureMesh.create(Map.of(
                // eve's burst of requests meets these; everyone else stays well within them.
                "data.requests-per-second-per-user", "20",
                "data.request-burst-per-user", "60"), true);
        mesh.installDemo();
        try (Connection admin = mesh.connect("admin")) {
            rows(admin, "CREATE SCHEMA lake.typed");
            rows(admin, """
                    CREATE TABLE lake.typed.samples AS SELECT * FROM (VALUES
                        (BIGINT '1', true, 10, DECIMAL '12.50', 0.25e0, 'plain', DATE '2024-01-31', TIMESTAMP '2024-01-31 13:45:00.000000', ARRAY['a', 'b']),
                        (2, false, -3, DECIMAL '-0.01', 1.5e0, 'with, comma', DATE '2024-02-29', TIMESTAMP '2024-02-29 00:00:00.000001', ARRAY['c']),
                        (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                        (4, true, 2147483647, DECIMAL '99999999.99', -2.0e0, 'O''Brien "quoted"', DATE '1999-12-31', TIMESTAMP '1999-12-31 23:59:59.999999', ARRAY[]),
                        (5, false, 0, DECIMAL '0.00', 0e0, '', DATE '2024-01-01', TIMESTAMP '2024-01-01 00:00:00', ARRAY['x']))
                        AS t (id, flag, small, amount, ratio, label, day, at, tags)""");
            rows(admin, "CREATE SCHEMA lake.paged");
            rows(admin, "CREATE TABLE lake.paged.events AS SELECT orderkey * 2 AS id, comment AS payload FROM tpch.tiny.orders WHERE orderkey <= 4000");
            rows(admin, "CREATE SCHEMA lake.masked_keys");
            rows(admin, "CREATE TABLE lake.masked_keys.events AS SELECT orderkey AS id, orderpriority AS payload FROM tpch.tiny.orders WHERE orderkey <= 2000");
            rows(admin, "CREATE SCHEMA lake.versioned");
            rows(admin, "CREATE TABLE lake.versioned.nations AS SELECT nationkey, name, regionkey FROM tpch.tiny.nation");
            rows(admin, "CREATE SCHEMA lake.checked_orders");
            rows(admin, "CREATE TABLE lake.checked_orders.orders AS SELECT orderkey, totalprice FROM tpch.tiny.orders");
        }
        apply("typed", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: typed, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: samples
                      source: {table: lake.typed.samples}
                      columns:
                        - {name: id, type: bigint, required: true, unique: true}
                        - {name: flag, type: boolean}
                        - {name: small, type: integer}
                        - {name: amount, type: "decimal(10,2)"}
                        - {name: ratio, type: double}
                        - {name: label, type: varchar}
                        - {name: day, type: date}
                        - {name: at, type: timestamp(6)}
                        - {name: tags, type: array(varchar)}
                """);
        apply("paged", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: paged, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: events
                      source: {table: lake.paged.events}
                      columns:
                        - {name: id, type: bigint, required: true, unique: true}
                        - {name: payload, type: varchar}
                """);
        apply("checked_orders", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: checked_orders, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: orders
                      source: {table: lake.checked_orders.orders}
                      columns:
                        - {name: orderkey, type: bigint, unique: true}
                        - {name: totalprice, type: double}
                      quality:
                        - {check: row_count, min: 1000000000, blocking: true}
                """);
    }

    @AfterAll
    void tearDown()
    {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void rowsAreWhatThePersonsSqlReturns()
            throws Exception
    {
        // alice: her segment's customers, acctbal masked to null; bob (pii-reader, other segment) his.
        // Not admin: the service never acts for an administrator, who signs in to Trino themselves.
        for (String person : List.of("alice", "bob", "carla")) {
            JsonNode page = json(get(person, "/v1/data/customer_profiles/v2/customers?limit=10000&fields=custkey,name,mktsegment,acctbal,phone"), 200);
            List<List<String>> api = new ArrayList<>();
            page.get("rows").forEach(row -> api.add(List.of(row.get("custkey").asText(), row.get("name").asText(), row.get("mktsegment").asText(),
                    row.get("acctbal").isNull() ? "null" : String.valueOf(row.get("acctbal").asDouble()), row.get("phone").asText())));
            List<List<String>> sql = new ArrayList<>();
            try (Connection connection = mesh.connect(person)) {
                rows(connection, "SELECT custkey, name, mktsegment, acctbal, phone FROM mesh.customer_profiles.customers ORDER BY custkey")
                        .forEach(row -> sql.add(row.stream().map(value -> value == null ? "null" : String.valueOf(value)).toList()));
            }
            assertThat(api).as("%s's rows through the API and through SQL", person).isEqualTo(sql);
            assertThat(page.get("truncated").asBoolean()).isFalse();
            assertThat(page.get("next").isNull()).isTrue();
        }
    }

    @Test
    void everyOperatorIsItsSqlPredicate()
            throws Exception
    {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("orderstatus=O", "orderstatus = 'O'");
        cases.put("orderstatus.ne=O", "orderstatus <> 'O'");
        cases.put("totalprice.lt=1000.5", "totalprice < 1000.5");
        cases.put("totalprice.le=1000.5&totalprice.ge=900", "totalprice BETWEEN 900 AND 1000.5");
        cases.put("orderkey.gt=59000", "orderkey > 59000");
        cases.put("orderdate.between=1995-01-01,1995-01-31", "orderdate BETWEEN DATE '1995-01-01' AND DATE '1995-01-31'");
        cases.put("orderpriority.in=1-URGENT,2-HIGH&shippriority.eq=0&orderdate.ge=1998-01-01", "orderpriority IN ('1-URGENT', '2-HIGH') AND shippriority = 0 AND orderdate >= DATE '1998-01-01'");
        cases.put("clerk.like=Clerk%23000000_1_", "clerk LIKE 'Clerk#000000_1_'");
        cases.put("comment.like=%25final%5C_%25", "comment LIKE '%final\\_%' ESCAPE '\\'");
        cases.put("comment.is_null=false&orderkey.le=100", "comment IS NOT NULL AND orderkey <= 100");
        cases.put("comment.is_null=true", "comment IS NULL");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            JsonNode page = json(get("alice", "/v1/data/sales_orders/v1/orders?fields=orderkey&limit=10000&" + entry.getKey()), 200);
            List<Long> api = new ArrayList<>();
            page.get("rows").forEach(row -> api.add(row.get("orderkey").asLong()));
            List<Long> sql = longs("alice", "SELECT orderkey FROM mesh.sales_orders.orders WHERE %s ORDER BY orderkey".formatted(entry.getValue()));
            assertThat(api).as(entry.getKey()).isEqualTo(sql);
        }

        Map<String, String> typed = new LinkedHashMap<>();
        typed.put("flag=true", "flag = true");
        typed.put("flag.is_null=true", "flag IS NULL");
        typed.put("small.lt=0", "small < 0");
        typed.put("small.eq=2147483647", "small = 2147483647");
        typed.put("amount.ge=12.5", "amount >= DECIMAL '12.50'");
        typed.put("amount.in=-0.01,0", "amount IN (DECIMAL '-0.01', DECIMAL '0.00')");
        typed.put("ratio.between=-2,0.25", "ratio BETWEEN -2e0 AND 0.25e0");
        typed.put("label.in=with%5C,%20comma,plain", "label IN ('with, comma', 'plain')");
        typed.put("label=O'Brien%20%22quoted%22", "label = 'O''Brien \"quoted\"'");
        typed.put("label.eq=", "label = ''");
        typed.put("day.lt=2024-01-31", "day < DATE '2024-01-31'");
        typed.put("at.gt=2024-02-29T00:00:00", "at > TIMESTAMP '2024-02-29 00:00:00'");
        typed.put("at.le=1999-12-31%2023:59:59.999999", "at <= TIMESTAMP '1999-12-31 23:59:59.999999'");
        typed.put("tags.is_null=false", "tags IS NOT NULL");
        for (Map.Entry<String, String> entry : typed.entrySet()) {
            JsonNode page = json(get("alice", "/v1/data/typed/v1/samples?fields=id&" + entry.getKey()), 200);
            List<Long> api = new ArrayList<>();
            page.get("rows").forEach(row -> api.add(row.get("id").asLong()));
            assertThat(api).as(entry.getKey()).isEqualTo(longs("alice", "SELECT id FROM mesh.typed.samples WHERE %s ORDER BY id".formatted(entry.getValue())));
        }
        // Values keep their types: exact decimals, ISO dates and timestamps, arrays as arrays.
        JsonNode first = json(get("alice", "/v1/data/typed/v1/samples?id=2"), 200).get("rows").get(0);
        assertThat(first.get("amount").decimalValue()).isEqualByComparingTo("-0.01");
        assertThat(first.get("flag").asBoolean()).isFalse();
        assertThat(first.get("day").asText()).isEqualTo("2024-02-29");
        assertThat(first.get("at").asText()).isEqualTo("2024-02-29T00:00:00.000001");
        assertThat(first.get("tags").toString()).isEqualTo("[\"c\"]");
    }

    @Test
    void badRequestsNameTheParameterAndValue()
            throws Exception
    {
        assertRefused("/v1/data/typed/v1/samples?small=12x", 400, "small", "12x", "integer");
        assertRefused("/v1/data/typed/v1/samples?small=2147483648", 400, "2147483648", "integer");
        assertRefused("/v1/data/typed/v1/samples?amount.gt=1.234", 400, "amount.gt", "decimal(10,2)");
        assertRefused("/v1/data/typed/v1/samples?day=31/01/2024", 400, "day", "31/01/2024", "date");
        assertRefused("/v1/data/typed/v1/samples?at.lt=yesterday", 400, "at.lt", "timestamp");
        assertRefused("/v1/data/typed/v1/samples?flag=yes", 400, "flag", "true or false");
        assertRefused("/v1/data/typed/v1/samples?ratio=NaN", 400, "ratio", "NaN");
        assertRefused("/v1/data/typed/v1/samples?tags=a", 400, "tags", "array(varchar)");
        assertRefused("/v1/data/typed/v1/samples?small.like=1%25", 400, "small.like", "text columns");
        assertRefused("/v1/data/typed/v1/samples?label.like=a%5C", 400, "label.like", "backslash");
        assertRefused("/v1/data/typed/v1/samples?day.between=2024-01-01", 400, "day.between", "two values");
        assertRefused("/v1/data/typed/v1/samples?price=1", 400, "price", "its columns are id, flag");
        assertRefused("/v1/data/typed/v1/samples?small.gte=1", 400, "small.gte", "eq, ne, lt");
        assertRefused("/v1/data/typed/v1/samples?fields=id,price", 400, "fields", "price");
        assertRefused("/v1/data/typed/v1/samples?order=label.up", 400, "order", "label.up");
        assertRefused("/v1/data/typed/v1/samples?order=tags", 400, "order", "tags");
        assertRefused("/v1/data/typed/v1/samples?limit=0", 400, "limit");
        assertRefused("/v1/data/typed/v1/samples?limit=10001", 400, "limit");
        assertRefused("/v1/data/typed/v1/samples?format=xml", 400, "xml");
        assertRefused("/v1/data/typed/v1/samples?cursor=abc", 400, "cursor");
        assertRefused("/v1/data/typed/v1/nothing", 404, "has no dataset 'nothing'", "samples");
        assertRefused("/v1/data/typed/v2/samples", 404, "no v2");
        assertRefused("/v1/data/nosuch/v1/samples", 404, "no product 'nosuch'");
        // A product eve may not see is answered as one that does not exist.
        JsonNode hidden = json(get("eve", "/v1/data/typed/v1/samples"), 404);
        JsonNode missing = json(get("eve", "/v1/data/nosuch/v1/samples"), 404);
        assertThat(hidden.get("message").asText().replace("typed", "X")).isEqualTo(missing.get("message").asText().replace("nosuch", "X"));
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(uri("/v1/data/typed/v1/samples")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> xml = http.send(request("alice", "/v1/data/typed/v1/samples").header("Accept", "application/xml").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(xml.statusCode()).isEqualTo(406);
    }

    @Test
    void pagesOfACursorReadOneSnapshotWhileProducersWrite()
            throws Exception
    {
        Set<Long> original = new HashSet<>(longs("admin", "SELECT id FROM lake.paged.events"));
        List<Long> seen = new ArrayList<>();
        String path = "/v1/data/paged/v1/events?fields=id&limit=250";
        String snapshot = null;
        int pages = 0;
        while (path != null) {
            HttpResponse<String> response = get("alice", path);
            JsonNode page = json(response, 200);
            String pinned = response.headers().firstValue("Mesh-Snapshot").orElseThrow();
            assertThat(snapshot == null || snapshot.equals(pinned)).as("every page reads snapshot %s", snapshot).isTrue();
            snapshot = pinned;
            page.get("rows").forEach(row -> seen.add(row.get("id").asLong()));
            // A producer writes between the pages: rows before and after the cursor's position, and deletes some.
            try (Connection admin = mesh.connect("admin")) {
                rows(admin, "INSERT INTO lake.paged.events VALUES (%s, 'new'), (%s, 'new')".formatted(pages * 2 + 1, 7999 - pages * 2));
                rows(admin, "DELETE FROM lake.paged.events WHERE id = %s".formatted(4 + pages * 400));
            }
            pages++;
            path = page.get("next").isNull() ? null : "/v1/data/paged/v1/events?limit=250&cursor=" + encode(page.get("next").asText());
            assertThat(page.get("truncated").asBoolean()).isEqualTo(path != null);
        }
        assertThat(pages).isGreaterThan(3);
        assertThat(seen).as("every row of the snapshot once, in order").hasSize(original.size()).doesNotHaveDuplicates().isSorted();
        assertThat(new HashSet<>(seen)).isEqualTo(original);
        // A new read sees the writes.
        JsonNode fresh = json(get("alice", "/v1/data/paged/v1/events?fields=id&limit=10000"), 200);
        assertThat(fresh.get("rowCount").asLong()).isEqualTo(longs("admin", "SELECT count(*) FROM lake.paged.events").getFirst());
    }

    @Test
    void aMaskedUniqueKeyIsPagedByOffsetWithoutLosingRows()
            throws Exception
    {
        apply("masked_keys", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: masked_keys, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: events
                      source: {table: lake.masked_keys.events}
                      columns:
                        - {name: id, type: bigint, required: true, unique: true}
                        - {name: payload, type: varchar}
                """);
        mesh.registry().applyPolicy("masked_keys_rules", """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: masked_keys_rules, scope: global}
                spec:
                  rules:
                    - {type: columnMask, product: masked_keys, datasets: [events], columns: [id], mask: "null", principals: [group:analysts]}
                """, Optional.empty(), false);
        until("alice's ids to be masked", () -> outcome(() -> mesh.value("alice", "SELECT count(id) FROM mesh.masked_keys.events")), "0"::equals);
        List<String> payloads = new ArrayList<>();
        String path = "/v1/data/masked_keys/v1/events?limit=90";
        while (path != null) {
            JsonNode page = json(get("alice", path), 200);
            page.get("rows").forEach(row -> {
                assertThat(row.get("id").isNull()).isTrue();
                payloads.add(row.get("payload").asText());
            });
            path = page.get("next").isNull() ? null : "/v1/data/masked_keys/v1/events?limit=90&cursor=" + encode(page.get("next").asText());
        }
        List<String> sql = new ArrayList<>();
        try (Connection alice = mesh.connect("alice")) {
            rows(alice, "SELECT payload FROM mesh.masked_keys.events").forEach(row -> sql.add((String) row.getFirst()));
        }
        assertThat(payloads).hasSize(sql.size());
        assertThat(payloads.stream().sorted().toList()).isEqualTo(sql.stream().sorted().toList());
    }

    @Test
    void aCursorIsItsCallersAndCarriesItsQuery()
            throws Exception
    {
        JsonNode page = json(get("alice", "/v1/data/sales_orders/v1/orders?fields=orderkey,totalprice&order=totalprice.desc&orderstatus=F&limit=7"), 200);
        String next = page.get("next").asText();
        assertRefused("bob", "/v1/data/sales_orders/v1/orders?cursor=" + encode(next), 400, "another user");
        assertRefused("alice", "/v1/data/sales_orders/v1/orders?cursor=" + encode(next) + "&orderstatus=O", 400, "a cursor carries");
        assertRefused("alice", "/v1/data/sales_orders/v1/lineitem?cursor=" + encode(next), 400, "/v1/data/sales_orders/v1/orders");
        String tampered = next.substring(0, 10) + (next.charAt(10) == 'A' ? 'B' : 'A') + next.substring(11);
        assertRefused("alice", "/v1/data/sales_orders/v1/orders?cursor=" + encode(tampered), 400, "cursor");
        // The next page goes on in the same order, with the same filter and fields.
        JsonNode second = json(get("alice", "/v1/data/sales_orders/v1/orders?limit=7&cursor=" + encode(next)), 200);
        List<Double> prices = new ArrayList<>();
        page.get("rows").forEach(row -> prices.add(row.get("totalprice").asDouble()));
        second.get("rows").forEach(row -> prices.add(row.get("totalprice").asDouble()));
        List<Double> sql = new ArrayList<>();
        try (Connection alice = mesh.connect("alice")) {
            rows(alice, "SELECT totalprice FROM mesh.sales_orders.orders WHERE orderstatus = 'F' ORDER BY totalprice DESC, orderkey LIMIT 14").forEach(row -> sql.add((Double) row.getFirst()));
        }
        assertThat(prices).isEqualTo(sql);
        // A page's query reads one row more than the page, and then its end: Trino finishes it, nothing is cancelled.
        assertThat(mesh.value("admin", """
                SELECT array_join(array_agg(DISTINCT state), ',') FROM system.runtime.queries
                WHERE source = 'mesh-api' AND "user" = 'alice' AND query LIKE '%"sales_orders"%LIMIT 8'""")).isEqualTo("FINISHED");
        assertThat(second.get("rows").get(0).size()).isEqualTo(2);
    }

    @Test
    void everyFormatReadsBackWithARealParser()
            throws Exception
    {
        String query = "/v1/data/typed/v1/samples?fields=id,flag,small,amount,ratio,label,day,at";
        JsonNode json = json(get("alice", query), 200);
        List<Map<String, String>> expected = new ArrayList<>();
        json.get("rows").forEach(row -> {
            Map<String, String> values = new LinkedHashMap<>();
            row.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText()));
            expected.add(values);
        });
        assertThat(expected).hasSize(5);

        HttpResponse<String> ndjson = http.send(request("alice", query).header("Accept", "application/x-ndjson").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ndjson.statusCode()).isEqualTo(200);
        assertThat(ndjson.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        List<Map<String, String>> lines = new ArrayList<>();
        try (MappingIterator<ObjectNode> rows = JSON.readerFor(ObjectNode.class).readValues(ndjson.body())) {
            while (rows.hasNext()) {
                Map<String, String> values = new LinkedHashMap<>();
                rows.next().fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText()));
                lines.add(values);
            }
        }
        assertThat(lines).isEqualTo(expected);

        HttpResponse<String> csv = http.send(request("alice", query + "&format=csv").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        CsvMapper csvMapper = new CsvMapper().enable(CsvParser.Feature.EMPTY_STRING_AS_NULL);
        List<Map<String, String>> records = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = csvMapper.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader()).readValues(csv.body())) {
            rows.forEachRemaining(records::add);
        }
        // CSV writes the empty string quoted and null as nothing; the parser reads both as null.
        List<Map<String, String>> expectedCsv = expected.stream().map(row -> {
            Map<String, String> copy = new LinkedHashMap<>(row);
            copy.replaceAll((_, value) -> value == null || value.isEmpty() ? null : value);
            return copy;
        }).toList();
        assertThat(records).isEqualTo(expectedCsv);
        assertThat(csv.body()).contains("\"with, comma\"").contains("\"O'Brien \"\"quoted\"\"\"").contains(",\"\",");

        HttpResponse<byte[]> arrow = http.send(request("alice", query).header("Accept", "application/vnd.apache.arrow.stream").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(arrow.statusCode()).isEqualTo(200);
        List<Map<String, String>> batches = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator();
                ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrow.body()), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(root.getSchema().getCustomMetadata()).containsEntry("mesh.product", "typed");
            while (reader.loadNextBatch()) {
                for (int row = 0; row < root.getRowCount(); row++) {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (FieldVector vector : root.getFieldVectors()) {
                        values.put(vector.getName(), arrowText(vector, row));
                    }
                    batches.add(values);
                }
            }
        }
        assertThat(batches).isEqualTo(expected);
    }

    @Test
    void streamsEndWithTrailersAndBoundedPages()
            throws Exception
    {
        org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient();
        // Jetty's client asks for gzip too: the response carrying trailers comes uncompressed anyway.
        jetty.start();
        try {
            ContentResponse cut = jetty.newRequest(uri("/v1/data/sales_orders/v1/orders?fields=orderkey&limit=1000"))
                    .headers(headers -> headers.put("Authorization", mesh.service().authorization("alice")).put("Accept", "application/x-ndjson").put("TE", "trailers"))
                    .timeout(60, TimeUnit.SECONDS)
                    .send();
            assertThat(cut.getStatus()).isEqualTo(200);
            assertThat(cut.getContentAsString().lines().count()).isEqualTo(1000);
            assertThat(cut.getTrailers()).as("trailers of a cut stream").isNotNull();
            assertThat(cut.getTrailers().get("Mesh-Truncated")).isEqualTo("true");
            String next = cut.getTrailers().get("Mesh-Next-Cursor");
            assertThat(next).isNotBlank();
            ContentResponse rest = jetty.newRequest(uri("/v1/data/sales_orders/v1/orders?cursor=" + encode(next)))
                    .headers(headers -> headers.put("Authorization", mesh.service().authorization("alice")).put("Accept", "text/csv").put("TE", "trailers"))
                    .timeout(60, TimeUnit.SECONDS)
                    .send();
            assertThat(rest.getStatus()).isEqualTo(200);
            // The header line, then every remaining order.
            assertThat(rest.getContentAsString().lines().count() - 1).isEqualTo(15000 - 1000);
            assertThat(rest.getTrailers().get("Mesh-Truncated")).isEqualTo("false");
        }
        finally {
            jetty.stop();
        }
    }

    @Test
    void refusalsCarryTrinosReasons()
            throws Exception
    {
        // sam owns the sales domain, so he sees sales_revenue, but is no consumer of it: Trino refuses him.
        assertRefused("sam", "/v1/data/sales_revenue/v1/monthly_revenue", 403, "Trino refused", "sam is not a consumer of product 'sales_revenue'");
        // A dataset its blocking check stopped: 503 with the breaker's reason.
        QualityRun run = mesh.registry().requestQualityRun("checked_orders", Optional.empty());
        until("the quality run to finish", java.time.Duration.ofMinutes(2), () -> mesh.registry().qualityRun(run.id()), QualityRun::done);
        until("the breaker of checked_orders to stop reads", () -> status("alice", "/v1/data/checked_orders/v1/orders"), code -> code == 503);
        assertRefused("alice", "/v1/data/checked_orders/v1/orders", 503, "is blocked", "row_count");
        // Metrics: unit and grain in the answer, filters on the time dimension.
        JsonNode metric = json(get("fiona", "/v1/metrics/sales_revenue/monthly_net_revenue?from=1995-01-01&to=1996-01-01"), 200);
        assertThat(metric.get("unit").asText()).isEqualTo("USD");
        assertThat(metric.get("grain").asText()).isEqualTo("month");
        assertThat(metric.get("rows")).hasSize(12);
        assertThat(metric.get("rows").get(0).get("month").asText()).isEqualTo("1995-01-01");
        double total = metric.get("rows").get(0).get("net_revenue").asDouble();
        double sql = ((Number) mesh.value("fiona", "SELECT net_revenue FROM mesh.sales_revenue.monthly_net_revenue WHERE month = DATE '1995-01-01'")).doubleValue();
        assertThat(total).isEqualTo(sql);
        JsonNode overall = json(get("fiona", "/v1/metrics/sales_revenue/monthly_net_revenue?by="), 200);
        assertThat(overall.get("rows").size()).isGreaterThan(12);
        assertRefused("fiona", "/v1/metrics/sales_revenue/monthly_net_revenue?by=region", 400, "region", "month");
        assertRefused("fiona", "/v1/metrics/sales_revenue/monthly_net_revenue?from=soon", 400, "from", "date");
        assertRefused("fiona", "/v1/metrics/sales_revenue/monthly_revenue", 404, "no metric 'monthly_revenue'", "monthly_net_revenue");
        assertRefused("sam", "/v1/metrics/sales_revenue/monthly_net_revenue", 403, "not a consumer");
    }

    @Test
    void aPreviousMajorIsDeprecatedWithASunsetAndAnOlderOneIsGone()
            throws Exception
    {
        String v1 = """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: versioned, domain: sales, owner: group:sales-team, version: %s, status: published}
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: nations
                      source: {table: lake.versioned.nations}
                      columns:
                        - {name: nationkey, type: bigint, unique: true}
                        - {name: %s, type: varchar}
                %s""";
        apply("versioned", v1.formatted("1.0.0", "name", ""));
        LocalDate until = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30);
        mesh.registry().applyProduct("versioned", v1.formatted("2.0.0", "regionkey", "  previousMajor: {until: %s}\n".formatted(until)).replace("name: regionkey, type: varchar", "name: regionkey, type: bigint"), Optional.of("*"), false);
        until("v1 of versioned to be served", () -> answer("alice", "/v1/data/versioned/v1/nations"), answer -> answer.startsWith("200 "));
        HttpResponse<String> old = get("alice", "/v1/data/versioned/v1/nations?limit=3");
        JsonNode oldPage = json(old, 200);
        assertThat(oldPage.get("rows").get(0).has("name")).isTrue();
        assertThat(oldPage.get("version").asText()).as("the version the table serves").isEqualTo("1.0.0");
        assertThat(old.headers().firstValue("Deprecation").orElseThrow()).startsWith("@");
        assertThat(old.headers().firstValue("Sunset").orElseThrow()).contains(String.valueOf(until.plusDays(1).getYear()));
        assertThat(old.headers().firstValue("Link").orElseThrow()).isEqualTo("</v1/data/versioned/v2/nations>; rel=\"successor-version\"");
        HttpResponse<String> current = get("alice", "/v1/data/versioned/v2/nations?limit=3");
        assertThat(json(current, 200).get("rows").get(0).has("regionkey")).isTrue();
        assertThat(current.headers().firstValue("Sunset")).isEmpty();
        assertRefused("alice", "/v1/data/versioned/v0/nations", 410, "version 0 of product 'versioned' is retired", "/v1/data/versioned/v2/nations");
    }

    @Test
    void aClientThatLeavesCancelsItsQuery()
            throws Exception
    {
        apply("big", """
                apiVersion: mesh/v1
                kind: DataProduct
                metadata: {name: big, domain: sales, owner: group:sales-team, version: 1.0.0, status: published}
                spec:
                  access: {consumers: [group:analysts]}
                  datasets:
                    - name: orders
                      source: {sql: "SELECT orderkey, custkey, comment FROM tpch.sf1.orders"}
                      columns:
                        - {name: orderkey, type: bigint, unique: true}
                        - {name: custkey, type: bigint}
                        - {name: comment, type: varchar}
                """);
        until("big to be served", () -> status("alice", "/v1/data/big/v1/orders?limit=1"), code -> code == 200);
        HttpResponse<InputStream> response = http.send(request("alice", "/v1/data/big/v1/orders?format=ndjson").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(64 * 1024)).hasSize(64 * 1024);
        }
        // The stream is closed long before its 1.5 million rows: the service cancels the query in Trino.
        String state = until("the abandoned read's query to end in Trino", () -> outcome(() -> mesh.value("admin", """
                SELECT state || ' ' || coalesce(error_code, '-') FROM system.runtime.queries
                WHERE source = 'mesh-api' AND "user" = 'alice' AND query LIKE '%"big"%' AND query NOT LIKE '%LIMIT%'""")),
                text -> !text.startsWith("RUNNING") && !text.startsWith("QUEUED"));
        assertThat(state).isEqualTo("FAILED USER_CANCELED");
    }

    @Test
    void aPersonWhoAsksTooFastIsToldToWait()
            throws Exception
    {
        int refused = 0;
        String retryAfter = null;
        for (int i = 0; i < 200 && refused == 0; i++) {
            HttpResponse<String> response = get("eve", "/v1/data/nosuch/v1/nothing");
            if (response.statusCode() == 429) {
                refused++;
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                assertThat(response.body()).contains("data.requests-per-second-per-user");
            }
            else {
                assertThat(response.statusCode()).isEqualTo(404);
            }
        }
        assertThat(refused).as("eve's requests past her burst are refused").isPositive();
        assertThat(retryAfter).isNotNull();
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 5);
        // Someone else is not slowed down by eve.
        assertThat(get("alice", "/v1/data/typed/v1/samples?limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    void lineageAndAuditRecordThePersonAndTheDoor()
            throws Exception
    {
        json(get("bob", "/v1/data/customer_profiles/v2/nations?limit=5"), 200);
        JsonNode audit = until("bob's API read in the audit trail", () -> {
            try {
                return json(get("admin", "/v1/lineage/audit?user=bob&product=customer_profiles&limit=50"), 200);
            }
            catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }, entries -> entries.size() > 0 && hasApiRead(entries));
        JsonNode entry = null;
        for (JsonNode candidate : audit) {
            if ("api".equals(candidate.path("door").asText())) {
                entry = candidate;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.get("impersonator").asText()).isEqualTo("mesh-service");
        assertThat(entry.get("source").asText()).isEqualTo("mesh-api");
        JsonNode usage = json(get("admin", "/v1/lineage/usage?product=customer_profiles&user=bob"), 200);
        List<String> datasets = new ArrayList<>();
        usage.forEach(row -> datasets.add(row.get("dataset").asText()));
        assertThat(datasets).as("the API's read counts as bob's read of the dataset").contains("mesh.customer_profiles.nations").noneMatch(name -> name.contains("@snapshot:"));
    }

    private static boolean hasApiRead(JsonNode entries)
    {
        for (JsonNode entry : entries) {
            if ("api".equals(entry.path("door").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String arrowText(FieldVector vector, int row)
    {
        Object value = vector.getObject(row);
        if (value == null) {
            return null;
        }
        return switch (vector.getMinorType()) {
            case DATEDAY -> LocalDate.ofEpochDay(((Number) value).longValue()).toString();
            case TIMESTAMPMICRO -> java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format((java.time.LocalDateTime) value);
            case DECIMAL -> ((java.math.BigDecimal) value).toPlainString();
            default -> value.toString();
        };
    }

    private List<Long> longs(String user, String sql)
            throws SQLException
    {
        List<Long> values = new ArrayList<>();
        try (Connection connection = mesh.connect(user)) {
            rows(connection, sql).forEach(row -> values.add(((Number) row.getFirst()).longValue()));
        }
        return values;
    }

    private void assertRefused(String path, int status, String... mentions)
            throws Exception
    {
        assertRefused("alice", path, status, mentions);
    }

    private void assertRefused(String user, String path, int status, String... mentions)
            throws Exception
    {
        HttpResponse<String> response = get(user, path);
        assertThat(response.statusCode()).as("%s as %s: %s", path, user, response.body()).isEqualTo(status);
        for (String mention : mentions) {
            assertThat(response.body()).as("%s as %s", path, user).contains(mention);
        }
    }

    /** The status and body of a GET, for waiting on it and saying what came last. */
    private String answer(String user, String path)
    {
        try {
            HttpResponse<String> response = get(user, path);
            return response.statusCode() + " " + response.body();
        }
        catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private int status(String user, String path)
    {
        try {
            return get(user, path).statusCode();
        }
        catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> get(String user, String path)
            throws IOException, InterruptedException
    {
        return http.send(request(user, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String user, String path)
    {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", mesh.service().authorization(user)).timeout(java.time.Duration.ofSeconds(60));
    }

    private URI uri(String path)
    {
        return mesh.service().baseUri().resolve(path);
    }

    private static JsonNode json(HttpResponse<String> response, int status)
            throws IOException
    {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static String encode(String value)
    {
        return URLEncoder.encode(value, UTF_8);
    }

    private void apply(String product, String yaml)
    {
        mesh.registry().applyProduct(product, yaml, Optional.empty(), false);
    }
}
