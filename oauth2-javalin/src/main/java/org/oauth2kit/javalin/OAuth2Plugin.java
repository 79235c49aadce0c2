package org.oauth2kit.javalin;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.plugin.Plugin;
import io.javalin.security.RouteRole;
import org.oauth2kit.AccessToken;
import org.oauth2kit.BearerResult;
import org.oauth2kit.Provider;
import org.oauth2kit.web.Response;

/**
 * Serves a {@link Provider} from Javalin 7 and protects routes with bearer tokens (RFC 6750).
 *
 * <pre>{@code
 * Javalin.create(config -> {
 *     config.registerPlugin(new OAuth2Plugin(oauth -> oauth.provider(provider).mountPath("/oauth")));
 *     config.routes.get("/api/me", ctx -> ctx.result(OAuth2Plugin.accessToken(ctx).orElseThrow().clientId()),
 *             RequireScopes.of("read"));
 * });
 * }</pre>
 *
 * <p>Every path of {@link Provider#paths()} is registered below the mount path for every HTTP
 * method, so the Provider also answers the methods it refuses. A before-matched handler checks the
 * bearer token of every route that has {@link RequireScopes} roles; for routes chosen by path
 * instead, use {@link #bearer(Provider, String...)} as a before-handler.
 */
public final class OAuth2Plugin extends Plugin<OAuth2Plugin.Config> {
    /** The key of the {@link Context} in the environ map the Provider hands to the SiteAdapter. */
    public static final String ENVIRON_CONTEXT = "io.javalin.http.Context";
    /** The context attribute holding the validated {@link AccessToken} of a protected request. */
    public static final String ACCESS_TOKEN_ATTRIBUTE = org.oauth2kit.AccessToken.REQUEST_ATTRIBUTE;

    public OAuth2Plugin(Consumer<Config> userConfig) {
        super(userConfig, new Config());
        Objects.requireNonNull(pluginConfig.provider, "provider: set it with oauth.provider(...)");
    }

    public OAuth2Plugin(Provider provider) {
        this(oauth -> oauth.provider(provider));
    }

    @Override
    public void onInitialize(JavalinState state) {
        Provider provider = pluginConfig.provider;
        Map<String, String> routes = new java.util.LinkedHashMap<>();
        for (String path : provider.paths()) {
            routes.put(pluginConfig.mountPath + path, path);
        }
        // RFC 8414 §3.1 and RFC 9728 §3.1: metadata lives at the host's root.
        provider.rootPaths().forEach(p -> routes.putIfAbsent(p, p));
        routes.forEach((route, path) -> {
            Handler endpoint = ctx -> {
                CompletableFuture<Response> answer = provider.dispatchAsync(
                        JavalinExchange.request(ctx, path, ctx.bodyInputStream(), provider.maxBodyBytes()),
                        Map.of(ENVIRON_CONTEXT, ctx)).toCompletableFuture();
                if (answer.isDone()) {
                    JavalinExchange.respond(ctx, answer.join());
                } else {
                    // a token still being stored: the request waits without holding a thread
                    // Javalin starts async before it asks for the future. The answer is copied
                    // out on Jetty's threads (AsyncContext.start), never on the thread that
                    // completed the save: that is the store's (a JDBC writer, a Redis I/O thread),
                    // and a client slow to read must not stall every save behind it.
                    ctx.future(() -> answer.thenAcceptAsync(response -> JavalinExchange.respond(ctx, response),
                            ctx.req().getAsyncContext()::start));
                }
            };
            for (HandlerType method : HandlerType.values()) {
                if (method.isHttpMethod()) {
                    state.routes.addHttpHandler(method, route, endpoint);
                }
            }
        });
        state.routes.beforeMatched(ctx -> {
            Set<String> scopes = new LinkedHashSet<>();
            boolean protectedRoute = false;
            for (RouteRole role : ctx.routeRoles()) {
                if (role instanceof RequireScopes required) {
                    protectedRoute = true;
                    scopes.addAll(required.scopes());
                }
            }
            if (protectedRoute) {
                check(provider, ctx, scopes.toArray(String[]::new));
            }
        });
    }

    /**
     * A before-handler that lets a request through only with a valid bearer token carrying every
     * one of {@code scopes}, e.g. {@code config.routes.before("/api/*", OAuth2Plugin.bearer(provider, "read"))}.
     * The token is then in {@link #accessToken(Context)}; otherwise the Provider's refusal (status,
     * {@code WWW-Authenticate}, body) is sent and the remaining handlers are skipped.
     */
    public static Handler bearer(Provider provider, String... scopes) {
        Objects.requireNonNull(provider, "provider");
        String[] required = scopes.clone();
        return ctx -> check(provider, ctx, required);
    }

    /** The validated token of a request that passed a bearer check; empty otherwise. */
    public static Optional<AccessToken> accessToken(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ACCESS_TOKEN_ATTRIBUTE));
    }

    private static void check(Provider provider, Context ctx, String... scopes) throws Exception {
        // The route still has to read the body: only a form body, and only when the Provider accepts
        // a token there (RFC 6750 §2.2), is passed, through Javalin's cached copy; any other body
        // stays unread.
        InputStream body = provider.acceptsBearerInForm() && ctx.isFormUrlencoded()
                ? new ByteArrayInputStream(ctx.bodyAsBytes()) : null;
        BearerResult result = provider.validateBearer(
                JavalinExchange.request(ctx, ctx.path(), body, provider.maxBodyBytes()), scopes);
        if (result instanceof BearerResult.Authorized authorized) {
            ctx.attribute(ACCESS_TOKEN_ATTRIBUTE, authorized.token());
        } else if (result instanceof BearerResult.Rejected rejected) {
            JavalinExchange.respond(ctx, rejected.response());
            ctx.skipRemainingHandlers();
        }
    }

    /** What the plugin serves, set in its constructor's configurer. */
    public static final class Config {
        private Provider provider;
        private String mountPath = "";

        private Config() {
        }

        public Config provider(Provider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Where the Provider's paths go, e.g. {@code /oauth} serves {@code /oauth/token}; empty (the
         * default) serves them at the root. The Provider's metadata and issuer must agree with it.
         */
        public Config mountPath(String mountPath) {
            Objects.requireNonNull(mountPath, "mountPath");
            if (!mountPath.isEmpty() && (!mountPath.startsWith("/") || mountPath.endsWith("/"))) {
                throw new IllegalArgumentException("mountPath starts with '/' and has no trailing '/': " + mountPath);
            }
            this.mountPath = mountPath;
            return this;
        }
    }
}
