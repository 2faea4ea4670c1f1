package io.marketlab.tests;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.config.SharedInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The browser test kit: Node.js, Debian's Chromium and the node project in {@code tests/browser}
 * (playwright-core, pinned by its package-lock.json), installed there with {@code npm ci} when the
 * lock file changed. Where a part is missing the browser tests skip with one line naming it; under
 * CI ({@code CI=true}, or {@code LAB_REQUIRE_SHARED_DATA=true}) they fail with that line. Never
 * downloads a browser.
 */
final class BrowserKit {

  private static final String STAMP = ".lab-package-lock.sha256";

  private final Path dir;
  private final Path node;
  private final Path chromium;

  private BrowserKit(Path dir, Path node, Path chromium) {
    this.dir = dir;
    this.node = node;
    this.chromium = chromium;
  }

  /** The kit, installed; skips (or fails under CI) naming what is missing. */
  static BrowserKit require(LabSettings settings) {
    Path dir = settings.projectRoot().resolve("tests/browser");
    String path = System.getenv().getOrDefault("PATH", "");
    Optional<Path> chromium = resolve(settings.get(Settings.BROWSER_CHROMIUM), path);
    if (chromium.isEmpty()) {
      missing(
          "chromium '"
              + settings.get(Settings.BROWSER_CHROMIUM)
              + "' not found (LAB_CHROMIUM); install it with: apt-get install -y chromium");
    }
    Optional<Path> node = resolve(settings.get(Settings.BROWSER_NODE), path);
    if (node.isEmpty()) {
      missing(
          "node '"
              + settings.get(Settings.BROWSER_NODE)
              + "' not found (LAB_NODE); install Node.js 20 or newer (apt-get install -y nodejs"
              + " npm)");
    }
    int major = nodeMajor(node.get());
    if (major < 20) {
      missing("node " + node.get() + " is version " + major + "; the browser tests need 20+");
    }
    BrowserKit kit = new BrowserKit(dir, node.get(), chromium.get());
    kit.install(path);
    return kit;
  }

  Path chromium() {
    return chromium;
  }

  /** Starts {@code node SCRIPT ARGS...} in the kit's directory, output and errors apart. */
  Process start(String script, List<String> arguments, Path errors) {
    List<String> command = new ArrayList<>();
    command.add(node.toString());
    command.add(script);
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectError(errors.toFile());
    builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Runs a script to its end: its exit code and everything it printed. */
  Processes.Result run(String script, List<String> arguments, int timeoutSeconds) {
    List<String> command = new ArrayList<>();
    command.add(node.toString());
    command.add(dir.resolve(script).toString());
    command.addAll(arguments);
    return Processes.run(
        command, Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"), null, timeoutSeconds);
  }

  /** {@code npm ci} unless node_modules was installed from this very lock file. */
  private void install(String path) {
    Path lock = dir.resolve("package-lock.json");
    String sha = sha256(lock);
    Path stamp = dir.resolve("node_modules").resolve(STAMP);
    try {
      if (Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(sha)) {
        return;
      }
    } catch (IOException e) {
      // reinstall
    }
    Path npm = node.resolveSibling("npm");
    String program =
        Files.isExecutable(npm)
            ? npm.toString()
            : resolve("npm", path).map(Path::toString).orElse(null);
    if (program == null) {
      missing("npm not found beside " + node + " nor on PATH (apt-get install -y npm)");
    }
    Processes.Result result =
        Processes.run(
            List.of(
                program,
                "ci",
                "--prefix",
                dir.toString(),
                "--no-audit",
                "--no-fund",
                "--ignore-scripts"),
            Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
            null,
            600);
    if (result.exitCode() != 0) {
      String output = result.output().strip();
      missing(
          "npm ci in "
              + dir
              + " failed (exit "
              + result.exitCode()
              + "): "
              + output.substring(Math.max(0, output.length() - 2000)));
    }
    try {
      Files.writeString(stamp, sha + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + stamp, e);
    }
  }

  private static void missing(String line) {
    if (SharedInputs.required()) {
      throw new AssertionError("browser tests: " + line);
    }
    assumeThat(false).as("browser tests skipped: " + line + " (under CI this fails)").isTrue();
  }

  private static int nodeMajor(Path node) {
    Processes.Result version =
        Processes.run(List.of(node.toString(), "--version"), Map.of(), null, 30);
    String text = version.output().strip();
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("v(\\d+)\\.").matcher(text);
    return version.exitCode() == 0 && matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  /** A value with a slash is a path; otherwise the first executable of that name on PATH. */
  static Optional<Path> resolve(String program, String path) {
    if (program.contains("/")) {
      Path file = Path.of(program);
      return Files.isExecutable(file) && !Files.isDirectory(file)
          ? Optional.of(file)
          : Optional.empty();
    }
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path file = Path.of(entry).resolve(program);
      if (Files.isExecutable(file) && !Files.isDirectory(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  private static String sha256(Path file) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
