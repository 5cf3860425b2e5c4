package dev.exitwise.streams.testing;

import dev.exitwise.model.inference.ClassifyRequest;
import dev.exitwise.model.inference.ClassifyResult;
import dev.exitwise.model.inference.ForwardingTextClassifier;
import dev.exitwise.model.inference.TextClassifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real classifier, counts its batches, and fails on trigger texts. A batch holding a text that contains
 * {@link #POISON} throws an {@link IllegalStateException}, like a row that breaks the model. Once {@link
 * #armCrash() armed}, a batch holding {@link #CRASH} throws {@link SimulatedCrash}, an {@link Error}: not a bad row,
 * so the service does not catch it and the stream thread dies, and the instance that takes over (not armed)
 * classifies the same text normally. Every other batch gets the wrapped model's answer.
 */
public final class FaultInjectingClassifier extends ForwardingTextClassifier {
  /** A text holding this makes its batch, and then its own row, fail. */
  public static final String POISON = "POISON";
  /** A text holding this brings an armed instance down. */
  public static final String CRASH = "CRASH-NOW";

  /** The simulated crash. */
  public static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash of the stream thread");
    }
  }

  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean crashArmed;
  private volatile boolean crashed;

  public FaultInjectingClassifier(TextClassifier delegate) {
    super(delegate);
  }

  /** Makes a batch holding {@link #CRASH} throw {@link SimulatedCrash}; returns this. */
  public FaultInjectingClassifier armCrash() {
    crashArmed = true;
    return this;
  }

  /** Whether the crash happened. */
  public boolean crashed() {
    return crashed;
  }

  /** How many batches were passed to {@link #classify}, failed ones included. */
  public int calls() {
    return calls.get();
  }

  @Override
  public List<ClassifyResult> classify(List<ClassifyRequest> batch) {
    calls.incrementAndGet();
    if (crashArmed && batch.stream().anyMatch(request -> request.text().contains(CRASH))) {
      crashed = true;
      throw new SimulatedCrash();
    }
    if (batch.stream().anyMatch(request -> request.text().contains(POISON))) {
      throw new IllegalStateException("the model cannot digest this row");
    }
    return super.classify(batch);
  }
}
