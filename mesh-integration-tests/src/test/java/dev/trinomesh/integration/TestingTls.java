package dev.trinomesh.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A certificate authority made for a test, and a server certificate it signed for {@code localhost} and
 * {@code 127.0.0.1}, as {@code ./mesh up} makes them: with the JDK's keytool, so nothing else is needed. Clients
 * trust {@link #caPem()}; the server reads {@link #serverKeystore()} (PKCS#12, key and chain).
 */
record TestingTls(Path caPem, Path serverKeystore, String keystorePassword)
{
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    static TestingTls create(Path directory)
    {
        String password = UUID.randomUUID().toString();
        Path ca = directory.resolve("ca.p12");
        Path caPem = directory.resolve("ca.pem");
        Path server = directory.resolve("trino.p12");
        Path request = directory.resolve("trino.csr");
        Path signed = directory.resolve("trino.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=mesh test CA", "-ext", "bc:c",
                "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", ca.toString(), "-storepass", password, "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "trino", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", "trino", "-keystore", server.toString(), "-storepass", password, "-file", request.toString());
        // Clients check the host name: the certificate names both ways of reaching the server on this machine.
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password, "-infile", request.toString(), "-outfile", signed.toString(), "-rfc",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-ext", "ku:c=digitalSignature", "-ext", "eku=serverAuth", "-validity", "2");
        keytool("-importcert", "-alias", "ca", "-file", caPem.toString(), "-keystore", server.toString(), "-storepass", password, "-noprompt");
        keytool("-importcert", "-alias", "trino", "-file", signed.toString(), "-keystore", server.toString(), "-storepass", password);
        return new TestingTls(caPem, server, password);
    }

    private static void keytool(String... arguments)
    {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            // The output goes to a file, not a pipe: a command that hangs cannot then hold the wait past its timeout.
            Path output = Files.createTempFile("keytool", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
                boolean exited = process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (!exited) {
                    process.destroyForcibly();
                }
                if (!exited || process.exitValue() != 0) {
                    String outcome = exited ? "exited with " + process.exitValue() : "did not finish within %s s".formatted(COMMAND_TIMEOUT_SECONDS);
                    throw new IllegalStateException("keytool %s: %s%n%s".formatted(outcome, String.join(" ", arguments), Files.readString(output, UTF_8)));
                }
            }
            finally {
                Files.deleteIfExists(output);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
