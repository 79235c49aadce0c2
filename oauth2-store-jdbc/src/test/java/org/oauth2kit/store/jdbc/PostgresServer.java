package org.oauth2kit.store.jdbc;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, in a temporary data directory of its own on a free port of
 * 127.0.0.1: {@code initdb}, then {@code postgres -D <dir> -p <port> -k <dir>}, no system service.
 *
 * <p>The binaries come from {@code $POSTGRES_BIN}, else the newest {@code /usr/lib/postgresql/<n>/bin}
 * (Debian's {@code postgresql} package), else the PATH. PostgreSQL refuses to run as root, so when
 * the tests run as root the server runs as the {@code postgres} user, through {@code runuser}.
 * Authentication is {@code trust} for the superuser {@code postgres}.
 *
 * <p>{@link #kill()} stops it as a crash would ({@code pg_ctl stop -m immediate}: every backend
 * killed, no checkpoint); {@link #restart()} starts it again on the same port and data directory,
 * which then recovers from its write-ahead log. {@code fsync} is off to make the tests fast; that
 * loses nothing when only the server process dies.
 */
final class PostgresServer implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path bin;
    private final Path root;
    private final Path data;
    private final Path log;
    private final int port;
    private Process process;

    private PostgresServer(Path bin, Path root, int port) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.log = root.resolve("postgres.log");
        this.port = port;
    }

    /** A new server in a new data directory, running and accepting connections. */
    static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBinaries();
        Path root = Files.createTempDirectory("oauth2kit-postgres");
        try {
            if (ROOT) {
                chownToPostgres(root);
            }
            run(bin, List.of(bin.resolve("initdb").toString(), "-D", root.resolve("data").toString(),
                    "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"), root.resolve("initdb.log"));
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                PostgresServer server = new PostgresServer(bin, root, freePort());
                try {
                    server.startProcess();
                    return server;
                } catch (IOException e) {
                    // another process took the port between our probe and the server's bind
                    last = e;
                }
            }
            throw last;
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** The JDBC URL of a database on this server, as the superuser. */
    String jdbcUrl(String database) {
        // connectTimeout: a server that does not answer is reported after 2 s, not the OS's minutes;
        // socketTimeout: a socket that stops answering mid-query is given up after 30 s.
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database + "?user=" + SUPERUSER
                + "&connectTimeout=2&socketTimeout=30&ApplicationName=oauth2kit-tests";
    }

    /** Creates an empty database. */
    void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    /** Stops the server as a crash would: connections are cut, nothing answers on the port. */
    void kill() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        try {
            run(bin, List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "immediate",
                    "-w", "-t", "30"), root.resolve("pg_ctl.log"));
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process = null;
        }
    }

    /** Starts the server again on the same port, with the data it had. */
    void restart() throws IOException, InterruptedException {
        kill();
        startProcess();
    }

    @Override
    public synchronized void close() {
        try {
            kill();
        } catch (IOException e) {
            // already stopped, or going to be with its directory
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(root);
    }

    private void startProcess() throws IOException, InterruptedException {
        List<String> command = command(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-k", root.toString(),
                "-c", "listen_addresses=" + HOST,
                "-c", "max_connections=300",
                // speed, not safety: a killed server process loses nothing with fsync off; only an
                // operating-system crash would (synchronous_commit stays on, so a commit is written
                // to the log before it is acknowledged)
                "-c", "fsync=off",
                "-c", "full_page_writes=off",
                "-c", "log_min_messages=fatal",
                "-c", "log_min_error_statement=panic"));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        SQLException lastRefusal = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                int exit = process.exitValue();
                process = null;
                throw new IOException("postgres exited with " + exit + " on port " + port + ": " + logTail());
            }
            try {
                DriverManager.getConnection(jdbcUrl("postgres")).close();
                return;
            } catch (SQLException notYet) {
                // refused while it binds, or 57P03 while it starts up or recovers
                lastRefusal = notYet;
                Thread.sleep(50);
            }
        }
        kill();
        throw new IOException("postgres did not accept connections on port " + port + " within " + STARTUP
                + " (last: " + lastRefusal + "): " + logTail());
    }

    private String logTail() throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** Runs a PostgreSQL tool to its end, as the postgres user when we are root. */
    private static void run(Path bin, List<String> args, Path output) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(args.get(0) + " did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", args) + " failed with " + p.exitValue() + ": "
                    + Files.readString(output));
        }
    }

    private static List<String> command(List<String> args) {
        if (!ROOT) {
            return args;
        }
        List<String> command = new ArrayList<>(List.of("runuser", "-u", SUPERUSER, "--"));
        command.addAll(args);
        return command;
    }

    private static void chownToPostgres(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        try {
            view.setOwner(users.lookupPrincipalByName(SUPERUSER));
            GroupPrincipal group = users.lookupPrincipalByGroupName(SUPERUSER);
            view.setGroup(group);
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new IllegalStateException("These tests run as root and need the user 'postgres' to run PostgreSQL "
                    + "as; Debian's postgresql package creates it (apt-get install -y postgresql).", e);
        }
    }

    private static Path findBinaries() {
        String configured = System.getenv("POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (hasServer(dir)) {
                return dir;
            }
            throw new IllegalStateException("POSTGRES_BIN=" + configured + " does not hold initdb, postgres and pg_ctl");
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.map(v -> v.resolve("bin")).filter(PostgresServer::hasServer)
                        .max(Comparator.comparingInt(PostgresServer::majorVersion)).orElse(null);
                if (newest != null) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && hasServer(Path.of(dir))) {
                return Path.of(dir);
            }
        }
        throw new IllegalStateException("These tests need a real PostgreSQL server (initdb, postgres, pg_ctl), and "
                + "none was found in /usr/lib/postgresql/<version>/bin or on the PATH. Install Debian's postgresql "
                + "package (apt-get install -y postgresql; no service needs to run, the tests start their own "
                + "server), or set POSTGRES_BIN to the directory holding the binaries.");
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean hasServer(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"))
                && Files.isExecutable(dir.resolve("pg_ctl"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary directory: the system cleans it up eventually
        }
    }
}
