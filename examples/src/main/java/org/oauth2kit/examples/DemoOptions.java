package org.oauth2kit.examples;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The launcher's command line. {@link #parse} refuses anything unknown or malformed with a
 * {@link UsageException}, so a typo never starts a demo that is not what was asked for.
 *
 * @param issuer null for {@code http://localhost:<port>}
 * @param mongodbUri null to start an in-process MongoDB wire-protocol server
 * @param nodeSecret null for keys drawn at start-up; a secret shared by several processes of one demo
 */
public record DemoOptions(Framework framework, StoreKind store, String host, int port, String issuer,
        List<String> memcachedServers, String mongodbUri, List<String> redirectUris, String nodeSecret,
        boolean jwtAccessTokens, java.nio.file.Path signingKey, String redisUri, String jdbcUrl, boolean help) {

    public static final String USAGE = """
            Usage: java -jar oauth2-examples.jar [options]

            Starts the oauth2kit demo authorization server (client abc/xyz, public client pub,
            user alice/wonderland, scopes read and write, redirect URI http://localhost:8081/callback).

              --framework NAME      javalin (default), servlet, jaxrs, micronaut or jdk
              --store NAME          memory (default), memcache, mongodb, redis or jdbc
              --port N              port to listen on (default 8080; 0 picks a free one)
              --host ADDRESS        address to listen on (default 127.0.0.1)
              --issuer URL          the issuer (default http://localhost:<port>)
              --memcached H:P[,..]  memcached servers for --store memcache (default 127.0.0.1:11211)
              --mongodb-uri URI     MongoDB for --store mongodb (default: an in-process server)
              --redis-uri URI       Redis for --store redis (default redis://127.0.0.1:6379)
              --jdbc-url URL        a JDBC URL for --store jdbc, e.g. jdbc:postgresql://host/db?user=u
                                    (default: an embedded H2 database in memory)
              --redirect-uri URI    another redirect URI for both demo clients (repeatable)
              --signing-key FILE    the ID-token signing key, a private JWK (JSON) file
                                    (default: derived from --node-secret, else generated)
              --access-token-format F  opaque (default) or jwt: RFC 9068 JWT access tokens, checked
                                    by /api/me by their signature alone
              --node-secret S       a secret shared by several demo processes behind one issuer
                                    (16 characters or more): their session cookies, CSRF tokens and
                                    ID-token signing key then agree (default: drawn at start-up)
              --help                this text
            """;

    /** The framework the demo runs on without {@code --framework}. */
    public static final Framework DEFAULT_FRAMEWORK = Framework.JAVALIN;

    public DemoOptions {
        memcachedServers = List.copyOf(memcachedServers);
        redirectUris = List.copyOf(redirectUris);
    }

    /** The web frameworks the demo runs on. */
    public enum Framework {
        JAVALIN("Javalin 7"), SERVLET("servlet (Jetty 12)"), JAXRS("JAX-RS (Jersey 4)"),
        MICRONAUT("Micronaut 4"), JDK("the JDK HttpServer");

        private final String label;

        Framework(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The stores the demo keeps tokens in. */
    public enum StoreKind {
        MEMORY, MEMCACHE, MONGODB, REDIS, JDBC
    }

    /** A command line that cannot be followed; the message says why. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** The issuer: {@code --issuer}, or {@code http://localhost:<port>}. */
    public String issuerFor(int actualPort) {
        return issuer != null ? issuer : "http://localhost:" + actualPort;
    }

    private static final java.util.Set<String> OPTIONS_WITH_VALUE = java.util.Set.of("--framework", "--store",
            "--port", "--host", "--issuer", "--memcached", "--mongodb-uri", "--redirect-uri", "--node-secret",
            "--access-token-format", "--signing-key", "--redis-uri", "--jdbc-url");

    public static DemoOptions parse(String... args) throws UsageException {
        Framework framework = DEFAULT_FRAMEWORK;
        StoreKind store = StoreKind.MEMORY;
        String host = "127.0.0.1";
        int port = 8080;
        String issuer = null;
        List<String> memcached = List.of("127.0.0.1:11211");
        String mongodbUri = null;
        String nodeSecret = null;
        boolean jwt = false;
        java.nio.file.Path signingKey = null;
        String redisUri = "redis://127.0.0.1:6379";
        String jdbcUrl = null;
        List<String> redirectUris = new ArrayList<>();
        boolean help = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                if (value != null) {
                    throw new UsageException(arg + " takes no value");
                }
                help = true;
                continue;
            }
            if (!OPTIONS_WITH_VALUE.contains(arg)) {
                throw new UsageException(arg.startsWith("-") ? "unknown option: " + arg : "unknown argument: " + arg);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                value = args[++i];
            }
            switch (arg) {
                case "--framework" -> framework = choice(Framework.class, arg, value);
                case "--store" -> store = choice(StoreKind.class, arg, value);
                case "--port" -> port = port(value);
                case "--host" -> host = nonBlank(arg, value);
                case "--issuer" -> issuer = issuer(value);
                case "--memcached" -> memcached = memcachedServers(value);
                case "--mongodb-uri" -> mongodbUri = mongodbUri(value);
                case "--redirect-uri" -> redirectUris.add(redirectUri(value));
                case "--node-secret" -> nodeSecret = nodeSecret(value);
                case "--access-token-format" -> jwt = accessTokenFormat(value);
                case "--signing-key" -> signingKey = signingKey(value);
                case "--redis-uri" -> redisUri = prefixed(arg, value, "redis://", "rediss://");
                case "--jdbc-url" -> jdbcUrl = prefixed(arg, value, "jdbc:");
                default -> throw new UsageException("unknown option: " + arg);
            }
        }
        return new DemoOptions(framework, store, host, port, issuer, memcached, mongodbUri, redirectUris, nodeSecret,
                jwt, signingKey, redisUri, jdbcUrl, help);
    }

    private static String prefixed(String option, String value, String... prefixes) throws UsageException {
        for (String prefix : prefixes) {
            if (value.startsWith(prefix)) {
                return value;
            }
        }
        throw new UsageException(option + " takes a URL starting with " + String.join(" or ", prefixes));
    }

    private static java.nio.file.Path signingKey(String value) throws UsageException {
        java.nio.file.Path file = java.nio.file.Path.of(value);
        if (!java.nio.file.Files.isReadable(file)) {
            throw new UsageException("--signing-key: cannot read " + value);
        }
        return file;
    }

    private static boolean accessTokenFormat(String value) throws UsageException {
        return switch (value) {
            case "opaque" -> false;
            case "jwt" -> true;
            default -> throw new UsageException("--access-token-format is opaque or jwt, not '" + value + "'");
        };
    }

    private static String nodeSecret(String value) throws UsageException {
        if (value.length() < 16) {
            throw new UsageException("--node-secret needs at least 16 characters");
        }
        return value;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String option, String value) throws UsageException {
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new UsageException(option + " must be one of " + String.join(", ", names) + ", not '" + value + "'");
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port must be a number from 0 to 65535, not '" + value + "'");
    }

    private static String nonBlank(String option, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(option + " must not be empty");
        }
        return value;
    }

    private static String issuer(String value) throws UsageException {
        URI uri = absolute("--issuer", value);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || value.endsWith("/")) {
            throw new UsageException("--issuer must have no query, fragment or trailing '/': " + value);
        }
        return value;
    }

    private static String redirectUri(String value) throws UsageException {
        URI uri = absolute("--redirect-uri", value);
        if (uri.getRawFragment() != null) {
            throw new UsageException("--redirect-uri must have no fragment: " + value);
        }
        return value;
    }

    private static URI absolute(String option, String value) throws UsageException {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UsageException(option + " must be an absolute http(s) URL, not '" + value + "'");
    }

    private static List<String> memcachedServers(String value) throws UsageException {
        List<String> servers = new ArrayList<>();
        for (String server : value.split(",", -1)) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            boolean ok = colon > 0 && colon < s.length() - 1;
            if (ok) {
                try {
                    int p = Integer.parseInt(s.substring(colon + 1));
                    ok = p > 0 && p <= 65535;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new UsageException("--memcached takes host:port[,host:port...], not '" + value + "'");
            }
            servers.add(s);
        }
        return servers;
    }

    private static String mongodbUri(String value) throws UsageException {
        if (!value.startsWith("mongodb://") && !value.startsWith("mongodb+srv://")) {
            throw new UsageException("--mongodb-uri must start with mongodb:// or mongodb+srv://, not '" + value + "'");
        }
        return value;
    }
}
