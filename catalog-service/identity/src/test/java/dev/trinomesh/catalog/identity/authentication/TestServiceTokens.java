package dev.trinomesh.catalog.identity.authentication;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestServiceTokens
{
    @Test
    void aTokenIsKnownByItsDigestOnly()
    {
        ServiceTokens tokens = ServiceTokens.parse(List.of("# user:sha256:hex", "", "sam:sha256:" + ServiceTokens.digest("sams-token").toUpperCase(Locale.ROOT)), "tokens.txt");
        assertThat(tokens.user("sams-token")).contains("sam");
        assertThat(tokens.user("another-token")).isEmpty();
        assertThat(tokens.user(ServiceTokens.digest("sams-token"))).isEmpty();
    }

    @Test
    void aMalformedTokenFileIsNamedWithItsLine()
    {
        assertThatThrownBy(() -> ServiceTokens.parse(List.of("# ok", "admin:plaintext-token"), "tokens.txt"))
                .hasMessage("tokens.txt line 2: expected USER:sha256:HEX (the SHA-256 of the user's token in hex, e.g. from `printf %s TOKEN | sha256sum`)");
    }
}
