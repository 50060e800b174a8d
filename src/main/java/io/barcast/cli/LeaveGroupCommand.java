package io.barcast.cli;

import io.barcast.options.ConfigOptions;
import io.barcast.service.BarcastService;
import io.barcast.service.ServiceConfig;
import io.barcast.service.StaticMembers;

import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

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
            List<String> members = StaticMembers.remove(client, group, names);
            if (members.isEmpty()) {
                System.err.println("barcast leave-group: no static member of group " + group + " is named " + names
                        + " (already gone, or never a static member)");
                return 1;
            }
            System.out.println("Removed " + members + " from group " + group + ": their partitions move to the other instances now");
            return 0;
        }
    }
}
