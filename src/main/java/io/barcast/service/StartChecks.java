package io.barcast.service;

import io.barcast.config.ConfigError;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks made at start, after the configuration and before any connection. */
public final class StartChecks {

    private StartChecks() {
    }

    /**
     * Checks that {@code http.port} on {@code http.bind.address} is free (port 0, any free port, always is).
     *
     * @param source how the user set the port for the message, e.g. {@code --http-port}, or null for the key alone
     * @throws ConfigError naming the port, its key (and option) when another process holds it or the address is not this host's
     */
    public static void httpPortFree(ServiceConfig cfg, String source) {
        int port = cfg.get(ServiceKeys.HTTP_PORT);
        String address = cfg.get(ServiceKeys.HTTP_BIND_ADDRESS);
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            ConfigError error = new ConfigError(ServiceKeys.HTTP_PORT.name(), Integer.toString(port), "cannot be used on "
                    + ServiceKeys.HTTP_BIND_ADDRESS.name() + " = " + address + ": "
                    + (e.getMessage() != null && e.getMessage().contains("in use") ? "another process listens on it" : "the address is not this host's")
                    + " (choose a free port, or 0 for any free port)");
            throw source == null ? error : error.from(source);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigError(ServiceKeys.HTTP_BIND_ADDRESS.name(), address, "cannot be bound (" + e.getMessage() + ")");
        }
    }
}
