package io.marketlab.importers;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.model.session.SessionReader;
import io.marketlab.model.session.SessionStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new ImportCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void should_import_a_csv_and_print_the_report() throws Exception {
    Path csv = dir.resolve("t.csv");
    Files.writeString(
        csv, "time;sym;price;size\n1723161255342;AAPL;261.74;100\n1723161255343;AAPL;oops;1\n");
    Path session = dir.resolve("aapl.session.gz");

    int exit =
        run(
            "--format",
            "csv",
            "--out",
            session.toString(),
            "--delimiter",
            ";",
            "--symbol-column",
            "sym",
            "--price-column",
            "price",
            "--volume-column",
            "size",
            "--time-column",
            "time",
            "--licence",
            "test data",
            csv.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("1 trades in 1 frames")
        .contains("malformed row: price is not a number");
    assertThat(err.toString()).contains("import: reading");
    SessionStats stats = SessionReader.stats(session);
    assertThat(stats.trades()).isEqualTo(1);
    try (SessionReader reader = SessionReader.open(session)) {
      assertThat(reader.header().name()).isEqualTo("aapl");
      assertThat(reader.header().licence()).isEqualTo("test data");
    }
  }

  @Test
  void should_exit_1_with_one_line_for_a_missing_file() {
    int exit =
        run(
            "--format",
            "lean",
            "--out",
            dir.resolve("x.session.gz").toString(),
            dir.resolve("none.zip").toString());
    assertThat(exit).isEqualTo(1);
    // progress lines may come first; the failure itself is one line, the last one, with no stack
    // trace
    String[] lines = err.toString().strip().split("\\R");
    assertThat(lines[lines.length - 1])
        .startsWith("import: error: ")
        .endsWith("none.zip: no such file");
    assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void should_exit_1_for_an_unknown_format_or_a_bad_window() {
    assertThat(run("--format", "parquet", "--out", "x", "y")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown format 'parquet'");
    assertThat(run("--format", "lean", "--from", "half past nine", "--out", "x", "y")).isEqualTo(1);
    assertThat(err.toString()).contains("--from 'half past nine'");
  }

  @Test
  void should_exit_1_when_csv_mapping_is_incomplete() {
    assertThat(run("--format", "csv", "--out", "x", "y")).isEqualTo(1);
    assertThat(err.toString()).contains("--price-column");
  }
}
