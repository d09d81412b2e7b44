package dev.trinomesh.api.descriptor;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.airlift.json.ObjectMapperProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes descriptor documents. YAML is a superset of JSON, so one reader serves both;
 * a file may hold several documents separated by {@code ---}.
 */
public final class DescriptorDocuments
{
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build())
            .registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ObjectMapper JSON = new ObjectMapperProvider().get();

    private DescriptorDocuments() {}

    /** Parses every document in {@code text}; empty documents are skipped. */
    public static List<JsonNode> readDocuments(String text)
            throws DescriptorSyntaxException
    {
        // Not readValues(): it would unwrap a top-level list into separate values.
        List<JsonNode> documents = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                JsonNode document = YAML.readTree(parser);
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            }
        }
        catch (JsonProcessingException e) {
            throw new DescriptorSyntaxException(e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** Parses exactly one document. */
    public static JsonNode readDocument(String text)
            throws DescriptorSyntaxException
    {
        List<JsonNode> documents = readDocuments(text);
        if (documents.size() != 1) {
            throw new DescriptorSyntaxException("expected exactly one document, found " + documents.size());
        }
        return documents.getFirst();
    }

    public static <T> T bind(JsonNode document, Class<T> type)
    {
        try {
            return JSON.treeToValue(document, type);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("document does not match " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T fromJson(String json, Class<T> type)
    {
        try {
            return JSON.readValue(json, type);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode toTree(Object value)
    {
        return JSON.valueToTree(value);
    }

    public static String toYaml(Object value)
    {
        try {
            return YAML.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String toJson(Object value)
    {
        try {
            return JSON.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ObjectMapper jsonMapper()
    {
        return JSON.copy();
    }
}
