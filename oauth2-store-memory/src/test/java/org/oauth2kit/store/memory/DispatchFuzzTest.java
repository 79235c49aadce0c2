package org.oauth2kit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.oauth2kit.Provider;
import org.oauth2kit.device.DeviceFlow;
import org.oauth2kit.exchange.TokenExchangeGrant;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.dpop.Dpop;
import org.oauth2kit.par.PushedAuthorizationRequests;
import org.oauth2kit.registration.ClientRegistration;
import org.oauth2kit.registration.RegistrationPolicy;
import org.oauth2kit.resource.ProtectedResource;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.ExtensionsContract;
import org.oauth2kit.testkit.Dispatcher;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * Generated bad input thrown at {@link Provider#dispatch} (R12, R35): random and truncated
 * parameters, repeats, broken percent-encoding, non-UTF-8 bytes, huge values, malformed
 * Authorization headers, wrong content types and methods. The number of cases per property is
 * {@code jqwik.tries.default}: a few thousand by default, 100 000 with {@code -Pfuzz-long}.
 */
class DispatchFuzzTest {
    private static Provider provider;
    private static String liveCode;
    private static String liveRefresh;
    private static String liveAccess;
    private static String liveRequestUri;
    private static String liveDeviceCode;
    private static String liveUserCode;

    @BeforeContainer
    static void start() {
        MemoryTokenStore store = new MemoryTokenStore();
        DeviceFlow device = DeviceFlow.builder().scope(new Scope(ContractFixture.SCOPES, "read")).build();
        MemoryClientStore registry = new MemoryClientStore();
        // the contract's clients as the extensions contract registers them (device flow, token exchange)
        ContractFixture.clientList().forEach(c -> registry.addClient(
                ExtensionsContract.clients().fetchByClientId(c.clientId()).orElseThrow()));
        provider = ContractFixture.builder(store, store, registry, new MutableClock())
                .ephemeralStore(store)
                .endpoint(ClientRegistration.builder(registry).policy(RegistrationPolicy.open()).build())
                .resource(ProtectedResource.of(ContractFixture.ISSUER + "/api", List.of("read"), "API"))
                .dpop(Dpop.builder().build())
                .endpoint(PushedAuthorizationRequests.builder().build())
                .grant(device.grant()).endpoint(device.authorizationEndpoint()).endpoint(device.verificationEndpoint())
                .grant(new TokenExchangeGrant())
                .build();
        Dispatcher d = new Dispatcher(provider);
        liveCode = d.code(ContractFixture.CLIENT_ID);
        Response tokens = d.codeGrant();
        liveRefresh = Dispatcher.field(tokens, "refresh_token");
        liveAccess = Dispatcher.field(tokens, "access_token");
        Response pushed = d.post("/par", Dispatcher.form("response_type", "code", "redirect_uri",
                ContractFixture.REDIRECT_URI, "code_challenge", Dispatcher.CHALLENGE, "code_challenge_method", "S256"),
                "Authorization", Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        liveRequestUri = Dispatcher.field(pushed, "request_uri");
        Response codes = d.post("/device_authorization", "", "Authorization",
                Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        liveDeviceCode = Dispatcher.field(codes, "device_code");
        liveUserCode = Dispatcher.field(codes, "user_code");
    }

    @Property
    @Label("R35 random requests at every endpoint: never a 5xx, never internals in the body, JSON at the token endpoint")
    void randomRequests(@ForAll("requests") Request request) {
        check(request, provider.dispatch(request, Map.of()));
    }

    @Property
    @Label("R12 mutated token requests (dropped, repeated, truncated, re-encoded parameters) get OAuth JSON answers")
    void mutatedTokenRequests(@ForAll("mutatedForms") String body, @ForAll("authorizations") String authorization,
            @ForAll("paths") String path) {
        Request.Builder b = Request.builder("POST", path).header("Content-Type", "application/x-www-form-urlencoded")
                .body(body.getBytes(StandardCharsets.UTF_8));
        if (!authorization.isEmpty()) {
            b.header("Authorization", authorization);
        }
        Request request = b.build();
        check(request, provider.dispatch(request, Map.of()));
    }

    static void check(Request request, Response r) {
        assertThat(r.status()).as("%s %s", request.method(), request.path()).isBetween(200, 499);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("org.oauth2kit.");
        if (List.of("/token", "/revoke", "/introspect", "/par", "/device_authorization", "/register")
                .contains(request.path())) {
            assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
            assertThat(r.body()).startsWith("{").endsWith("}");
            if (r.status() >= 400) {
                assertThat(r.body()).contains("\"error\":\"");
            }
        }
        if (request.path().equals("/authorize") && r.status() == 302) {
            assertThat(r.header("Location")).startsWith(ContractFixture.REDIRECT_URI);
        }
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/token", "/authorize", "/revoke", "/introspect",
                "/.well-known/oauth-authorization-server", "/", "/token/", "/TOKEN", "/x", "/par",
                "/device_authorization", "/device", "/register", "/.well-known/oauth-protected-resource/api");
    }

    static Arbitrary<String> nasty() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withChars("%&=+;#?\u0000\u00ff\u20ac\ud800abcXYZ019 ").ofMaxLength(60),
                Arbitraries.of("%", "%%", "%zz", "%C3%28", "%FF%FE", "%ED%A0%80", "%00", "a=b=c", "&&&", "=", "+",
                        "%F0%9F%98%80", "\u00e9", "\ud83d"),
                Arbitraries.strings().alpha().ofMinLength(4000).ofMaxLength(9000));
    }

    static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of("grant_type", "code", "redirect_uri", "client_id", "client_secret", "scope", "state",
                        "response_type", "code_verifier", "code_challenge", "code_challenge_method", "refresh_token",
                        "username", "password", "token", "token_type_hint", "access_token", "consent",
                        "request_uri", "request", "device_code", "user_code", "subject_token", "subject_token_type",
                        "actor_token", "actor_token_type", "requested_token_type", "audience", "resource",
                        "redirect_uris", "token_endpoint_auth_method", "grant_types", "response_types", "client_name"),
                nasty());
    }

    static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of("authorization_code", "client_credentials", "password", "refresh_token", "implicit",
                        "code", "token", "abc", "pub", "xyz", "read", "write", "read write", "S256", "plain",
                        ContractFixture.REDIRECT_URI, "alice", "wonderland", "allow", "deny", Dispatcher.VERIFIER,
                        Dispatcher.CHALLENGE, DeviceFlow.GRANT_TYPE, TokenExchangeGrant.GRANT_TYPE,
                        TokenExchangeGrant.ACCESS_TOKEN, TokenExchangeGrant.REFRESH_TOKEN, TokenExchangeGrant.JWT,
                        "urn:ietf:params:oauth:request_uri:", "BCDF-GHJK", "bcdfghjk", ContractFixture.ISSUER + "/api",
                        "https://unknown.example", "none", "client_secret_basic"),
                Arbitraries.of(1).map(x -> liveAccess), Arbitraries.of(1).map(x -> liveRequestUri),
                Arbitraries.of(1).map(x -> liveDeviceCode), Arbitraries.of(1).map(x -> liveUserCode),
                nasty());
    }

    @Provide
    Arbitrary<String> mutatedForms() {
        Arbitrary<String> pair = Combinators.combine(names(), values(), Arbitraries.of(0, 1, 2, 3))
                .as((n, v, mode) -> switch (mode) {
                    case 0 -> Dispatcher.enc(n) + "=" + Dispatcher.enc(v);
                    case 1 -> n + "=" + v; // not encoded at all
                    case 2 -> Dispatcher.enc(n) + "=" + Dispatcher.enc(v).substring(0,
                            Math.max(0, Dispatcher.enc(v).length() - 1)); // truncated
                    default -> Dispatcher.enc(n);
                });
        Arbitrary<String> live = Arbitraries.of("grant_type=authorization_code&code=" + Dispatcher.enc(liveCode),
                "grant_type=refresh_token&refresh_token=" + Dispatcher.enc(liveRefresh), "grant_type=client_credentials",
                "grant_type=password&username=alice&password=wonderland",
                "grant_type=" + Dispatcher.enc(DeviceFlow.GRANT_TYPE) + "&device_code=" + Dispatcher.enc(liveDeviceCode),
                "grant_type=" + Dispatcher.enc(TokenExchangeGrant.GRANT_TYPE) + "&subject_token="
                        + Dispatcher.enc(liveAccess) + "&subject_token_type=" + Dispatcher.enc(TokenExchangeGrant.ACCESS_TOKEN),
                "client_id=abc&request_uri=" + Dispatcher.enc(liveRequestUri),
                "user_code=" + Dispatcher.enc(liveUserCode));
        return Combinators.combine(live, pair.list().ofMaxSize(12), Arbitraries.integers().between(0, 3))
                .as((base, extra, dup) -> {
                    List<String> parts = new ArrayList<>(List.of(base.split("&")));
                    parts.addAll(extra);
                    for (int i = 0; i < dup && !parts.isEmpty(); i++) {
                        parts.add(parts.get(i % parts.size()));
                    }
                    java.util.Collections.shuffle(parts, new java.util.Random(base.hashCode() + extra.size()));
                    return String.join("&", parts);
                });
    }

    /** JSON registration bodies: well-formed, with random members and values, and broken. */
    static Arbitrary<String> registrations() {
        Arbitrary<String> value = Arbitraries.oneOf(nasty().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\""), Arbitraries.of("[]", "[\"https://a.example/cb\"]", "[\"http://evil.example/cb\"]", "42", "null",
                "true", "{}", "[\"authorization_code\",\"password\"]", "\"none\""));
        Arbitrary<String> member = Combinators.combine(Arbitraries.of("redirect_uris", "grant_types", "response_types",
                "token_endpoint_auth_method", "client_name", "scope", "client_id", "client_secret", "x"), value)
                .as((n, v) -> "\"" + n + "\":" + v);
        return Arbitraries.oneOf(member.list().ofMaxSize(8).map(m -> "{" + String.join(",", m) + "}"),
                member.list().ofMaxSize(4).map(m -> "{" + String.join(",", m)), nasty());
    }

    @Provide
    Arbitrary<String> authorizations() {
        String good = Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
        return Arbitraries.oneOf(
                Arbitraries.of("", good, good, "Basic", "Basic ", "Basic !!!", "Basic " + good.substring(6, 12), "Bearer x",
                        "Digest abc", "basic " + good.substring(6)),
                nasty().map(s -> "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))),
                nasty().map(s -> "Basic " + s),
                nasty());
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> method = Arbitraries.oneOf(Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS",
                "PATCH", "TRACE"), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> contentType = Arbitraries.oneOf(Arbitraries.of("", "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/x-www-form-urlencoded;charset=utf-8",
                "application/json", "text/plain", "multipart/form-data; boundary=x", ";", "APPLICATION/X-WWW-FORM-URLENCODED"),
                nasty());
        Arbitrary<byte[]> body = Arbitraries.oneOf(
                mutatedForms().map(s -> s.getBytes(StandardCharsets.UTF_8)),
                registrations().map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                nasty().map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> query = Arbitraries.oneOf(mutatedForms(), nasty(),
                Arbitraries.just("response_type=code&client_id=abc&redirect_uri="
                        + Dispatcher.enc(ContractFixture.REDIRECT_URI) + "&code_challenge=" + Dispatcher.CHALLENGE
                        + "&code_challenge_method=S256&state=s"));
        Arbitrary<String> dpop = Arbitraries.oneOf(Arbitraries.just(""), nasty(),
                Arbitraries.of("a.b.c", "eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.AAAA", "eyJhbGciOiJub25lIn0.e30."));
        return Combinators.combine(method, paths(), query, contentType, body, authorizations(), dpop)
                .as((m, p, q, ct, b, auth, proof) -> {
                    Request.Builder rb = Request.builder(m, p).rawQuery(q).body(b);
                    if (!proof.isEmpty()) {
                        rb.header("DPoP", proof);
                    }
                    if (!ct.isEmpty()) {
                        rb.header("Content-Type", ct);
                    }
                    if (!auth.isEmpty()) {
                        rb.header("Authorization", auth);
                    }
                    return rb.build();
                });
    }
}
