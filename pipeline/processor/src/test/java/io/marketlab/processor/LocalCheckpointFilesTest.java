package io.marketlab.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local checkpoint file manager keeps Spark's contract: atomic files, cancel, no clobbering.
 */
class LocalCheckpointFilesTest {

  @TempDir java.nio.file.Path dir;

  private LocalCheckpointFiles files() {
    return new LocalCheckpointFiles(new Path(dir.toUri()), new Configuration());
  }

  @Test
  void a_file_should_appear_only_when_closed_and_whole() throws Exception {
    LocalCheckpointFiles files = files();
    Path path = new Path(dir.resolve("offsets/7").toUri());
    CheckpointFileManager.CancellableFSDataOutputStream out = files.createAtomic(path, false);
    out.write("v1\n{}".getBytes(StandardCharsets.UTF_8));

    assertThat(files.exists(path)).isFalse();
    out.close();

    assertThat(files.exists(path)).isTrue();
    try (FSDataInputStream in = files.open(path)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("v1\n{}");
    }
    assertThat(Files.list(dir.resolve("offsets"))).containsExactly(dir.resolve("offsets/7"));
  }

  @Test
  void a_cancelled_file_should_leave_nothing_behind() throws Exception {
    LocalCheckpointFiles files = files();
    Path path = new Path(dir.resolve("commits/3").toUri());
    CheckpointFileManager.CancellableFSDataOutputStream out = files.createAtomic(path, false);
    out.write(1);
    out.cancel();
    out.close();

    assertThat(files.exists(path)).isFalse();
    assertThat(Files.list(dir.resolve("commits"))).isEmpty();
  }

  @Test
  void an_existing_file_should_be_kept_unless_overwriting_is_allowed() throws Exception {
    LocalCheckpointFiles files = files();
    Path path = new Path(dir.resolve("x").toUri());
    write(files, path, "first", false);

    assertThatThrownBy(() -> write(files, path, "second", false))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(dir.resolve("x"))).isEqualTo("first");

    write(files, path, "third", true);
    assertThat(Files.readString(dir.resolve("x"))).isEqualTo("third");
  }

  @Test
  void listing_opening_and_deleting_should_behave_like_a_file_system() throws Exception {
    LocalCheckpointFiles files = files();
    write(files, new Path(dir.resolve("state/0/1.changelog").toUri()), "a", false);
    write(files, new Path(dir.resolve("state/0/2.changelog").toUri()), "bb", false);
    write(files, new Path(dir.resolve("state/0/2.zip").toUri()), "ccc", false);

    FileStatus[] changelogs =
        files.list(
            new Path(dir.resolve("state/0").toUri()), p -> p.getName().endsWith(".changelog"));
    assertThat(Arrays.stream(changelogs).map(s -> s.getPath().getName()))
        .containsExactlyInAnyOrder("1.changelog", "2.changelog");
    assertThat(Arrays.stream(changelogs).mapToLong(FileStatus::getLen).sum()).isEqualTo(3);
    assertThat(files.list(new Path(dir.resolve("nothing").toUri()), p -> true)).isEmpty();
    assertThatThrownBy(() -> files.open(new Path(dir.resolve("missing").toUri())))
        .isInstanceOf(FileNotFoundException.class);

    files.delete(new Path(dir.resolve("state").toUri()));
    assertThat(dir.resolve("state")).doesNotExist();
    files.delete(new Path(dir.resolve("state").toUri())); // gone already: fine
  }

  private static void write(LocalCheckpointFiles files, Path path, String text, boolean overwrite)
      throws Exception {
    try (CheckpointFileManager.CancellableFSDataOutputStream out =
        files.createAtomic(path, overwrite)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
