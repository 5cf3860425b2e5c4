package dev.exitwise.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.exitwise.model.data.Split;
import dev.exitwise.model.encoder.BertEncoder;
import dev.exitwise.model.encoder.TextTokenizer;
import dev.exitwise.model.encoder.TokenBatch;
import dev.exitwise.model.exit.ExitPolicy;
import dev.exitwise.model.exit.FullDepth;
import dev.exitwise.model.inference.ExitwiseModel;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a batch's time goes, to explain the throughput tables: tokenisation alone, the bare DJL encoder (no soft
 * prompts, no exit heads) on the tokenized batch, ONNX Runtime (fp32 and int8) on the same tokens, exitwise at full
 * depth and at
 * the tenant's configured policy (both including tokenisation), and how much of each batch is padding. Stages
 * run one after another on every batch, in rotating order.
 *
 * @param batchSize rows per batch
 * @param rows rows profiled
 * @param tokenizeMillis mean tokenisation time of a batch
 * @param bareEncoderMillis mean time of DJL's plain encoder at full depth on the tokenized batch
 * @param ortMillis mean time of ONNX Runtime (fp32 file) on the tokenized batch, NaN when not measured
 * @param ortInt8Millis the same with the int8 file
 * @param fullDepthMillis mean time of {@code classify} at full depth (tokenisation, prompts, heads included)
 * @param configuredMillis mean time of {@code classify} with the tenant's configured policy
 * @param meanTokens mean real tokens per row, special tokens included
 * @param meanPaddedTokens mean padded length of a batch
 */
public record BatchProfile(int batchSize, int rows, double tokenizeMillis, double bareEncoderMillis,
    double ortMillis, double ortInt8Millis, double fullDepthMillis, double configuredMillis, double meanTokens, double meanPaddedTokens) {

  /** The share of token slots that are padding. */
  public double paddingShare() {
    return 1 - meanTokens / meanPaddedTokens;
  }

  /** What the soft prompts, exit heads and per-layer exit decisions add at full depth over the bare encoder. */
  public double adapterMillis() {
    return fullDepthMillis - tokenizeMillis - bareEncoderMillis;
  }

  /**
   * Profiles a tenant's test texts.
   *
   * @param ort ONNX Runtime with the fp32 file, or null to leave it out
   * @param ortInt8 ONNX Runtime with the int8 file, or null to leave it out
   */
  public static BatchProfile run(ExitwiseModel model, String tenant, int batchSize, int rows, OrtEncoder ort,
      OrtEncoder ortInt8) {
    BenchTexts texts = BenchTexts.load(model, tenant, Split.TEST, rows);
    texts = texts.head(Math.max(batchSize, texts.size() / batchSize * batchSize));
    TextTokenizer tokenizer = model.engine().backbone().tokenizer();
    BertEncoder encoder = model.engine().backbone().encoder();
    int layers = model.layerCount();
    ExitPolicy full = new FullDepth();
    ExitPolicy configured = model.policy(tenant);
    List<OrtEncoder> peers = Stream.of(ort, ortInt8).filter(Objects::nonNull).toList();
    int stages = 4 + peers.size();
    long[] nanos = new long[stages];
    long realTokens = 0;
    long paddedTokens = 0;
    int batches = texts.size() / batchSize;
    for (int round = -1; round < batches; round++) { // round -1 warms up
      int start = Math.max(0, round) * batchSize;
      var requests = texts.requests().subList(start, start + batchSize);
      List<String> batch = texts.texts().subList(start, start + batchSize);
      TokenBatch tokens = tokenizer.encode(batch, null);
      if (round >= 0) {
        for (int length : tokens.lengths()) {
          realTokens += length;
        }
        paddedTokens += (long) tokens.size() * tokens.paddedLength();
      }
      for (int k = 0; k < stages; k++) {
        int stage = (k + Math.max(0, round)) % stages;
        long started = System.nanoTime();
        switch (stage) {
          case 0 -> tokenizer.encode(batch, null);
          case 1 -> {
            try (NDManager scope = encoder.manager().newSubManager()) {
              NDArray hidden = encoder.forwardPacked(tokens.idsArray(scope), tokens.typeIdsArray(scope),
                  tokens.lengths(), layers); // [t, d], the engine's packed form
              hidden.get(new NDIndex("0, 0")).toFloatArray(); // waits for the device (a no-op wait on the CPU)
            }
          }
          case 2 -> model.classify(requests, t -> full);
          case 3 -> model.classify(requests, t -> configured);
          default -> peers.get(stage - 4).forward(tokens);
        }
        if (round >= 0) {
          nanos[stage] += System.nanoTime() - started;
        }
      }
    }
    double perBatch = 1e6 * batches;
    double ortMillis = ort == null ? Double.NaN : nanos[4] / perBatch;
    double ortInt8Millis = ortInt8 == null ? Double.NaN : nanos[stages - 1] / perBatch;
    return new BatchProfile(batchSize, texts.size(), nanos[0] / perBatch, nanos[1] / perBatch, ortMillis,
        ortInt8Millis, nanos[2] / perBatch, nanos[3] / perBatch,
        (double) realTokens / texts.size(), (double) paddedTokens / texts.size());
  }
}
