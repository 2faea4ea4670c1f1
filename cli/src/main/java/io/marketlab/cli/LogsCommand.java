package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Parameters(
      arity = "0..1",
      description =
          "Engine: kafka, cassandra, spark-master, spark-worker, processor, ingest... (default: all)")
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
    Map<Path, Long> positions = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      positions.put(file, (long) bytes.length);
      entries.addAll(parse(new String(bytes, StandardCharsets.UTF_8), minimum));
    }
    // Each file is already in time order; a stable sort by timestamp merges them.
    entries.sort(Comparator.comparing(Entry::time));
    for (Entry entry : entries.subList(Math.max(0, entries.size() - lines), entries.size())) {
      print(entry);
    }
    while (follow) {
      Thread.sleep(500);
      for (Path file : logFiles(settings.logDir())) {
        long from = positions.getOrDefault(file, 0L);
        long size = Files.size(file);
        if (size < from) {
          from = 0; // the log was reset
        }
        if (size > from) {
          try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(from);
            byte[] bytes = new byte[(int) (size - from)];
            raf.readFully(bytes);
            for (Entry entry : parse(new String(bytes, StandardCharsets.UTF_8), minimum)) {
              print(entry);
            }
          }
        }
        positions.put(file, size);
      }
    }
    return 0;
  }

  private List<Path> logFiles(Path logDir) throws IOException {
    if (!Files.isDirectory(logDir)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(logDir)) {
      return listing
          .filter(path -> path.getFileName().toString().endsWith(".log"))
          .filter(path -> engine == null || path.getFileName().toString().equals(engine + ".log"))
          .sorted()
          .toList();
    }
  }

  static List<Entry> parse(String text, int minimumLevel) {
    List<Entry> entries = new ArrayList<>();
    String time = "";
    int entryLevel = LEVELS.indexOf("INFO");
    List<String> current = null;
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      Matcher matcher = ENTRY.matcher(line);
      if (matcher.find()) {
        if (current != null && entryLevel >= minimumLevel) {
          entries.add(new Entry(time, entryLevel, current));
        }
        time = matcher.group(1);
        entryLevel = LEVELS.indexOf(matcher.group(2));
        current = new ArrayList<>();
      } else if (current == null) {
        current = new ArrayList<>();
      }
      current.add(line);
    }
    if (current != null && entryLevel >= minimumLevel) {
      entries.add(new Entry(time, entryLevel, current));
    }
    return entries;
  }

  private static void print(Entry entry) {
    for (String line : entry.lines()) {
      System.out.println(line);
    }
  }
}
