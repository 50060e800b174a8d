package io.barcast.cli;

import io.barcast.options.ConfigOptions;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code barcast leave-group NAME...}: removes stopped static members from the application's group at once, so that
 * their partitions move now instead of after {@code session.timeout.ms} (after a scale-down).
 */
@Command(name = "leave-group", mixinStandardHelpOptions = true,
        description = "Remove stopped instances from the application's consumer group at once (after a scale-down), so that"
                + " their partitions move now instead of after session.timeout.ms. NAME is an instance's instance.id"
                + " (Kubernetes: the pod name); its stream threads' members (NAME-1, NAME-2, ...) go with it."
                + " Settings as for run (--config, --set, BARCAST_*), for the cluster, the credentials and application.id.")
final class LeaveGroupCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "instance.id of an instance that has stopped")
    List<String> names;

    @Override
    public Integer call() throws Exception {
        ServiceConfig cfg = ServiceConfig.of(config.properties(), System.getenv());
        String group = cfg.applicationId();
        try (Admin client = Admin.create(BarcastService.adminProperties(cfg))) {
            List<String> members = client.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group)
                    .members().stream().map(MemberDescription::groupInstanceId).flatMap(java.util.Optional::stream)
                    .filter(id -> names.stream().anyMatch(n -> id.equals(n) || id.matches(java.util.regex.Pattern.quote(n) + "-\\d+")))
                    .toList();
            if (members.isEmpty()) {
                System.err.println("barcast leave-group: no static member of group " + group + " is named " + names
                        + " (already gone, or never a static member)");
                return 1;
            }
            client.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(
                    members.stream().map(MemberToRemove::new).toList())).all().get(30, TimeUnit.SECONDS);
            System.out.println("Removed " + members + " from group " + group + ": their partitions move to the other instances now");
            return 0;
        }
    }
}
