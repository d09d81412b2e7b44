package dev.trinomesh.catalog.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.testing.TestingCatalogService;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/reference/openapi.yaml describes the service as it runs: every route the deployed resources serve is
 * documented, every documented route is served, and each operation names the query, path and header
 * parameters its method reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestOpenApiDocument
{
    private static final Path DOCUMENT = Path.of("../../docs/reference/openapi.yaml");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*(\\w+)\\s*(?::\\s*([^}]*))?}");
    private static final Pattern ALTERNATION = Pattern.compile("[\\w/-]+(\\|[\\w/-]+)+");

    private TestingCatalogService service;
    private Map<String, Set<String>> served;
    private Map<String, Set<String>> documented;
    private JsonNode document;

    @BeforeAll
    void start()
            throws IOException
    {
        service = new TestingCatalogService();
        served = servedOperations(service.getInstance(ResourceConfig.class));
        document = new ObjectMapper(new YAMLFactory()).readTree(DOCUMENT.toFile());
        documented = new TreeMap<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .map(Map.Entry::getKey)
                .filter(METHODS::contains)
                .forEach(method -> documented.put(method.toUpperCase(Locale.ROOT) + " " + path.getKey(), parameters(path.getValue(), path.getValue().get(method)))));
    }

    @AfterAll
    void stop()
    {
        service.close();
    }

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed()
    {
        assertThat(served).as("the service serves routes").hasSizeGreaterThan(50);
        assertThat(new TreeSet<>(documented.keySet()))
                .as("routes documented in %s (left) against routes the service serves (right)", DOCUMENT)
                .isEqualTo(new TreeSet<>(served.keySet()));
    }

    @Test
    void everyOperationDocumentsTheParametersItsMethodReads()
    {
        List<String> differences = new ArrayList<>();
        served.forEach((operation, parameters) -> {
            Set<String> inDocument = documented.get(operation);
            if (inDocument != null && !inDocument.equals(parameters)) {
                differences.add("%s: served %s, documented %s".formatted(operation, parameters, inDocument));
            }
        });
        assertThat(differences).as("operations whose parameters differ from %s", DOCUMENT).isEmpty();
    }

    /** The portal's pages are for browsers, not an API: docs/user-guide/portal.md describes them. */
    private static boolean isPortal(String path)
    {
        return path.equals("/") || path.startsWith("/portal");
    }

    /** Each operation as "METHOD /path" with its parameters as "in:name" (headers in lower case), from Jersey's model of the resources. */
    private static Map<String, Set<String>> servedOperations(ResourceConfig config)
    {
        Map<String, Set<String>> operations = new TreeMap<>();
        // Airlift registers each bound resource as a Jersey Resource; annotated classes registered directly count too.
        config.getResources().forEach(resource -> collect(resource, "", operations));
        config.getClasses().stream()
                .filter(type -> type.isAnnotationPresent(jakarta.ws.rs.Path.class))
                .forEach(type -> collect(Resource.from(type), "", operations));
        return operations;
    }

    private static void collect(Resource resource, String parent, Map<String, Set<String>> operations)
    {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            Set<String> parameters = new TreeSet<>();
            for (Parameter parameter : method.getInvocable().getHandlingMethod().getParameters()) {
                for (Annotation annotation : parameter.getAnnotations()) {
                    switch (annotation) {
                        case QueryParam query -> parameters.add("query:" + query.value());
                        case PathParam pathParam -> parameters.add("path:" + pathParam.value());
                        // X-Mesh-User is the authentication filter's word to the resources, never a client's: not documented.
                        case HeaderParam header when header.value().equalsIgnoreCase(RequestUser.HEADER) -> {}
                        case HeaderParam header -> parameters.add("header:" + header.value().toLowerCase(Locale.ROOT));
                        default -> {}
                    }
                }
            }
            for (String literal : expand(path)) {
                Set<String> pathParameters = new TreeSet<>(parameters);
                // A parameter expanded into literal paths is no longer a parameter of each of them.
                pathParameters.removeIf(name -> name.startsWith("path:") && !literal.contains("{" + name.substring(5) + "}"));
                if (!isPortal(literal)) {
                    operations.put(method.getHttpMethod() + " " + literal, pathParameters);
                }
            }
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, operations);
        }
    }

    /** A JAX-RS template as documented paths: {x} for any parameter, one literal path per alternative of {x: a|b}. */
    private static List<String> expand(String template)
    {
        Matcher matcher = TEMPLATE.matcher(template);
        while (matcher.find()) {
            String regex = matcher.group(2);
            if (regex != null && ALTERNATION.matcher(regex.strip()).matches()) {
                List<String> paths = new ArrayList<>();
                for (String literal : regex.strip().split("\\|")) {
                    paths.addAll(expand(template.substring(0, matcher.start()) + literal + template.substring(matcher.end())));
                }
                return paths;
            }
        }
        return List.of(TEMPLATE.matcher(template).replaceAll("{$1}"));
    }

    /** A {@code $ref} within the document ({@code #/components/parameters/...}), or the node itself. */
    private JsonNode resolve(JsonNode node)
    {
        String reference = node.path("$ref").asText("");
        return reference.startsWith("#/") ? document.at(reference.substring(1)) : node;
    }

    private static String join(String parent, String path)
    {
        String joined = (parent + "/" + (path == null ? "" : path)).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private Set<String> parameters(JsonNode pathItem, JsonNode operation)
    {
        Set<String> parameters = new TreeSet<>();
        for (JsonNode list : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode reference : list) {
                JsonNode parameter = resolve(reference);
                String in = parameter.path("in").asText();
                String name = parameter.path("name").asText();
                parameters.add(in + ":" + (in.equals("header") ? name.toLowerCase(Locale.ROOT) : name));
            }
        }
        return parameters;
    }
}
