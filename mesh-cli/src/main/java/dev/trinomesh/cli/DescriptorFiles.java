package dev.trinomesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trinomesh.api.descriptor.DescriptorDocuments;
import dev.trinomesh.api.descriptor.DescriptorSyntaxException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Reads descriptor documents from files, directories (every .yaml/.yml/.json, by name) or standard input ({@code -}). */
final class DescriptorFiles
{
    record Document(String origin, JsonNode content)
    {
        String kind()
        {
            return content.path("kind").asText("");
        }

        String name()
        {
            return content.path("metadata").path("name").asText("");
        }
    }

    private DescriptorFiles() {}

    static List<Document> read(List<String> locations)
            throws DescriptorSyntaxException
    {
        List<Document> documents = new ArrayList<>();
        for (String location : locations) {
            for (Path file : files(location)) {
                String text = read(file);
                List<JsonNode> parsed;
                try {
                    parsed = DescriptorDocuments.readDocuments(text);
                }
                catch (DescriptorSyntaxException e) {
                    throw new DescriptorSyntaxException("%s: %s".formatted(file, e.getMessage()));
                }
                for (int i = 0; i < parsed.size(); i++) {
                    documents.add(new Document(parsed.size() == 1 ? file.toString() : "%s (document %s)".formatted(file, i + 1), parsed.get(i)));
                }
            }
        }
        return documents;
    }

    private static List<Path> files(String location)
    {
        if (location.equals("-")) {
            return List.of(Path.of("/dev/stdin"));
        }
        Path path = Path.of(location);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no such file or directory: " + location);
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            List<Path> files = entries
                    .filter(file -> file.toString().matches(".*\\.(yaml|yml|json)$"))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no .yaml, .yml or .json files in " + location);
            }
            return files;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file)
    {
        try {
            return new String(Files.readAllBytes(file), UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
