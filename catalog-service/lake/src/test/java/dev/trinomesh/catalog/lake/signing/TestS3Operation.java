package dev.trinomesh.catalog.lake.signing;

import org.apache.iceberg.exceptions.ForbiddenException;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 operations the signer allows, as Iceberg's file IO sends them, and what each touches. */
class TestS3Operation
{
    private static final String KEY = "warehouse/sales/t/data/x.parquet";
    private static final String DELETE = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>warehouse/sales/t/a</Key></Object>"
            + "<Object><Key>warehouse/sales/t/b</Key></Object><Quiet>true</Quiet></Delete>";

    @Test
    void objectReadsAndWrites()
    {
        assertThat(S3Operation.of("GET", KEY, null, Map.of("Range", List.of("bytes=0-9")), null)).isEqualTo(new S3Operation(false, List.of(KEY)));
        assertThat(S3Operation.of("HEAD", KEY, "x-id=HeadObject", Map.of(), null)).isEqualTo(new S3Operation(false, List.of(KEY)));
        assertThat(S3Operation.of("PUT", KEY, "", Map.of("Content-Type", List.of("application/octet-stream")), null)).isEqualTo(new S3Operation(true, List.of(KEY)));
        assertThat(S3Operation.of("POST", KEY, "uploads", Map.of(), null).write()).isTrue();
        assertThat(S3Operation.of("PUT", KEY, "partNumber=2&uploadId=abc", Map.of(), null).write()).isTrue();
        assertThat(S3Operation.of("POST", KEY, "uploadId=abc", Map.of(), null).write()).isTrue();
        assertThat(S3Operation.of("DELETE", KEY, "uploadId=abc", Map.of(), null).write()).isTrue();
        assertThat(S3Operation.of("DELETE", KEY, null, Map.of(), null)).isEqualTo(new S3Operation(true, List.of(KEY)));
    }

    @Test
    void listingsUnderAPrefix()
    {
        assertThat(S3Operation.of("GET", "", "list-type=2&prefix=warehouse%2Fsales%2Ft%2F&continuation-token=a%2Bb", Map.of(), null))
                .isEqualTo(new S3Operation(false, List.of("warehouse/sales/t/")));
        refused(() -> S3Operation.of("GET", "", "prefix=warehouse%2Fsales%2F", Map.of(), null), "GET of the bucket with parameters [prefix] is not signed");
        refused(() -> S3Operation.of("GET", "", "list-type=2", Map.of(), null), "GET of the bucket with parameters [list-type] is not signed");
        refused(() -> S3Operation.of("GET", "", "list-type=2&prefix=warehouse%2F..%2Fx", Map.of(), null), "listing prefix warehouse/../x has an empty, . or .. segment");
    }

    @Test
    void copiesAccessChangesAndSubResourcesAreRefused()
    {
        refused(() -> S3Operation.of("PUT", KEY, null, Map.of("X-Amz-Copy-Source", List.of("lake/warehouse/crm/t/x")), null), "header X-Amz-Copy-Source is not signed");
        refused(() -> S3Operation.of("PUT", KEY, "partNumber=1&uploadId=a", Map.of("x-amz-copy-source-range", List.of("bytes=0-1")), null), "header x-amz-copy-source-range is not signed");
        refused(() -> S3Operation.of("PUT", KEY, null, Map.of("x-amz-grant-read", List.of("uri=http://acs.amazonaws.com/groups/global/AllUsers")), null), "header x-amz-grant-read");
        refused(() -> S3Operation.of("PUT", KEY, null, Map.of("x-amz-object-lock-mode", List.of("COMPLIANCE")), null), "header x-amz-object-lock-mode");
        refused(() -> S3Operation.of("GET", KEY, "acl", Map.of(), null), "GET of an object with parameters [acl] is not signed");
        refused(() -> S3Operation.of("PUT", KEY, "tagging", Map.of(), null), "PUT of an object with parameters [tagging]");
        refused(() -> S3Operation.of("POST", KEY, "restore", Map.of(), null), "POST of an object with parameters [restore]");
        refused(() -> S3Operation.of("GET", "", "uploads", Map.of(), null), "GET of the bucket with parameters [uploads]");
        refused(() -> S3Operation.of("PUT", "", null, Map.of(), null), "PUT of the bucket");
        refused(() -> S3Operation.of("PATCH", KEY, null, Map.of(), null), "PATCH of an object");
        refused(() -> S3Operation.of("GET", KEY, "versionId=1&versionId=2", Map.of(), null), "query parameter versionId is given twice");
        refused(() -> S3Operation.of("GET", "warehouse/sales/../crm/t/x", null, Map.of(), null), "has an empty, . or .. segment");
        refused(() -> S3Operation.of("GET", "warehouse//crm/t/x", null, Map.of(), null), "has an empty, . or .. segment");
    }

