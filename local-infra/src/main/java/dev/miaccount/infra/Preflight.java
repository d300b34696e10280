package dev.miaccount.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./run-local.sh}'s checks before it builds or starts anything, run as a single source file
 * ({@code java Preflight.java ...}) so that they need no build. Each argument is {@code PORT=WHAT=HOW}: the port is
 * bound, on the loopback address and on every interface, and released; a port that cannot be bound is one line
 * naming what needs it and how to move it. A port is only free if this process may listen on it: connecting to it
 * would miss a server that listens on another address (a PostgreSQL on 0.0.0.0 and one on 127.0.0.1 are both
 * "5432 in use" for us). Exit 0 when every port is free, 1 otherwise. No dependencies: this file is compiled by
 * the launcher and must stay self-contained.
 */
public final class Preflight {

    private Preflight() {
    }

    public static void main(String[] args) {
        List<String> problems = new ArrayList<>();
        for (String arg : args) {
            String[] parts = arg.split("=", 3);
            int port = Integer.parseInt(parts[0]);
            String what = parts.length > 1 ? parts[1] : "a service";
            String how = parts.length > 2 ? parts[2] : "stop what uses it";
            String failure = bindFailure(port);
            if (failure != null) {
                problems.add("port " + port + " (" + what + ") is in use (" + failure + "): " + how);
            }
        }
        problems.forEach(problem -> System.out.println("run-local: " + problem));
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** Null when this process could listen on the port, else the reason it cannot. */
    static String bindFailure(int port) {
        for (InetAddress address : new InetAddress[] {InetAddress.getLoopbackAddress(), null}) {
            try (ServerSocket socket = new ServerSocket()) {
                // as the servers bind (Vert.x, PostgreSQL and Kafka set SO_REUSEADDR): a port that a run just left in
                // TIME_WAIT is free for them, a listener is not
                socket.setReuseAddress(true);
                socket.bind(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port));
            } catch (IOException e) {
                return e.getMessage() + (address == null ? " on 0.0.0.0" : " on " + address.getHostAddress());
            }
        }
        return null;
    }
}
