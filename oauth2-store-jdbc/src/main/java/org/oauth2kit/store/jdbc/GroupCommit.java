package org.oauth2kit.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.oauth2kit.error.StoreUnavailableError;

/**
 * Inserts that arrive together are written together. Each caller queues its row and waits; the
 * caller that finds no write under way becomes the writer: it takes what is queued (up to
 * {@code maxBatch} rows), writes it with one statement, wakes the callers whose rows it wrote, and
 * goes on until its own row is written. Then it lets go and wakes the caller of the first row still
 * queued, which writes the next batch. No thread of its own, nothing to close.
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
                    Pending<T> next = queue.peek();
                    if (next != null) {
                        LockSupport.unpark(next.caller);
                    }
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
        mine.outcome();
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
        final Thread caller;
        private volatile boolean done;
        private Throwable failure; // written before done is set, read after done is seen

        Pending(T row, Thread caller) {
            this.row = row;
            this.caller = caller;
        }

        boolean isDone() {
            return done;
        }

        void succeed() {
            done = true;
            LockSupport.unpark(caller);
        }

        void fail(Throwable failure) {
            this.failure = failure;
            done = true;
            LockSupport.unpark(caller);
        }

        /**
         * Returns when the row was written, else throws for this caller: an exception of its own
         * (the writer's may be thrown to several callers at once), of the same kind, caused by the
         * writer's.
         */
        void outcome() {
            Throwable f = failure;
            if (f == null) {
                return;
            }
            if (f instanceof StoreUnavailableError u) {
                throw new StoreUnavailableError(u.getMessage(), u, u.retryAfter());
            }
            if (f instanceof JdbcStoreException j) {
                throw new JdbcStoreException(j.getMessage(), j.getCause());
            }
            throw new IllegalStateException("writing a batch failed", f);
        }
    }
}
