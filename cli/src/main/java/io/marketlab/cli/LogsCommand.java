package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.local.LogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Shows the engines' logs, which all share one line format: merged by time across engines, filtered
 * by level. A line without the format (a stack trace, JVM output) belongs to the entry above it.
 * Logs are read from their end (NAME.log, then its rotations NAME.log.1 ...) and followed across a
 * rotation, in bounded memory: a log of any size costs the entries shown and one read buffer.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "Show engine logs (all engines merged by time, or one), filtered by level; --follow to tail.")
final class LogsCommand implements Callable<Integer> {

  private static final Pattern ENTRY =
      Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\S+) (TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\[");
  private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  /** Lines kept under one entry (a stack trace); more are counted, not kept. */
  static final int MAX_LINES_PER_ENTRY = 200;

  @Parameters(
      arity = "0..1",
      description =
          "Engine: kafka, cassandra, spark-master, spark-worker, processor, ingest..., or one node"
              + " of lab up --nodes 3 (kafka-2); kafka merges the brokers (default: all)")
  String engine;

  @Option(
      names = "--level",
      description =
          "Lowest level shown: TRACE, DEBUG, INFO, WARN, ERROR (default: ${DEFAULT-VALUE}).",
      defaultValue = "INFO")
  String level;

  @Option(
      names = {"-n", "--lines"},
      description = "Entries shown before following (default: ${DEFAULT-VALUE}).",
      defaultValue = "50")
  int lines;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new entries until Ctrl-C.")
  boolean follow;

  record Entry(String time, int level, List<String> lines) {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    int minimum = LEVELS.indexOf(level.toUpperCase());
    if (minimum < 0) {
      throw new LabException("unknown level '" + level + "': expected one of " + LEVELS);
    }
    LabSettings settings = LabSettings.load();
    List<Path> files = logFiles(settings.logDir());
    if (files.isEmpty()) {
      throw new LabException(
          engine == null
              ? "no logs yet in " + settings.logDir() + " (start the lab: lab up)"
              : "no log for '" + engine + "' in " + settings.logDir());
    }
    Map<Path, LogFiles.Follower> followers = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Path file : files) {
      // Followed from where the read ends, so nothing appended meanwhile is lost.
      followers.put(file, new LogFiles.Follower(file));
      entries.addAll(lastEntries(file, lines, minimum));
    }
    // Each file is already in time order; a stable sort by timestamp merges them.
    entries.sort(Comparator.comparing(Entry::time));
    for (Entry entry : entries.subList(Math.max(0, entries.size() - lines), entries.size())) {
      print(entry);
    }
    Map<Path, Integer> levels = new LinkedHashMap<>();
    while (follow) {
      Thread.sleep(500);
      for (Path file : logFiles(settings.logDir())) {
        LogFiles.Follower follower = followers.computeIfAbsent(file, f -> new LogFiles.Follower(f));
        // A line without the format belongs to the entry above it, and shares its level.
        follower.poll(
            line -> {
              Matcher matcher = ENTRY.matcher(line);
              if (matcher.find()) {
                levels.put(file, LEVELS.indexOf(matcher.group(2)));
              }
              if (levels.getOrDefault(file, LEVELS.indexOf("INFO")) >= minimum) {
                System.out.println(line);
              }
            });
      }
    }
    return 0;
  }

  /**
   * Whether a log file is the engine's: NAME.log, or for a set of nodes ({@code lab up --nodes 3})
   * each node's NAME-N.log, so that {@code lab logs kafka} merges the brokers.
   */
  static boolean isOf(String engine, String fileName) {
    return fileName.equals(engine + ".log")
        || (fileName.startsWith(engine + "-") && fileName.matches(".*-\\d+\\.log"));
  }

  private List<Path> logFiles(Path logDir) throws IOException {
    if (!Files.isDirectory(logDir)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(logDir)) {
      return listing
          .filter(path -> path.getFileName().toString().endsWith(".log"))
          .filter(path -> engine == null || isOf(engine, path.getFileName().toString()))
          .sorted()
          .toList();
    }
  }

  /**
   * The last {@code count} entries at {@code minimumLevel} or above of one log (NAME.log and its
   * rotations), oldest first, read backwards from the end of the log: memory holds these entries
   * and one chunk of the file, whatever the log's size.
   */
  static List<Entry> lastEntries(Path log, int count, int minimumLevel) {
    ArrayDeque<Entry> entries = new ArrayDeque<>();
    ArrayDeque<String> below = new ArrayDeque<>(); // lines under a head line not read yet
    int cut = 0;
    try (LogFiles.BackwardLines lines = new LogFiles.BackwardLines(LogFiles.newestFirst(log))) {
      for (String line = lines.next(); line != null && entries.size() < count; ) {
        Matcher matcher = ENTRY.matcher(line);
        if (matcher.find()) {
          int entryLevel = LEVELS.indexOf(matcher.group(2));
          if (entryLevel >= minimumLevel) {
            List<String> entryLines = new ArrayList<>();
            entryLines.add(line);
            entryLines.addAll(below);
            if (cut > 0) {
              entryLines.add("\t... " + cut + " more lines");
            }
            entries.addFirst(new Entry(matcher.group(1), entryLevel, entryLines));
          }
          below.clear();
          cut = 0;
        } else {
          below.addFirst(line);
          if (below.size() > MAX_LINES_PER_ENTRY) {
            below.removeLast();
            cut++;
          }
        }
        line = entries.size() < count ? lines.next() : null;
      }
    }
    // Lines before the first entry of the oldest file (a JVM's start-up output).
    if (!below.isEmpty() && entries.size() < count && LEVELS.indexOf("INFO") >= minimumLevel) {
      entries.addFirst(new Entry("", LEVELS.indexOf("INFO"), new ArrayList<>(below)));
    }
    return new ArrayList<>(entries);
  }

  private static void print(Entry entry) {
    for (String line : entry.lines()) {
      System.out.println(line);
    }
  }
}
