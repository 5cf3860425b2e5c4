package dev.exitwise.bench.model;

/** The packaged tenants the benchmarks run, named once here. */
public final class BenchTenants {
  /** The tenant whose texts every benchmark times (GoEmotions). */
  public static final String PRIMARY = "emotions";
  /** The second packaged tenant, mixed with the first in the mixed-tenant batches. */
  public static final String SECOND = "moderation";

  private BenchTenants() {}
}
