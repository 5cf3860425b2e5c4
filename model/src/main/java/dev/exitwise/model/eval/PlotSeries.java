package dev.exitwise.model.eval;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named line of an x-y chart.
 *
 * @param name the legend entry
 * @param x the x values
 * @param y the y values, as many as x
 */
public record PlotSeries(String name, double[] x, double[] y) {
  public PlotSeries {
    Objects.requireNonNull(name, "name");
    x = x.clone();
    y = y.clone();
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series " + name + " has " + x.length + " x values but " + y.length + " y values");
    }
  }

  /** A copy of the x values. */
  @Override
  public double[] x() {
    return x.clone();
  }

  /** A copy of the y values. */
  @Override
  public double[] y() {
    return y.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PlotSeries that
        && name.equals(that.name)
        && Arrays.equals(x, that.x)
        && Arrays.equals(y, that.y);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(x), Arrays.hashCode(y));
  }

  @Override
  public String toString() {
    return "PlotSeries[name=" + name + ", x=" + Arrays.toString(x) + ", y=" + Arrays.toString(y) + "]";
  }
}
