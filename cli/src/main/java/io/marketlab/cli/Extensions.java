package io.marketlab.cli;

import picocli.CommandLine;

/** Registers the commands other modules contribute (ingest, importers, scenarios). */
final class Extensions {

  private Extensions() {}

  static void register(CommandLine lab) {
    // Filled in as the pipeline modules land.
  }
}
