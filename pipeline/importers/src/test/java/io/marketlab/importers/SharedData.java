package io.marketlab.importers;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketlab.config.SharedInputs;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import io.marketlab.model.session.SessionReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: where the shared real data lives, and a session read back as trades. */
final class SharedData {

  private SharedData() {}

  /** {@code shared/replay-data} beside the project root; skips the test when it is missing. */
  static Path replayData() {
    Path dir = locate(Path.of("").toAbsolutePath(), System.getProperty("lab.sharedDir"));
    require(dir);
    return dir;
  }

  /**
   * Where the shared replay data is: under {@code sharedDir} when given, else the nearest {@code
   * shared/replay-data} at or above {@code start}; when there is none, where the project expects it
   * ({@code ../shared/replay-data} beside the project root), so that a missing input names the
   * place to put it.
   */
  static Path locate(Path start, String sharedDir) {
    if (sharedDir != null && !sharedDir.isBlank()) {
      return Path.of(sharedDir).resolve("replay-data").toAbsolutePath().normalize();
    }
    Path root = null;
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("replay-data");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      if (root == null
          && Files.isDirectory(dir.resolve("engines"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        root = dir;
      }
    }
    Path project = root != null ? root : start;
    return project.resolve("..").resolve("shared").resolve("replay-data").normalize();
  }

  /**
   * Skips the test when a shared input is missing, or fails it where skips are not allowed (under
   * CI): a gate must not pass by checking nothing.
   */
  static void require(Path path) {
    SharedInputs.missing(path)
        .ifPresent(
            line -> {
              if (SharedInputs.required()) {
                fail(line);
              }
              assumeTrue(false, line);
            });
  }

  /**
   * A file of the shared data; a missing one is named whole, even when its directory is missing.
   */
  static Path file(String relative) {
    Path file =
        locate(Path.of("").toAbsolutePath(), System.getProperty("lab.sharedDir")).resolve(relative);
    require(file);
    return file;
  }

  /** A trade read back from a session with its frame's offset and frame number. */
  record SessionTrade(long offsetMicros, long frame, int indexInFrame, TradeTick tick) {}

  static List<SessionTrade> readTrades(Path session) {
    List<SessionTrade> trades = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(session)) {
      long frameNumber = 0;
      for (SessionFrame frame : reader) {
        FinnhubMessage message = FinnhubCodec.parse(frame.text());
        if (!(message instanceof FinnhubMessage.Trades parsed) || !parsed.rejected().isEmpty()) {
          throw new AssertionError(
              "frame " + frameNumber + " is not a clean trade frame: " + frame);
        }
        for (int i = 0; i < parsed.valid().size(); i++) {
          trades.add(new SessionTrade(frame.offsetMicros(), frameNumber, i, parsed.valid().get(i)));
        }
        frameNumber++;
      }
    }
    return trades;
  }
}
