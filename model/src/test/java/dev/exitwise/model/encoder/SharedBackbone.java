package dev.exitwise.model.encoder;

import ai.djl.Device;
import dev.exitwise.model.runtime.DjlRuntime;

/**
 * The default BGE-small backbone, loaded once per test JVM (loading parses a 133 MB ONNX file) and shared by the
 * test classes that need real weights. Never closed: the JVM's exit frees it.
 */
final class SharedBackbone {

  private static Backbone bge;

  private SharedBackbone() {}

  static synchronized Backbone bge() {
    if (bge == null) {
      DjlRuntime.configure(null);
      bge = Backbones.load(Backbones.DEFAULT_ID, Device.cpu(), 128);
    }
    return bge;
  }
}
