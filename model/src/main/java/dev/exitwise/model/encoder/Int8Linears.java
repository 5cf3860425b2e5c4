package dev.exitwise.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * int8 linear layers on the CPU through PyTorch's quantised operators, which DJL does not bind: a small TorchScript
 * module (the class-path resource {@value #CODE_RESOURCE}, written into an archive by {@link TorchScriptArchive}
 * and compiled by DJL's own PyTorch) packs a float32 weight and runs the product.
 *
 * <p>Packing quantises the weight symmetrically to int8 with one scale per output row (the row's largest magnitude
 * over 127) and lays it out for FBGEMM. A product quantises its input to 7-bit unsigned integers with one scale and
 * zero point per call, multiplies in integers with 32-bit sums, and returns float32 with the float32 bias added.
 * The 7-bit input range keeps the products exact on CPUs without 8-bit dot-product instructions, where FBGEMM's
 * 16-bit intermediate sums would otherwise saturate.
 *
 * <p>Thread-safe once built: packed weights are read only. Closing frees the module and every packed weight.
 */
public final class Int8Linears implements AutoCloseable {
  static final String CODE_RESOURCE = "dev/exitwise/model/encoder/int8_linear.py";
  private static final String CLASS_NAME = "Int8Linear";

  private final PtSymbolBlock module;
  private final List<IValue> packed = new ArrayList<>();

  /** A weight packed for {@link #apply}: float32 {@code [out, in]} in, float32 {@code [..., out]} out. */
  public static final class Packed {
    private final IValue handle;
    private final long inFeatures;

    private Packed(IValue handle, long inFeatures) {
      this.handle = handle;
      this.inFeatures = inFeatures;
    }
  }

  private Int8Linears(PtSymbolBlock module) {
    this.module = module;
  }

  /**
   * Compiles the module in {@code manager}, which must be a PyTorch manager on the CPU.
   *
   * @throws IllegalArgumentException if the manager is not PyTorch's or not on the CPU
   */
  public static Int8Linears create(NDManager manager) {
    if (!(manager instanceof PtNDManager pt)) {
      throw new IllegalArgumentException("int8 linear layers need DJL's PyTorch engine, not " + manager.getEngine());
    }
    if (!"cpu".equals(manager.getDevice().getDeviceType())) {
      throw new IllegalArgumentException(
          "int8 linear layers run on the CPU only; the encoder is on " + manager.getDevice());
    }
    byte[] archive = TorchScriptArchive.of(CLASS_NAME, code());
    try (InputStream in = new ByteArrayInputStream(archive)) {
      PtSymbolBlock module = JniUtils.loadModule(pt, in, true, false);
      return new Int8Linears(module);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Packs a float32 linear layer.
   *
   * @param weight {@code [out, in]}
   * @param bias {@code [out]}
   */
  public synchronized Packed pack(NDArray weight, NDArray bias) {
    try (IValue w = IValue.from((PtNDArray) weight); IValue b = IValue.from((PtNDArray) bias)) {
      IValue handle = IValueUtils.runMethod(module, "pack", w, b);
      packed.add(handle);
      return new Packed(handle, weight.getShape().get(1));
    }
  }

  /**
   * {@code input · weightᵀ + bias} in int8.
   *
   * @param input float32 {@code [..., in]}
   * @return float32 {@code [..., out]}, attached to {@code input}'s manager
   * @throws IllegalArgumentException if the input's last dimension is not the weight's
   */
  public NDArray apply(Packed linear, NDArray input) {
    long inFeatures = input.getShape().get(input.getShape().dimension() - 1);
    if (inFeatures != linear.inFeatures) {
      throw new IllegalArgumentException(
          "input has " + inFeatures + " features; the layer takes " + linear.inFeatures);
    }
    try (IValue x = IValue.from((PtNDArray) input);
        IValue out = IValueUtils.runMethod(module, "forward", x, linear.handle)) {
      return out.toTensor((PtNDManager) input.getManager());
    }
  }

  @Override
  public synchronized void close() {
    packed.forEach(IValue::close);
    packed.clear();
    module.close();
  }

  /** The module's TorchScript source. */
  static String code() {
    try (InputStream in = Int8Linears.class.getClassLoader().getResourceAsStream(CODE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("class-path resource " + CODE_RESOURCE + " is missing from the model jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
