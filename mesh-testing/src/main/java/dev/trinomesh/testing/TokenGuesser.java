package dev.trinomesh.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * An attacker guessing bearer tokens from a loopback address of its own (127.0.0.2 and up, so that the tests' other
 * clients on 127.0.0.1 are not held back), optionally forging the forwarding headers a proxy would set, as if each
 * guess came from another client.
 */
public final class TokenGuesser
{
    private static final int ADDRESSES = 3;

    private TokenGuesser() {}

    /**
     * The statuses of {@code guesses} requests with made-up tokens to {@code uri}, in order. The service counts failures
     * per clock minute: guesses that straddle a minute are made again from the next address.
     */
    public static List<Integer> guess(URI uri, int guesses, boolean forgeForwardedHeaders)
            throws IOException, InterruptedException
    {
        for (int address = 2; ; address++) {
            long minute = System.currentTimeMillis() / 60_000;
            List<Integer> statuses = new ArrayList<>();
            try (HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0." + address)).build()) {
                for (int i = 0; i < guesses; i++) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer not-a-token-" + i);
                    if (forgeForwardedHeaders) {
                        request.header("X-Forwarded-For", "10.9.8." + i).header("Forwarded", "for=10.9.7." + i);
                    }
                    statuses.add(client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                }
            }
            if (System.currentTimeMillis() / 60_000 == minute || address == ADDRESSES + 1) {
                return statuses;
            }
        }
    }
}
