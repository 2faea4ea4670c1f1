package io.marketlab.scenarios.run;

import io.marketlab.importers.ImportConfig;
import io.marketlab.importers.ImportReport;
import io.marketlab.importers.Importer;
import io.marketlab.importers.TimeWindow;
import io.marketlab.scenarios.spec.Scenario;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Turns a scenario's session plan into a session file. Imports of real data are cached in the work
 * directory ({@code .lab/sessions/}) under a key of the plan and the inputs' sizes and times, so a
 * gate imports each slice once; synthetic sessions are regenerated every time (a second or less,
 * and a change to the generator must show).
 */
public final class SessionCache {

  private final Path dir;

  /**
   * @param dir the cache directory, e.g. {@code .lab/sessions}
   */
  public SessionCache(Path dir) {
    this.dir = dir;
  }

  /** The cache directory. */
  public Path dir() {
    return dir;
  }

  public Path materialize(Scenario scenario, Consumer<String> progress) {
    Scenario.SessionPlan plan = scenario.session();
    if (plan instanceof Scenario.FileSession file) {
      return file.path();
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the session cache " + dir, e);
    }
    if (plan instanceof Scenario.SyntheticPlan synthetic) {
      Path output = dir.resolve(scenario.name() + ".synthetic.session.gz");
      SyntheticSession.Summary summary = SyntheticSession.write(synthetic.spec(), output);
      progress.accept(
          String.format(
              Locale.ROOT,
              "%s: generated %s: %d frames, %d valid trades, %d malformed frames, "
                  + "%d rejected trades, cases %s",
              scenario.name(),
              output.getFileName(),
              summary.frames(),
              summary.validTrades(),
              summary.malformedFrames(),
              summary.rejectedTrades(),
              summary.casesWritten()));
      return output;
    }
    Scenario.ImportSession imported = (Scenario.ImportSession) plan;
    Path output = dir.resolve(scenario.name() + "-" + key(imported) + ".session.gz");
    if (Files.isRegularFile(output)) {
      progress.accept(scenario.name() + ": session from the cache " + output);
      return output;
    }
    progress.accept(scenario.name() + ": importing " + imported.describe());
    ImportReport report =
        Importer.run(
            ImportConfig.of(imported.format(), imported.files(), output)
                .withName(scenario.name())
                .withSymbols(imported.symbols())
                .withWindow(TimeWindow.of(imported.from(), imported.to(), imported.zone()))
                .withProgress(line -> progress.accept(scenario.name() + ": import: " + line)));
    progress.accept(
        String.format(
            Locale.ROOT,
            "%s: imported %d trades in %d frames to %s",
            scenario.name(),
            report.trades(),
            report.frames(),
            output));
    return output;
  }

  /** Changes when the plan, any input file or the importers' code changes. */
  static String key(Scenario.ImportSession plan) {
    return key(plan, IMPORTER_CODE);
  }

  /**
   * The importers' code, as a hash of their jar (or class files): a session imported by another
   * build of the importers is imported again, so a change to an importer (a regression too) shows
   * in the gate at once instead of hiding behind a session cached before it.
   */
  static final String IMPORTER_CODE = codeHash(Importer.class);

  static String codeHash(Class<?> type) {
    try {
      Path where = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      if (Files.isDirectory(where)) {
        try (java.util.stream.Stream<Path> files = Files.walk(where)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            digest.update(where.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(file));
          }
        }
      } else {
        digest.update(Files.readAllBytes(where));
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
      return "unknown-" + System.nanoTime(); // cannot tell: never reuse a cached session
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  static String key(Scenario.ImportSession plan, String importerCode) {
    StringBuilder text = new StringBuilder("v2|").append(importerCode).append('|').append(plan);
    for (Path input : plan.files()) {
      try {
        text.append('|')
            .append(input)
            .append(':')
            .append(Files.size(input))
            .append(':')
            .append(Files.getLastModifiedTime(input).toMillis());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + input, e);
      }
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
