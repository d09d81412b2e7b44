package dev.trinomesh.cli;

import at.favre.lib.crypto.bcrypt.BCrypt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * {@code mesh password-hash}: bcrypt hashes of passwords read from standard input, as Trino's password file
 * authenticator takes them ({@code USER:HASH} lines; the catalog service reads the same file, identity.password-file).
 * Passwords come from standard input only, never from arguments, which other users of the machine can see.
 */
@Command(name = "password-hash", description = {
        "Hash passwords for Trino's password file (file.password-file; the catalog service's identity.password-file): reads one password per line of standard input and prints one bcrypt hash per line ($2y$, as Trino's file authenticator takes them).",
        "E.g. mesh password-hash --user alice < alice.password >> password.db"})
final class PasswordHashCommand
        implements Callable<Integer>
{
    /** Trino refuses a bcrypt cost below 8 ("Minimum cost of BCrypt password must be 8"). */
    static final int MIN_COST = 8;
    /** The largest cost bcrypt defines (2^31 rounds: far too slow to use). */
    static final int MAX_COST = 31;
    /** bcrypt reads at most 72 bytes of a password; a longer one would be cut silently by other tools, so it is refused. */
    static final int MAX_PASSWORD_BYTES = 72;

    private final InputStream input;

    @Spec
    CommandSpec spec;

    @Option(names = "--user", paramLabel = "USER", description = "Print a whole line of the password file, USER:HASH; standard input then holds exactly one password.")
    Optional<String> user;

    @Option(names = "--cost", paramLabel = "N", defaultValue = "10", description = "bcrypt cost: 2^N rounds (default: ${DEFAULT-VALUE}; Trino requires at least " + MIN_COST + "). Each login checks one hash: 10 takes about 50 ms.")
    int cost;

    PasswordHashCommand()
    {
        this(System.in);
    }

    PasswordHashCommand(InputStream input)
    {
        this.input = requireNonNull(input, "input is null");
    }

    @Override
    public Integer call()
            throws IOException
    {
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new ParameterException(spec.commandLine(), "--cost must be between %s (Trino's minimum) and %s, got %s".formatted(MIN_COST, MAX_COST, cost));
        }
        user.ifPresent(this::checkUser);
        List<String> passwords = readPasswords();
        if (user.isPresent() && passwords.size() != 1) {
            throw new IllegalArgumentException("--user %s: standard input must hold exactly one password, it held %s lines".formatted(user.orElseThrow(), passwords.size()));
        }
        PrintWriter out = spec.commandLine().getOut();
        BCrypt.Hasher hasher = BCrypt.with(BCrypt.Version.VERSION_2Y);
        for (String password : passwords) {
            String hash = hasher.hashToString(cost, password.toCharArray());
            out.println(user.map(name -> name + ":" + hash).orElse(hash));
        }
        out.flush();
        return 0;
    }

    private void checkUser(String name)
    {
        if (name.isBlank() || name.contains(":") || !name.strip().equals(name) || name.chars().anyMatch(Character::isISOControl)) {
            throw new ParameterException(spec.commandLine(), "--user: '%s' cannot be a user of the password file: it must not be blank, nor contain ':', control characters or leading or trailing spaces".formatted(name));
        }
    }

    /** Every line of standard input is a password, as it is (only a trailing carriage return is dropped). All are checked before any is hashed. */
    private List<String> readPasswords()
            throws IOException
    {
        List<String> passwords = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(input, UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String password = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            int number = passwords.size() + 1;
            if (password.isEmpty()) {
                throw new IllegalArgumentException("line %s of standard input is empty: a password cannot be empty".formatted(number));
            }
            int bytes = password.getBytes(UTF_8).length;
            if (bytes > MAX_PASSWORD_BYTES) {
                throw new IllegalArgumentException("the password on line %s of standard input is %s bytes long; bcrypt reads at most %s bytes: choose a shorter one".formatted(number, bytes, MAX_PASSWORD_BYTES));
            }
            passwords.add(password);
        }
        if (passwords.isEmpty()) {
            throw new IllegalArgumentException("standard input held no password: pipe one in, e.g. mesh password-hash < alice.password");
        }
        return passwords;
    }
}
