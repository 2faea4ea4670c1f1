package io.marketlab.dashboard;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the dashboard.
 *
 * @param contactPoints Cassandra contact points; default {@code 127.0.0.1:9042}
 * @param localDatacenter the driver's local datacenter; default {@code datacenter1}
 * @param keyspace the pipeline's keyspace; default {@code market}
 * @param host the address the web server binds; default {@code 127.0.0.1} (the demo is local)
 * @param port the web server's port; default {@code 8088}, {@code 0} picks a free one
 * @param symbols the symbols to offer; default empty = read them from the store
 * @param pollInterval how often the live stream polls the store; default 500 ms
 * @param latencySample how many recently stored trades the latency summary covers; default 1000
 * @param searchHorizon how far back from now the store looks for a symbol's newest data (a replayed
 *     session keeps its original trade times); default 5 years
 * @param maxClients live (SSE) clients served at once; default 64, one more gets HTTP 503
 * @param clientQueue live events that may wait for one client; default 100 (about 4 a poll), a
 *     client that falls further behind is dropped
 * @param allowedHosts Host header names answered besides the loopback names and {@code host};
 *     default none, any other name gets HTTP 403 (DNS rebinding)
 */
public record DashboardConfig(
    List<InetSocketAddress> contactPoints,
    String localDatacenter,
    String keyspace,
    String host,
    int port,
    List<String> symbols,
    Duration pollInterval,
    int latencySample,
    Duration searchHorizon,
    int maxClients,
    int clientQueue,
    List<String> allowedHosts) {

  // The defaults of the lab's settings registry; `lab dashboard` takes the values in force.
  public static final String DEFAULT_CONTACT_POINT =
      "127.0.0.1:" + Settings.CASSANDRA_PORT.parsedDefault();
  public static final String DEFAULT_DATACENTER = Settings.CASSANDRA_DATACENTER.parsedDefault();
  public static final String DEFAULT_KEYSPACE = Settings.PROCESSOR_KEYSPACE.parsedDefault();
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = Settings.DASHBOARD_PORT.parsedDefault();
  public static final Duration DEFAULT_POLL_INTERVAL =
      Settings.DASHBOARD_POLL_INTERVAL.parsedDefault();
  public static final int DEFAULT_LATENCY_SAMPLE = 1000;
  public static final Duration DEFAULT_SEARCH_HORIZON = Duration.ofDays(5 * 366);
  public static final int DEFAULT_MAX_CLIENTS = Settings.DASHBOARD_MAX_CLIENTS.parsedDefault();
  public static final int DEFAULT_CLIENT_QUEUE = Settings.DASHBOARD_CLIENT_QUEUE.parsedDefault();

  public DashboardConfig {
    contactPoints = List.copyOf(contactPoints);
    symbols = List.copyOf(symbols);
    allowedHosts = List.copyOf(allowedHosts);
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException("at least one Cassandra contact point is needed");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval);
    }
    if (latencySample < 1) {
      throw new IllegalArgumentException("latencySample must be at least 1, got " + latencySample);
    }
    if (maxClients < 1 || clientQueue < 1) {
      throw new IllegalArgumentException(
          "maxClients and clientQueue must be at least 1, got " + maxClients + ", " + clientQueue);
    }
  }

  public static DashboardConfig defaults() {
    return new DashboardConfig(
        List.of(parseHostPort(DEFAULT_CONTACT_POINT)),
        DEFAULT_DATACENTER,
        DEFAULT_KEYSPACE,
        DEFAULT_HOST,
        DEFAULT_PORT,
        List.of(),
        DEFAULT_POLL_INTERVAL,
        DEFAULT_LATENCY_SAMPLE,
        DEFAULT_SEARCH_HORIZON,
        DEFAULT_MAX_CLIENTS,
        DEFAULT_CLIENT_QUEUE,
        List.of());
  }

  /**
   * The defaults with the dashboard's settings in force (poll interval, live limits, allowed hosts)
   * applied; endpoints, port and symbols stay the caller's to set.
   */
  public static DashboardConfig fromSettings(LabSettings settings) {
    return defaults()
        .withPollInterval(settings.get(Settings.DASHBOARD_POLL_INTERVAL))
        .withLiveLimits(
            settings.get(Settings.DASHBOARD_MAX_CLIENTS),
            settings.get(Settings.DASHBOARD_CLIENT_QUEUE))
        .withAllowedHosts(settings.get(Settings.DASHBOARD_ALLOWED_HOSTS));
  }

  /** The address the web server binds (a container binds 0.0.0.0). */
  public DashboardConfig withHost(String newHost) {
    if (newHost == null || newHost.isBlank()) {
      throw new IllegalArgumentException("the bind address must not be empty");
    }
    return new DashboardConfig(
        contactPoints,
        localDatacenter,
        keyspace,
        newHost.strip(),
        port,
        symbols,
        pollInterval,
        latencySample,
        searchHorizon,
        maxClients,
        clientQueue,
        allowedHosts);
  }

  public DashboardConfig withPort(int newPort) {
    return new DashboardConfig(
        contactPoints,
        localDatacenter,
        keyspace,
        host,
        newPort,
        symbols,
        pollInterval,
        latencySample,
        searchHorizon,
        maxClients,
        clientQueue,
        allowedHosts);
  }

  public DashboardConfig withSymbols(List<String> newSymbols) {
    return new DashboardConfig(
        contactPoints,
        localDatacenter,
        keyspace,
        host,
        port,
        newSymbols,
        pollInterval,
        latencySample,
        searchHorizon,
        maxClients,
        clientQueue,
        allowedHosts);
  }

  public DashboardConfig withCassandra(
      List<InetSocketAddress> points, String datacenter, String newKeyspace) {
    return new DashboardConfig(
        points,
        datacenter,
        newKeyspace,
        host,
        port,
        symbols,
        pollInterval,
        latencySample,
        searchHorizon,
        maxClients,
        clientQueue,
        allowedHosts);
  }

  public DashboardConfig withPollInterval(Duration interval) {
    return new DashboardConfig(
        contactPoints,
        localDatacenter,
        keyspace,
        host,
        port,
        symbols,
        interval,
        latencySample,
        searchHorizon,
        maxClients,
        clientQueue,
        allowedHosts);
  }

  /** At most {@code clients} live clients, each with at most {@code queue} events waiting. */
  public DashboardConfig withLiveLimits(int clients, int queue) {
    return new DashboardConfig(
        contactPoints,
        localDatacenter,
        keyspace,
        host,
        port,
        symbols,
        pollInterval,
        latencySample,
        searchHorizon,
        clients,
        queue,
        allowedHosts);
  }

  /** Host names answered besides the loopback names and the bind address. */
  public DashboardConfig withAllowedHosts(List<String> hosts) {
    return new DashboardConfig(
        contactPoints,
        localDatacenter,
        keyspace,
        host,
        port,
        symbols,
        pollInterval,
        latencySample,
        searchHorizon,
        maxClients,
        clientQueue,
        hosts);
  }

  /** Parses {@code host:port} (or {@code host}, port 9042), unresolved so no DNS at parse time. */
  public static InetSocketAddress parseHostPort(String text) {
    String trimmed = text.trim();
    int colon = trimmed.lastIndexOf(':');
    if (colon < 0) {
      return InetSocketAddress.createUnresolved(trimmed, 9042);
    }
    String host = trimmed.substring(0, colon);
    String portText = trimmed.substring(colon + 1);
    try {
      int port = Integer.parseInt(portText);
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return InetSocketAddress.createUnresolved(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port, got '" + text + "'");
    }
  }
}
