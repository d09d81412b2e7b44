package dev.trinomesh.catalog.server.portal;

import dev.trinomesh.catalog.testing.TestingCatalogService;
import dev.trinomesh.testing.TestingOidcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in to the portal at a real OpenID Connect issuer (mock-oauth2-server as its own process, with its sign-in
 * form), by the authorization code flow with PKCE, over HTTP as a browser follows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestPortalOidcSignIn
{
    private TestingOidcServer issuer;
    private TestingCatalogService service;
    private HttpClient http;

    @BeforeAll
    void start()
    {
        issuer = TestingOidcServer.withSignInForm(List.of("mesh-portal", "mesh"));
        service = new TestingCatalogService(Map.of(
                "identity.oidc.issuer", issuer.issuer().toString(),
                "portal.oidc.client-id", "mesh-portal"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    void stop()
    {
        http.close();
        service.close();
        issuer.close();
    }

    @Test
    void aPersonSignsInAtTheIssuerAndLandsWhereTheyWereGoing()
            throws Exception
    {
        assertThat(send("GET", service.baseUri().resolve("/portal/login"), Optional.empty(), Optional.empty()).body()).contains("id=\"oidc-sign-in\"");
        Flow flow = begin("/portal/search?q=orders");
        assertThat(flow.authorization().toString())
                .startsWith(issuer.issuer() + "/authorize?")
                .contains("client_id=mesh-portal", "code_challenge_method=S256", "scope=openid", "redirect_uri=" + URLEncoder.encode(service.baseUri().resolve("/portal/login/oidc/callback").toString(), UTF_8));
        // The issuer's own sign-in form, where the person says who they are.
        assertThat(send("GET", flow.authorization(), Optional.empty(), Optional.empty()).body()).contains("name=\"username\"");
        URI callback = signInAtIssuer(flow, "alice");

        HttpResponse<String> back = send("GET", callback, Optional.of(flow.cookie()), Optional.empty());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/portal/search?q=orders"));
        List<String> cookies = back.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("__Host-mesh-oidc=;").contains("Max-Age=0"));
        String session = cookies.stream().filter(cookie -> cookie.startsWith("__Host-mesh-session=")).findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly", "Secure", "SameSite=Lax");
        HttpResponse<String> page = send("GET", service.baseUri().resolve("/portal/"), Optional.of(session.substring(0, session.indexOf(';'))), Optional.empty());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in as <strong>alice</strong>");
    }

    @Test
    void anAnswerForAnotherSignInIsRefused()
            throws Exception
    {
        Flow mine = begin("/portal/");
        Flow other = begin("/portal/");
        URI callback = signInAtIssuer(other, "mallory");
        // mallory's answer, delivered to a browser that began its own sign-in: the state differs.
        HttpResponse<String> crossed = send("GET", callback, Optional.of(mine.cookie()), Optional.empty());
        assertThat(crossed.statusCode()).isEqualTo(400);
        assertThat(crossed.body()).contains("not for this sign-in").doesNotContain("Signed in as");
        assertThat(crossed.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("__Host-mesh-session="));
        // And without the flow's cookie at all.
        assertThat(send("GET", callback, Optional.empty(), Optional.empty()).statusCode()).isEqualTo(400);
        // The issuer's refusal is shown, not a session opened.
        HttpResponse<String> refused = send("GET", service.baseUri().resolve("/portal/login/oidc/callback?error=access_denied&error_description=no"), Optional.of(mine.cookie()), Optional.empty());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("The identity provider did not sign you in.");
    }

    private Flow begin(String next)
            throws Exception
    {
        HttpResponse<String> start = send("GET", service.baseUri().resolve("/portal/login/oidc?next=" + URLEncoder.encode(next, UTF_8)), Optional.empty(), Optional.empty());
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        String cookie = start.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("__Host-mesh-oidc=").contains("HttpOnly", "Secure", "SameSite=Lax", "Max-Age=600");
        return new Flow(URI.create(start.headers().firstValue("Location").orElseThrow()), cookie.substring(0, cookie.indexOf(';')));
    }

    /** What the issuer's form does when a person types their name: it answers with a redirect to the callback. */
    private URI signInAtIssuer(Flow flow, String user)
            throws Exception
    {
        HttpResponse<String> answer = send("POST", flow.authorization(), Optional.empty(), Optional.of("username=" + user + "&claims="));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        return URI.create(answer.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> send(String method, URI uri, Optional<String> cookie, Optional<String> form)
            throws Exception
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, form.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        form.ifPresent(_ -> request.header("Content-Type", "application/x-www-form-urlencoded"));
        cookie.ifPresent(value -> request.header("Cookie", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Flow(URI authorization, String cookie) {}
}
