package io.marketlab.ingest.cli;

import io.marketlab.ingest.ReplayServer;
import io.marketlab.ingest.ReplayServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lab replay SESSION}: serves a session file over a local Finnhub-speaking websocket. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Serve a recorded session on ws://127.0.0.1:PORT, speaking Finnhub's protocol.")
public final class ReplayCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SESSION", description = "session file (.session.gz)")
  Path session;

  @Option(
      names = "--speed",
      defaultValue = "1",
      paramLabel = "N|max",
      description = "replay speed: a positive number or 'max' (default: ${DEFAULT-VALUE})")
  String speed;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "TCP port, 0 = any free port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--loop", description = "start over at the end, until Ctrl-C")
  boolean loop;

  @Option(
      names = "--ping-interval",
      defaultValue = "10s",
      converter = CliSupport.DurationConverter.class,
      description = "ping every connection this often (default: ${DEFAULT-VALUE})")
  Duration pingInterval;

  @Option(
      names = "--start-at-once",
      description = "start the clock now instead of at the first subscription")
  boolean startAtOnce;

  @Option(
      names = "--reject-unknown-symbols",
      description = "answer 'Invalid symbol X' to symbols not in the session header")
  boolean rejectUnknownSymbols;

  @Override
  public Integer call() {
    try {
      if (!Files.isRegularFile(session)) {
        throw new IllegalArgumentException("session file " + session + " does not exist");
      }
      ReplayServerConfig config =
          ReplayServerConfig.defaults()
              .withSpeed(ReplayServerConfig.parseSpeed(speed))
              .withPort(port)
              .withLoop(loop)
              .withPingInterval(pingInterval)
              .withStartOnFirstSubscription(!startAtOnce, ReplayServerConfig.DEFAULT_START_DELAY)
              .withRejectUnknownSymbols(rejectUnknownSymbols);
      try (ReplayServer server = ReplayServer.fromSession(session, config).start()) {
        System.out.println(
            "replaying "
                + session
                + " on "
                + server.url()
                + (startAtOnce ? "" : " (starts at the first subscription)"));
        Thread hook = new Thread(server::close, "replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!server.finished().isDone()) {
          try {
            server.finished().get(5, TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException stillRunning) {
            System.err.println("replay: " + server.progress().line());
          }
        }
        System.err.println("replay done: " + server.finished().join().line());
        CliSupport.removeHook(hook);
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } catch (Exception e) {
      return CliSupport.fail(e);
    }
  }
}
