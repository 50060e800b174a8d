package io.barcast.broker;

import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Settings of the short-lived Admin clients the broker uses on itself: quick retries, bounded calls. */
final class AdminClients {

    /** How long one Admin call (or one wait for its effect) may take. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private AdminClients() {
    }

    /** A new map: {@code base} (bootstrap and security settings) plus the Admin client's own settings. */
    static Map<String, Object> properties(Map<String, Object> base) {
        Map<String, Object> props = new LinkedHashMap<>(base);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "barcast-embedded-kafka");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 500);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
        return props;
    }
}
