package io.marketlab.importers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the importers' tests look for the shared data, and what they name when it is missing. */
class SharedDataTest {

  @TempDir Path dir;

  private Path project() throws Exception {
    Path root = Files.createDirectories(dir.resolve("main"));
    Files.createDirectories(root.resolve("engines"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    return Files.createDirectories(root.resolve("pipeline/importers"));
  }

  // Failed before: a fresh clone without ../shared under CI failed naming
  // <clone>/pipeline/importers/shared/replay-data, a place nobody puts the data.
  @Test
  void a_missing_shared_dir_should_be_named_beside_the_project_root() throws Exception {
    Path module = project();

    assertThat(SharedData.locate(module, null)).isEqualTo(dir.resolve("shared/replay-data"));
  }

  @Test
  void the_nearest_shared_dir_above_should_be_found() throws Exception {
    Path module = project();
    Path shared = Files.createDirectories(dir.resolve("shared/replay-data"));

    assertThat(SharedData.locate(module, null)).isEqualTo(shared);
  }

  @Test
  void the_shared_dir_property_should_win() throws Exception {
    Path module = project();
    Files.createDirectories(dir.resolve("shared/replay-data"));

    assertThat(SharedData.locate(module, dir.resolve("elsewhere").toString()))
        .isEqualTo(dir.resolve("elsewhere/replay-data"));
  }
}
