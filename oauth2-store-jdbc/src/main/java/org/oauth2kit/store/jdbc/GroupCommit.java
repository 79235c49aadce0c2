package org.oauth2kit.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.oauth2kit.error.StoreUnavailableError;

/**
 * Inserts that arrive together are written together. Each caller queues its row and waits; the
 * caller that finds no write under way becomes the writer: it takes what is queued (up to
 * {@code maxBatch} rows), writes it with one statement, wakes the callers whose rows it wrote, and
 * goes on until its own row is written. Then it lets go and wakes the caller of the first row still
 * queued, which writes the next batch.
 *
 * <p>A caller of {@link #insertAsync} does not wait: it gets a future, and the queue is written by a
 * writer thread (a daemon, started when rows are queued and none is writing, gone after a minute
 * without work; nothing to close) until it is empty. Its futures complete on that thread.
 *
 * <p>Why: a token endpoint under load makes one INSERT per request. One statement and one commit
 * per row cost the database far more than the row does (a round trip, a transaction, a commit
 * record, a backend process woken per row), and on a small machine those backends compete with the
 * application for the same cores. Written as one statement, the same rows cost one execution; a
 * caller alone still writes its row at once, so nothing waits for a batch to fill.
 *
 * <p>What a caller is promised is unchanged: when {@link #insert} returns, its row is committed (a
 * later read anywhere sees it); when it throws, its row was not written. A batch that fails as a
 * whole because of one row (a duplicate key) is written again row by row, so that only that row's
 * caller fails; a database that cannot be reached fails every caller of the batch with
 * {@link StoreUnavailableError}.
 */
final class GroupCommit<T> {
    /**
     * Writes one row or many with one statement (a multi-row {@code INSERT}), so that they are
     * written all or none without a transaction around them.
     */
    @FunctionalInterface
    interface Writer<T> {
        void write(Connection c, List<T> rows) throws SQLException;
    }

    private static final long PARK_LIMIT_NANOS = 50_000_000L;

    private final Jdbc jdbc;
    private final String operation;
    private final int maxBatch;
    private final Writer<T> writer;
    private final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    GroupCommit(Jdbc jdbc, String operation, int maxBatch, Writer<T> writer) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.operation = Objects.requireNonNull(operation, "operation");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    private static final AtomicInteger WRITER_NUMBERS = new AtomicInteger();

    /** Writer threads for rows queued by {@link #insertAsync}: at most one writes at a time. */
    private static final ExecutorService WRITERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread t = new Thread(runnable, "oauth2kit-jdbc-writer-" + WRITER_NUMBERS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    /**
     * Queues {@code row} and returns at once: the future completes when the row is committed (a
     * later read anywhere sees it), or exceptionally as {@link #insert} would have thrown.
     */
    CompletableFuture<Void> insertAsync(T row) {
        Pending<T> mine = new Pending<>(row, null);
        queue.add(mine);
        if (writing.compareAndSet(false, true)) {
            startWriter();
        }
        return mine.future;
    }

    /** Runs with {@code writing} taken for it: writes until the queue is empty, then lets go. */
    private void startWriter() {
        try {
            WRITERS.execute(() -> {
                try {
                    while (!queue.isEmpty()) {
                        writeNextBatch();
                    }
                } finally {
                    writing.set(false);
                    handOn();
                }
            });
        } catch (RuntimeException | Error e) {
            writing.set(false); // no thread to be had: whoever queues next tries again
            throw e;
        }
    }

    /**
     * After a writer lets go: rows queued meanwhile still need one. A waiting caller is woken (it
     * writes, or finds its row written); rows of callers that do not wait get a writer thread.
     */
    private void handOn() {
        Pending<T> next = queue.peek();
        if (next == null) {
            return;
        }
        if (next.caller != null) {
            LockSupport.unpark(next.caller);
        } else if (writing.compareAndSet(false, true)) {
            startWriter();
        }
    }

    /** Writes {@code row}, alone or with the rows of concurrent callers; returns once it is committed. */
    void insert(T row) {
        Pending<T> mine = new Pending<>(row, Thread.currentThread());
        queue.add(mine);
        boolean interrupted = false;
        while (!mine.isDone()) {
            if (writing.compareAndSet(false, true)) {
                try {
                    // Only one writer at a time, and a writer finishes every batch it takes: a row
                    // not yet done is still in the queue, so this loop ends.
                    while (!mine.isDone()) {
                        writeNextBatch();
                    }
                } finally {
                    writing.set(false);
                    // A caller that queued its row while this one was writing may be parked: wake
                    // the first, which writes (or finds its row written by whoever got there first).
                    handOn();
                }
            } else {
                // Woken when the row is written or the writer lets go; the time limit only guards
                // against a wake-up that never comes, after which the caller looks again.
                LockSupport.parkNanos(this, PARK_LIMIT_NANOS);
                // The row may be in a batch being written: keep waiting, and pass the interrupt on after.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        RuntimeException failure = mine.ownFailure();
        if (failure != null) {
            throw failure;
        }
    }

    /** How many rows wait to be written (for tests: counts the queue). */
    int queued() {
        return queue.size();
    }

    private void writeNextBatch() {
        List<Pending<T>> batch = new ArrayList<>(Math.min(maxBatch, 32));
        for (Pending<T> p; batch.size() < maxBatch && (p = queue.poll()) != null;) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            write(batch);
            for (Pending<T> p : batch) {
                p.succeed();
            }
        } catch (StoreUnavailableError e) {
            for (Pending<T> p : batch) {
                p.fail(e);
            }
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).fail(e);
                return;
            }
            // One row may have spoiled the batch (the statement wrote none of it): write each on its
            // own, so that only that row's caller fails.
            for (Pending<T> p : batch) {
                try {
                    write(List.of(p));
                    p.succeed();
                } catch (RuntimeException | Error each) {
                    p.fail(each);
                }
            }
        }
    }

    private void write(List<Pending<T>> batch) {
        List<T> rows = new ArrayList<>(batch.size());
        for (Pending<T> p : batch) {
            rows.add(p.row);
        }
        // one statement, committed on its own: atomic without a transaction to begin and commit
        jdbc.autoCommit(operation, c -> {
            writer.write(c, rows);
            return null;
        });
    }

    /** One caller's row and what became of it. */
    private static final class Pending<T> {
        final T row;
        final Thread caller; // null for a caller that does not wait
        final CompletableFuture<Void> future;
        private volatile boolean done;
        private Throwable failure; // written before done is set, read after done is seen

        Pending(T row, Thread caller) {
            this.row = row;
            this.caller = caller;
            this.future = caller == null ? new CompletableFuture<>() : null;
        }

        boolean isDone() {
            return done;
        }

        void succeed() {
            done = true;
            if (caller != null) {
                LockSupport.unpark(caller);
            } else {
                future.complete(null);
            }
        }

        void fail(Throwable failure) {
            this.failure = failure;
            done = true;
            if (caller != null) {
                LockSupport.unpark(caller);
            } else {
                future.completeExceptionally(ownFailure());
            }
        }

        /**
         * Null when the row was written, else this caller's failure: an exception of its own (the
         * writer's may reach several callers at once), of the same kind, caused by the writer's.
         */
        RuntimeException ownFailure() {
            Throwable f = failure;
            if (f == null) {
                return null;
            }
            if (f instanceof StoreUnavailableError u) {
                return new StoreUnavailableError(u.getMessage(), u, u.retryAfter());
            }
            if (f instanceof JdbcStoreException j) {
                return new JdbcStoreException(j.getMessage(), j.getCause());
            }
            return new IllegalStateException("writing a batch failed", f);
        }
    }
}
