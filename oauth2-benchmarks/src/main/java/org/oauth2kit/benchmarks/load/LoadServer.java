package org.oauth2kit.benchmarks.load;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.javalin.Javalin;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.jetty.JettyHttpContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.grant.ImplicitGrant;
import org.oauth2kit.grant.ResourceOwnerGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.javalin.OAuth2Plugin;
import org.oauth2kit.jaxrs.OAuth2Feature;
import org.oauth2kit.servlet.OAuth2Servlet;
import org.oauth2kit.store.ClientCache;
import org.oauth2kit.store.memcache.MemcacheTokenStore;
import org.oauth2kit.store.memory.MemoryClientStore;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.store.mongodb.MongoStores;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * One token endpoint on one framework, on 127.0.0.1, for {@code benchmarks/load.sh}:
 *
 * <pre>
 * java -jar load-servers.jar --framework servlet|javalin|jaxrs|micronaut
 *                            --server oauth2kit|bare [--store memory|memcache|mongodb|redis|jdbc|discard]
 *                            [--memcached host:port] [--redis-uri redis://host:port] [--jdbc-url URL] [--port N]
 * </pre>
 *
 * <p>{@code oauth2kit} serves the adapter of that framework with the demo server's Provider
 * (client {@code abc}/{@code xyz}, scopes {@code read} (default) and {@code write}, every grant)
 * at {@code /token}; {@code bare} serves the bare endpoint of the same framework at the same
 * path. JAX-RS runs on Jersey's Jetty container for both. Prints {@code PORT <n>} once it listens, and
 * stops on SIGTERM.
 */
public final class LoadServer {
    /**
     * Clients kept in a networked store are read through a {@link ClientCache}, as the stores guide
     * recommends for a busy token endpoint: one round trip per token request, not two.
     */
    static final java.time.Duration CLIENT_CACHE = java.time.Duration.ofSeconds(30);

    /** The Micronaut property that switches the bare controller on. */
    static final String BARE_PROPERTY = "oauth2kit.benchmarks.bare";

    private LoadServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String framework = options.getOrDefault("framework", "javalin");
        boolean bare = switch (options.getOrDefault("server", "oauth2kit")) {
            case "bare" -> true;
            case "oauth2kit" -> false;
            default -> throw new IllegalArgumentException("--server is oauth2kit or bare");
        };
        int port = Integer.parseInt(options.getOrDefault("port", "0"));
        Provider provider = bare ? null : provider(options.getOrDefault("store", "memory"), options);
        AutoCloseable server = switch (framework) {
            case "servlet" -> servlet(provider, port);
            case "javalin" -> javalin(provider, port);
            case "jaxrs" -> jaxrs(provider, port);
            case "micronaut" -> micronaut(provider, port);
            default -> throw new IllegalArgumentException("--framework is servlet, javalin, jaxrs or micronaut");
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }));
        Thread.currentThread().join();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("options are --name value pairs: " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static void listening(int port) {
        System.out.println("PORT " + port);
        System.out.flush();
    }

    /**
     * The demo server's Provider (as the examples' {@code DemoConfig} has it): client {@code abc}
     * with secret {@code xyz} and every grant, scopes {@code read} (the default) and {@code write}.
     */
    static Provider provider(String store, Map<String, String> options) {
        String memcached = options.get("memcached");
        Scope scope = new Scope(List.of("read", "write"), "read");
        Provider.Builder builder = Provider.builder().issuer("http://127.0.0.1").siteAdapter(new NoUsers())
                .grant(new AuthorizationCodeGrant(scope)).grant(new ImplicitGrant(scope))
                .grant(new ResourceOwnerGrant(scope)).grant(new ClientCredentialsGrant(scope))
                .grant(RefreshToken.builder().scope(scope).build());
        Client client = Client.builder("abc").secret("xyz").redirectUris(List.of("http://localhost:8081/callback"))
                .build();
        MemoryClientStore clients = new MemoryClientStore();
        clients.addClient(client);
        switch (store) {
            case "memory" -> builder.tokenStore(new MemoryTokenStore()).clientStore(clients);
            case "memcache" -> {
                if (memcached == null) {
                    throw new IllegalArgumentException("--store memcache needs --memcached host:port");
                }
                builder.tokenStore(MemcacheTokenStore.builder().servers(memcached).build()).clientStore(clients);
            }
            case "mongodb" -> {
                // mongo-java-server in this process, reached by the real driver over TCP
                MongoServer server = new MongoServer(new MemoryBackend());
                server.bind("127.0.0.1", 0);
                MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
                MongoStores stores = MongoStores.create(mongo.getDatabase("oauth2kit_load"));
                stores.createIndexes();
                stores.clients().addClient(client);
                builder.accessTokenStore(stores.tokens()).authCodeStore(stores.codes())
                        .clientStore(ClientCache.of(stores.clients(), CLIENT_CACHE));
            }
            case "redis" -> builder.tokenStore(new org.oauth2kit.store.redis.RedisTokenStore(
                    options.getOrDefault("redis-uri", "redis://127.0.0.1:6379"), java.time.Clock.systemUTC()))
                    .clientStore(clients);
            case "jdbc" -> {
                com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
                config.setJdbcUrl(options.get("jdbc-url"));
                config.setMaximumPoolSize(16);
                com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
                org.oauth2kit.store.jdbc.JdbcSchema.migrate(pool);
                org.oauth2kit.store.jdbc.JdbcStores stores = org.oauth2kit.store.jdbc.JdbcStores.create(pool);
                stores.clients().addClient(client);
                builder.tokenStore(stores.tokens()).clientStore(ClientCache.of(stores.clients(), CLIENT_CACHE));
            }
            case "discard" -> builder.tokenStore(new DiscardingTokenStore()).clientStore(clients);
            default -> throw new IllegalArgumentException("--store is memory, memcache, mongodb, redis, jdbc or discard");
        }
        return builder.build();
    }

    private static AutoCloseable servlet(Provider provider, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (provider == null) {
            context.addServlet(new ServletHolder(new BareTokenServlet()), "/token");
        } else {
            ServletHolder oauth = new ServletHolder(new OAuth2Servlet(provider));
            oauth.setAsyncSupported(true);
            context.addServlet(oauth, "/*");
        }
        server.setHandler(context);
        server.start();
        listening(connector.getLocalPort());
        return server::stop;
    }

    private static AutoCloseable javalin(Provider provider, int port) {
        Javalin app = Javalin.create(config -> {
            if (provider == null) {
                config.routes.post("/token", ctx -> {
                    BareToken.Answer answer = BareToken.answer(ctx.formParam("grant_type"), ctx.header("Authorization"));
                    ctx.status(answer.status()).contentType(BareToken.CONTENT_TYPE)
                            .header(BareToken.CACHE_CONTROL, BareToken.NO_STORE).result(answer.body());
                });
            } else {
                config.registerPlugin(new OAuth2Plugin(provider));
            }
        }).start("127.0.0.1", port);
        listening(app.port());
        return app::stop;
    }

    private static AutoCloseable jaxrs(Provider provider, int port) throws Exception {
        ResourceConfig application = new ResourceConfig().property(ServerProperties.WADL_FEATURE_DISABLE, true);
        if (provider == null) {
            application.register(BareTokenResource.class);
        } else {
            application.register(new OAuth2Feature(provider));
        }
        Server server = JettyHttpContainerFactory.createServer(URI.create("http://127.0.0.1:" + port + "/"), application);
        listening(((ServerConnector) server.getConnectors()[0]).getLocalPort());
        return server::stop;
    }

    private static AutoCloseable micronaut(Provider provider, int port) {
        ApplicationContext context = (provider == null ? ApplicationContext.builder()
                : ApplicationContext.builder().singletons(provider))
                .properties(Map.of("micronaut.server.port", port, "micronaut.server.host", "127.0.0.1",
                        BARE_PROPERTY, provider == null))
                .start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        listening(server.getPort());
        return context::close;
    }

    /** Only the client credentials grant is driven: nobody logs in. */
    private static final class NoUsers implements SiteAdapter {
        @Override
        public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
                Client client) throws UserNotAuthenticated {
            throw new UserNotAuthenticated();
        }

        @Override
        public Map<String, String> authenticateResourceOwner(String username, String password, Request request,
                Map<String, Object> environ, List<String> scopes, Client client) throws UserNotAuthenticated {
            throw new UserNotAuthenticated();
        }

        @Override
        public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
                List<String> scopes, Client client) {
            return response.withStatus(403).withBody("no users here");
        }

        @Override
        public boolean userHasDeniedAccess(Request request, Map<String, Object> environ) {
            return true;
        }
    }
}
