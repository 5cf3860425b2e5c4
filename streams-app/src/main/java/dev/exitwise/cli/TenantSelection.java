package dev.exitwise.cli;

import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The tenants an offline command works on ({@code @Mixin TenantSelection tenants;}): {@code --tenants}, all of the
 * model's when it is not given.
 */
final class TenantSelection {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--tenants", split = ",", paramLabel = "TENANT", description = "Tenants (default: all).")
  private List<String> named = List.of();

  /** The tenants named, or an empty list when none was: all of them. */
  List<String> named() {
    return named;
  }

  /** The tenants named, or {@code all} when none was. */
  List<String> or(Collection<String> all) {
    return named.isEmpty() ? List.copyOf(all) : named;
  }

  /**
   * Checks that exactly one tenant is named, for an option that works on one.
   *
   * @param needsOne what works on one tenant, the start of the message: {@code "--dev FILE calibrates one tenant"}
   * @throws ParameterException if none or several are named
   */
  void requireOne(String needsOne) {
    if (named.size() != 1) {
      throw new ParameterException(spec.commandLine(), needsOne + ": name it with --tenants");
    }
  }
}
