package io.barcast.service;

import io.barcast.stream.BarcastTopology;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** This instance's queryable copies of the stores' partitions: which it holds, how to read one, how far behind it is. */
final class StoreCopies {

    private static final Logger log = LoggerFactory.getLogger(StoreCopies.class);
    private static final List<String> STORES = List.of(BarcastTopology.STATE_STORE, BarcastTopology.MODEL_STORE,
            BarcastTopology.WINDOW_STORE);

    /** The source of an up-to-date copy. */
    static final String ACTIVE = "active";

    /** The partitions of this instance's active and standby tasks. */
    record Roles(Set<Integer> active, Set<Integer> standby) {
    }

    /** A partition's symbol states and models, and which copy they are ({@code active}, {@code standby}, {@code restoring}). */
    record Copy(ReadOnlyKeyValueStore<String, byte[]> states, ReadOnlyKeyValueStore<String, byte[]> models, String source) {

        boolean stale() {
            return !ACTIVE.equals(source);
        }
    }

    private final KafkaStreams streams;

    StoreCopies(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The partitions of this instance's tasks now; none while it is not started or shutting down. */
    Roles roles() {
        Set<Integer> active = new TreeSet<>();
        Set<Integer> standby = new TreeSet<>();
        try {
            for (ThreadMetadata t : streams.metadataForLocalThreads()) {
                t.activeTasks().forEach(task -> active.add(task.taskId().partition()));
                t.standbyTasks().forEach(task -> standby.add(task.taskId().partition()));
            }
        } catch (RuntimeException notYet) {
            // not started or shutting down: no copies
        }
        standby.removeAll(active);
        return new Roles(active, standby);
    }

    /**
     * The best queryable copy of a partition here: the active one; when stale copies are allowed, a standby or the
     * active one while it restores or a rebalance runs; else null.
     */
    Copy copy(int partition, boolean allowStale, Roles roles) {
        // Kafka Streams knows best which copies it has: ask it even when the thread metadata does not list the partition
        boolean standby = roles.standby().contains(partition);
        if (!standby) {
            try {
                return new Copy(store(BarcastTopology.STATE_STORE, partition, false),
                        store(BarcastTopology.MODEL_STORE, partition, false), ACTIVE);
            } catch (InvalidStateStoreException notCurrent) {
                // restoring, rebalancing, or not active here
            }
        }
        if (!allowStale) {
            return null;
        }
        try {
            return new Copy(store(BarcastTopology.STATE_STORE, partition, true),
                    store(BarcastTopology.MODEL_STORE, partition, true), standby ? "standby" : "restoring");
        } catch (InvalidStateStoreException none) {
            return null;
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name, int partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> q = StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition);
        return streams.store(stale ? q.enableStaleStores() : q);
    }

    /** Every local store partition's lag (one call to the broker); empty when it cannot be had now. */
    Map<String, Map<Integer, LagInfo>> lags() {
        try {
            return streams.allLocalStorePartitionLags();
        } catch (RuntimeException e) {
            log.debug("No store lags now: {}", e.toString());
            return Map.of();
        }
    }

    /** The largest offset lag of the partition's stores, or null when unknown. */
    static Long lagOf(Map<String, Map<Integer, LagInfo>> lags, int partition) {
        if (lags == null) {
            return null;
        }
        Long max = null;
        for (String store : STORES) {
            LagInfo info = lags.getOrDefault(store, Map.of()).get(partition);
            if (info != null) {
                max = max == null ? info.offsetLag() : Math.max(max, info.offsetLag());
            }
        }
        return max;
    }
}
