package io.barcast.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Ports of the broker's listeners on {@link #HOST}: free ones for a new listener, and waiting for one to be let go. */
final class ListenerPorts {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerPorts.class);

    /** Host of every listener. */
    static final String HOST = "localhost";

    private ListenerPorts() {
    }

    /** A port that is free on {@link #HOST} now (another process may still take it before Kafka binds it). */
    static int freePort() {
        return freePorts(1, 0)[0];
    }

    /**
     * Distinct ports that are free on {@link #HOST} now, none equal to {@code excluded} (the client port, which is
     * free too before Kafka binds it). The probe sockets stay open until all are found, so the ports differ.
     */
    static int[] freePorts(int count, int excluded) {
        List<ServerSocket> probes = new ArrayList<>();
        try {
            int[] ports = new int[count];
            int found = 0;
            while (found < count) {
                ServerSocket probe = new ServerSocket();
                probes.add(probe);
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                if (probe.getLocalPort() != excluded) {
                    ports[found++] = probe.getLocalPort();
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        } finally {
            for (ServerSocket probe : probes) {
                try {
                    probe.close();
                } catch (IOException e) {
                    LOG.debug("Cannot close the probe of port {}: {}", probe.getLocalPort(), e.toString());
                }
            }
        }
    }

    /**
     * Waits until {@code port} can be bound (as Kafka will, with SO_REUSEADDR), e.g. while a restarted broker's
     * previous run lets it go, or fails at the deadline.
     *
     * @throws IllegalStateException if the port is still in use at {@code deadlineNanos} ({@link System#nanoTime()})
     */
    static void awaitFree(int port, long deadlineNanos) {
        while (true) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
                return;
            } catch (BindException e) {
                if (System.nanoTime() >= deadlineNanos) {
                    throw new IllegalStateException("Port " + port + " on " + HOST + " is in use", e);
                }
                LOG.debug("Port {} on {} is still in use; waiting", port, HOST);
                Waits.sleep(Duration.ofMillis(200));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot check port " + port, e);
            }
        }
    }
}
