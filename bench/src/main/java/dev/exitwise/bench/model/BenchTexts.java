package dev.exitwise.bench.model;

import dev.exitwise.model.data.Dataset;
import dev.exitwise.model.data.Datasets;
import dev.exitwise.model.data.LabeledText;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ExitwiseModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests for a benchmark, with their gold labels in the model's label order, from a tenant's packaged test
 * split in file order (the data set's own length distribution, as a stream would bring it). Blank texts are left
 * out: the service sends them to dead letters.
 *
 * @param tenants the tenant of each request, in order
 * @param requests what the classifier is given
 * @param gold {@code [row][label]} in the order of {@code model.labels(tenant)} of the row's tenant
 */
public record BenchTexts(List<String> tenants, List<ClassifyRequest> requests, boolean[][] gold) {

  public BenchTexts {
    tenants = List.copyOf(tenants);
    requests = List.copyOf(requests);
    if (tenants.size() != requests.size() || gold.length != requests.size()) {
      throw new IllegalArgumentException(
          tenants.size() + " tenants, " + requests.size() + " requests and " + gold.length + " gold rows");
    }
  }

  /**
   * The first {@code rows} non-blank texts of a tenant's split.
   *
   * @throws IllegalArgumentException when a model label is not a label of the tenant's data set
   */
  public static BenchTexts load(ExitwiseModel model, String tenant, Split split, int rows) {
    Dataset data = Datasets.load(tenant, split);
    List<String> modelLabels = model.labels(tenant);
    int[] dataLabelOf = new int[modelLabels.size()];
    for (int j = 0; j < dataLabelOf.length; j++) {
      dataLabelOf[j] = data.labelId(modelLabels.get(j));
    }
    List<String> tenants = new ArrayList<>();
    List<ClassifyRequest> requests = new ArrayList<>();
    List<boolean[]> gold = new ArrayList<>();
    for (LabeledText row : data.rows()) {
      if (requests.size() == rows) {
        break;
      }
      if (row.text().isBlank()) {
        continue;
      }
      tenants.add(tenant);
      requests.add(ClassifyRequest.of(tenant, row.text()));
      boolean[] labels = new boolean[dataLabelOf.length];
      for (int j = 0; j < labels.length; j++) {
        labels[j] = row.hasLabel(dataLabelOf[j]);
      }
      gold.add(labels);
    }
    return new BenchTexts(tenants, requests, gold.toArray(boolean[][]::new));
  }

  /** Rows of {@code a} and {@code b} alternating, as long as both last. */
  public static BenchTexts alternate(BenchTexts a, BenchTexts b) {
    int pairs = Math.min(a.size(), b.size());
    List<String> tenants = new ArrayList<>();
    List<ClassifyRequest> requests = new ArrayList<>();
    boolean[][] gold = new boolean[2 * pairs][];
    for (int i = 0; i < pairs; i++) {
      for (int side = 0; side < 2; side++) {
        BenchTexts from = side == 0 ? a : b;
        tenants.add(from.tenants.get(i));
        requests.add(from.requests.get(i));
        gold[2 * i + side] = from.gold[i];
      }
    }
    return new BenchTexts(tenants, requests, gold);
  }

  /** The first {@code count} rows. */
  public BenchTexts head(int count) {
    int n = Math.min(count, size());
    return new BenchTexts(tenants.subList(0, n), requests.subList(0, n), java.util.Arrays.copyOf(gold, n));
  }

  /** The texts in order. */
  public List<String> texts() {
    return requests.stream().map(ClassifyRequest::text).toList();
  }

  public int size() {
    return requests.size();
  }
}
