package dev.exitwise.registry;

/** Opens the registry that settings name. */
public final class SchemaRegistries {
  private SchemaRegistries() {}

  /**
   * @return the shared in-memory registry for a {@code mock://scope} URL, otherwise a caching REST client
   */
  public static SchemaRegistry open(RegistryClientSettings settings) {
    return settings.isMock() ? MockSchemaRegistry.forScope(settings.mockScope())
        : new CachingSchemaRegistry(new RestSchemaRegistry(settings));
  }
}
