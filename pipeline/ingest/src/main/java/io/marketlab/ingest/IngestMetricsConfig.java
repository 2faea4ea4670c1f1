package io.marketlab.ingest;

import java.nio.file.Path;

/**
 * Where an ingest serves its Prometheus metrics (docs/METRICS.md).
 *
 * @param port {@code /metrics} on 127.0.0.1:port; 0 = a free port, -1 = not served
 * @param targets the Prometheus file-discovery targets directory (the lab's is {@code
 *     WORK/conf/prometheus-targets}) to register in as job {@code ingest}; null = none
 * @param part the target's name and {@code part} label: the ingest's or the run's name
 */
public record IngestMetricsConfig(int port, Path targets, String part) {

  public static final int OFF = -1;

  public IngestMetricsConfig {
    if (port < OFF || port > 65_535) {
      throw new IllegalArgumentException(
          "the ingest's metrics port must be -1 (off), 0 (a free port) or 1..65535, got " + port);
    }
    part = part == null || part.isBlank() ? "ingest" : part;
  }

  /**
   * Not served (the default of a plain {@link IngestConfig}: tests and embeddings open no port).
   */
  public static IngestMetricsConfig off() {
    return new IngestMetricsConfig(OFF, null, null);
  }

  public boolean served() {
    return port != OFF;
  }
}
