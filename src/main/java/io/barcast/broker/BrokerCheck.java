package io.barcast.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before Kafka Streams or a producer starts, that the bootstrap servers answer: first a TCP connection to each
 * address, then a Kafka request (describe cluster) with the client's security settings, all within a bound. A failure
 * is said in one line: which address, whether it refused, never answered, failed authentication or TLS, and what to check.
 */
public final class BrokerCheck {

    /** The brokers could not be reached or used; the message is the one line to show. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    private BrokerCheck() {
    }

    /**
     * Returns when a broker of {@code bootstrap.servers} in {@code client} answered within {@code wait}.
     *
     * @param client Kafka client properties (the admin client's are used; others are ignored)
     * @param key    the setting that gives {@code wait}, named in the message
     * @throws Unreachable saying what failed, at the latest about {@code wait} after the call
     * @throws io.barcast.config.ConfigError when an address is not HOST:PORT
     */
    public static void require(Map<?, ?> client, Duration wait, String key) {
        long deadline = System.nanoTime() + wait.toNanos();
        String servers = String.valueOf(client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        List<String> refused = new ArrayList<>();
        int open = 0;
        for (String address : servers.split(",")) {
            String a = address.trim();
            if (a.isEmpty()) {
                continue;
            }
            if (org.apache.kafka.common.utils.Utils.getHost(a) == null || org.apache.kafka.common.utils.Utils.getPort(a) == null) {
                throw new io.barcast.config.ConfigError(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "'" + servers + "'",
                        "is not a comma-separated list of HOST:PORT ('" + a + "' is not)");
            }
            String problem = tcp(a, remaining(deadline, wait.toMillis() / 2));
            if (problem == null) {
                open++;
            } else {
                refused.add(a + " " + problem);
            }
        }
        if (open == 0) {
            throw new Unreachable("cannot reach the Kafka broker: " + String.join("; ", refused)
                    + ". Check bootstrap.servers (" + servers + ") and that the broker is running and its port open to this host.");
        }
        kafka(client, servers, deadline, wait, key);
    }

    /** Null when a TCP connection to {@code hostPort} opened within {@code millis}, else what happened. */
    static String tcp(String hostPort, long millis) {
        // Kafka's own parsing: host:port, [ipv6]:port, with or without a PROTOCOL:// in front
        String host = org.apache.kafka.common.utils.Utils.getHost(hostPort);
        Integer port = org.apache.kafka.common.utils.Utils.getPort(hostPort);
        if (host == null || port == null) {
            return "is not HOST:PORT";
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, millis));
            return null;
        } catch (UnknownHostException e) {
            return "is an unknown host";
        } catch (ConnectException e) {
            return "refused the connection (nothing listens on port " + port + ")";
        } catch (NoRouteToHostException e) {
            return "has no route to it";
        } catch (SocketTimeoutException e) {
            return "did not accept a connection within " + Math.max(1, millis) + " ms (a firewall, or a wrong address)";
        } catch (IOException e) {
            return "cannot be connected to (" + e.getMessage() + ")";
        }
    }

    private static void kafka(Map<?, ?> client, String servers, long deadline, Duration wait, String key) {
        Properties admin = new Properties();
        client.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(k))) {
                admin.put(k, v);
            }
        });
        int ms = (int) Math.max(1000, remaining(deadline, 0));
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(ms));
        admin.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(ms, 10_000)));
        admin.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Integer.toString(Math.min(ms, 10_000)));
        admin.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "barcast-broker-check");
        Admin client1 = Admin.create(admin);
        try {
            client1.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).clusterId().get(ms + 2000L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while checking the Kafka broker at " + servers);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new Unreachable(describe(cause, servers, wait, key, String.valueOf(client.get("security.protocol"))));
        } finally {
            client1.close(Duration.ZERO);
        }
    }

    private static String describe(Throwable cause, String servers, Duration wait, String key, String protocol) {
        if (cause instanceof SslAuthenticationException) {
            return "TLS handshake with the Kafka broker at " + servers + " failed (" + firstLine(cause)
                    + "). Check ssl.truststore.* (the broker's certificate authority) and the host name in its certificate.";
        }
        if (cause instanceof SaslAuthenticationException || cause instanceof AuthenticationException) {
            return "the Kafka broker at " + servers + " rejected the credentials (" + firstLine(cause)
                    + "). Check sasl.mechanism and sasl.jaas.config (user name and password).";
        }
        return "the Kafka broker at " + servers + " accepts connections but did not answer a Kafka request within "
                + wait.toSeconds() + " s (" + key + "). Check that the address is a Kafka listener and that security.protocol ("
                + ("null".equals(protocol) ? "PLAINTEXT" : protocol) + ") matches it (a TLS or SASL listener needs SSL, SASL_SSL or SASL_PLAINTEXT).";
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static long remaining(long deadline, long min) {
        return Math.max(min, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