    @Test
    void bulkDeletesTakeTheirKeysFromAChecksummedBody()
            throws Exception
    {
        byte[] body = DELETE.getBytes(UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        CRC32 crc = new CRC32();
        crc.update(body);
        String crc32 = Base64.getEncoder().encodeToString(new byte[] {(byte) (crc.getValue() >>> 24), (byte) (crc.getValue() >>> 16), (byte) (crc.getValue() >>> 8), (byte) crc.getValue()});
        S3Operation expected = new S3Operation(true, List.of("warehouse/sales/t/a", "warehouse/sales/t/b"));
        assertThat(S3Operation.of("POST", "", "delete", Map.of("Content-MD5", List.of(md5)), DELETE)).isEqualTo(expected);
        assertThat(S3Operation.of("POST", "", "delete=", Map.of("x-amz-checksum-crc32", List.of(crc32), "x-amz-sdk-checksum-algorithm", List.of("CRC32")), DELETE)).isEqualTo(expected);

        refused(() -> S3Operation.of("POST", "", "delete", Map.of("Content-MD5", List.of(md5)), null), "a bulk delete is signed only with its body");
        refused(() -> S3Operation.of("POST", "", "delete", Map.of(), DELETE), "a bulk delete is signed only with a checksum of its body");
        refused(() -> S3Operation.of("POST", "", "delete", Map.of("Content-MD5", List.of(md5), "x-amz-checksum-crc32", List.of("AAAAAA==")), DELETE), "the bulk delete's x-amz-checksum-crc32 does not match its body");
        refused(() -> S3Operation.of("POST", "", "delete", Map.of("x-amz-checksum-crc64nvme", List.of("AAAAAAAAAAA=")), DELETE), "the bulk delete's checksum x-amz-checksum-crc64nvme cannot be checked here");
        String other = "<Delete><Object><Key>warehouse/sales/t/a</Key></Object></Delete>";
        refused(() -> S3Operation.of("POST", "", "delete", Map.of("Content-MD5", List.of(md5)), other), "the bulk delete's Content-MD5 does not match its body");
        String noKeys = "<Delete><Quiet>true</Quiet></Delete>";
        String noKeysMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(noKeys.getBytes(UTF_8)));
        refused(() -> S3Operation.of("POST", "", "delete", Map.of("Content-MD5", List.of(noKeysMd5)), noKeys), "the bulk delete names no keys");
        // No document type declarations, so no entities reaching for files.
        String entity = "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&x;</Key></Object></Delete>";
        String entityMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(entity.getBytes(UTF_8)));
        refused(() -> S3Operation.of("POST", "", "delete", Map.of("Content-MD5", List.of(entityMd5)), entity), "the bulk delete's body is not XML");
    }

    private static void refused(Runnable operation, String message)
    {
        assertThatThrownBy(operation::run)
                .isInstanceOf(ForbiddenException.class)
                .hasMessageStartingWith("S3 request not signed: ")
                .hasMessageContaining(message);
    }
}
