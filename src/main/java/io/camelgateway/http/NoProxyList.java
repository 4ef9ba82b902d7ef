package io.camelgateway.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hosts {@code NO_PROXY} exempts, read as curl reads it: comma- or space-separated entries; {@code *} exempts every
 * host; a name exempts itself and every subdomain ({@code corp.example}, {@code .corp.example} and
 * {@code *.corp.example} all exempt {@code api.corp.example}); an IP address exempts that address and a CIDR block
 * ({@code 10.0.0.0/8}) every address in it. Ports in entries are ignored.
 */
public final class NoProxyList {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final boolean all;
    private final List<String> domains = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).not().and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }

    public NoProxyList(String value) {
        boolean any = false;
        for (String raw : (value == null ? "" : value).split("[,\\s]+")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                any = true;
                continue;
            }
            addEntry(entry);
        }
        this.all = any;
    }

    private void addEntry(String entry) {
        String host = entry;
        int prefix = -1;
        int slash = host.indexOf('/');
        if (slash > 0) {
            try {
                prefix = Integer.parseInt(host.substring(slash + 1));
            } catch (NumberFormatException e) {
                return;
            }
            host = host.substring(0, slash);
        }
        host = withoutPort(host);
        byte[] address = ipLiteral(host);
        if (address != null) {
            int bits = address.length * 8;
            blocks.add(new Block(address, prefix < 0 || prefix > bits ? bits : prefix));
            return;
        }
        if (prefix >= 0) {
            return; // a CIDR suffix on a name means nothing
        }
        if (host.startsWith("*.")) {
            host = host.substring(2);
        } else if (host.startsWith(".")) {
            host = host.substring(1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!host.isEmpty()) {
            domains.add(host);
        }
    }

    /** True when calls to {@code host} (a name or an IP literal, IPv6 with or without brackets) go direct. */
    public boolean exempts(String host) {
        if (all) {
            return true;
        }
        String name = stripBrackets(host.toLowerCase(Locale.ROOT));
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        byte[] address = ipLiteral(name);
        if (address != null) {
            for (Block block : blocks) {
                if (block.contains(address)) {
                    return true;
                }
            }
            return domains.contains(name);
        }
        for (String domain : domains) {
            if (name.equals(domain) || name.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    /** The address of an IPv4 or IPv6 literal (no name lookup happens for literals), else null. */
    static byte[] ipLiteral(String host) {
        String literal = stripBrackets(host);
        if (!IPV4.matcher(literal).matches() && !literal.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(1, end) : host;
        }
        int colon = host.indexOf(':');
        // one colon: name:port or ipv4:port; more: a bare IPv6 address
        return colon > 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
