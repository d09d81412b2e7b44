package dev.trinomesh.catalog.identity.tokens;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TestTokenSecrets
{
    @Test
    void secretsAreRandomRecognisableAndStoredOnlyAsTheirHash()
    {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String secret = TokenSecrets.generate();
            assertThat(TokenSecrets.looksLikeOne(secret)).isTrue();
            assertThat(secret).doesNotContain(".").matches("mesh_[A-Za-z0-9_-]{43}");
            assertThat(secrets.add(secret)).isTrue();
        }
        assertThat(TokenSecrets.looksLikeOne("header.payload.signature")).isFalse();
        assertThat(TokenSecrets.hash("mesh_x")).hasSize(64).isEqualTo(TokenSecrets.hash("mesh_x")).isNotEqualTo(TokenSecrets.hash("mesh_y"));
    }
}
