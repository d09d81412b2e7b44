package dev.trinomesh.catalog.registry.descriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The published JSON Schemas agree with the service's validator on the examples and on typical mistakes. */
class TestPublishedSchemas
{
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Test
    void examplesConformToTheSchemas()
            throws Exception
    {
        JsonSchema product = schema("data-product");
        JsonSchema domain = schema("domain");
        JsonSchema policy = schema("policy");
        JsonSchema pipeline = schema("pipeline");
        // With examples/demo/pipelines: the demo's pipelines and the product its chain ends in.
        try (Stream<Path> files = Files.walk(Path.of("../../examples/demo"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode document : DescriptorDocuments.readDocuments(Files.readString(file))) {
                    JsonSchema schema = switch (document.path("kind").asText()) {
                        case "Domain" -> domain;
                        case "Policy" -> policy;
                        case "Pipeline" -> pipeline;
                        default -> product;
                    };
                    assertThat(schema.validate(document)).as(file.toString()).isEmpty();
                }
            }
        }
        assertThat(product.validate(DescriptorDocuments.readDocument(TestDescriptorValidator.VALID))).isEmpty();
        assertThat(pipeline.validate(DescriptorDocuments.readDocument(TestPipelineValidator.VALID))).isEmpty();
    }

    @Test
    void schemaRefusesWhatTheValidatorRefuses()
            throws Exception
    {
        JsonSchema product = schema("data-product");
        for (String mistake : List.of(
                TestDescriptorValidator.VALID.replace("version: 1.2.0", "version: \"1.2\""),
                TestDescriptorValidator.VALID.replace("name: sales_orders", "name: Sales-Orders"),
                TestDescriptorValidator.VALID.replace("owner: group:sales-team", "owner: sales-team"),
                TestDescriptorValidator.VALID.replace("columns:", "colums:"),
                TestDescriptorValidator.VALID.replace("{check: row_count, min: 1}", "{check: row_cont, min: 1}"),
                TestDescriptorValidator.VALID.replace("maxAge: 24h", "maxAge: one day"))) {
            Set<ValidationMessage> messages = product.validate(DescriptorDocuments.readDocument(mistake));
            assertThat(messages).as(mistake).isNotEmpty();
            assertThat(DescriptorValidator.validateProduct(DescriptorDocuments.readDocument(mistake))).as(mistake).isNotEmpty();
        }
    }

    @Test
    void schemaAgreesWithTheValidatorOnMetrics()
            throws Exception
    {
        JsonSchema product = schema("data-product");
        assertThat(product.validate(DescriptorDocuments.readDocument(TestDescriptorValidator.METRIC))).isEmpty();
        for (String mistake : List.of(
                TestDescriptorValidator.METRIC.replace("source: {sql: \"SELECT count(*) AS orders FROM mesh.sales_orders.orders\"}", "source: {table: lake.sales_orders.orders}"),
                TestDescriptorValidator.METRIC.replace("grain: month", "grain: fortnight"),
                TestDescriptorValidator.METRIC.replace("metric: {measure: orders}", "metric: {unit: USD}"),
                TestDescriptorValidator.METRIC.replace("owner: group:finance-analysts", "owner: finance-analysts"))) {
            assertThat(mistake).isNotEqualTo(TestDescriptorValidator.METRIC);
            assertThat(product.validate(DescriptorDocuments.readDocument(mistake))).as(mistake).isNotEmpty();
            assertThat(DescriptorValidator.validateProduct(DescriptorDocuments.readDocument(mistake))).as(mistake).isNotEmpty();
        }
    }

    @Test
    void policySchemaRefusesTypicalMistakes()
            throws Exception
    {
        JsonSchema policy = schema("policy");
        String valid = """
                apiVersion: mesh/v1
                kind: Policy
                metadata: {name: p, scope: domain, domain: sales}
                spec:
                  rules:
                    - {type: rowFilter, product: orders, expression: "region = ${user.region}"}
                    - {type: columnMask, classification: pii, mask: hash, except: [group:pii-readers]}
                """;
        assertThat(policy.validate(DescriptorDocuments.readDocument(valid))).isEmpty();
        for (String mistake : List.of(
                valid.replace("scope: domain, domain: sales", "scope: domain"),
                valid.replace("scope: domain, domain: sales", "scope: everyone"),
                valid.replace("type: rowFilter", "type: filter"),
                valid.replace("mask: hash", "mask: scramble"),
                valid.replace("classification: pii, mask: hash", "mask: hash"),
                valid.replace("except: [group:pii-readers]", "except: [pii-readers]"))) {
            assertThat(policy.validate(DescriptorDocuments.readDocument(mistake))).as(mistake).isNotEmpty();
        }
    }

    @Test
    void pipelineSchemaRefusesWhatTheValidatorRefuses()
            throws Exception
    {
        JsonSchema pipeline = schema("pipeline");
        String valid = TestPipelineValidator.VALID;
        for (String mistake : List.of(
                valid.replace("kind: Pipeline", "kind: Pipelines"),
                valid.replace("product: sales_revenue", "product: Sales-Revenue"),
                valid.replace("upstream: [sales_orders]", "upstream: sales_orders"),
                valid.replace("every: 1h", "every: hourly"),
                valid.replace("cron: \"0 6 * * 1-5\"", "cron: \"0 6 * *\""),
                valid.replace("on: [sales_orders.orders]", "on: [orders]"),
                valid.replace("timeout: 30m", "timeout: soon"),
                valid.replace("retries: 2", "retries: 11"),
                valid.replace("- name: prune", "- step: prune"),
                valid.substring(0, valid.indexOf("  steps:")) + "  steps: []\n")) {
            assertThat(mistake).isNotEqualTo(valid);
            assertThat(pipeline.validate(DescriptorDocuments.readDocument(mistake))).as(mistake).isNotEmpty();
            assertThat(TestPipelineValidator.validate(mistake).violations()).as(mistake).isNotEmpty();
        }
    }

    private static JsonSchema schema(String name)
            throws Exception
    {
        return FACTORY.getSchema(Files.readString(Path.of("../../docs/schema/%s.schema.json".formatted(name))));
    }
}
