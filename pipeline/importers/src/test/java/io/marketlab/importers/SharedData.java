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
    String property = System.getProperty("lab.sharedDir");
    if (property != null) {
      Path dir = Path.of(property).resolve("replay-data");
      require(dir);
      return dir;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("replay-data");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    require(start.resolve("shared").resolve("replay-data"));
    return null;
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

  static Path file(String relative) {
    Path file = replayData().resolve(relative);
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
