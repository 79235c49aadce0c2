package org.oauth2kit.examples;

/** A running example server; closing it stops the server. */
public interface DemoServer extends AutoCloseable {

    /** The port it listens on (the real one when it was started on port 0). */
    int port();

    /** Stops the server; never throws. */
    @Override
    void close();
}
