package org.oauth2kit.store.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;

/**
 * The values held in Redis, in a small length-prefixed format of this store's own: compact, exact
 * (every instant and string round-trips unchanged), readable with {@code redis-cli GET}, and in
 * need of no serialization library.
 *
 * <pre>
 * record  = state version field*
 * state   = "T"            an access-token record
 *         | "L"            a live code or refresh token
 *         | "U"            a used code or retired refresh token
 * version = "1"
 * field   = string | "-"   (null)
 *         | count "*" string*            a list
 *         | count "#" (string string)*   a map: key, value, key, value, ...
 * string  = length ":" bytes             length in bytes of the UTF-8 text, in decimal
 * </pre>
 *
 * Instants are strings of epoch seconds, with {@code .} and nine digits of nanoseconds when there
 * are any. An access-token record and a refresh-token record hold the same fields: token digest,
 * client id, grant type, data, scopes, issued at, expires at, refresh-token digest, refresh
 * expires at, family id. A code holds: code digest, client id, redirect URI, scopes, data, code
 * challenge, challenge method, issued at, expires at.
 *
 * <p>The state is the first byte so that the redemption script can read and flip it without
 * parsing the rest (see {@link RedisTokenStore}).
 */
final class Records {
    static final byte ACCESS = 'T';
    static final byte LIVE = 'L';
    static final byte USED = 'U';
    private static final byte VERSION = '1';

    /** A code or refresh token together with its once-only state. */
    record Redeemable<T>(T value, boolean used) {
    }

    private Records() {
    }

    // ---- access and refresh tokens ----

    static byte[] accessToken(AccessToken token) {
        return token(ACCESS, token);
    }

    static AccessToken accessToken(byte[] value) {
        Reader r = new Reader(value, ACCESS);
        return r.finish(token(r));
    }

    static byte[] refreshToken(AccessToken token) {
        return token(LIVE, token);
    }

    static Redeemable<AccessToken> refreshToken(byte[] value) {
        Reader r = new Reader(value, LIVE, USED);
        return new Redeemable<>(r.finish(token(r)), r.state == USED);
    }

    private static byte[] token(byte state, AccessToken t) {
        return new Writer(state)
                .string(t.tokenDigest())
                .string(t.clientId())
                .string(t.grantType())
                .map(t.data())
                .list(t.scopes())
                .instant(t.issuedAt())
                .instant(t.expiresAt())
                .string(t.refreshTokenDigest())
                .instant(t.refreshExpiresAt())
                .string(t.familyId())
                .bytes();
    }

    private static AccessToken token(Reader r) {
        try {
            return new AccessToken(r.string(), r.string(), r.string(), r.map(), r.list(), r.instant(), r.instant(),
                    r.string(), r.instant(), r.string());
        } catch (NullPointerException | IllegalArgumentException e) {
            throw unreadable(e.getMessage());
        }
    }

    // ---- authorization codes ----

    static byte[] code(AuthorizationCode c) {
        return new Writer(LIVE)
                .string(c.codeDigest())
                .string(c.clientId())
                .string(c.redirectUri())
                .list(c.scopes())
                .map(c.data())
                .string(c.codeChallenge())
                .string(c.codeChallengeMethod())
                .instant(c.issuedAt())
                .instant(c.expiresAt())
                .bytes();
    }

    static Redeemable<AuthorizationCode> code(byte[] value) {
        Reader r = new Reader(value, LIVE, USED);
        try {
            AuthorizationCode code = new AuthorizationCode(r.string(), r.string(), r.string(), r.list(), r.map(),
                    r.string(), r.string(), r.instant(), r.instant());
            return new Redeemable<>(r.finish(code), r.state == USED);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw unreadable(e.getMessage());
        }
    }

    // ---- the encoding ----

    /** Instants as epoch seconds, plus nanoseconds when there are any: exact, and short for whole seconds. */
    static String instantText(Instant instant) {
        if (instant.getNano() == 0) {
            return Long.toString(instant.getEpochSecond());
        }
        // nine digits, zero-padded, without String.format: this runs for every token saved
        String nanos = Integer.toString(instant.getNano());
        return instant.getEpochSecond() + "." + "000000000".substring(nanos.length()) + nanos;
    }

    static Instant parseInstant(String text) {
        try {
            int dot = text.indexOf('.');
            if (dot < 0) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            String nanos = text.substring(dot + 1);
            if (nanos.length() != 9) {
                throw unreadable("an instant's nanoseconds are nine digits");
            }
            return Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)), Integer.parseInt(nanos));
        } catch (NumberFormatException | DateTimeException e) {
            throw unreadable("not an instant");
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Writer(byte state) {
            out.write(state);
            out.write(VERSION);
        }

        Writer string(String value) {
            if (value == null) {
                out.write('-');
                return this;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            ascii(bytes.length + ":");
            out.writeBytes(bytes);
            return this;
        }

        Writer instant(Instant value) {
            return string(value == null ? null : instantText(value));
        }

        Writer list(List<String> values) {
            ascii(values.size() + "*");
            values.forEach(this::string);
            return this;
        }

        Writer map(Map<String, String> values) {
            ascii(values.size() + "#");
            values.forEach((k, v) -> string(k).string(v));
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void ascii(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static final class Reader {
        private final byte[] in;
        private final byte state;
        private int pos;

        Reader(byte[] in, byte... states) {
            if (in == null || in.length < 2) {
                throw unreadable("too short");
            }
            this.in = in;
            this.state = in[0];
            boolean known = false;
            for (byte s : states) {
                known |= s == state;
            }
            if (!known) {
                throw unreadable("unexpected kind of record '" + (char) (state & 0x7f) + "'");
            }
            if (in[1] != VERSION) {
                throw unreadable("unknown format version '" + (char) (in[1] & 0x7f) + "'");
            }
            this.pos = 2;
        }

        String string() {
            if (pos < in.length && in[pos] == '-') {
                pos++;
                return null;
            }
            int length = number(':');
            if (length > in.length - pos) {
                throw unreadable("a string runs past the end");
            }
            String s = new String(in, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        String required() {
            String s = string();
            if (s == null) {
                throw unreadable("a null where a value belongs");
            }
            return s;
        }

        Instant instant() {
            String s = string();
            return s == null ? null : parseInstant(s);
        }

        List<String> list() {
            int count = number('*');
            List<String> values = new ArrayList<>(Math.min(count, 64));
            for (int i = 0; i < count; i++) {
                values.add(required());
            }
            return values;
        }

        Map<String, String> map() {
            int count = number('#');
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                values.put(required(), required());
            }
            return values;
        }

        <T> T finish(T value) {
            if (pos != in.length) {
                throw unreadable("trailing bytes");
            }
            return value;
        }

        private int number(char end) {
            long n = 0;
            int start = pos;
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9' && pos - start < 10) {
                n = n * 10 + (in[pos++] - '0');
            }
            if (pos == start || pos >= in.length || in[pos] != end || n > Integer.MAX_VALUE) {
                throw unreadable("expected a number followed by '" + end + "'");
            }
            pos++;
            return (int) n;
        }
    }

    /**
     * A value at one of this store's keys that it cannot read: another application writing under the
     * same prefix, or a newer format. Failing loudly beats treating it as absent. The message never
     * holds the value.
     */
    static IllegalStateException unreadable(String why) {
        return new IllegalStateException("unreadable record in Redis (is another application using this key prefix?): "
                + why);
    }
}
