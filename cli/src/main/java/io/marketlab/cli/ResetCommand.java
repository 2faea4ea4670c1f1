package io.marketlab.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.fixtures.local.LocalEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description =
        "Delete the work directory (all engine data, logs, checkpoints). Asks first unless --yes.")
final class ResetCommand implements Callable<Integer> {

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask.")
  boolean yes;

  @Override
  public Integer call() throws IOException {
    LabSettings settings = LabSettings.load();
    for (LocalEngine engine : Engines.all(settings)) {
      if (engine.findRunning().isPresent()) {
        throw new LabException(engine.name() + " is running; stop the lab first (lab down)");
      }
    }
    Path workDir = settings.workDir();
    if (!Files.exists(workDir)) {
      System.out.println("nothing to reset: " + workDir + " does not exist");
      return 0;
    }
    if (!yes) {
      if (System.console() == null) {
        throw new LabException("reset deletes " + workDir + "; no terminal to ask, so pass --yes");
      }
      System.out.print("Delete " + workDir + " and everything in it? [y/N] ");
      System.out.flush();
      String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
      if (answer == null || !answer.trim().equalsIgnoreCase("y")) {
        System.out.println("nothing deleted");
        return 1;
      }
    }
    deleteTree(workDir);
    System.out.println("deleted " + workDir);
    return 0;
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
