package dev.trinomesh.catalog.server;

import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.google.common.io.MoreFiles.deleteRecursively;
import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.net.http.HttpRequest.BodyPublishers.noBody;
import static java.net.http.HttpRequest.BodyPublishers.ofString;
import static org.assertj.core.api.Assertions.assertThat;

/** Quality and lineage can be left out of a deployment; what needs them says so, and they can be added later. */
class TestAreasLeftOut
{
    @Test
    void routesOfAnAreaLeftOutAnswerNotDeployedAndTheRestServes()
            throws IOException
    {
        Path directory = Files.createTempDirectory("areas-left-out");
        String database = "jdbc:h2:file:" + directory.resolve("catalog").toAbsolutePath();
        try (HttpClient client = HttpClient.newHttpClient()) {
            // The areas' settings stay valid while they are left out.
            try (TestingCatalogService service = new TestingCatalogService(Map.of(
                    "database.url", database,
                    "quality.enabled", "false",
                    "quality.trino-uri", "http://127.0.0.1:1",
                    "lineage.enabled", "false",
                    "lineage.producers", "user:spark"))) {
                for (String route : List.of("GET /v1/quality/status", "POST /v1/quality/runs?product=p", "GET /v1/quality/runs/1")) {
                    assertNotDeployed(send(client, service, route), "Data quality is not deployed in this catalog service (quality.enabled=false)");
                }
                for (String route : List.of("POST /v1/lineage", "POST /v1/lineage/batch", "POST /api/v1/lineage", "GET /v1/lineage/upstream?dataset=x", "GET /v1/lineage/edges")) {
                    assertNotDeployed(send(client, service, route), "The lineage store is not deployed in this catalog service (lineage.enabled=false)");
                }
                // The MCP server's lineage tool says so too, as a tool error the assistant reads.
                HttpResponse<String> lineage = send(client, service, "POST /mcp");
                assertThat(lineage.statusCode()).as(lineage.body()).isEqualTo(200);
                assertThat(lineage.body()).contains("\"isError\":true").contains("The lineage store is not deployed in this catalog service (lineage.enabled=false)");
                assertThat(send(client, service, "PUT /v1/products/shop").statusCode()).isEqualTo(201);
                HttpResponse<String> snapshot = send(client, service, "GET /v1/catalog/snapshot");
                assertThat(snapshot.statusCode()).isEqualTo(200);
                assertThat(snapshot.body()).contains("\"name\":\"shop\"").doesNotContain("qualityStatus\":\"");
                assertThat(tables(service)).noneMatch(table -> table.startsWith("quality_") || table.startsWith("lineage_"));
            }
            // Deployed later, an area makes its tables on the database it joins.
            try (TestingCatalogService service = new TestingCatalogService(Map.of("database.url", database))) {
                assertThat(tables(service)).contains("quality_runs", "quality_schema_history", "lineage_edges", "lineage_schema_history");
                assertThat(send(client, service, "GET /v1/quality/status").statusCode()).isEqualTo(200);
                assertThat(send(client, service, "GET /v1/products/shop").statusCode()).isEqualTo(200);
            }
        }
        finally {
            deleteRecursively(directory, ALLOW_INSECURE);
        }
    }

    private static List<String> tables(TestingCatalogService service)
    {
        return service.getInstance(Jdbi.class).withHandle(handle -> handle.createQuery("SELECT lower(table_name) FROM information_schema.tables WHERE lower(table_schema) = 'public'")
                .mapTo(String.class)
                .list());
    }

    private static void assertNotDeployed(HttpResponse<String> response, String message)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.body()).contains("\"error\":\"NotDeployed\"").contains(message);
    }

    private static HttpResponse<String> send(HttpClient client, TestingCatalogService service, String route)
    {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        String body = path.equals("/mcp") ? """
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"dataset_lineage","arguments":{"product":"shop","dataset":"t"}}}""" : method.equals("PUT") ? """
                {"apiVersion":"mesh/v1","kind":"DataProduct","metadata":{"name":"shop","domain":"sales","owner":"user:sam","version":"0.1.0"},
                 "spec":{"datasets":[{"name":"t","source":{"sql":"SELECT 1 AS x"},"columns":[{"name":"x","type":"integer"}]}]}}""" : method.equals("POST") ? "[]" : null;
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUri() + path))
                .method(method, body == null ? noBody() : ofString(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", service.authorization("admin"))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
