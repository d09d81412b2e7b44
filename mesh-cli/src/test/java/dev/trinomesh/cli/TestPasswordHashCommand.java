package dev.trinomesh.cli;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code mesh password-hash}: hashes that Trino's password file takes, of passwords from standard input only. */
class TestPasswordHashCommand
{
    /** The shape Trino's file authenticator and the catalog service's PasswordFile accept: bcrypt $2y$, a two-digit cost, salt and hash. */
    private static final String HASH = "\\$2y\\$%02d\\$[./A-Za-z0-9]{53}";

    record Run(int exitCode, String out, String err) {}

    @Test
    void hashesEveryLineOfStandardInputWithItsOwnSalt()
    {
        Run run = run("s3cret\ns3cret\npass word with spaces\r\n");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> hashes = run.out().lines().toList();
        assertThat(hashes).hasSize(3).allMatch(hash -> hash.matches(HASH.formatted(10)));
        assertThat(hashes.get(0)).isNotEqualTo(hashes.get(1));
        assertThat(verified("s3cret", hashes.get(0))).isTrue();
        assertThat(verified("s3cret", hashes.get(1))).isTrue();
        // the carriage return of a Windows line end is not part of the password
        assertThat(verified("pass word with spaces", hashes.get(2))).isTrue();
        assertThat(verified("wrong", hashes.get(0))).isFalse();
    }

    @Test
    void printsAPasswordFileLineForAUser()
    {
        Run run = run("alice's password\n", "--user", "alice", "--cost", "8");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).startsWith("alice:");
        String hash = run.out().strip().substring("alice:".length());
        assertThat(hash).matches(HASH.formatted(8));
        assertThat(verified("alice's password", hash)).isTrue();
    }

    @Test
    void refusesWhatTrinoOrBcryptWouldNotTakeAndNeverEchoesThePassword()
    {
        assertThat(run("")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("standard input held no password");
        });
        assertThat(run("first\n\nthird-secret\n")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("line 2 of standard input is empty");
            assertThat(run.out()).as("nothing is hashed when a line is refused").isEmpty();
        });
        String tooLong = "x".repeat(70) + "\u00e9\u00e9";
        assertThat(run(tooLong + "\n")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("line 1 of standard input is 74 bytes long; bcrypt reads at most 72 bytes").doesNotContain(tooLong);
        });
        assertThat(run("first-secret\nsecond-secret\n", "--user", "alice")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("--user alice: standard input must hold exactly one password, it held 2 lines").doesNotContain("secret");
        });
        assertThat(run("secret\n", "--cost", "7")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("--cost must be between 8 (Trino's minimum) and 31, got 7");
        });
        assertThat(run("secret\n", "--user", "al:ice")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("'al:ice' cannot be a user of the password file");
        });
    }

    @Test
    void isACommandOfMesh()
    {
        StringWriter out = new StringWriter();
        assertThat(MeshCli.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "password-hash", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: mesh password-hash").contains("--user=USER").contains("--cost=N");
    }

    private static boolean verified(String password, String hash)
    {
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }

    /** The command as MeshCli runs it (its error handler included), with {@code input} as standard input. */
    private static Run run(String input, String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new PasswordHashCommand(new ByteArrayInputStream(input.getBytes(UTF_8))))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + exception.getMessage());
                    return 1;
                })
                .execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
