package io.marketlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command of the {@code lab} tree answers {@code --help}: exit 0, a usage line naming its
 * full path, nothing on stderr, nothing started. The tree is the one {@link Lab#run} executes.
 */
class HelpTest {

  /** Commands the tree must hold, so that the walk cannot pass by walking nothing. */
  private static final List<String> KNOWN =
      List.of(
          "lab",
          "lab up",
          "lab status",
          "lab down",
          "lab demo",
          "lab reset",
          "lab logs",
          "lab settings",
          "lab fuzz",
          "lab replay",
          "lab record",
          "lab ingest",
          "lab consume",
          "lab import",
          "lab dashboard",
          "lab bench",
          "lab bench ingest",
          "lab bench pipeline",
          "lab bench batching",
          "lab scenario",
          "lab scenario run",
          "lab scenario list",
          "lab help");

  @Test
  void treeHoldsTheKnownCommands() {
    assertThat(paths()).containsAll(KNOWN);
  }

  @TestFactory
  Stream<DynamicTest> everyCommandAnswersHelp() {
    return commands(Lab.commandLine()).stream()
        .map(
            command -> {
              String path = command.getCommandSpec().qualifiedName();
              boolean builtInHelp = command.getCommandSpec().helpCommand();
              return dynamicTest(
                  path + " --help",
                  () -> {
                    List<String> args = new ArrayList<>(Arrays.asList(path.split(" ")));
                    args.remove(0); // "lab" is the program, not an argument
                    args.add("--help");
                    StringWriter out = new StringWriter();
                    StringWriter err = new StringWriter();
                    CommandLine lab = Lab.commandLine();
                    lab.setOut(new PrintWriter(out, true));
                    lab.setErr(new PrintWriter(err, true));

                    int exit = lab.execute(args.toArray(String[]::new));

                    assertThat(exit).as("exit code of %s --help; stderr: %s", path, err).isZero();
                    assertThat(err.toString()).as("stderr of %s --help", path).isEmpty();
                    // picocli's own help command prints a one-line header first; every other
                    // command starts with the usage line.
                    List<String> lines = out.toString().lines().toList();
                    String usage =
                        builtInHelp
                            ? lines.stream()
                                .filter(line -> line.startsWith("Usage:"))
                                .findFirst()
                                .orElse("")
                            : lines.isEmpty() ? "" : lines.get(0);
                    assertThat(usage)
                        .as("usage line of %s --help:%n%s", path, out)
                        .matches("Usage: \\Q" + path + "\\E( .*)?");
                  });
            });
  }

  /**
   * Defaults are shown: an option or optional parameter that takes a value either is required or
   * says in its help what it is when not given ({@code (default: ${DEFAULT-VALUE})}, what leaving
   * it out means, or when it is required). picocli's own help command is picocli's text.
   */
  @TestFactory
  Stream<DynamicTest> everyOptionalValueSaysItsDefault() {
    List<DynamicTest> tests = new ArrayList<>();
    for (CommandLine command : commands(Lab.commandLine())) {
      if (command.getCommandSpec().helpCommand()) {
        continue;
      }
      String path = command.getCommandSpec().qualifiedName();
      List<ArgSpec> args = new ArrayList<>();
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (!option.usageHelp() && !option.versionHelp() && !option.hidden()) {
          args.add(option);
        }
      }
      args.addAll(command.getCommandSpec().positionalParameters());
      for (ArgSpec arg : args) {
        if (arg.required() || isFlag(arg)) {
          continue;
        }
        String name =
            arg instanceof OptionSpec option
                ? option.longestName()
                : ((PositionalParamSpec) arg).paramLabel();
        tests.add(
            dynamicTest(
                path + " " + name,
                () -> {
                  String description = String.join(" ", arg.renderedDescription());
                  assertThat(description.toLowerCase(Locale.ROOT))
                      .as("help of %s %s: '%s'", path, name, description)
                      .containsAnyOf("default", "required")
                      .doesNotContain("default: null")
                      .doesNotContain("${");
                }));
      }
    }
    return tests.stream();
  }

  private static boolean isFlag(ArgSpec arg) {
    Class<?> type = arg.typeInfo().getType();
    return arg.isOption()
        && (type == boolean.class || type == Boolean.class)
        && arg.arity().max() == 0;
  }

  /** Full paths ("lab bench pipeline") of every command in the tree, parents first. */
  private static List<String> paths() {
    return commands(Lab.commandLine()).stream()
        .map(c -> c.getCommandSpec().qualifiedName())
        .toList();
  }

  /** Every command once (aliases map to the same command), depth first, parents first. */
  private static List<CommandLine> commands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>();
    Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    walk(root, all, seen);
    return all;
  }

  private static void walk(CommandLine command, List<CommandLine> all, Set<CommandLine> seen) {
    if (!seen.add(command)) {
      return;
    }
    all.add(command);
    for (CommandLine sub : command.getSubcommands().values()) {
      walk(sub, all, seen);
    }
  }
}
