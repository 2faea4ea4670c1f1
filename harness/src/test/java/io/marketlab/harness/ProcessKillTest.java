package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kill's proof, on real processes of this machine. */
class ProcessKillTest {

  private Process process;

  @AfterEach
  void cleanUp() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private Process start(String... command) throws IOException {
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return process;
  }

  @Test
  void a_kill_should_name_the_pid_and_prove_it_is_gone() throws IOException {
    Process sleep = start("sleep", "60");

    FaultProof proof = ProcessKill.kill("sleeper", Optional.of(sleep.toHandle()));

    assertThat(proof.pid()).isEqualTo(sleep.pid());
    assertThat(ProcessHandle.of(sleep.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(proof.took()).isLessThan(ProcessKill.GRACE);
    assertThat(proof.outcome())
        .startsWith("SIGKILL to sleeper pid " + sleep.pid() + "; gone after");
  }

  @Test
  void a_kill_with_no_process_should_fail_saying_it_hit_nothing() {
    assertThatThrownBy(() -> ProcessKill.kill("cassandra", Optional.empty()))
        .isInstanceOf(FaultException.class)
        .hasMessage("hit nothing: no cassandra process is running");
  }

  @Test
  void a_kill_of_a_process_that_already_exited_should_fail_saying_it_hit_nothing()
      throws Exception {
    Process done = start("true");
    done.waitFor();

    assertThatThrownBy(() -> ProcessKill.kill("kafka", Optional.of(done.toHandle())))
        .isInstanceOf(FaultException.class)
        .hasMessage("hit nothing: no kafka process is running");
  }

  @Test
  void a_pid_that_outlives_the_signal_should_fail_the_kill_naming_the_pid() throws IOException {
    // A real process that ignores SIGTERM: the signal arrives, the pid stays.
    Process stubborn = start("sh", "-c", "trap '' TERM; exec sleep 60");
    pauseUntilTrapIsSet();

    assertThatThrownBy(
            () ->
                ProcessKill.send(
                    "stubborn",
                    Optional.of(stubborn.toHandle()),
                    ProcessKill.Signal.SIGTERM,
                    Duration.ofMillis(800)))
        .isInstanceOfSatisfying(
            FaultException.class, e -> assertThat(e.pid()).isEqualTo(stubborn.pid()))
        .hasMessage("stubborn pid " + stubborn.pid() + " is still alive 0.8 s after SIGTERM");
    assertThat(stubborn.isAlive()).isTrue();
  }

  private static void pauseUntilTrapIsSet() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
