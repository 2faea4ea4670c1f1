package io.marketlab.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.importers.ImportFormat;
import io.marketlab.scenarios.spec.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cached import stands for one plan, one set of input files and one build of the importers: a
 * session imported by an importer that has since changed (or regressed) is never reused.
 */
class SessionCacheTest {

  @TempDir Path dir;

  private Scenario.ImportSession plan() throws Exception {
    Path input = Files.writeString(dir.resolve("trades.gz"), "x");
    return new Scenario.ImportSession(
        ImportFormat.BINANCE_CAPTURE, List.of(input), Set.of(), null, null, ZoneOffset.UTC);
  }

  @Test
  void the_key_should_change_with_the_importers_code() throws Exception {
    Scenario.ImportSession plan = plan();

    assertThat(SessionCache.key(plan, "build-a")).isEqualTo(SessionCache.key(plan, "build-a"));
    assertThat(SessionCache.key(plan, "build-a")).isNotEqualTo(SessionCache.key(plan, "build-b"));
    assertThat(SessionCache.key(plan))
        .isEqualTo(SessionCache.key(plan, SessionCache.IMPORTER_CODE));
  }

  @Test
  void the_importers_code_should_be_a_hash_of_their_classes() {
    // the hash of the importers as they are on this class path is stable and not 'unknown'
    assertThat(SessionCache.IMPORTER_CODE).matches("[0-9a-f]{16}");
    assertThat(SessionCache.codeHash(io.marketlab.importers.Importer.class))
        .isEqualTo(SessionCache.IMPORTER_CODE);
  }
}
