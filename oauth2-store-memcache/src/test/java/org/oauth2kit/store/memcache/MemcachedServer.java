package org.oauth2kit.store.memcache;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real memcached process for tests: {@code memcached -p <free port> -U 0 -l 127.0.0.1}, started
 * and stopped by the test, plus a raw text-protocol reader for what memcached holds. The binary
 * is {@code $MEMCACHED_BIN} or {@code memcached} on the PATH; without it the test fails with a
 * message saying how to install it.
 */
final class MemcachedServer implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final String binary;
    private final int port;
    private final Path log;
    private Process process;

    private MemcachedServer(String binary, int port, Path log) {
        this.binary = binary;
        this.port = port;
        this.log = log;
    }

    /** Starts memcached on a free port. */
    static MemcachedServer start() throws IOException, InterruptedException {
        String binary = findBinary();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            MemcachedServer server = new MemcachedServer(binary, freePort(), Files.createTempFile("memcached", ".log"));
            try {
                server.startProcess();
                return server;
            } catch (IOException e) {
                // another process took the port between our probe and memcached's bind
                last = e;
            }
        }
        throw last;
    }

    private static MemcachedServer shared;
    private static final java.util.concurrent.atomic.AtomicInteger PREFIXES = new java.util.concurrent.atomic.AtomicInteger();

    /** One memcached for the contract tests of this JVM, stopped when the JVM exits. */
    static synchronized MemcachedServer shared() throws IOException, InterruptedException {
        if (shared == null) {
            MemcachedServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            shared = server;
        }
        return shared;
    }

    /**
     * A store on this server under a prefix of its own, so tests sharing the server stay apart.
     * The timeout is generous: the race tests share two cores with whatever else runs.
     */
    MemcacheTokenStore newStore(org.oauth2kit.testkit.MutableClock clock) {
        return newStore(clock, newPrefix());
    }

    /** A prefix no other test uses. */
    String newPrefix() {
        return "test" + PREFIXES.incrementAndGet();
    }

    /** A store under {@code prefix}: stores under one prefix see the same data, as processes of one server do. */
    MemcacheTokenStore newStore(org.oauth2kit.testkit.MutableClock clock, String prefix) {
        return MemcacheTokenStore.builder()
                .servers(address())
                .prefix(prefix)
                .clock(clock)
                .operationTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** The contracts' view of a store: itself as both stores, and what memcached holds under its prefix. */
    org.oauth2kit.testkit.Stores stores(MemcacheTokenStore store) {
        return new org.oauth2kit.testkit.Stores(store, store, () -> dump(store.prefix() + ":"));
    }

    String address() {
        return HOST + ":" + port;
    }

    int port() {
        return port;
    }

    /** Kills memcached as a crash would: no goodbye to clients, every entry gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Starts memcached again on the same port, empty. */
    void restart() throws IOException, InterruptedException {
        kill();
        startProcess();
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file; nothing depends on it
        }
    }

    private void startProcess() throws IOException, InterruptedException {
        // memcached refuses to run as root without -u; as any other user -u is ignored
        process = new ProcessBuilder(binary, "-p", Integer.toString(port), "-U", "0", "-l", HOST, "-m", "64",
                "-u", System.getProperty("user.name"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("memcached exited with " + process.exitValue() + " on port " + port + ": "
                        + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        process.destroyForcibly();
        throw new IOException("memcached did not listen on port " + port + " within " + STARTUP);
    }

    // ---- what memcached holds, read over its text protocol ----

    /** Key to metadata ({@code exp}, {@code la}, {@code cas}, {@code size}, ...) of every live key with this prefix. */
    Map<String, Map<String, String>> metadata(String keyPrefix) throws IOException {
        Map<String, Map<String, String>> keys = new LinkedHashMap<>();
        for (int attempt = 0; ; attempt++) {
            List<String> lines = command("lru_crawler metadump all");
            if (!lines.isEmpty() && lines.get(0).startsWith("BUSY") && attempt < 50) {
                sleep();
                continue;
            }
            for (String line : lines) {
                if (!line.startsWith("key=")) {
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (String field : line.split(" ")) {
                    int eq = field.indexOf('=');
                    fields.put(field.substring(0, eq), field.substring(eq + 1));
                }
                String key = URLDecoder.decode(fields.remove("key"), StandardCharsets.UTF_8);
                if (key.startsWith(keyPrefix)) {
                    keys.put(key, fields);
                }
            }
            return keys;
        }
    }

    /** Every live key with this prefix and its value exactly as memcached holds it, one per line. */
    String dump(String keyPrefix) {
        try {
            StringBuilder out = new StringBuilder();
            for (String key : metadata(keyPrefix).keySet()) {
                String value = get(key);
                if (value != null) {
                    out.append(key).append(' ').append(value).append('\n');
                }
            }
            return out.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read memcached on port " + port, e);
        }
    }

    /** The raw value at a key; null when absent. */
    String get(String key) throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String header = readLine(in);
            if (header.equals("END")) {
                return null;
            }
            String[] parts = header.split(" ");
            if (!parts[0].equals("VALUE")) {
                throw new IOException("unexpected answer to get: " + header);
            }
            byte[] data = in.readNBytes(Integer.parseInt(parts[3]));
            readLine(in); // the \r\n after the data
            readLine(in); // END
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** Writes a raw value, as another application sharing the memcached might. */
    void set(String key, String value) throws IOException {
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        List<String> answer = command("set " + key + " 0 0 " + data.length + "\r\n" + value);
        if (!answer.equals(List.of("STORED"))) {
            throw new IOException("set failed: " + answer);
        }
    }

    /** Sends one command and reads lines up to {@code END} (or a single-line answer). */
    private List<String> command(String command) throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = readLine(in);
                if (line.equals("END")) {
                    return lines;
                }
                lines.add(line);
                if (line.startsWith("BUSY") || line.startsWith("ERROR") || line.startsWith("CLIENT_ERROR")
                        || line.equals("STORED") || line.equals("NOT_STORED")) {
                    return lines;
                }
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(HOST, port), 2000);
        s.setSoTimeout(10_000);
        return s;
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
        if (c == -1 && line.size() == 0) {
            throw new IOException("memcached closed the connection");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static String findBinary() {
        String configured = System.getenv("MEMCACHED_BIN");
        if (configured != null && !configured.isBlank()) {
            if (new File(configured).canExecute()) {
                return configured;
            }
            throw new IllegalStateException("MEMCACHED_BIN=" + configured + " is not an executable file");
        }
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin"
                + File.pathSeparator + "/usr/local/bin" + File.pathSeparator + "/usr/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, "memcached").canExecute()) {
                return new File(dir, "memcached").getPath();
            }
        }
        throw new IllegalStateException("These tests need a real memcached, and none was found on the PATH. "
                + "Install it (Debian/Ubuntu: apt-get install -y memcached; macOS: brew install memcached) "
                + "or set MEMCACHED_BIN to its path.");
    }
}
