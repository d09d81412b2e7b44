package dev.trinomesh.catalog.data.mcp;

import dev.trinomesh.catalog.core.ServiceException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestToolArguments
{
    @Test
    void filtersAreReadAsTheDataApiReadsItsParameters()
    {
        ToolArguments arguments = new ToolArguments("read_dataset", Map.of("filters", Map.of(
                "totalprice.gt", 1000.50,
                "orderkey.le", 1_000_000_000_000L,
                "orderstatus.in", List.of("F", "O,P", "back\\slash"),
                "orderdate.between", List.of("1995-01-01", "1995-12-31"),
                "comment.like", List.of("%a%", "%b%"),
                "flag", true)));
        Map<String, List<String>> filters = arguments.entries("filters", name -> name.endsWith(".in") || name.endsWith(".between"));
        arguments.check();
        assertThat(filters).containsOnly(
                Map.entry("totalprice.gt", List.of("1000.5")),
                Map.entry("orderkey.le", List.of("1000000000000")),
                // The values of a list exactly, a comma or backslash in one escaped as the data API unescapes them.
                Map.entry("orderstatus.in", List.of("F,O\\,P,back\\\\slash")),
                Map.entry("orderdate.between", List.of("1995-01-01,1995-12-31")),
                // Any other filter given a list is that filter once per value, each of which must hold.
                Map.entry("comment.like", List.of("%a%", "%b%")),
                Map.entry("flag", List.of("true")));
    }

    @Test
    void filtersMayBeAListOfTextsOrOfNamedValues()
    {
        ToolArguments arguments = new ToolArguments("read_dataset", Map.of("filters", List.of("totalprice.gt=1000", "clerk.like=Clerk#0000001%", Map.of("name", "orderkey.lt", "value", 5))));
        assertThat(arguments.entries("filters")).containsExactly(
                Map.entry("totalprice.gt", List.of("1000")),
                Map.entry("clerk.like", List.of("Clerk#0000001%")),
                Map.entry("orderkey.lt", List.of("5")));
        arguments.check();
    }

    @Test
    void namesAreAListOrOneCommaSeparatedText()
    {
        ToolArguments arguments = new ToolArguments("read_dataset", Map.of("fields", "custkey, name ,", "order", List.of("custkey.desc", "name")));
        assertThat(arguments.list("fields")).containsExactly("custkey", "name");
        assertThat(arguments.list("order")).containsExactly("custkey.desc", "name");
        assertThat(arguments.list("absent")).isEmpty();
    }

    @Test
    void everyProblemIsNamedBeforeTheCallIsRefused()
    {
        Map<String, Object> given = new HashMap<>();
        given.put("limit", 0);
        given.put("filters", List.of(7));
        given.put("fields", List.of("a", Map.of()));
        ToolArguments arguments = new ToolArguments("read_dataset", given);
        assertThat(arguments.required("product", "the product to read")).isEmpty();
        assertThat(arguments.integer("limit", 1, 10)).isEqualTo(OptionalInt.empty());
        arguments.entries("filters");
        arguments.list("fields");
        assertThatThrownBy(arguments::check)
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("the arguments of read_dataset do not fit it (4 problems)");
                    assertThat(e.toApiError().violations()).extracting(violation -> violation.path()).containsExactly("product", "limit", "filters", "fields");
                });
    }
}
