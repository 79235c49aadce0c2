package org.oauth2kit.store.memory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;

import org.oauth2kit.AccessToken;

/**
 * Access tokens by digest, held as bytes in large chunks outside the Java heap instead of as objects.
 *
 * <p>Why: a token lives for an hour, so under a flood of token requests every young collection
 * finds all the tokens issued since the last one alive and copies them, several times, before they
 * reach the old generation. With one object graph per token (about ten objects) that copying is
 * what dominated the tail latency of a busy server started with default JVM flags. Here a token is
 * one record appended to a chunk of 1 MiB, and the index is two flat arrays (open addressing), so
 * nothing per token is an object at all. The chunks are direct buffers: held on the heap (as
 * arrays, the previous layout) they made the old generation grow by the tokens' bytes, so a JVM
 * with default flags kept enlarging its heap during a flood, and on a virtual machine whose page
 * faults are slow the collections that first touched the new memory paused for 0.1 to 1.4 s. Off
 * the heap the collector neither copies nor counts them, and a new chunk's memory is touched by
 * the one request that opens it. They count against {@code -XX:MaxDirectMemorySize} (by default
 * the maximum heap size). A freed chunk is kept for the next one (up to {@link #SPARE_CHUNKS}), so
 * a store whose tokens expire as fast as they are issued allocates no more native memory.
 *
 * <p>A record is decoded into a fresh {@link AccessToken} on every read. Client ids, grant types,
 * scope values and data keys repeat across tokens: they are kept once in a dictionary (bounded;
 * past the bound, inline). Removed and expired records leave holes; {@link #removeExpired} frees a
 * chunk once none of its records is live, and moves the few live records out of a chunk that is
 * mostly holes.
 *
 * <p>Thread-safe: writes take a write lock (one short append and index update), reads a read lock.
 */
final class AccessTokenTable {
    static final int CHUNK_BYTES = 1 << 20;
    // freed chunks kept for reuse: enough for the chunks a sweep frees at once in a steady state
    static final int SPARE_CHUNKS = 16;
    private static final int DICTIONARY_LIMIT = 1 << 16;
    private static final int INLINE = -1;
    private static final long EMPTY = 0L;
    private static final long DELETED = -1L;
    // record header: int length, int key hash, long expiresAt (epoch millis, for sweeping)
    private static final int HEADER = 16;

    private final StampedLock lock = new StampedLock();

    // the index: refs[i] is chunkId << 32 | offset (chunk ids start at 1, so 0 means empty)
    private long[] refs = new long[1024];
    private int[] hashes = new int[1024];
    private int live;
    private int used;

    // chunks, by id, in a ring: chunk c is ring[c & (ring.length - 1)] for firstChunk <= c < nextChunk
    private ByteBuffer[] ring = new ByteBuffer[16];
    // where each chunk's records end: a reused chunk is not cleared, so the walk must stop here
    private int[] ringEnd = new int[16];
    private int[] ringLiveBytes = new int[16];
    private long[] ringLatestExpiry = new long[16];
    private long[] ringEarliestExpiry = new long[16];
    private int firstChunk = 1;
    private int nextChunk = 1;
    private ByteBuffer current;
    private int currentId;
    private final java.util.ArrayDeque<ByteBuffer> spares = new java.util.ArrayDeque<>();
    // set under the lock when the chunk being written is nearly full and no spare is ready: the
    // next writer allocates one before it takes the lock
    private volatile boolean spareWanted = true;
    private final java.util.concurrent.atomic.AtomicBoolean preparing = new java.util.concurrent.atomic.AtomicBoolean();
    private int position;

    // the dictionary: ids are handed out under dictionaryLock, words[id] is written before the id
    // is used in any record, and a record is read only after the lock that published it
    private final Map<String, Integer> dictionaryIds = new ConcurrentHashMap<>();
    private final Object dictionaryLock = new Object();
    private volatile String[] words = new String[64];
    private int wordCount;

    // ---- the map operations ----

