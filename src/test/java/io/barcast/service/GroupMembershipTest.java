package io.barcast.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class GroupMembershipTest {

    @TempDir
    Path dir;

    private GroupMembership membership(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("state.dir", dir.toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        ServiceConfig config = ServiceConfig.of(p);
        return GroupMembership.of(config, config.kafka());
    }

    @Test
    void shouldKeepAGeneratedNameInTheStateDirectoryAndReuseIt() throws Exception {
        GroupMembership first = membership("application.id", "app");
        GroupMembership again = membership("application.id", "app");
        assertThat(first.isStatic()).isTrue();
        assertThat(first.instanceId()).startsWith("app-").isEqualTo(again.instanceId());
        assertThat(Files.readString(dir.resolve("app.instance-id")).trim()).isEqualTo(first.instanceId());
        assertThat(membership("application.id", "other").instanceId()).as("another application, another name")
                .startsWith("other-");
    }

    @Test
    void shouldJoinDynamicallyWithNoneAndPreferAnExplicitGroupInstanceId() {
        assertThat(membership("instance.id", "none").isStatic()).isFalse();
        assertThat(membership("instance.id", "barcast-0").instanceId()).isEqualTo("barcast-0");
        assertThat(membership("instance.id", "barcast-0", "group.instance.id", "pod-1").instanceId()).isEqualTo("pod-1");
        assertThat(Files.exists(dir.resolve("barcast.instance-id"))).as("no file when a name is given").isFalse();
    }

    @Test
    void shouldLeaveOnStopOnlyWhenAskedAndStatic() {
        Properties kafka = new Properties();
        assertThat(membership("shutdown.leave.group", "true").leaveOnStop()).isTrue();
        assertThat(membership().leaveOnStop()).isFalse();
        GroupMembership named = membership("instance.id", "x");
        named.applyTo(kafka);
        assertThat(kafka.getProperty("group.instance.id")).isEqualTo("x");
        Properties none = new Properties();
        membership("instance.id", "none").applyTo(none);
        assertThat(none).doesNotContainKey("group.instance.id");
    }
}
