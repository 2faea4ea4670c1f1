package io.marketlab.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a request's Host header may carry. A page on another site whose name an attacker
 * re-points at 127.0.0.1 (DNS rebinding) sends its own name as Host; refusing it keeps that page
 * from reading the dashboard. Answered: the loopback names, the bind address, configured names.
 */
final class AllowedHosts {

  static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> names = new LinkedHashSet<>();

  AllowedHosts(String bindHost, List<String> configured) {
    names.addAll(LOOPBACK);
    String bind = normalize(bindHost);
    // A wildcard bind address is no name a browser sends; such setups list their names.
    if (!bind.isEmpty() && !bind.equals("0.0.0.0") && !bind.equals("[::]")) {
      names.add(bind);
    }
    for (String name : configured) {
      names.add(normalize(name));
    }
  }

  /** True when the Host header (name, optional port) names this dashboard. */
  boolean allows(String hostHeader) {
    return hostHeader != null && names.contains(nameOf(hostHeader));
  }

  /** What a refused request is told; the name it sent is cut short and quoted. */
  String refusal(String hostHeader) {
    String answered = String.join(", ", names);
    String fix = " (add names with the setting LAB_DASHBOARD_ALLOWED_HOSTS or --allowed-hosts)";
    if (hostHeader == null || hostHeader.isBlank()) {
      return "this dashboard does not serve requests without a Host header; it answers to "
          + answered
          + fix;
    }
    String name = nameOf(hostHeader);
    if (name.length() > 100) {
      name = name.substring(0, 100) + "...";
    }
    return "this dashboard does not serve host '" + name + "'; it answers to " + answered + fix;
  }

  List<String> names() {
    return new ArrayList<>(names);
  }

  /** The name part of a Host header: {@code [::1]:8088} -> {@code [::1]}, lower case. */
  static String nameOf(String hostHeader) {
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static String normalize(String name) {
    String host = name.trim().toLowerCase(Locale.ROOT);
    if (host.contains(":") && !host.startsWith("[")) {
      return "[" + host + "]"; // a bare IPv6 address, as a Host header brackets it
    }
    return host;
  }
}
