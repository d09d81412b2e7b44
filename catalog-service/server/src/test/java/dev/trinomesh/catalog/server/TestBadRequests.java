package dev.trinomesh.catalog.server;

import com.google.common.collect.ObjectArrays;
import dev.trinomesh.catalog.testing.RawRequests;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input on any route is a 4xx that names the parameter or field and the rule, and changes nothing; never a 500 or a 404 for a bad value. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestBadRequests
{
    private static final String PRODUCT = """
            {"apiVersion":"mesh/v1","kind":"DataProduct","metadata":{"name":"shop","domain":"sales","owner":"user:sam","version":"0.1.0"},
             "spec":{"datasets":[{"name":"t","source":{"sql":"SELECT 1 AS x"},"columns":[{"name":"x","type":"integer"}]}]}}""";

    private TestingCatalogService service;
    private HttpClient client;

    @BeforeAll
    void start()
    {
        service = new TestingCatalogService();
        client = HttpClient.newHttpClient();
        assertThat(send("PUT", "/v1/products/shop", PRODUCT).statusCode()).isEqualTo(201);
    }

    @AfterAll
    void stop()
    {
        client.close();
        service.close();
    }

    @Test
    void malformedJsonBodiesAreNamedNotInternalErrors()
    {
        assertRefused(send("POST", "/v1/products/shop/status", "{\"status\": "), 400, "the request body is not valid JSON at line 1");
        assertRefused(send("POST", "/v1/products/shop/status", "{}"), 400, "status is null");
        assertRefused(send("POST", "/v1/products/shop/status", "{\"status\": \"gone\"}"), 400, "\"path\":\"status\"");
        assertRefused(send("PUT", "/v1/users/alice/attributes", "{\"region\": {\"nested\": 1}}"), 400, "\"path\":\"region\"");
        assertRefused(send("PUT", "/v1/users/alice/attributes", ""), 400, "{} removes them all");
        assertRefused(send("POST", "/v1/products/shop/releases", "[1, 2]"), 400, "the request body does not have the expected fields and types");
        assertThat(send("GET", "/v1/products/shop", null).body()).contains("\"revision\":1");
    }

    @Test
    void badQueryValuesAreRefusedNotIgnored()
    {
        assertRefused(send("GET", "/v1/products?limit=ten", null), 400, "\"path\":\"limit\",\"value\":\"ten\"");
        assertRefused(send("GET", "/v1/products?limit=0&status=gone", null), 400, "\"path\":\"status\"");
        assertRefused(send("GET", "/v1/products/shop/diff?from=x", null), 400, "\"path\":\"from\"");
        assertRefused(send("GET", "/v1/lake/commits?limit=-1&outcome=maybe", null), 400, "\"path\":\"outcome\"");
        assertRefused(send("GET", "/v1/policies?includeRemoved=yes", null), 400, "\"path\":\"includeRemoved\",\"value\":\"yes\",\"rule\":\"must be true or false\"");
        // A dry run asked for with a word other than true is refused, never taken as a real write.
        String changed = PRODUCT.replace("0.1.0", "0.2.0");
        assertRefused(send("PUT", "/v1/products/shop?dryRun=yes", changed, "If-Match", "\"1\""), 400, "\"path\":\"dryRun\"");
        assertThat(send("GET", "/v1/products/shop", null).body()).contains("\"version\":\"0.1.0\"");
    }

    @Test
    void preconditionsAnswerAsHttpSays()
    {
        assertRefused(send("PUT", "/v1/products/shop", PRODUCT, "If-None-Match", "*"), 412, "product 'shop' already exists");
        assertRefused(send("POST", "/v1/products", PRODUCT), 409, "product 'shop' already exists");
    }

    @Test
    void overLongCredentialsAreRefusedAndClaimedNamesIgnored()
    {
        // A name claimed in X-Mesh-User (trusted once) is dropped: the change is admin's, whom the token proves.
        assertThat(send("PUT", "/v1/products/other", PRODUCT.replace("shop", "other"), "X-Mesh-User", "u".repeat(129)).statusCode()).isEqualTo(201);
        assertThat(send("GET", "/v1/products/other", null).body()).contains("\"updatedBy\":\"admin\"");
        // Headers past the HTTP server's limit are refused before anything reads them.
        // Jetty answers 431 and closes the connection without reading the rest; a client still sending may see the
        // connection reset before it reads the answer, which is a refusal too.
        assertThat(statusOrReset("PUT", "/v1/products/third", PRODUCT.replace("shop", "third"), "Authorization", "Bearer " + "t".repeat(16 * 1024 + 1))).isIn(431, 0);
        assertRefused(send("PUT", "/v1/products/third", PRODUCT.replace("shop", "third"), "Authorization", "Bearer " + "t".repeat(4 * 1024)), 401,
                "the bearer token is not valid for this catalog service");
        assertThat(send("GET", "/v1/products/third", null).statusCode()).isEqualTo(404);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String text)
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"status\":" + status).contains(text);
    }

    /** The answer's status, or 0 when the server closed the connection before the client read an answer. */
    private int statusOrReset(String method, String path, String body, String... headers)
    {
        try {
            return send(method, path, body, headers).statusCode();
        }
        catch (AssertionError e) {
            if (e.getCause() instanceof IOException) {
                return 0;
            }
            throw e;
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers)
    {
        // As admin, unless the headers say otherwise.
        String[] asAdmin = ObjectArrays.concat(new String[] {"Authorization", service.authorization("admin")}, headers, String.class);
        return RawRequests.send(client, RawRequests.request(service.baseUri(), method, path, body, asAdmin));
    }
}
