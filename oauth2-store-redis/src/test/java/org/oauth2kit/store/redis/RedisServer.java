package org.oauth2kit.store.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/**
 * A real Redis for tests: {@code redis-server --port <free port> --bind 127.0.0.1 --save ''
 * --appendonly no}, started, killed and restarted on the same port by the test, plus a tiny RESP
 * client that reads what Redis holds without going through the store. The binary is
 * {@code $REDIS_SERVER_BIN} or {@code /usr/bin/redis-server}; without it the tests fail with a
 * message saying how to install it.
 */
final class RedisServer implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer shared;

    private final String binary;
    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(String binary, int port, Path dir, List<String> extraArgs) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /** The port of the cluster bus, given with {@code --cluster-port}; -1 when not in cluster mode. */
    int clusterBusPort() {
        int i = extraArgs.indexOf("--cluster-port");
        return i < 0 ? -1 : Integer.parseInt(extraArgs.get(i + 1));
    }

    /** Starts Redis on a free port, with these further options. */
    static RedisServer start(String... extraArgs) throws IOException, InterruptedException {
        return start(() -> List.of(extraArgs));
    }

    /**
     * Starts a Redis in cluster mode, not yet part of a cluster. Its cluster bus gets a free port of
     * its own: the default, port + 10000, may be taken or beyond 65535.
     */
    static RedisServer startClusterNode() throws IOException, InterruptedException {
        return start(() -> List.of("--cluster-enabled", "yes", "--cluster-port", Integer.toString(freePort()),
                "--cluster-node-timeout", "5000"));
    }

    private interface Options {
        List<String> get() throws IOException;
    }

    private static RedisServer start(Options extraArgs) throws IOException, InterruptedException {
        String binary = findBinary();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisServer server = new RedisServer(binary, freePort(), Files.createTempDirectory("redis-test"),
                    extraArgs.get());
            try {
                server.startProcess();
                return server;
            } catch (IOException e) {
                // another process took a port between our probe and Redis's bind
                server.close();
                last = e;
            }
        }
        throw last;
    }

    /** One Redis for the contract tests of this JVM, stopped when the JVM exits. */
    static synchronized RedisServer shared() throws IOException, InterruptedException {
        if (shared == null) {
            RedisServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            shared = server;
        }
        return shared;
    }

    /**
     * A store on this server under a prefix of its own, so tests sharing the server stay apart. The
     * timeout is generous: the race tests run 32 threads on two cores next to whatever else runs.
     */
    RedisTokenStore newStore(MutableClock clock) {
        return newStore(clock, newPrefix());
    }

    /** A prefix no other test uses. */
    String newPrefix() {
        return "test" + PREFIXES.incrementAndGet();
    }

    /** A store under {@code prefix}: stores under one prefix see the same data, as processes of one server do. */
    RedisTokenStore newStore(MutableClock clock, String prefix) {
        return RedisTokenStore.builder()
                .uri(uri())
                .prefix(prefix)
                .clock(clock)
                .commandTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The contracts' view of a store: itself as both stores, and what Redis holds under its prefix, read directly. */
    Stores stores(RedisTokenStore store) {
        return new Stores(store, store, () -> dump(store.prefix() + ":"));
    }

    String uri() {
        return "redis://" + HOST + ":" + port;
    }

    int port() {
        return port;
    }

    /** Kills Redis as a crash would: no goodbye to clients, and (without persistence) every key gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server did not die within 10 s");
            }
        }
        process = null;
    }

    /** Starts Redis again on the same port, empty. */
    void restart() throws IOException, InterruptedException {
        kill();
        startProcess();
    }

    /** Freezes the process (SIGSTOP): connections stay open, nothing is answered. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused process run again (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " failed");
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory; nothing depends on it
        }
    }

    private void startProcess() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(extraArgs);
        Path log = dir.resolve("redis.log");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " on port " + port + ": "
                        + Files.readString(log));
            }
            try {
                if ("PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer PING on port " + port + " within " + STARTUP);
    }

    // ---- what Redis holds, read over RESP without the store ----

    /** Every key starting with this prefix and its value exactly as Redis holds it, one per line, sorted. */
    String dump(String keyPrefix) {
        try {
            TreeMap<String, String> entries = new TreeMap<>();
            String cursor = "0";
            do {
                List<?> reply = (List<?>) command("SCAN", cursor, "MATCH", keyPrefix + "*", "COUNT", "1000");
                cursor = text(reply.get(0));
                for (Object key : (List<?>) reply.get(1)) {
                    Object value = command("GET", text(key));
                    if (value != null) {
                        entries.put(text(key), text(value));
                    }
                }
            } while (!cursor.equals("0"));
            StringBuilder out = new StringBuilder();
            entries.forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
            return out.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Redis on port " + port, e);
        }
    }

    /** The raw value at a key as text; null when absent. */
    String get(String key) throws IOException {
        Object value = command("GET", key);
        return value == null ? null : text(value);
    }

    /** Milliseconds the key has left: -2 when absent, -1 when it never expires. */
    long pttl(String key) throws IOException {
        return (Long) command("PTTL", key);
    }

    /**
     * Sends one command on a fresh connection and reads the reply: a String for simple strings, a
     * byte[] for bulk strings, a Long for integers, a List for arrays, null for nil.
     */
    Object command(String... args) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 2000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(bytes);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            return read(new BufferedInputStream(s.getInputStream()));
        }
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis answered an error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                readLine(in);
                return data;
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type " + type);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        if (c == -1) {
            throw new IOException("Redis closed the connection");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static String findBinary() {
        String configured = System.getenv("REDIS_SERVER_BIN");
        if (configured != null && !configured.isBlank()) {
            if (new File(configured).canExecute()) {
                return configured;
            }
            throw new IllegalStateException("REDIS_SERVER_BIN=" + configured + " is not an executable file");
        }
        File debian = new File("/usr/bin/redis-server");
        if (debian.canExecute()) {
            return debian.getPath();
        }
        throw new IllegalStateException("These tests need a real Redis, and /usr/bin/redis-server was not found. "
                + "Install Debian's redis-server package (apt-get install -y redis-server; it is not started as a "
                + "service for the tests, which run their own), or set REDIS_SERVER_BIN to a redis-server binary.");
    }
}
