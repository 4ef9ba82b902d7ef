package io.camelgateway.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What the address the HTTP server binds to ({@code camel.server.host}) says about who can reach it. */
public final class BindAddress {

    private BindAddress() {
    }

    /** True for 127.x, ::1 and names that resolve only to loopback; 0.0.0.0 and :: listen on every interface. */
    public static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
