package io.marketlab.scenarios.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSessionTest {

  @TempDir Path dir;

  @Test
  void should_write_the_same_bytes_for_the_same_seed() throws IOException {
    SyntheticSession.write(SyntheticSession.Spec.standard(42), dir.resolve("a.session.gz"));
    SyntheticSession.write(SyntheticSession.Spec.standard(42), dir.resolve("b.session.gz"));
    SyntheticSession.write(SyntheticSession.Spec.standard(43), dir.resolve("c.session.gz"));

    assertThat(Files.readAllBytes(dir.resolve("a.session.gz")))
        .isEqualTo(Files.readAllBytes(dir.resolve("b.session.gz")));
    assertThat(Files.readAllBytes(dir.resolve("a.session.gz")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("c.session.gz")));
  }

  @Test
  void should_contain_every_hard_case_and_agree_with_the_reference_on_counts() {
    Path file = dir.resolve("s.session.gz");
    SyntheticSession.Summary summary =
        SyntheticSession.write(SyntheticSession.Spec.standard(7), file);

    Reference reference = ReferenceCalculator.compute(file, ReferenceCalculator.Options.defaults());

    assertThat(summary.casesWritten())
        .containsKeys(
            "burst",
            "same-millisecond",
            "multi-symbol-frame",
            "duplicates",
            "price-update",
            "out-of-order",
            "late",
            "future-dated",
            "within-skew",
            "ping");
    assertThat(summary.casesWritten().keySet())
        .containsAnyOf("truncated-json", "nan-literal", "oversized");
    assertThat(reference.trades()).hasSize((int) summary.validTrades());
    assertThat(reference.malformedFrames() + reference.unknownFrames())
        .isEqualTo(summary.malformedFrames());
    assertThat(reference.rejectedTrades()).isEqualTo(summary.rejectedTrades());
    // Every late trade the generator wrote is 120 s behind its symbol's newest trade, far past
    // the reference's 10 s watermark; out-of-order trades (2 s behind) are within it.
    assertThat(summary.lateTrades()).isPositive();
    assertThat(summary.casesWritten().get("late")).isEqualTo((int) summary.lateTrades());
    assertThat(reference.lateTrades()).isEqualTo(summary.lateTrades());
    assertThat(reference.trades().stream().filter(t -> t.volume() == 0).count())
        .isEqualTo(summary.priceUpdates());
    // A day-ahead trade accepted would have made the later trades of its symbol late: the late
    // counts above would differ from the generator's.
  }
}
