package org.oauth2kit.token;

/** Generates access and refresh tokens. Implementations must be thread-safe. */
@FunctionalInterface
public interface TokenGenerator {

    /** A new, unguessable token made of URL-safe characters. */
    String generate();
}
