package io.barcast.service;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Removing stopped static members from the application's consumer group: an instance's members are its
 * {@code instance.id} and its stream threads' ({@code NAME-1}, {@code NAME-2}, ...). Used by {@code barcast leave-group}
 * and by a stop with {@code shutdown.leave.group=true}.
 */
public final class StaticMembers {

    private StaticMembers() {
    }

    /** How long each call to the broker may take by default. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The group's static members that belong to one of {@code names}. */
    public static List<String> of(Admin admin, String group, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        return of(admin, group, names, WAIT);
    }

    private static List<String> of(Admin admin, String group, List<String> names, Duration wait)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeConsumerGroups(List.of(group)).all().get(wait.toMillis(), TimeUnit.MILLISECONDS).get(group)
                .members().stream()
                .map(MemberDescription::groupInstanceId).flatMap(Optional::stream)
                .filter(id -> names.stream().anyMatch(n -> id.equals(n) || id.matches(Pattern.quote(n) + "-\\d+")))
                .toList();
    }

    /** Removes the group's static members of {@code names}; returns the ones it removed (none if none were left). */
    public static List<String> remove(Admin admin, String group, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        return remove(admin, group, names, WAIT);
    }

    /** As {@link #remove(Admin, String, List)}, each call to the broker waiting at most {@code wait}. */
    public static List<String> remove(Admin admin, String group, List<String> names, Duration wait)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> members = of(admin, group, names, wait);
        if (!members.isEmpty()) {
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(
                    members.stream().map(MemberToRemove::new).toList())).all().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        return members;
    }
}
