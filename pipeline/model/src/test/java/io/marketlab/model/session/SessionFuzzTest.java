package io.marketlab.model.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the session format (docs/CONTRACTS.md, "Session files").
 *
 * <p>{@link #readAnyFile}: any bytes as a session file. The reader either reads it or throws a
 * {@link SessionFormatException} naming the file and a line that exists, or an {@link
 * UncheckedIOException} naming the file (unreadable gzip); nothing else. What it reads has
 * non-decreasing offsets from 0, and survives being written again ({@link SessionWriter}) and read
 * back unchanged.
 *
 * <p>{@link #writeThenRead}: any header and frames (text as a websocket delivers it: any Unicode,
 * line breaks, a leading {@code ~}) written by {@link SessionWriter} read back equal.
 *
 * <p>Seeds: {@code src/test/resources/io/marketlab/model/session/SessionFuzzTestInputs/<method>/}.
 */
class SessionFuzzTest {

  private static final Path DIR;
  private static final Path INPUT;
  private static final Path REWRITTEN;
  private static final Pattern FORMAT_ERROR = Pattern.compile("(?s)(.*?):(\\d+): .+");

  static {
    try {
      DIR = Files.createTempDirectory("session-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    INPUT = DIR.resolve("input.session");
    REWRITTEN = DIR.resolve("rewritten.session.gz");
    DIR.toFile().deleteOnExit();
    INPUT.toFile().deleteOnExit();
    REWRITTEN.toFile().deleteOnExit();
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    "#market-lab-session 1 ",
    "{\"name\":\"s\",\"start_time\":\"2024-08-08T23:54:14.087Z\"}",
    "\"symbols\":[",
    "\"notes\":{",
    "\"start_time\"",
    "0 {\"type\":\"ping\"}",
    " ~"
  })
  void readAnyFile(byte[] input) throws IOException {
    Files.write(INPUT, input);
    SessionHeader header;
    List<SessionFrame> frames = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(INPUT)) {
      header = reader.header();
      long previous = 0;
      for (SessionFrame frame = reader.readFrame(); frame != null; frame = reader.readFrame()) {
        assertThat(frame.offsetMicros()).isGreaterThanOrEqualTo(previous);
        previous = frame.offsetMicros();
        frames.add(frame);
      }
    } catch (SessionFormatException e) {
      checkFormatError(input, e);
      return;
    } catch (UncheckedIOException e) {
      assertThat(e.getMessage()).as("a read error names the file").contains(INPUT.toString());
      return;
    }
    assertThat(header).isNotNull();

    try (SessionWriter writer = SessionWriter.create(REWRITTEN, header)) {
      for (SessionFrame frame : frames) {
        writer.write(frame);
      }
    }
    assertThat(readAll(REWRITTEN)).isEqualTo(new Recording(header, frames));
  }

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void writeThenRead(FuzzedDataProvider data) {
    Map<String, String> notes = new LinkedHashMap<>();
    int noteCount = data.consumeInt(0, 3);
    for (int i = 0; i < noteCount; i++) {
      notes.put(text(data, 12), text(data, 24));
    }
    List<String> symbols = new ArrayList<>();
    int symbolCount = data.consumeInt(0, 3);
    for (int i = 0; i < symbolCount; i++) {
      symbols.add(text(data, 16));
    }
    Instant start =
        Instant.ofEpochSecond(
            data.consumeLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
            data.consumeInt(0, 999_999_999));
    SessionHeader header =
        new SessionHeader(
            text(data, 16), symbols, text(data, 16), text(data, 24), text(data, 8), start, notes);
    List<SessionFrame> frames = new ArrayList<>();
    long offset = 0;
    int frameCount = data.consumeInt(0, 16);
    for (int i = 0; i < frameCount; i++) {
      long step = data.consumeLong(0, 1_000_000_000_000L);
      offset = step > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + step;
      frames.add(new SessionFrame(offset, text(data, 200)));
    }

    try (SessionWriter writer = SessionWriter.create(REWRITTEN, header)) {
      for (SessionFrame frame : frames) {
        writer.write(frame);
      }
    }
    assertThat(readAll(REWRITTEN)).isEqualTo(new Recording(header, frames));
  }

  /** The line a format error names exists in the file (a plain-text file: lines are countable). */
  private static void checkFormatError(byte[] input, SessionFormatException e) throws IOException {
    Matcher matcher = FORMAT_ERROR.matcher(e.getMessage());
    assertThat(matcher.matches())
        .as("'%s' has the form <file>:<line>: <why>", e.getMessage())
        .isTrue();
    assertThat(matcher.group(1)).isEqualTo(INPUT.toString());
    long line = Long.parseLong(matcher.group(2));
    assertThat(line).isPositive();
    boolean gzip = input.length >= 2 && (input[0] & 0xff) == 0x1f && (input[1] & 0xff) == 0x8b;
    if (!gzip) {
      assertThat(line).isLessThanOrEqualTo(Math.max(1, lines(input)));
    }
  }

  private static long lines(byte[] input) throws IOException {
    BufferedReader reader =
        new BufferedReader(new StringReader(new String(input, StandardCharsets.UTF_8)));
    long count = 0;
    while (reader.readLine() != null) {
      count++;
    }
    return count;
  }

  /** Text a websocket could deliver: well-formed Unicode (a lone surrogate is not UTF-8). */
  private static String text(FuzzedDataProvider data, int maxLength) {
    String text = data.consumeString(maxLength);
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private record Recording(SessionHeader header, List<SessionFrame> frames) {}

  private static Recording readAll(Path path) {
    try (SessionReader reader = SessionReader.open(path)) {
      List<SessionFrame> frames = new ArrayList<>();
      for (SessionFrame frame = reader.readFrame(); frame != null; frame = reader.readFrame()) {
        frames.add(frame);
      }
      return new Recording(reader.header(), frames);
    }
  }
}
