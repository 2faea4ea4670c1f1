package io.marketlab.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a missing shared input (the real recorded data in {@code ../shared/replay-data}) may skip
 * a test or scenario, or must fail it. Under CI ({@code CI=true}) it fails, so that a gate can
 * never pass by skipping what it was meant to check; {@link Settings#REQUIRE_SHARED_DATA}
 * overrides.
 */
public final class SharedInputs {

  private SharedInputs() {}

  /** {@code true} when a missing shared input must fail the run. */
  public static boolean required() {
    return required(LabSettings.loadAnywhere(), System.getenv());
  }

  static boolean required(LabSettings settings, Map<String, String> environment) {
    return switch (settings.get(Settings.REQUIRE_SHARED_DATA)) {
      case "true" -> true;
      case "false" -> false;
      default -> "true".equalsIgnoreCase(environment.getOrDefault("CI", "").trim());
    };
  }

  /** The one line to report when {@code path} is missing; empty when it is there. */
  public static Optional<String> missing(Path path) {
    if (Files.exists(path)) {
      return Optional.empty();
    }
    return Optional.of(
        "missing shared input "
            + path.toAbsolutePath().normalize()
            + (required()
                ? " (required: CI=true or LAB_REQUIRE_SHARED_DATA=true; put ../shared beside the"
                    + " project or set -Dlab.sharedDir)"
                : " (skipped; under CI this fails)"));
  }
}
