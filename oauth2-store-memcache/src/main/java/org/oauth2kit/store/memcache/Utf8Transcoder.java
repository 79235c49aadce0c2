package org.oauth2kit.store.memcache;

import java.nio.charset.StandardCharsets;

import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Stores JSON text as plain UTF-8 bytes with flags 0. spymemcached's default transcoder would
 * gzip large values and fall back to Java serialization for other types; this one keeps what is
 * in memcached readable by any client and by an operator with {@code telnet}.
 */
final class Utf8Transcoder implements Transcoder<String> {
    static final Utf8Transcoder INSTANCE = new Utf8Transcoder();
    private static final int FLAGS = 0;

    private Utf8Transcoder() {
    }

    @Override
    public boolean asyncDecode(CachedData data) {
        return false;
    }

    @Override
    public CachedData encode(String value) {
        return new CachedData(FLAGS, value.getBytes(StandardCharsets.UTF_8), getMaxSize());
    }

    @Override
    public String decode(CachedData data) {
        return new String(data.getData(), StandardCharsets.UTF_8);
    }

    @Override
    public int getMaxSize() {
        return CachedData.MAX_SIZE;
    }
}
