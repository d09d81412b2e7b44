package dev.trinomesh.api.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A policy expression with placeholders: {@code ${user}}, {@code ${user.groups}},
 * {@code ${user.<attribute>}} and, in column masks, {@code ${column}}. The service checks the
 * placeholders when a policy is written; the access control binds them for each user.
 */
public final class ExpressionTemplate
{
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public sealed interface Placeholder
            permits User, Groups, Attribute, MaskedColumn {}

    public record User()
            implements Placeholder {}

    public record Groups()
            implements Placeholder {}

    public record Attribute(String name)
            implements Placeholder {}

    public record MaskedColumn()
            implements Placeholder {}

    private record Part(String text, Optional<Placeholder> placeholder) {}

    private final String text;
    private final List<Part> parts;

    private ExpressionTemplate(String text, List<Part> parts)
    {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /** Parses {@code text}; an unknown placeholder is an {@link IllegalArgumentException} that names it. */
    public static ExpressionTemplate parse(String text)
    {
        requireNonNull(text, "text is null");
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int end = 0;
        while (matcher.find()) {
            parts.add(new Part(text.substring(end, matcher.start()), Optional.empty()));
            parts.add(new Part(matcher.group(), Optional.of(placeholder(matcher.group(1).strip()))));
            end = matcher.end();
        }
        String rest = text.substring(end);
        if (rest.contains("${")) {
            throw new IllegalArgumentException("'${' at offset %s is not closed with '}'".formatted(end + rest.indexOf("${")));
        }
        parts.add(new Part(rest, Optional.empty()));
        return new ExpressionTemplate(text, parts);
    }

    private static Placeholder placeholder(String name)
    {
        if (name.equals("user")) {
            return new User();
        }
        if (name.equals("user.groups")) {
            return new Groups();
        }
        if (name.equals("column")) {
            return new MaskedColumn();
        }
        if (name.startsWith("user.") && ATTRIBUTE.matcher(name.substring(5)).matches()) {
            return new Attribute(name.substring(5));
        }
        throw new IllegalArgumentException("unknown placeholder '${%s}'; use ${user}, ${user.groups}, ${user.<attribute>} (lower case) or, in a column mask, ${column}".formatted(name));
    }

    public String text()
    {
        return text;
    }

    public List<Placeholder> placeholders()
    {
        return parts.stream().flatMap(part -> part.placeholder().stream()).toList();
    }

    /** The SQL with every placeholder replaced by what {@code binder} returns for it (SQL text). */
    public String bind(Function<Placeholder, String> binder)
    {
        StringBuilder sql = new StringBuilder(text.length() + 16);
        for (Part part : parts) {
            if (part.placeholder().isPresent()) {
                sql.append(binder.apply(part.placeholder().orElseThrow()));
            }
            else {
                sql.append(part.text());
            }
        }
        return sql.toString();
    }

    @Override
    public String toString()
    {
        return text;
    }
}
