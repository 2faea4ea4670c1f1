package io.marketlab.ingest;

import io.marketlab.ingest.cli.IngestCommand;
import picocli.CommandLine;

/**
 * Runs the ingest as its own process: {@code java -cp ... io.marketlab.ingest.IngestMain [--url ..]
 * [--symbols A,B] [--bootstrap host:port]}. Environment: {@code FINNHUB_TOKEN} (required for
 * finnhub.io), and as defaults for the flags {@code FINNHUB_URL}, {@code SYMBOLS}, {@code
 * KAFKA_BOOTSTRAP}.
 */
public final class IngestMain {

  private IngestMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestCommand()).execute(args));
  }
}