    void put(AccessToken token) {
        byte[] record = encode(token);
        ByteBuffer prepared = prepareChunk();
        long stamp = lock.writeLock();
        try {
            if (prepared != null) {
                if (spares.size() < SPARE_CHUNKS) {
                    spares.addFirst(prepared); // else a sweep filled the spares meanwhile: the collector frees it
                }
                preparing.set(false);
            }
            int hash = hash(token.tokenDigest());
            int slot = find(token.tokenDigest(), hash);
            if (slot >= 0) {
                unlink(slot);
            }
            insert(hash, append(record, 0, record.length));
            spareWanted = spares.isEmpty() && current.capacity() - position < CHUNK_BYTES / 8;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * The next chunk, allocated by one writer before it takes the lock when the chunk being written
     * is nearly full: allocateDirect zeroes it, and the first touch of 256 fresh pages (up to 4 ms
     * on a virtual machine) would stop every reader and writer if it happened under the lock.
     */
    private ByteBuffer prepareChunk() {
        if (!spareWanted || !preparing.compareAndSet(false, true)) {
            return null;
        }
        try {
            return ByteBuffer.allocateDirect(CHUNK_BYTES);
        } catch (OutOfMemoryError e) {
            preparing.set(false);
            throw e;
        }
    }

    AccessToken get(String digest) {
        long stamp = lock.readLock();
        try {
            int slot = find(digest, hash(digest));
            return slot < 0 ? null : decode(refs[slot], digest);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    void remove(String digest) {
        long stamp = lock.writeLock();
        try {
            int slot = find(digest, hash(digest));
            if (slot >= 0) {
                unlink(slot);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    int size() {
        long stamp = lock.readLock();
        try {
            return live;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The chunks held: for tests of what sweeping frees. */
    int chunks() {
        long stamp = lock.readLock();
        try {
            int n = 0;
            for (int id = firstChunk; id < nextChunk; id++) {
                n += ring[ringIndex(id)] == null ? 0 : 1;
            }
            return n;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Whether every chunk held is a direct buffer: for tests. */
    boolean chunksOffHeap() {
        long stamp = lock.readLock();
        try {
            for (int id = firstChunk; id < nextChunk; id++) {
                ByteBuffer chunk = ring[ringIndex(id)];
                if (chunk != null && !chunk.isDirect()) {
                    return false;
                }
            }
            return spares.stream().allMatch(ByteBuffer::isDirect);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Freed chunks kept for reuse: for tests. */
    int spareChunks() {
        long stamp = lock.readLock();
        try {
            return spares.size();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Every live token, decoded: what a memory dump would reveal. */
    List<AccessToken> all() {
        long stamp = lock.readLock();
        try {
            List<AccessToken> tokens = new ArrayList<>(live);
            for (long ref : refs) {
                if (ref != EMPTY && ref != DELETED) {
                    tokens.add(decode(ref, null));
                }
            }
            return tokens;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Drops every token expired at {@code now}, frees chunks left without live records and moves
     * the live records out of chunks that are more than half holes. One chunk at a time under the
     * write lock, so writers wait for one chunk's walk at most.
     */
    void removeExpired(Instant now) {
        long nowMillis = now.toEpochMilli();
        int first;
        int last;
        long stamp = lock.readLock();
        try {
            first = firstChunk;
            last = nextChunk;
        } finally {
            lock.unlockRead(stamp);
        }
        for (int id = first; id < last; id++) {
            stamp = lock.writeLock();
            try {
                sweepChunk(id, nowMillis);
            } finally {
                lock.unlockWrite(stamp);
            }
        }
    }

    // ---- the index ----

    /**
     * The key's hash. A key is the base64url text of a SHA-256 digest: every character is random, so
     * its first four and last four characters spread as well as all 43, and a validation, which
     * looks up a digest just computed (no cached {@link String#hashCode}), reads 8 characters, not
     * 43. Any other key still works, by the same rule; keys that differ only in between share a
     * hash and are told apart by comparing them.
     */
    static int hash(String digest) {
        int n = digest.length();
        if (n < 8) {
            return digest.hashCode();
        }
        long h = 0;
        for (int i = 0; i < 4; i++) {
            h = h << 8 | (digest.charAt(i) & 0xff);
        }
        for (int i = n - 4; i < n; i++) {
            h = h << 8 | (digest.charAt(i) & 0xff);
        }
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32);
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The slot holding {@code digest}, or -1. */
    private int find(String digest, int hash) {
        int mask = refs.length - 1;
        for (int i = spread(hash) & mask;; i = (i + 1) & mask) {
            long ref = refs[i];
            if (ref == EMPTY) {
                return -1;
            }
            if (ref != DELETED && hashes[i] == hash && keyEquals(ref, digest)) {
                return i;
            }
        }
    }

    /** The slot pointing at this very record, or -1. */
    private int slotOf(long ref, int hash) {
        int mask = refs.length - 1;
        for (int i = spread(hash) & mask;; i = (i + 1) & mask) {
            long r = refs[i];
            if (r == EMPTY) {
                return -1;
            }
            if (r == ref) {
                return i;
            }
        }
    }

    private void insert(int hash, long ref) {
        if ((used + 1) * 2 > refs.length) {
            rehash(Math.max(1024, Integer.highestOneBit(Math.max(live + 1, 1)) * 4));
        }
        int mask = refs.length - 1;
        int i = spread(hash) & mask;
        while (refs[i] != EMPTY && refs[i] != DELETED) {
            i = (i + 1) & mask;
        }
        if (refs[i] == EMPTY) {
            used++;
        }
        refs[i] = ref;
        hashes[i] = hash;
        live++;
    }

    private void unlink(int slot) {
        long ref = refs[slot];
        ByteBuffer chunk = chunk(chunkId(ref));
        ringLiveBytes[ringIndex(chunkId(ref))] -= chunk.getInt(offset(ref));
        refs[slot] = DELETED;
        live--;
    }

    private void rehash(int capacity) {
        long[] oldRefs = refs;
        int[] oldHashes = hashes;
        refs = new long[capacity];
        hashes = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldRefs.length; j++) {
            long ref = oldRefs[j];
            if (ref != EMPTY && ref != DELETED) {
                int i = spread(oldHashes[j]) & mask;
                while (refs[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                refs[i] = ref;
                hashes[i] = oldHashes[j];
            }
        }
        used = live;
    }

    // ---- the chunks ----

    private static int chunkId(long ref) {
        return (int) (ref >>> 32);
    }

    private static int offset(long ref) {
        return (int) ref;
    }

    private int ringIndex(int id) {
        return id & (ring.length - 1);
    }

    private ByteBuffer chunk(int id) {
        return ring[ringIndex(id)];
    }

    /** Appends a new record; returns its ref. */
    private long append(byte[] record, int from, int length) {
        makeRoom(length);
        current.put(position, record, from, length);
        return appended(length, readLong(record, from + 8));
    }

    /** Moves the record at {@code from} of another chunk to the end; returns its new ref. */
    private long append(ByteBuffer chunk, int from, int length) {
        makeRoom(length);
        current.put(position, chunk, from, length);
        return appended(length, chunk.getLong(from + 8));
    }

    private void makeRoom(int length) {
        if (current == null || position + length > current.capacity()) {
            newChunk(Math.max(CHUNK_BYTES, length));
        }
    }

    private long appended(int length, long expiry) {
        long ref = ((long) currentId << 32) | position;
        position += length;
        int index = ringIndex(currentId);
        ringEnd[index] = position;
        ringLiveBytes[index] += length;
        ringLatestExpiry[index] = Math.max(ringLatestExpiry[index], expiry);
        ringEarliestExpiry[index] = Math.min(ringEarliestExpiry[index], expiry);
        return ref;
    }

    private void newChunk(int size) {
        if (nextChunk - firstChunk >= ring.length) {
            growRing();
        }
        currentId = nextChunk++;
        ByteBuffer spare = size == CHUNK_BYTES ? spares.pollFirst() : null;
        // without a spare (a record larger than a chunk, or writers faster than the preparing
        // ones) the chunk is allocated under the lock
        current = spare != null ? spare : ByteBuffer.allocateDirect(size);
        position = 0;
        int index = ringIndex(currentId);
        ring[index] = current;
        ringEnd[index] = 0;
        ringLiveBytes[index] = 0;
        ringLatestExpiry[index] = Long.MIN_VALUE;
        ringEarliestExpiry[index] = Long.MAX_VALUE;
    }

    private void growRing() {
        int length = ring.length * 2;
        ByteBuffer[] chunks = new ByteBuffer[length];
        int[] ends = new int[length];
        int[] liveBytes = new int[length];
        long[] latest = new long[length];
        long[] earliest = new long[length];
        for (int id = firstChunk; id < nextChunk; id++) {
            int from = ringIndex(id);
            int to = id & (length - 1);
            chunks[to] = ring[from];
            ends[to] = ringEnd[from];
            liveBytes[to] = ringLiveBytes[from];
            latest[to] = ringLatestExpiry[from];
            earliest[to] = ringEarliestExpiry[from];
        }
        ring = chunks;
        ringEnd = ends;
        ringLiveBytes = liveBytes;
        ringLatestExpiry = latest;
        ringEarliestExpiry = earliest;
    }

    private void sweepChunk(int id, long nowMillis) {
        if (id < firstChunk || id >= nextChunk) {
            return;
        }
        int index = ringIndex(id);
        ByteBuffer chunk = ring[index];
        if (chunk == null) {
            return;
        }
        boolean writing = id == currentId;
        boolean mostlyHoles = !writing && ringLiveBytes[index] * 2 < chunk.capacity();
        if (ringEarliestExpiry[index] > nowMillis && !mostlyHoles && ringLiveBytes[index] > 0) {
            // nothing in it has expired and nothing is to be moved: not walked at all, so that a
            // sweep costs a few steps per chunk, not per token
            return;
        }
        int end = ringEnd[index];
        boolean allExpired = ringLatestExpiry[index] <= nowMillis;
        long earliestLeft = Long.MAX_VALUE;
        for (int at = 0; at < end; ) {
            int length = chunk.getInt(at);
            long ref = ((long) id << 32) | at;
            int slot = slotOf(ref, chunk.getInt(at + 4));
            long expiry = chunk.getLong(at + 8);
            if (slot >= 0 && (allExpired || expiry <= nowMillis)) {
                unlink(slot);
            } else if (slot >= 0) {
                earliestLeft = Math.min(earliestLeft, expiry);
            }
            at += length;
        }
        // what is left expires no sooner: the next sweep skips this chunk until then
        ringEarliestExpiry[index] = earliestLeft;
        if (writing) {
            return;
        }
        if (ringLiveBytes[index] == 0) {
            free(id);
        } else if (ringLiveBytes[index] * 2 < chunk.capacity()) {
            // mostly holes: move what is live to the end and free the chunk
            for (int at = 0; at < end; ) {
                int length = chunk.getInt(at);
                long ref = ((long) id << 32) | at;
                int hash = chunk.getInt(at + 4);
                int slot = slotOf(ref, hash);
                if (slot >= 0) {
                    long moved = append(chunk, at, length);
                    refs[slot] = moved;
                    // append may have grown the ring: this chunk's index is looked up again
                    ringLiveBytes[ringIndex(id)] -= length;
                }
                at += length;
            }
            free(id);
        }
    }

    private void free(int id) {
        int index = ringIndex(id);
        ByteBuffer chunk = ring[index];
        if (chunk.capacity() == CHUNK_BYTES && spares.size() < SPARE_CHUNKS) {
            spares.addFirst(chunk); // the most recently used first: its pages are the likeliest resident
        }
        ring[index] = null;
        ringLiveBytes[index] = 0;
        while (firstChunk < nextChunk && ring[ringIndex(firstChunk)] == null) {
            firstChunk++;
        }
    }

    // ---- records ----

    private boolean keyEquals(long ref, String digest) {
        ByteBuffer chunk = chunk(chunkId(ref));
        int at = offset(ref) + HEADER;
        int length = chunk.getInt(at);
        boolean ascii = true;
        if (length == digest.length()) {
            // one bulk copy out of the buffer, then a plain array loop: cheaper than a checked
            // buffer read per byte
            byte[] stored = scratch(length);
            chunk.get(at + 4, stored, 0, length);
            for (int i = 0; i < length; i++) {
                char c = digest.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                    break;
                }
                if (stored[i] != (byte) c) {
                    return false; // ASCII so far: the UTF-8 bytes up to here are these very chars
                }
            }
            if (ascii) {
                return true;
            }
        } else if (isAscii(digest)) {
            return false;
        }
        byte[] bytes = digest.getBytes(StandardCharsets.UTF_8);
        if (bytes.length != length) {
            return false;
        }
        byte[] stored = scratch(length);
        chunk.get(at + 4, stored, 0, length);
        return Arrays.equals(stored, 0, length, bytes, 0, length);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Runs outside the table's lock: only the dictionary is shared, and it has its own. */
    private byte[] encode(AccessToken t) {
        Writer w = new Writer();
        w.writeInt(0); // the length, set below
        w.writeInt(hash(t.tokenDigest()));
        w.writeLong(t.expiresAt().toEpochMilli());
        w.writeString(t.tokenDigest());
        writeWord(w, t.clientId());
        writeWord(w, t.grantType());
        w.writeInt(t.data().size());
        for (Map.Entry<String, String> e : t.data().entrySet()) {
            writeWord(w, e.getKey());
            w.writeString(e.getValue());
        }
        w.writeInt(t.scopes().size());
        for (String scope : t.scopes()) {
            writeWord(w, scope);
        }
        w.writeInstant(t.issuedAt());
        w.writeInstant(t.expiresAt());
        w.writeString(t.refreshTokenDigest());
        w.writeInstant(t.refreshExpiresAt());
        w.writeString(t.familyId());
        byte[] record = w.bytes();
        writeInt(record, 0, record.length);
        return record;
    }

    /**
     * A repeated word as its dictionary id; once the dictionary is full (a scope policy that makes
     * up scopes, say), as {@link #INLINE} followed by the word itself.
     */
    private void writeWord(Writer w, String value) {
        Integer id = dictionaryIds.get(value);
        if (id == null) {
            synchronized (dictionaryLock) {
                id = dictionaryIds.get(value);
                if (id == null && wordCount < DICTIONARY_LIMIT) {
                    String[] current = words;
                    if (wordCount == current.length) {
                        current = Arrays.copyOf(current, current.length * 2);
                    }
                    current[wordCount] = value;
                    words = current; // published before the id can be seen
                    id = wordCount++;
                    dictionaryIds.put(value, id);
                }
            }
        }
        if (id == null) {
            w.writeInt(INLINE);
            w.writeString(value);
        } else {
            w.writeInt(id);
        }
    }

    /** The token of a record; {@code digest}, when the caller has it, saves decoding the key. */
    private AccessToken decode(long ref, String knownDigest) {
        Reader r = new Reader(chunk(chunkId(ref)), offset(ref) + HEADER);
        String digest = knownDigest == null ? r.readString() : r.skipString(knownDigest);
        String clientId = r.readWord();
        String grantType = r.readWord();
        int entries = r.readInt();
        Map<String, String> data = entries == 0 ? Map.of() : new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            data.put(r.readWord(), r.readString());
        }
        int count = r.readInt();
        List<String> scopes;
        if (count == 1) {
            scopes = List.of(r.readWord()); // the usual case, without an array
        } else {
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                values[i] = r.readWord();
            }
            scopes = List.of(values);
        }
        return new AccessToken(digest, clientId, grantType, data, scopes, r.readInstant(), r.readInstant(),
                r.readString(), r.readInstant(), r.readString());
    }

    private static final int SCRATCH_BYTES = 512;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    private static byte[] scratch(int length) {
        return length <= SCRATCH_BYTES ? SCRATCH.get() : new byte[length];
    }

    private final class Reader {
        private final ByteBuffer b;
        private int at;

        Reader(ByteBuffer b, int at) {
            this.b = b;
            this.at = at;
        }

        int readInt() {
            int v = b.getInt(at);
            at += 4;
            return v;
        }

        long readLong() {
            long v = b.getLong(at);
            at += 8;
            return v;
        }

        String readString() {
            int length = readInt();
            if (length < 0) {
                return null;
            }
            // copied out through a per-thread buffer: the String copies it again, so a fresh array
            // per string would be garbage on every read (a bearer check reads five strings)
            byte[] bytes = scratch(length);
            b.get(at, bytes, 0, length);
            String s = new String(bytes, 0, length, StandardCharsets.UTF_8);
            at += length;
            return s;
        }

        String skipString(String value) {
            int length = readInt();
            at += length;
            return value;
        }

        String readWord() {
            int id = readInt();
            return id == INLINE ? readString() : words[id];
        }

        Instant readInstant() {
            long seconds = readLong();
            int nanos = readInt();
            return nanos < 0 ? null : Instant.ofEpochSecond(seconds, nanos);
        }
    }

    private static final class Writer {
        private byte[] b = new byte[256];
        private int at;

        void writeInt(int v) {
            ensure(4);
            AccessTokenTable.writeInt(b, at, v);
            at += 4;
        }

        void writeLong(long v) {
            ensure(8);
            for (int i = 7; i >= 0; i--) {
                b[at++] = (byte) (v >>> (i * 8));
            }
        }

        void writeString(String s) {
            if (s == null) {
                writeInt(-1);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            writeInt(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, b, at, bytes.length);
            at += bytes.length;
        }

        void writeInstant(Instant instant) {
            writeLong(instant == null ? 0 : instant.getEpochSecond());
            writeInt(instant == null ? -1 : instant.getNano());
        }

        private void ensure(int n) {
            if (at + n > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, at + n));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(b, at);
        }
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static long readLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
