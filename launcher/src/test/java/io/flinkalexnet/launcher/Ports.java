package io.flinkalexnet.launcher;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks on the ports a launcher process listened on. */
final class Ports {

    private Ports() {}

    /** Asserts that nothing listens on {@code port} of localhost any more: binding it succeeds. */
    static void assertFree(int port) {
        assertThatCode(() -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.getLocalPort();
            }
        }).as("port %d is free again", port).doesNotThrowAnyException();
    }
}
