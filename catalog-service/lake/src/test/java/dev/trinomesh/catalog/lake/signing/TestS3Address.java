package dev.trinomesh.catalog.lake.signing;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Only requests to the lake's bucket, at the lake's endpoint and in its addressing style, name a key of it. */
class TestS3Address
{
    @Test
    void pathStyle()
    {
        S3Address address = new S3Address(URI.create("http://127.0.0.1:9000"), true, "lake");
        assertThat(address.key(URI.create("http://127.0.0.1:9000/lake/warehouse/sales/t/data/a%20b%3D1.parquet"))).contains("warehouse/sales/t/data/a b=1.parquet");
        assertThat(address.key(URI.create("http://127.0.0.1:9000/lake?list-type=2&prefix=warehouse%2Fsales%2F"))).contains("");
        assertThat(address.key(URI.create("http://127.0.0.1:9000/lake/"))).contains("");
        assertThat(address.key(URI.create("HTTP://127.0.0.1:9000/lake/k"))).contains("k");
        // Another bucket (also one whose name starts with the lake's), host, port, scheme or style.
        assertThat(address.key(URI.create("http://127.0.0.1:9000/lakeside/k"))).isEmpty();
        assertThat(address.key(URI.create("http://127.0.0.1:9000/other/lake/k"))).isEmpty();
        assertThat(address.key(URI.create("http://127.0.0.2:9000/lake/k"))).isEmpty();
        assertThat(address.key(URI.create("http://127.0.0.1:9001/lake/k"))).isEmpty();
        assertThat(address.key(URI.create("https://127.0.0.1:9000/lake/k"))).isEmpty();
        assertThat(address.key(URI.create("http://lake.127.0.0.1:9000/k"))).isEmpty();
        assertThat(address.key(URI.create("http://user@127.0.0.1:9000/lake/k"))).isEmpty();
    }

    @Test
    void virtualHostStyleOnAws()
    {
        S3Address address = new S3Address(S3Address.awsEndpoint("eu-west-1"), false, "lake");
        assertThat(address.key(URI.create("https://lake.s3.eu-west-1.amazonaws.com/warehouse/sales/t/data/x.parquet"))).contains("warehouse/sales/t/data/x.parquet");
        assertThat(address.key(URI.create("https://lake.s3.eu-west-1.amazonaws.com:443/k"))).contains("k");
        assertThat(address.key(URI.create("https://lake.s3.eu-west-1.amazonaws.com?list-type=2&prefix=x"))).contains("");
        assertThat(address.key(URI.create("https://other.s3.eu-west-1.amazonaws.com/k"))).isEmpty();
        assertThat(address.key(URI.create("https://s3.eu-west-1.amazonaws.com/lake/k"))).isEmpty();
        assertThat(address.key(URI.create("https://lake.s3.us-east-1.amazonaws.com/k"))).isEmpty();
        assertThat(address.key(URI.create("http://lake.s3.eu-west-1.amazonaws.com/k"))).isEmpty();
    }
}
