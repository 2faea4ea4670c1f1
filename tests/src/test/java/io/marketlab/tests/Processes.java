package io.marketlab.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command line to its end and keeps what it printed. */
final class Processes {

  record Result(int exitCode, String output) {}

  private Processes() {}

  static Result run(
      List<String> command, Map<String, String> environment, String input, int timeoutSeconds) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * The project's ./lab script, run without rebuilding (the build that runs the tests just built
   * it).
   */
  static Result lab(Path root, Map<String, String> environment, String... arguments) {
    List<String> command = new java.util.ArrayList<>();
    command.add(root.resolve("lab").toString());
    command.addAll(List.of(arguments));
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("LAB_SKIP_BUILD", "1");
    return run(command, env, null, 300);
  }
}
