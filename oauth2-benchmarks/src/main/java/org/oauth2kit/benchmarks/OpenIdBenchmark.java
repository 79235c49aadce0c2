package org.oauth2kit.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.oauth2kit.BearerResult;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.oidc.OpenIdConnect;
import org.oauth2kit.oidc.SigningKey;
import org.oauth2kit.oidc.SigningKeys;
import org.oauth2kit.store.memory.MemoryClientStore;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What OpenID Connect adds to a request: signing a JWT (an ID token or a JWT access token, the same
 * work) and validating a JWT access token locally, for each signature algorithm.
 *
 * <p>{@code java -jar oauth2-benchmarks/target/benchmarks.jar OpenIdBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class OpenIdBenchmark {
    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private SigningKey key;
    private String claims;
    private Provider provider;
    private Request clientCredentials;
    private Request bearer;

    @Setup
    public void setUp() {
        key = SigningKey.generate(alg);
        claims = "{\"iss\":\"https://as.example\",\"sub\":\"alice\",\"aud\":\"abc\",\"exp\":1893456000,"
                + "\"iat\":1893455400,\"nonce\":\"n-0S6_WzA2Mj\",\"at_hash\":\"77QmUPtjPfzWtF2AnpK9RQ\"}";
        MemoryClientStore clients = new MemoryClientStore();
        clients.addClient("abc", "xyz", List.of("http://localhost:8081/callback"));
        MemoryTokenStore store = new MemoryTokenStore();
        provider = Provider.builder().issuer("https://as.example").tokenStore(store).clientStore(clients)
                .siteAdapter(new ProviderBenchmark.AlwaysYes())
                .openIdConnect(OpenIdConnect.builder(SigningKeys.of(key)).jwtAccessTokens("https://api.example", true)
                        .build())
                .grant(new ClientCredentialsGrant(new org.oauth2kit.grant.Scope(List.of("read"), "read"))).build();
        clientCredentials = ProviderBenchmark.tokenRequest(ProviderBenchmark.BASIC,
                "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));
        String token = ProviderBenchmark.field(provider.dispatch(clientCredentials, Map.of()).body(), "access_token");
        bearer = Request.builder("GET", "/api/me").header("Authorization", "Bearer " + token).build();
    }

    /** One signed JWT: what an ID token costs on top of the token response. */
    @Benchmark
    public String signJwt() {
        return key.sign("JWT", claims);
    }

    /** A whole token request that issues a JWT access token (client authentication, signing, storing). */
    @Benchmark
    public Response jwtAccessTokenIssuance() {
        return provider.dispatch(clientCredentials, Map.of());
    }

    /** Local validation of a JWT access token: signature, typ, iss, aud, exp; no store read. */
    @Benchmark
    public BearerResult jwtValidation() {
        return provider.validateBearer(bearer, "read");
    }
}
