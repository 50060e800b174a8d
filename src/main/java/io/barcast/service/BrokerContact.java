package io.barcast.service;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Whether a broker answered lately: a {@code describeCluster} every {@link #period} on a daemon thread. Kafka Streams
 * stays RUNNING while it cannot reach the cluster; this is what lets {@code /ready} say so.
 */
final class BrokerContact implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerContact.class);

    private final Admin admin;
    private final ScheduledExecutorService timer;
    private final long boundNanos;
    private final LongSupplier clock;
    private volatile long lastAnswer;
    private volatile boolean reportedLost;

    BrokerContact(Properties adminProperties, Duration bound) {
        this(Admin.create(adminProperties), bound, System::nanoTime);
    }

    BrokerContact(Admin admin, Duration bound, LongSupplier clock) {
        this.admin = admin;
        this.boundNanos = bound.toNanos();
        this.clock = clock;
        this.lastAnswer = clock.getAsLong(); // the start-up checks reached a broker
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "barcast-broker-contact");
            t.setDaemon(true);
            return t;
        });
    }

    /** A check every fifth of the bound (between 1 and 10 s), each waiting at most as long. */
    static Duration period(Duration bound) {
        return Duration.ofMillis(Math.max(1000, Math.min(10_000, bound.toMillis() / 5)));
    }

    BrokerContact start() {
        long every = period(Duration.ofNanos(boundNanos)).toMillis();
        timer.scheduleWithFixedDelay(() -> check(every), 0, every, TimeUnit.MILLISECONDS);
        return this;
    }

    void check(long timeoutMs) {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs)).nodes().get(timeoutMs + 500, TimeUnit.MILLISECONDS);
            answered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (lost() && !reportedLost) {
                reportedLost = true;
                log.warn("No broker has answered for {} s (ready.broker.lost.seconds): /ready answers 503 until one does ({})",
                        secondsSinceAnswer(), e.getCause() == null ? e.toString() : e.getCause().toString());
            }
        }
    }

    void answered() {
        if (reportedLost) {
            log.info("A broker answers again after {} s: /ready follows Kafka Streams' state again", secondsSinceAnswer());
            reportedLost = false;
        }
        lastAnswer = clock.getAsLong();
    }

    /** True once no broker has answered for longer than the bound. */
    boolean lost() {
        return clock.getAsLong() - lastAnswer > boundNanos;
    }

    long secondsSinceAnswer() {
        return TimeUnit.NANOSECONDS.toSeconds(clock.getAsLong() - lastAnswer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
