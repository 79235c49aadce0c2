package org.oauth2kit.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.oauth2kit.BearerResult;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.store.memory.MemoryClientStore;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's hot paths through {@link Provider#dispatch} and {@link Provider#validateBearer},
 * with the memory store: what a token endpoint or a resource server pays per request on top of
 * its web framework. Run: {@code java -jar oauth2-benchmarks/target/benchmarks.jar -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// The memory store keeps every token issued (they live an hour), so the heap grows through a run:
// a fixed, pre-touched heap keeps the operating system's first touch of new pages out of the
// measurement, while copying the surviving tokens is still in it.
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class ProviderBenchmark {
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("abc:xyz".getBytes(StandardCharsets.UTF_8));
    static final String WRONG = "Basic " + Base64.getEncoder().encodeToString("abc:nope".getBytes(StandardCharsets.UTF_8));
    static final String UNKNOWN = "Basic " + Base64.getEncoder().encodeToString("zzz:xyz".getBytes(StandardCharsets.UTF_8));
    static final byte[] CLIENT_CREDENTIALS = "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8);
    static final Map<String, Object> ENV = Map.of();

    Provider provider;
    MemoryTokenStore store;
    Request clientCredentials;
    Request wrongSecret;
    Request unknownClient;
    Request bearer;
    Request introspect;

    /** Authorizes every request: the benchmark measures the protocol, not a login page. */
    static final class AlwaysYes implements SiteAdapter {
        @Override
        public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
                Client client) throws UserNotAuthenticated {
            return Map.of("sub", "alice");
        }

        @Override
        public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
                List<String> scopes, Client client) {
            return response;
        }

    }

    /**
     * A fresh Provider and memory store for every iteration: a store bounded by the heap (4 GiB
     * here) fills after a few million tokens, and from then on issuance would measure the refusal
     * (503), not the issuance.
     */
    @Setup(Level.Iteration)
    public void setUp() {
        MemoryClientStore clients = new MemoryClientStore();
        clients.addClient("abc", "xyz", List.of("http://localhost:8081/callback"));
        store = new MemoryTokenStore();
        org.oauth2kit.grant.Scope scope = new org.oauth2kit.grant.Scope(List.of("read", "write"), "read");
        provider = Provider.builder().issuer("http://localhost:8080").accessTokenStore(store).authCodeStore(store)
                .clientStore(clients).siteAdapter(new AlwaysYes())
                .grant(new AuthorizationCodeGrant(scope)).grant(new ClientCredentialsGrant(scope))
                .grant(RefreshToken.builder().scope(scope).build()).build();
        clientCredentials = tokenRequest(BASIC, CLIENT_CREDENTIALS);
        wrongSecret = tokenRequest(WRONG, CLIENT_CREDENTIALS);
        unknownClient = tokenRequest(UNKNOWN, CLIENT_CREDENTIALS);
        String token = field(provider.dispatch(clientCredentials, ENV).body(), "access_token");
        bearer = Request.builder("GET", "/api/me").header("Authorization", "Bearer " + token).build();
        introspect = Request.builder("POST", "/introspect").header("Authorization", BASIC)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(("token=" + token).getBytes(StandardCharsets.UTF_8)).build();
    }

    /** Each iteration must have measured successes: a token request still succeeds after it. */
    @TearDown(Level.Iteration)
    public void stillIssuing() {
        int status = provider.dispatch(clientCredentials, ENV).status();
        if (status != 200) {
            throw new IllegalStateException("token request answered " + status + " after the iteration: the "
                    + "iteration measured failures");
        }
    }

    static Request tokenRequest(String authorization, byte[] body) {
        return Request.builder("POST", "/token").header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded").body(body).build();
    }

    static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return json.substring(i, json.indexOf('"', i));
    }

    /** Issues a code the way the authorization endpoint does after consent. */
    String newCode() {
        Response r = provider.dispatch(Request.builder("GET", "/authorize")
                .rawQuery("response_type=code&client_id=abc&code_challenge=" + CHALLENGE
                        + "&code_challenge_method=S256")
                .build(), ENV);
        String location = r.header("Location");
        int i = location.indexOf("code=") + 5;
        return location.substring(i, location.indexOf('&', i));
    }

    @Benchmark
    public Response clientCredentialsIssuance() {
        return provider.dispatch(clientCredentials, ENV);
    }

    @Benchmark
    public BearerResult bearerValidation() {
        return provider.validateBearer(bearer, "read");
    }

    @Benchmark
    public Response introspection() {
        return provider.dispatch(introspect, ENV);
    }

    /** R2: the two failure paths of client authentication cost the same. */
    @Benchmark
    public Response clientAuthenticationWrongSecret() {
        return provider.dispatch(wrongSecret, ENV);
    }

    @Benchmark
    public Response clientAuthenticationUnknownClient() {
        return provider.dispatch(unknownClient, ENV);
    }

    /** Per thread: a fresh code for every redemption, made outside the measured time. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class FreshCode {
        Request redemption;

        @Setup(Level.Invocation)
        public void issue(ProviderBenchmark b) {
            redemption = tokenRequest(BASIC, ("grant_type=authorization_code&code=" + b.newCode() + "&code_verifier="
                    + VERIFIER).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public Response authorizationCodeRedemption(FreshCode code) {
        return provider.dispatch(code.redemption, ENV);
    }

    /** Per thread: a chain of refreshes, each using the token the previous one returned. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class RefreshChain {
        String refreshToken;

        @Setup(Level.Iteration)
        public void start(ProviderBenchmark b) {
            Response r = b.provider.dispatch(tokenRequest(BASIC, ("grant_type=authorization_code&code=" + b.newCode()
                    + "&code_verifier=" + VERIFIER).getBytes(StandardCharsets.UTF_8)), ENV);
            refreshToken = field(r.body(), "refresh_token");
        }
    }

    @Benchmark
    public Response refreshWithRotation(RefreshChain chain) {
        Response r = provider.dispatch(tokenRequest(BASIC, ("grant_type=refresh_token&refresh_token="
                + chain.refreshToken).getBytes(StandardCharsets.UTF_8)), ENV);
        chain.refreshToken = field(r.body(), "refresh_token");
        return r;
    }
}
