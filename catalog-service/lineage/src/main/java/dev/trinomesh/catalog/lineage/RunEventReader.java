package dev.trinomesh.catalog.lineage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinomesh.api.lineage.OpenLineage.RunEvent;
import dev.trinomesh.api.model.Violation;
import dev.trinomesh.catalog.core.ServiceException;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Reads run events from a request body and refuses invalid ones with every problem at once. The common case
 * binds the JSON straight to the model; only when that fails is the body read again as a tree, binding each
 * event with its bad values taken out one by one, so that type errors and rule violations are all reported.
 */
public final class RunEventReader
{
    /** The listener sends batches of a few hundred; this bounds the memory and the length of one transaction. */
    public static final int MAX_EVENTS = 5_000;
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    private static final int MAX_TYPE_ERRORS_PER_EVENT = 20;

    private final ObjectMapper mapper;
    private final ObjectReader eventReader;

    @Inject
    public RunEventReader(ObjectMapper mapper)
    {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.eventReader = mapper.readerFor(RunEvent.class);
    }

    /** A JSON array of run events, as the mesh listener sends them. */
    public List<RunEvent> readBatch(InputStream body)
    {
        byte[] bytes = readBody(body);
        List<RunEvent> events = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw ServiceException.badRequest("a lineage batch is a JSON array of OpenLineage run events; send a single event to POST /v1/lineage or /api/v1/lineage");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (events.size() == MAX_EVENTS) {
                    throw tooMany();
                }
                events.add(eventReader.readValue(parser));
            }
        }
        catch (DatabindException e) {
            return reportProblems(bytes, true);
        }
        catch (JsonProcessingException e) {
            throw notJson(e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkRules(events, true);
        return events;
    }

    /** One run event, as any OpenLineage HTTP transport sends it. */
    public RunEvent readEvent(InputStream body)
    {
        byte[] bytes = readBody(body);
        RunEvent event;
        try {
            event = eventReader.readValue(bytes);
        }
        catch (DatabindException e) {
            return reportProblems(bytes, false).getFirst();
        }
        catch (JsonProcessingException e) {
            throw notJson(e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (event == null) {
            throw ServiceException.badRequest("the body is JSON null; send an OpenLineage run event");
        }
        checkRules(List.of(event), false);
        return event;
    }

    private static void checkRules(List<RunEvent> events, boolean batch)
    {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            RunEventValidator.validate(events.get(i), prefix(batch, i), violations);
        }
        throwIfAny(violations, events.size());
    }

    /** The slow path: the body did not bind; find every problem in it. Returns the events if, after all, there is none. */
    private List<RunEvent> reportProblems(byte[] bytes, boolean batch)
    {
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        }
        catch (JsonProcessingException e) {
            throw notJson(e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> elements = new ArrayList<>();
        if (batch) {
            root.forEach(elements::add);
            if (elements.size() > MAX_EVENTS) {
                throw tooMany();
            }
        }
        else {
            elements.add(root);
        }
        List<Violation> violations = new ArrayList<>();
        List<RunEvent> events = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            String prefix = prefix(batch, i);
            if (!(elements.get(i) instanceof ObjectNode element)) {
                violations.add(new Violation(prefix.isEmpty() ? "(body)" : prefix.substring(0, prefix.length() - 1), elements.get(i).toString(), "must be an OpenLineage run event (a JSON object)"));
                continue;
            }
            List<Violation> typeErrors = new ArrayList<>();
            RunEvent event = bindWithoutBadValues(element, prefix, typeErrors);
            violations.addAll(typeErrors);
            if (event != null) {
                events.add(event);
                // A value taken out for its type is not reported again as missing.
                Set<String> reported = new HashSet<>();
                typeErrors.forEach(error -> reported.add(error.path()));
                List<Violation> ruleViolations = new ArrayList<>();
                RunEventValidator.validate(event, prefix, ruleViolations);
                ruleViolations.stream().filter(violation -> !reported.contains(violation.path())).forEach(violations::add);
            }
        }
        throwIfAny(violations, elements.size());
        return events;
    }

    private RunEvent bindWithoutBadValues(ObjectNode element, String prefix, List<Violation> typeErrors)
    {
        for (int attempt = 0; attempt < MAX_TYPE_ERRORS_PER_EVENT; attempt++) {
            try {
                return mapper.treeToValue(element, RunEvent.class);
            }
            catch (JsonMappingException e) {
                typeErrors.add(describe(e, prefix));
                if (!remove(element, e.getPath())) {
                    return null;
                }
            }
            catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private static Violation describe(JsonMappingException e, String prefix)
    {
        String path = path(e.getPath(), prefix);
        return switch (e) {
            case InvalidFormatException format -> new Violation(path, String.valueOf(format.getValue()), expected(format.getTargetType()));
            case ValueInstantiationException instantiation -> new Violation(path, null,
                    "is incomplete: " + (instantiation.getCause() != null && instantiation.getCause().getMessage() != null ? instantiation.getCause().getMessage() : instantiation.getOriginalMessage()));
            case MismatchedInputException mismatch when mismatch.getTargetType() != null -> new Violation(path, null, expected(mismatch.getTargetType()));
            default -> new Violation(path, null, e.getOriginalMessage());
        };
    }

    private static String expected(Class<?> type)
    {
        if (type == UUID.class) {
            return "must be a UUID such as 0190b2c4-6f0e-7d1a-9a5e-2f8c1b3d4e5f (OpenLineage run ids are UUIDs)";
        }
        if (type == Instant.class) {
            return "must be an ISO-8601 date-time with offset, such as 2025-06-01T12:00:00.000Z";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "must be a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)) {
            return "must be a JSON array";
        }
        return "must be a JSON object (%s)".formatted(type.getSimpleName());
    }

    /** Takes the value at {@code path} out of the event; false when that is the event itself. */
    private static boolean remove(ObjectNode element, List<JsonMappingException.Reference> path)
    {
        if (path.isEmpty()) {
            return false;
        }
        JsonNode parent = element;
        for (JsonMappingException.Reference reference : path.subList(0, path.size() - 1)) {
            parent = reference.getFieldName() != null ? parent.path(reference.getFieldName()) : parent.path(reference.getIndex());
        }
        JsonMappingException.Reference last = path.getLast();
        if (parent instanceof ObjectNode object && last.getFieldName() != null && object.has(last.getFieldName())) {
            object.remove(last.getFieldName());
            return true;
        }
        if (parent instanceof ArrayNode array && last.getFieldName() == null && last.getIndex() >= 0 && last.getIndex() < array.size()) {
            array.remove(last.getIndex());
            return true;
        }
        return false;
    }

    private static String path(List<JsonMappingException.Reference> references, String prefix)
    {
        StringBuilder path = new StringBuilder(prefix);
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty() && path.charAt(path.length() - 1) != '.') {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            }
            else {
                if (!path.isEmpty() && path.charAt(path.length() - 1) == '.') {
                    path.setLength(path.length() - 1);
                }
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        if (!path.isEmpty() && path.charAt(path.length() - 1) == '.') {
            path.setLength(path.length() - 1);
        }
        return path.isEmpty() ? "(event)" : path.toString();
    }

    private static String prefix(boolean batch, int index)
    {
        return batch ? "[" + index + "]." : "";
    }

    private static void throwIfAny(List<Violation> violations, int events)
    {
        if (!violations.isEmpty()) {
            throw ServiceException.badRequest("lineage refused: %s problem%s in %s event%s; nothing was stored, fix them and send the %s again"
                    .formatted(violations.size(), violations.size() == 1 ? "" : "s", events, events == 1 ? "" : "s", events == 1 ? "event" : "batch"), violations);
        }
    }

    private static byte[] readBody(InputStream body)
    {
        try {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw ServiceException.tooLarge("the body is larger than %s MiB; send at most %,d events per batch".formatted(MAX_BODY_BYTES / 1024 / 1024, MAX_EVENTS));
            }
            if (isBlank(bytes)) {
                throw ServiceException.badRequest("the body is empty; send OpenLineage run events as JSON");
            }
            return bytes;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBlank(byte[] bytes)
    {
        for (byte value : bytes) {
            if (value != ' ' && value != '\n' && value != '\r' && value != '\t') {
                return false;
            }
        }
        return true;
    }

    private static ServiceException tooMany()
    {
        return ServiceException.tooLarge("a lineage batch holds at most %,d events; split it and send the parts one after the other".formatted(MAX_EVENTS));
    }

    private static ServiceException notJson(JsonProcessingException e)
    {
        String where = e.getLocation() == null ? "" : " at line %s, column %s".formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
        return ServiceException.badRequest("the body is not valid JSON%s: %s".formatted(where, e.getOriginalMessage()));
    }
}
