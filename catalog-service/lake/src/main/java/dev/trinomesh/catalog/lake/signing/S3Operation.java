package dev.trinomesh.catalog.lake.signing;

import com.google.common.collect.ImmutableList;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import java.io.IOException;
import java.io.Reader;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * What an S3 request to the lake's bucket would do, as far as the signer allows it: the object operations Iceberg's
 * file IO sends (get, head, put, multipart upload, delete), listings under a prefix, and bulk deletes, each with the
 * keys it reads or writes. Everything else is refused: copies (they would copy another table's object into an allowed
 * key), ACLs, tags, object locks, policies and other sub-resources. A bulk delete's keys come from its body, which is
 * only believed when the request carries a checksum of it that S3 verifies (Content-MD5 or x-amz-checksum-*).
 */
record S3Operation(boolean write, List<String> keys)
{
    /** Headers that would make a request do more than read or write the object it names. */
    private static final List<String> REFUSED_HEADER_PREFIXES = List.of(
            "x-amz-copy-source", "x-amz-acl", "x-amz-grant-", "x-amz-object-lock-", "x-amz-website-redirect-location", "x-amz-bypass-governance-retention");
    /** The parameters of a ListObjectsV2 request. */
    private static final Set<String> LISTING_PARAMETERS = Set.of("list-type", "prefix", "delimiter", "continuation-token", "max-keys", "start-after", "encoding-type", "fetch-owner");
    /** The AWS SDK names the operation in x-id; it changes nothing. */
    private static final String OPERATION_HINT = "x-id";

    S3Operation
    {
        keys = ImmutableList.copyOf(keys);
    }

    static S3Operation of(String method, String key, String rawQuery, Map<String, List<String>> headers, String body)
    {
        for (String header : headers.keySet()) {
            String name = header.toLowerCase(Locale.ROOT);
            if (REFUSED_HEADER_PREFIXES.stream().anyMatch(name::startsWith)) {
                throw refused("header %s is not signed: the signer signs reads and writes of objects, not copies or access changes".formatted(header));
            }
        }
        Map<String, String> query = query(rawQuery);
        query.remove(OPERATION_HINT);
        Set<String> parameters = query.keySet();
        String verb = method.toUpperCase(Locale.ROOT);
        if (key.isEmpty()) {
            if (verb.equals("GET") && "2".equals(query.get("list-type")) && query.containsKey("prefix") && LISTING_PARAMETERS.containsAll(parameters)) {
                String prefix = query.get("prefix");
                checkSegments(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix, "listing prefix");
                return new S3Operation(false, List.of(prefix));
            }
            if (verb.equals("POST") && parameters.equals(Set.of("delete"))) {
                return new S3Operation(true, deletedKeys(headers, body));
            }
            throw refused("%s of the bucket with parameters %s is not signed: only object requests, listings (list-type=2 with a prefix) and bulk deletes are".formatted(verb, parameters));
        }
        checkSegments(key, "object key");
        boolean allowed = switch (verb) {
            case "GET", "HEAD" -> parameters.isEmpty();
            case "PUT" -> parameters.isEmpty() || parameters.equals(Set.of("partNumber", "uploadId"));
            case "POST" -> parameters.equals(Set.of("uploads")) || parameters.equals(Set.of("uploadId"));
            case "DELETE" -> parameters.isEmpty() || parameters.equals(Set.of("uploadId"));
            default -> false;
        };
        if (!allowed) {
            throw refused("%s of an object with parameters %s is not signed: only reads, writes, multipart uploads and deletes of objects are".formatted(verb, parameters));
        }
        return new S3Operation(!verb.equals("GET") && !verb.equals("HEAD"), List.of(key));
    }

    private static Map<String, String> query(String rawQuery)
    {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), UTF_8);
            if (query.put(name, value) != null) {
                throw refused("query parameter %s is given twice".formatted(name));
            }
        }
        return query;
    }

    /** Keys are compared as text, so a segment a server might resolve ({@code .}, {@code ..}, empty) is refused. */
    private static void checkSegments(String key, String what)
    {
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused("%s %s has an empty, . or .. segment".formatted(what, key));
            }
        }
    }

    private static List<String> deletedKeys(Map<String, List<String>> headers, String body)
    {
        if (body == null || body.isEmpty()) {
            throw refused("a bulk delete is signed only with its body, to check the keys it deletes; delete objects one by one instead");
        }
        checkChecksums(headers, body.getBytes(UTF_8));
        ImmutableList.Builder<String> keys = ImmutableList.builder();
        NodeList elements = parse(body).getElementsByTagName("Key");
        for (int i = 0; i < elements.getLength(); i++) {
            String key = elements.item(i).getTextContent();
            checkSegments(key, "object key");
            keys.add(key);
        }
        List<String> deleted = keys.build();
        if (deleted.isEmpty()) {
            throw refused("the bulk delete names no keys");
        }
        return deleted;
    }

    /** Every checksum of the body the request carries must match it, and there must be one, for S3 to hold the request to this body. */
    private static void checkChecksums(Map<String, List<String>> headers, byte[] body)
    {
        Map<String, Supplier<byte[]>> algorithms = Map.of(
                "content-md5", () -> digest("MD5", body),
                "x-amz-checksum-crc32", () -> checksum(new CRC32(), body),
                "x-amz-checksum-crc32c", () -> checksum(new CRC32C(), body),
                "x-amz-checksum-sha1", () -> digest("SHA-1", body),
                "x-amz-checksum-sha256", () -> digest("SHA-256", body));
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        int verified = 0;
        for (String header : byName.keySet()) {
            String name = header.toLowerCase(Locale.ROOT);
            // x-amz-checksum-type and -mode say how checksums are used; they are none.
            if (!name.equals("content-md5") && !(name.startsWith("x-amz-checksum-") && !name.equals("x-amz-checksum-type") && !name.equals("x-amz-checksum-mode"))) {
                continue;
            }
            Supplier<byte[]> algorithm = algorithms.get(name);
            if (algorithm == null) {
                throw refused("the bulk delete's checksum %s cannot be checked here; use Content-MD5, CRC32, CRC32C, SHA-1 or SHA-256".formatted(header));
            }
            List<String> values = byName.get(header);
            if (values.size() != 1 || !values.getFirst().strip().equals(Base64.getEncoder().encodeToString(algorithm.get()))) {
                throw refused("the bulk delete's %s does not match its body".formatted(header));
            }
            verified++;
        }
        if (verified == 0) {
            throw refused("a bulk delete is signed only with a checksum of its body (Content-MD5 or x-amz-checksum-*)");
        }
    }

    private static byte[] digest(String algorithm, byte[] body)
    {
        try {
            return MessageDigest.getInstance(algorithm).digest(body);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is a standard JDK algorithm", e);
        }
    }

    private static byte[] checksum(Checksum checksum, byte[] body)
    {
        checksum.update(body, 0, body.length);
        return ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
    }

    private static Document parse(String xml)
    {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A bulk delete is plain XML: no DTDs, no external entities.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new InputSource(Reader.of(xml)));
        }
        catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
        }
        catch (SAXException | IOException e) {
            throw refused("the bulk delete's body is not XML: %s".formatted(e.getMessage()));
        }
    }

    private static ForbiddenException refused(String reason)
    {
        return new ForbiddenException("%s", "S3 request not signed: " + reason);
    }
}
