package dev.trinomesh.catalog.identity.authentication;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestPasswordFile
{
    @Test
    void passwordsAreCheckedAgainstTrinosBcryptHashesAndTheFileIsReadAgainWhenItChanges(@TempDir Path directory)
            throws IOException
    {
        Path file = directory.resolve("password.db");
        Files.writeString(file, "alice:%s\n\nbob:%s\n".formatted(hash(BCrypt.Version.VERSION_2Y, "alice-password"), hash(BCrypt.Version.VERSION_2A, "bob-password")));
        PasswordFile passwords = new PasswordFile(file);
        assertThat(passwords.verify("alice", "alice-password")).isTrue();
        assertThat(passwords.verify("alice", "bob-password")).isFalse();
        assertThat(passwords.verify("bob", "bob-password")).isTrue();
        assertThat(passwords.verify("carol", "no-such-user")).isFalse();

        Files.writeString(file, "alice:%s\n".formatted(hash(BCrypt.Version.VERSION_2B, "changed")));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(passwords.verify("alice", "alice-password")).isFalse();
        assertThat(passwords.verify("alice", "changed")).isTrue();
        assertThat(passwords.verify("bob", "bob-password")).isFalse();
    }

    @Test
    void aLineThatIsNotABcryptHashIsNamed()
    {
        assertThatThrownBy(() -> PasswordFile.parse(List.of("alice:" + hash(BCrypt.Version.VERSION_2Y, "x"), "# a comment"), "password.db"))
                .hasMessage("password.db line 2: expected USER:BCRYPT_HASH (a bcrypt hash such as $2y$10$..., as Trino's password file takes)");
        assertThatThrownBy(() -> PasswordFile.parse(List.of("alice:plain"), "password.db")).hasMessageContaining("password.db line 1");
    }

    private static String hash(BCrypt.Version version, String password)
    {
        return BCrypt.with(version).hashToString(8, password.toCharArray());
    }
}
