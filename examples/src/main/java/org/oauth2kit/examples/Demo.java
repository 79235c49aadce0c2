package org.oauth2kit.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.oauth2kit.Provider;
import org.oauth2kit.examples.DemoOptions.UsageException;
import org.oauth2kit.examples.javalin.JavalinExample;
import org.oauth2kit.examples.jaxrs.JaxrsExample;
import org.oauth2kit.examples.jdk.JdkExample;
import org.oauth2kit.examples.micronaut.MicronautExample;
import org.oauth2kit.examples.servlet.ServletExample;

/**
 * The launcher: {@code java -jar oauth2-examples.jar [options]} starts the demo on the chosen
 * framework and store (see {@link DemoOptions#USAGE}).
 */
public final class Demo {
    private Demo() {
    }

    /** A running demo: the server, its stores and its Provider. Closing it stops all. */
    public record Running(DemoServer server, DemoStores stores, Provider provider, DemoOptions options)
            implements AutoCloseable {

        public String issuer() {
            return provider.issuer();
        }

        /** The base URL to reach the server at, e.g. {@code http://127.0.0.1:43121}. */
        public String baseUrl() {
            String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
            return "http://" + (host.equals("0.0.0.0") || host.equals("[::]") ? "localhost" : host) + ":"
                    + server.port();
        }

        @Override
        public void close() {
            server.close();
            stores.close();
        }
    }

    /** What {@link #run} returns when the demo is up: the process lives on in the server's threads. */
    static final int STARTED = -1;

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != STARTED) {
            System.exit(status);
        }
    }

    /**
     * Parses, starts and prints the banner.
     *
     * @return {@link #STARTED}, or the exit status: 0 after {@code --help}, 2 for a bad command
     *         line, 1 when the demo could not start
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            err.println();
            err.print(DemoOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(DemoOptions.USAGE);
            return 0;
        }
        Running running;
        try {
            running = start(options, out);
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("The demo could not start: " + e);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "demo-shutdown"));
        printBanner(running, out);
        return STARTED;
    }

    /** Starts the demo as {@code options} say; messages about the stores go to {@code out}. */
    public static Running start(DemoOptions options, PrintStream out) throws Exception {
        // The issuer names the port, so port 0 is resolved to a free port first, unless an issuer
        // was given (then the server binds port 0 itself).
        boolean pickPort = options.port() == 0 && options.issuer() == null;
        for (int attempt = 1; ; attempt++) {
            int port = pickPort ? freePort(options.host()) : options.port();
            String issuer = options.issuerFor(port);
            DemoStores stores = DemoStoreFactory.create(options, out);
            try {
                Provider provider = DemoConfig.provider(issuer, stores,
                        new DemoSiteAdapter(issuer, options.nodeSecret()), DemoConfig.signingKey(options.nodeSecret(), options.signingKey()),
                        options.jwtAccessTokens());
                String serving = options.framework().label() + ", " + stores.description();
                DemoServer server = startServer(options.framework(), provider, options.host(), port, serving);
                return new Running(server, stores, provider, options);
            } catch (Exception e) {
                stores.close();
                // another process took the port between picking and binding: pick again
                if (!(pickPort && attempt < 5 && isBindFailure(e))) {
                    throw e;
                }
            }
        }
    }

    static DemoServer startServer(DemoOptions.Framework framework, Provider provider, String host, int port,
            String serving) throws Exception {
        return switch (framework) {
            case JAVALIN -> JavalinExample.start(provider, host, port, serving);
            case SERVLET -> ServletExample.start(provider, host, port, serving);
            case JAXRS -> JaxrsExample.start(provider, host, port, serving);
            case MICRONAUT -> MicronautExample.start(provider, host, port, serving);
            case JDK -> JdkExample.start(provider, host, port, serving);
        };
    }

    private static void printBanner(Running running, PrintStream out) {
        String issuer = running.issuer();
        List<String> uris = new ArrayList<>();
        DemoConfig.clients(running.options().redirectUris()).get(0).redirectUris().forEach(uris::add);
        out.println();
        out.println("oauth2kit demo on " + running.options().framework().label() + ", "
                + running.stores().description());
        out.println("  listening on   " + running.baseUrl());
        out.println("  issuer         " + issuer);
        out.println("  start here     " + issuer + "/");
        out.println("  metadata       " + issuer + "/.well-known/oauth-authorization-server");
        out.println("  clients        abc (secret xyz, every grant), pub (public, PKCE required)");
        out.println("  redirect URIs  " + String.join(", ", uris));
        out.println("  user           alice / wonderland; scopes read (default), write, openid, profile, email");
        out.println("  OpenID         " + issuer + "/.well-known/openid-configuration; the ID-token signing key (kid "
                + DemoConfig.signingKey(running.options().nodeSecret(), running.options().signingKey()).kid() + ") "
                + (running.options().signingKey() != null ? "comes from " + running.options().signingKey()
                        : running.options().nodeSecret() == null ? "was generated at start-up: for development only"
                        : "is derived from --node-secret, as are the session and CSRF keys"));
        out.println("  try            curl -u abc:xyz -d grant_type=client_credentials " + issuer + "/token");
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
