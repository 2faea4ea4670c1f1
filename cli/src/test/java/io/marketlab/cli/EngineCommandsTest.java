package io.marketlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lab status}, {@code logs}, {@code reset} and {@code down} on a temporary project and work
 * directory where nothing runs. The settings are system properties, which win over the environment
 * and any {@code lab.properties}, so no command here can reach a real work directory.
 */
class EngineCommandsTest {

  private static final Map<String, String> PROPERTIES =
      Map.of(
          "lab.kafka.port", "19092",
          "lab.kafka.heap", "384m",
          "lab.cassandra.port", "19042",
          "lab.cassandra.heap", "768m",
          "lab.spark.masterPort", "17077",
          "lab.spark.masterUiPort", "18080",
          "lab.spark.workerUiPort", "18081",
          "lab.spark.daemonHeap", "320m",
          "lab.prometheus.port", "19090",
          "lab.prometheus.memory", "192m");

  @TempDir Path root;
  private Path work;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StringWriter err = new StringWriter();
  private PrintStream originalOut;
  private PrintStream originalErr;
  private final ByteArrayOutputStream systemErr = new ByteArrayOutputStream();

  @BeforeEach
  void project() {
    work = root.resolve("work");
    System.setProperty("lab.root", root.toString());
    System.setProperty("lab.workDir", work.toString());
    PROPERTIES.forEach(System::setProperty);
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    System.clearProperty("lab.root");
    System.clearProperty("lab.workDir");
    PROPERTIES.keySet().forEach(System::clearProperty);
  }

  @Test
  void status_should_list_every_engine_down_with_its_configured_endpoint_and_heap() {
    assertThat(lab("status")).isZero();

    String format = "%-13s %-9s %-28s %-8s %-6s %-9s %-9s %s";
    assertThat(output())
        .containsExactly(
            String.format(
                format, "ENGINE", "STATE", "ENDPOINT", "PID", "HEAP", "RSS", "UPTIME", "DETAIL"),
            String.format(
                format, "kafka", "DOWN", "127.0.0.1:19092", "-", "384m", "-", "-", "not running"),
            String.format(
                format,
                "cassandra",
                "DOWN",
                "127.0.0.1:19042 datacenter1",
                "-",
                "768m",
                "-",
                "-",
                "not running"),
            String.format(
                format,
                "spark-master",
                "DOWN",
                "spark://127.0.0.1:17077 http://127.0.0.1:18080",
                "-",
                "320m",
                "-",
                "-",
                "not running"),
            String.format(
                format,
                "spark-worker",
                "DOWN",
                "spark://127.0.0.1:17077 http://127.0.0.1:18081",
                "-",
                "320m",
                "-",
                "-",
                "not running"),
            String.format(
                format,
                "prometheus",
                "DOWN",
                "http://127.0.0.1:19090",
                "-",
                "192m",
                "-",
                "-",
                "not running"),
            "total resident memory: 0 MB; work directory " + work);
  }

  @Test
  void down_with_nothing_running_should_say_so_and_exit_1() throws IOException {
    writeState("kafka", "4194305"); // above Linux's largest pid_max: a process long gone

    assertThat(lab("down")).isEqualTo(1);

    assertThat(output()).isEmpty();
    assertThat(systemErr.toString(StandardCharsets.UTF_8))
        .isEqualTo("lab: nothing is running" + System.lineSeparator());
  }

  @Test
  void logs_should_merge_every_engine_by_time_with_continuation_lines_kept() throws IOException {
    writeLogs();

    assertThat(lab("logs")).isZero();

    assertThat(output())
        .containsExactly(
            "2026-11-24T07:50:01.000Z INFO  [kafka] kafka.Kafka - starting",
            "2026-11-24T07:50:02.000Z INFO  [cassandra] o.a.c.CassandraDaemon - starting",
            "2026-11-24T07:50:03.000Z WARN  [kafka] kafka.Log - slow fsync",
            "2026-11-24T07:50:04.000Z ERROR [cassandra] o.a.c.Commit - disk full",
            "java.io.IOException: No space left on device",
            "\tat org.apache.cassandra.db.commitlog.CommitLog.add(CommitLog.java:1)",
            "2026-11-24T07:50:05.000Z INFO  [kafka] kafka.Kafka - started");
  }

  @Test
  void logs_should_show_only_the_level_asked_for_and_above() throws IOException {
    writeLogs();

    assertThat(lab("logs", "--level", "warn")).isZero();

    assertThat(output())
        .containsExactly(
            "2026-11-24T07:50:03.000Z WARN  [kafka] kafka.Log - slow fsync",
            "2026-11-24T07:50:04.000Z ERROR [cassandra] o.a.c.Commit - disk full",
            "java.io.IOException: No space left on device",
            "\tat org.apache.cassandra.db.commitlog.CommitLog.add(CommitLog.java:1)");
  }

  @Test
  void logs_of_one_engine_should_show_its_last_entries_only() throws IOException {
    writeLogs();

    assertThat(lab("logs", "kafka", "-n", "2")).isZero();

    assertThat(output())
        .containsExactly(
            "2026-11-24T07:50:03.000Z WARN  [kafka] kafka.Log - slow fsync",
            "2026-11-24T07:50:05.000Z INFO  [kafka] kafka.Kafka - started");
  }

