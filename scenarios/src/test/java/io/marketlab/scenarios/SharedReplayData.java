package io.marketlab.scenarios;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketlab.config.SharedInputs;
import java.nio.file.Path;

/**
 * The real recorded data in ../shared/replay-data (the system property {@code lab.sharedDir} moves
 * it), used by path and never copied. A test whose data is missing is skipped, or fails under CI
 * ({@link SharedInputs#required()}): a gate must not pass by checking nothing.
 */
public final class SharedReplayData {

  private SharedReplayData() {}

  /** The project root: tests run in the module's directory. */
  public static Path projectRoot() {
    return Path.of("..").toAbsolutePath().normalize();
  }

  public static Path dir() {
    String shared = System.getProperty("lab.sharedDir");
    Path base =
        shared != null && !shared.isBlank()
            ? Path.of(shared)
            : projectRoot().resolve("..").resolve("shared");
    Path dir = base.resolve("replay-data").toAbsolutePath().normalize();
    require(dir);
    return dir;
  }

  /** Skips the test when {@code path} is missing, or fails it where skips are not allowed. */
  public static void require(Path path) {
    SharedInputs.missing(path)
        .ifPresent(
            line -> {
              if (SharedInputs.required()) {
                fail(line);
              }
              assumeTrue(false, line);
            });
  }
}
