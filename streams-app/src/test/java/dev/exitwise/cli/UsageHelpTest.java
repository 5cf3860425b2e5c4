package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code --help} texts as picocli prints them. Picocli passes every description, header and footer line
 * through {@link String#format}; a line that does not format (an unescaped per-cent sign) is printed raw, with a
 * warning on standard error. And the top-level list shows only the first line of each command's description, so
 * that line must be a whole sentence.
 */
class UsageHelpTest {
  private static final Pattern COMMAND_ENTRY = Pattern.compile("^  (\\S+)\\s+(.*)$");

  @Test
  void everyCommandsHelpPrintsWithoutAPicocliWarning() {
    assertEquals("", picocliWarnings(Exitwise.commandLine(Wiring.production())));
  }

  @Test
  void anUnescapedPercentSignIsWarnedAbout() {
    assertTrue(picocliWarnings(new CommandLine(new UnescapedPercent())).contains("Could not format"));
  }

  @Test
  void theTopLevelHelpShowsEachCommandAsWholeSentences() {
    CapturedCommandLine cli = new CapturedCommandLine(Wiring.production());
    assertEquals(0, cli.execute("--help"));
    Map<String, String> entries = commandEntries(cli.out());
    assertTrue(entries.keySet().containsAll(List.of("run", "demo", "train", "evaluate", "classify")),
        entries.toString());
    entries.forEach((command, text) -> assertTrue(text.endsWith("."), command + ": \"" + text + "\""));
  }

  /** The command list of a top-level help, with each entry's wrapped lines joined. */
  private static Map<String, String> commandEntries(String help) {
    Map<String, String> entries = new LinkedHashMap<>();
    String current = null;
    boolean inCommands = false;
    for (String line : help.lines().toList()) {
      if (line.equals("Commands:")) {
        inCommands = true;
        continue;
      }
      Matcher entry = COMMAND_ENTRY.matcher(line);
      if (inCommands && entry.matches()) {
        current = entry.group(1);
        entries.put(current, entry.group(2).strip());
      } else if (inCommands && current != null && line.startsWith("    ")) {
        entries.put(current, entries.get(current) + " " + line.strip());
      }
    }
    return entries;
  }

  /**
   * Renders the usage help of {@code commandLine} and every subcommand, and returns what picocli warned meanwhile:
   * picocli's warnings go to the standard error stream of the moment.
   */
  private static String picocliWarnings(CommandLine commandLine) {
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    PrintStream standardError = System.err;
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      render(commandLine);
    } finally {
      System.setErr(standardError);
    }
    return warnings.toString(StandardCharsets.UTF_8);
  }

  private static void render(CommandLine commandLine) {
    commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
    commandLine.getSubcommands().values().stream().filter(sub -> sub != commandLine)
        .forEach(UsageHelpTest::render);
  }

  @Command(name = "percent", description = "Right 95 % of the time.")
  private static final class UnescapedPercent implements Runnable {
    @Override
    public void run() {}
  }
}
