package dev.exitwise.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code --help} texts as picocli prints them. Picocli passes every description, header and footer line
 * through {@link String#format}; a line that does not format (an unescaped per-cent sign) is printed raw, with a
 * warning on standard error. And the top-level list shows only the first line of each command's description, so
 * that line must be a whole sentence.
 */
class UsageHelpTest {
  private static final Pattern COMMAND_ENTRY = Pattern.compile("^  (\\S+)\\s+(.*)$");

  @Test
  void everyHelpTextFormatsAsPicocliFormatsIt() {
    List<String> unformattable = new ArrayList<>();
    visit(Exitwise.commandLine(Wiring.production()), unformattable);
    assertEquals(List.of(), unformattable);
  }

  @Test
  void anUnescapedPercentSignIsFound() {
    List<String> unformattable = new ArrayList<>();
    visit(new CommandLine(new UnescapedPercent()), unformattable);
    assertEquals(1, unformattable.size(), unformattable.toString());
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

  private static void visit(CommandLine commandLine, List<String> unformattable) {
    CommandSpec spec = commandLine.getCommandSpec();
    commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
    List<String> texts = new ArrayList<>();
    texts.addAll(List.of(spec.usageMessage().description()));
    texts.addAll(List.of(spec.usageMessage().header()));
    texts.addAll(List.of(spec.usageMessage().footer()));
    for (OptionSpec option : spec.options()) {
      texts.addAll(List.of(option.description()));
    }
    for (String text : texts) {
      try {
        String.format(text);
      } catch (IllegalFormatException e) {
        unformattable.add(spec.qualifiedName() + ": " + text);
      }
    }
    commandLine.getSubcommands().values().stream().filter(sub -> sub != commandLine)
        .forEach(sub -> visit(sub, unformattable));
  }

  @Command(name = "percent", description = "Right 95 % of the time.")
  private static final class UnescapedPercent implements Runnable {
    @Override
    public void run() {}
  }
}