  @Test
  void logs_should_read_a_log_larger_than_memory_from_its_end() throws IOException {
    Path log = work.resolve("logs/kafka.log");
    Files.createDirectories(log.getParent());
    StringBuilder last = new StringBuilder("\n");
    for (int i = 1; i <= 60; i++) {
      last.append("2026-11-24T07:50:01.000Z INFO  [kafka] kafka.Kafka - line ").append(i);
      last.append('\n');
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
      // Sparse: 3 GiB that take no disk, more than any byte array (or the CLI's heap) holds.
      file.setLength(3L << 30);
      file.seek(file.length());
      file.write(last.toString().getBytes(StandardCharsets.UTF_8));
    }

    assertThat(lab("logs", "kafka", "-n", "3")).isZero();

    assertThat(output())
        .containsExactly(
            "2026-11-24T07:50:01.000Z INFO  [kafka] kafka.Kafka - line 58",
            "2026-11-24T07:50:01.000Z INFO  [kafka] kafka.Kafka - line 59",
            "2026-11-24T07:50:01.000Z INFO  [kafka] kafka.Kafka - line 60");
  }

  @Test
  void logs_should_continue_into_the_rotated_log() throws IOException {
    Path logs = work.resolve("logs");
    Files.createDirectories(logs);
    Files.writeString(
        logs.resolve("kafka.log.1"),
        """
        2026-11-24T07:50:01.000Z INFO  [kafka] kafka.Kafka - starting
        2026-11-24T07:50:02.000Z ERROR [kafka] kafka.Log - disk full
        java.io.IOException: No space left on device
        """);
    Files.writeString(
        logs.resolve("kafka.log"),
        """
        2026-11-24T07:50:03.000Z INFO  [kafka] kafka.Kafka - started
        """);

    assertThat(lab("logs", "-n", "2")).isZero();

    assertThat(output())
        .containsExactly(
            "2026-11-24T07:50:02.000Z ERROR [kafka] kafka.Log - disk full",
            "java.io.IOException: No space left on device",
            "2026-11-24T07:50:03.000Z INFO  [kafka] kafka.Kafka - started");
  }

  @Test
  void logs_should_refuse_an_unknown_level_and_say_when_there_is_no_log() throws IOException {
    assertThat(lab("logs")).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "lab: no logs yet in " + work.resolve("logs") + " (start the lab: lab up)" + nl());

    writeLogs();
    err.getBuffer().setLength(0);
    assertThat(lab("logs", "spark-master")).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo("lab: no log for 'spark-master' in " + work.resolve("logs") + nl());

    err.getBuffer().setLength(0);
    assertThat(lab("logs", "--level", "LOUD")).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "lab: unknown level 'LOUD': expected one of [TRACE, DEBUG, INFO, WARN, ERROR]" + nl());
  }

  @Test
  void reset_yes_should_delete_the_whole_work_directory() throws IOException {
    writeLogs();
    writeState("kafka", "4194305");
    Files.createDirectories(work.resolve("data/cassandra/commitlog"));
    Files.writeString(work.resolve("data/cassandra/commitlog/CommitLog-1.log"), "x");

    assertThat(lab("reset", "--yes")).isZero();

    assertThat(work).doesNotExist();
    assertThat(root).exists();
    assertThat(output()).containsExactly("deleted " + work);
  }

  @Test
  void reset_of_a_missing_work_directory_should_delete_nothing_and_succeed() {
    assertThat(lab("reset", "--yes")).isZero();

    assertThat(output()).containsExactly("nothing to reset: " + work + " does not exist");
  }

  @Test
  void reset_without_yes_and_without_a_terminal_should_refuse_and_keep_everything()
      throws IOException {
    writeLogs();

    assertThat(lab("reset")).isEqualTo(1);

    assertThat(work.resolve("logs/kafka.log")).exists();
    assertThat(err.toString())
        .isEqualTo("lab: reset deletes " + work + "; no terminal to ask, so pass --yes" + nl());
  }

  @Test
  void version_should_name_the_lab() {
    StringWriter version = new StringWriter();
    CommandLine lab = Lab.commandLine();
    lab.setOut(new PrintWriter(version, true));

    assertThat(lab.execute("--version")).isZero();

    assertThat(version.toString()).isEqualTo("Market Lab 0.1" + nl());
  }

  /** Two engines' logs, interleaved in time, with a stack trace under the ERROR entry. */
  private void writeLogs() throws IOException {
    Path logs = work.resolve("logs");
    Files.createDirectories(logs);
    Files.writeString(
        logs.resolve("kafka.log"),
        """
        2026-11-24T07:50:01.000Z INFO  [kafka] kafka.Kafka - starting
        2026-11-24T07:50:03.000Z WARN  [kafka] kafka.Log - slow fsync
        2026-11-24T07:50:05.000Z INFO  [kafka] kafka.Kafka - started
        """);
    Files.writeString(
        logs.resolve("cassandra.log"),
        """
        2026-11-24T07:50:02.000Z INFO  [cassandra] o.a.c.CassandraDaemon - starting
        2026-11-24T07:50:04.000Z ERROR [cassandra] o.a.c.Commit - disk full
        java.io.IOException: No space left on device
        \tat org.apache.cassandra.db.commitlog.CommitLog.add(CommitLog.java:1)
        """);
    // Not a log: lab logs reads *.log files only.
    Files.writeString(logs.resolve("notes.txt"), "2026-11-24T07:50:00.000Z ERROR [x] y - z\n");
  }

  private void writeState(String engine, String pid) throws IOException {
    Path state = work.resolve("run/" + engine + ".properties");
    Files.createDirectories(state.getParent());
    Files.writeString(state, "pid=" + pid + "\n");
  }

  private int lab(String... args) {
    CommandLine lab = Lab.commandLine();
    lab.setErr(new PrintWriter(err, true));
    return lab.execute(args);
  }

  private List<String> output() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static String nl() {
    return System.lineSeparator();
  }
}
