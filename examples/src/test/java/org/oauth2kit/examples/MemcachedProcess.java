package org.oauth2kit.examples;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** A real memcached for a test, on a free port; the test fails with a clear message when memcached is missing. */
final class MemcachedProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private MemcachedProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static MemcachedProcess start() throws IOException, InterruptedException {
        String binary = System.getenv().getOrDefault("MEMCACHED_BIN", "memcached");
        if (binary.equals("memcached") && !new File("/usr/bin/memcached").canExecute()
                && !onPath("memcached")) {
            throw new AssertionError("memcached is not installed: run ./test.sh, or 'apt-get install memcached'");
        }
        for (int attempt = 0; ; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            // memcached refuses to run as root without -u; as any other user -u is ignored
            Process p = new ProcessBuilder(binary, "-p", Integer.toString(port), "-U", "0", "-l", "127.0.0.1",
                    "-u", System.getProperty("user.name"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new MemcachedProcess(p, port);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
            if (attempt == 2) {
                throw new IOException("memcached did not start on 127.0.0.1:" + port);
            }
        }
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (new File(dir, name).canExecute()) {
                    return true;
                }
            }
        }
        return false;
    }
}
