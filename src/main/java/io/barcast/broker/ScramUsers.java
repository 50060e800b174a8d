package io.barcast.broker;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SCRAM-SHA-256 users of the client listener: written into the metadata log when the storage is formatted, or
 * upserted through the INTERNAL listener when a formatted storage is reused, so that the given passwords apply.
 */
final class ScramUsers {

    private static final Logger LOG = LoggerFactory.getLogger(ScramUsers.class);

    /** The SASL mechanism of the client listener when SCRAM users are configured. */
    static final String MECHANISM = "SCRAM-SHA-256";
    private static final int ITERATIONS = 4096;

    private final Map<String, String> users;

    /** @param users username to password, as validated by {@link EmbeddedKafka.Options} */
    ScramUsers(Map<String, String> users) {
        this.users = users;
    }

    /**
     * The storage formatter's arguments that create the users:
     * {@code --add-scram 'SCRAM-SHA-256=[name="...",password="...",iterations=4096]'} per user.
     */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        users.forEach((user, password) -> {
            args.add("--add-scram");
            // Values in quotes: ScramParser strips one pair of surrounding quotes and splits only on ','.
            args.add(MECHANISM + "=[name=\"" + user + "\",password=\"" + password + "\",iterations="
                    + ITERATIONS + "]");
        });
        return args;
    }

    /**
     * Creates or updates the users through the unauthenticated listener at {@code bootstrapServers} (the INTERNAL
     * one; the storage was formatted by an earlier run).
     */
    void upsert(String bootstrapServers) {
        List<UserScramCredentialAlteration> upsertions = new ArrayList<>();
        ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, ITERATIONS);
        users.forEach((user, password) -> upsertions.add(new UserScramCredentialUpsertion(user, info, password)));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(AdminClients.properties(props))) {
            admin.alterUserScramCredentials(upsertions).all()
                    .get(AdminClients.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the SCRAM users", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the SCRAM users", e);
        }
        LOG.debug("Upserted SCRAM users {} through {}", users.keySet(), bootstrapServers);
    }

    /**
     * The client {@code sasl.jaas.config} value for a SCRAM login, with {@code \} and {@code "} escaped:
     * {@code org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";}
     */
    static String jaasConfig(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + jaasEscape(username) + "\" password=\"" + jaasEscape(password) + "\";";
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
