package io.barcast.service;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

/**
 * How this instance belongs to the consumer group: the {@code group.instance.id} it joins with (Kafka's static
 * membership; Kafka Streams adds each stream thread's index to it) and whether a stop leaves the group.
 *
 * <p>A static member that stops, or dies, keeps its partitions for {@code session.timeout.ms}: a restart within it
 * takes them back without a rebalance and without waiting. {@code instance.id=auto} keeps a generated name in
 * {@code state.dir}, so the name is exactly as stable as the state directory (a container on the same volume, a
 * pod with its volume claim, {@code local} with its state directory); a new state directory is a new member.
 *
 * @param instanceId  the name, or null for dynamic membership
 * @param source      where the name came from, for the log
 * @param leaveOnStop whether {@link #closeOptions} removes the member at once (a scale-down)
 */
record GroupMembership(String instanceId, String source, boolean leaveOnStop) {

    /** The file in {@code state.dir} that keeps an {@code auto} name: {@code <application.id>.instance-id}. */
    static final String FILE_SUFFIX = ".instance-id";

    /** From {@code group.instance.id} when set, else {@code instance.id}. */
    static GroupMembership of(ServiceConfig config, Properties kafka) {
        boolean leave = config.get(ServiceKeys.SHUTDOWN_LEAVE_GROUP);
        String explicit = kafka.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "").trim();
        if (!explicit.isEmpty()) {
            return new GroupMembership(explicit, "group.instance.id", leave);
        }
        String asked = config.get(ServiceKeys.INSTANCE_ID).trim();
        if (asked.equalsIgnoreCase("none") || asked.isEmpty()) {
            return new GroupMembership(null, "instance.id=none", leave);
        }
        if (!asked.equalsIgnoreCase("auto")) {
            return new GroupMembership(asked, "instance.id", leave);
        }
        Path file = stateDir(kafka).resolve(config.applicationId() + FILE_SUFFIX);
        return new GroupMembership(kept(file, config.applicationId()), "instance.id=auto, kept in " + file, leave);
    }

    /** Kafka Streams' {@code state.dir}: the setting, or its default under {@code java.io.tmpdir}. */
    static Path stateDir(Properties kafka) {
        String dir = kafka.getProperty(StreamsConfig.STATE_DIR_CONFIG);
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams");
    }

    /** The name in {@code file}, or a new one ({@code <application.id>-<8 hex digits>}) written there first. */
    static String kept(Path file, String applicationId) {
        try {
            if (Files.isRegularFile(file)) {
                String name = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            String name = applicationId + "-" + UUID.randomUUID().toString().substring(0, 8);
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, name + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the instance name in " + file + " (instance.id=auto; set instance.id"
                    + " to a name, or to none for dynamic membership): " + e.getMessage(), e);
        }
    }

    boolean isStatic() {
        return instanceId != null;
    }

    /** Sets {@code group.instance.id} for a static member. */
    void applyTo(Properties kafka) {
        if (isStatic()) {
            kafka.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
    }

    /** Kafka Streams' close: a static member leaves only when asked to (a dynamic one cannot: Kafka Streams 4.1). */
    KafkaStreams.CloseOptions closeOptions(Duration timeout) {
        return new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(leaveOnStop && isStatic());
    }

    String describe() {
        return isStatic()
                ? "static member " + instanceId + " (" + source + "); a stop " + (leaveOnStop ? "leaves the group at once"
                : "keeps its partitions for session.timeout.ms, waiting for the restart")
                : "dynamic member (" + source + "): a restart waits for the old member's session.timeout.ms";
    }
}
