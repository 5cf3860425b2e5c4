package dev.exitwise.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code calibrate} and {@code evaluate} share: each works on some tenants ({@code --tenants}) of a model
 * ({@code --model-dir}, {@code --device}, ...). Picocli reads the options of these fields in the subclasses.
 */
abstract class ModelTenantsCommand {
  @Spec
  CommandSpec spec;

  @Mixin
  ModelOptions model;

  @Mixin
  TenantSelection tenants;
}
