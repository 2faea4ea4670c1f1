package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.EngineException;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.ingest.IngestStatus;
import io.marketlab.ingest.IngestStatusFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest's launcher on a real child JVM: a trivial main ({@link FakeIngestMain}) that writes
 * the ingest's status file. Kills, stops, pauses and starts prove themselves by pid, a step that
 * hits nothing fails, and the figures come from the status file, summed over launches.
 */
class IngestProcessTest {

  @TempDir Path root;

  private final AtomicInteger connections = new AtomicInteger();
  private IngestProcess ingest;

  private IngestProcess launcher(List<String> extra) {
    LabSettings settings = LabSettings.load(root, Map.of(), new Properties());
    Path status = settings.workDir().resolve("run/ingest-t.status.json");
    List<String> arguments = new ArrayList<>(List.of("--status-file", status.toString()));
    arguments.addAll(extra);
    ingest =
        new IngestProcess(
            settings,
            "ingest-t",
            testClasspath(),
            FakeIngestMain.class.getName(),
            arguments,
            status,
            null,
            null,
            connections::get);
    return ingest;
  }

  private static List<Path> testClasspath() {
    String text =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<Path> classpath = new ArrayList<>();
    for (String entry : text.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        classpath.add(Path.of(entry));
      }
    }
    return classpath;
  }

  @AfterEach
  void stop() {
    if (ingest != null) {
      ingest.close();
    }
  }

  @Test
  void should_start_a_child_jvm_and_wait_until_its_status_says_it_runs() {
    IngestProcess process = launcher(List.of());

    FaultProof started = process.start();

    assertThat(started.pid()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
    assertThat(process.findRunning()).map(ProcessHandle::pid).contains(started.pid());
    assertThat(started.outcome()).startsWith("ingest ingest-t started as pid " + started.pid());
    await().atMost(Duration.ofSeconds(10)).until(() -> process.metrics().trades() >= 40);
    assertThat(root.resolve(".lab/logs/ingest-t.out")).exists();
    assertThat(process.launches())
        .singleElement()
        .satisfies(
            launch -> {
              assertThat(launch.number()).isEqualTo(1);
              assertThat(launch.firstConnection()).isEqualTo(1);
              assertThat(launch.ended()).isEqualTo(IngestLaunch.End.RUNNING);
              assertThat(launch.framesJournaled()).isEmpty();
            });
  }

  @Test
  void a_kill_should_prove_the_pid_gone_and_a_start_should_launch_a_new_pid_on_the_same_status()
      throws Exception {
    IngestProcess process = launcher(List.of());
    long first = process.start().pid();
    await().atMost(Duration.ofSeconds(10)).until(() -> process.metrics().frames() >= 20);

    FaultProof killed = process.kill();

    assertThat(killed.pid()).isEqualTo(first);
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(killed.outcome())
        .startsWith("SIGKILL to ingest ingest-t pid " + first + "; gone after")
        .contains("(exit code 137)");
    assertThat(process.unaskedExit()).as("a kill asked for is no failure").isEmpty();
    long framesOfFirst = process.metrics().frames();
    assertThatThrownBy(process::kill)
        .isInstanceOf(FaultException.class)
        .hasMessage("hit nothing: no ingest ingest-t process is running");

    connections.set(1);
    FaultProof started = process.start();

    assertThat(started.pid()).isNotEqualTo(first);
    assertThatThrownBy(process::start)
        .isInstanceOf(FaultException.class)
        .hasMessage("the ingest already runs as pid " + started.pid() + "; nothing to start");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> process.metrics().frames() >= framesOfFirst + 20);
    // Summed over the launches: the killed one up to its last status, then the new one.
    IngestMetrics.Snapshot total = process.metrics();
    assertThat(total.trades()).isEqualTo(2 * total.frames());
    assertThat(total.sendLatencyMicros().getTotalCount()).isEqualTo(total.acked());
    List<IngestLaunch> launches = process.launches();
    assertThat(launches)
        .extracting(IngestLaunch::ended)
        .containsExactly(IngestLaunch.End.KILLED, IngestLaunch.End.RUNNING);
    assertThat(launches.get(1).firstConnection()).isEqualTo(2);
  }

  @Test
  void a_stop_should_end_the_process_cleanly_with_its_final_status_and_count_what_it_journaled()
      throws Exception {
    IngestProcess process = launcher(List.of("--opened-last-seq", "99"));
    long pid = process.start().pid();
    await().atMost(Duration.ofSeconds(10)).until(() -> process.metrics().frames() >= 20);

    FaultProof stopped = process.stop();

    assertThat(stopped.pid()).isEqualTo(pid);
    assertThat(stopped.outcome()).startsWith("SIGTERM to ingest ingest-t pid " + pid);
    assertThat(stopped.outcome()).contains("stopped cleanly");
    IngestStatus last = IngestStatusFile.read(process.statusFile()).orElseThrow();
    assertThat(last.state()).isEqualTo(IngestStatus.State.STOPPED);
    assertThat(process.launches())
        .singleElement()
        .satisfies(
            launch -> {
              assertThat(launch.ended()).isEqualTo(IngestLaunch.End.STOPPED);
              assertThat(launch.journalOpenedLastSeq()).isEqualTo(99);
              assertThat(launch.framesJournaled()).hasValue(last.journalLastSeq() - 99);
            });
    assertThatThrownBy(process::stop)
        .isInstanceOf(FaultException.class)
        .hasMessage("hit nothing: no ingest ingest-t process is running");
  }

  @Test
  void a_pause_should_show_state_t_and_a_resume_should_let_it_count_on() {
    IngestProcess process = launcher(List.of());
    long pid = process.start().pid();

    FaultProof paused = process.pause();

    assertThat(paused.pid()).isEqualTo(pid);
    assertThat(ProcessPause.isStopped(pid)).isTrue();
    long frozen = process.metrics().frames();
    // A frozen process writes no status: its figures stand still.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> process.metrics().frames() == frozen);

    process.resume();

    assertThat(ProcessPause.isStopped(pid)).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> process.metrics().frames() > frozen);
    assertThatThrownBy(process::resume)
        .isInstanceOf(FaultException.class)
        .hasMessage("ingest ingest-t pid " + pid + " is not paused; nothing to resume");
  }

  @Test
  void a_paused_ingest_should_still_stop_when_the_run_closes() {
    IngestProcess process = launcher(List.of());
    long pid = process.start().pid();
    process.pause();

    process.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(process.launches().get(0).ended()).isEqualTo(IngestLaunch.End.STOPPED);
  }

  @Test
  void an_ingest_that_cannot_start_should_fail_its_start_with_the_end_of_its_log() {
    IngestProcess process = launcher(List.of("--fail", "the journal is in use by another ingest"));

    assertThatThrownBy(process::start)
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("ingest-t exited while starting")
        .hasMessageContaining("(exit code 1)");
  }

  @Test
  void an_ingest_that_exits_on_its_own_should_be_reported_once_with_its_exit_code() {
    IngestProcess process = launcher(List.of());
    long pid = process.start().pid();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

    assertThat(process.unaskedExit())
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("the ingest ingest-t (pid " + pid + ") exited on its own"));
    assertThat(process.launches().get(0).ended()).isEqualTo(IngestLaunch.End.EXITED);
  }

  @Test
  void the_lab_classpath_should_be_the_clis_and_its_absence_a_clear_error() throws Exception {
    assertThatThrownBy(() -> IngestProcess.labClasspath(root))
        .isInstanceOf(EngineException.class)
        .hasMessage(
            "the ingest runs on the lab's classpath, but "
                + root.resolve("cli/target/classpath.txt")
                + " is missing (build: mvn install -DskipTests)");
    Files.createDirectories(root.resolve("cli/target"));
    Files.writeString(root.resolve("cli/target/classpath.txt"), "/a.jar:/b.jar\n");
    assertThat(IngestProcess.labClasspath(root))
        .containsExactly(root.resolve("cli/target/classes"), Path.of("/a.jar"), Path.of("/b.jar"));
  }
}
