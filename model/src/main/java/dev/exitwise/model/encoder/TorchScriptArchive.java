package dev.exitwise.model.encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the archive that {@code torch.jit.load} reads for a TorchScript module with no parameters, buffers or
 * attributes: one class whose methods are given as TorchScript source, in the form TorchScript serialises code
 * (every argument typed, {@code self} typed as {@code __torch__.<class>}, dtypes as their integer codes). This is
 * how exitwise reaches PyTorch operators that DJL does not bind (the quantised linear layer): the code is compiled
 * by the PyTorch library DJL loaded, so nothing besides DJL's natives is needed.
 *
 * <p>The archive holds, under one folder: {@code version} (format 3), {@code data.pkl} (a pickle, protocol 2, that
 * builds an instance of {@code __torch__.<class>} with an empty state), {@code constants.pkl} (an empty tuple) and
 * {@code code/__torch__.py} (the class). Entries are stored uncompressed.
 */
final class TorchScriptArchive {
  private static final String FOLDER = "module/";

  private TorchScriptArchive() {}

  /**
   * The archive's bytes.
   *
   * @param className the class the code defines, a Python identifier
   * @param code the class's TorchScript source
   * @throws IllegalArgumentException if the class name is not an identifier
   */
  static byte[] of(String className, String code) {
    if (!className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a class name: '" + className + "'");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      put(zip, "version", "3\n".getBytes(StandardCharsets.US_ASCII));
      put(zip, "data.pkl", instancePickle(className));
      put(zip, "constants.pkl", new byte[] {PROTO, 2, EMPTY_TUPLE, STOP});
      put(zip, "code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static final byte PROTO = (byte) 0x80;
  private static final byte GLOBAL = 'c';
  private static final byte BINPUT = 'q';
  private static final byte EMPTY_TUPLE = ')';
  private static final byte NEWOBJ = (byte) 0x81;
  private static final byte EMPTY_DICT = '}';
  private static final byte BUILD = 'b';
  private static final byte STOP = '.';

  /** {@code __torch__.<className>()} with an empty state dict: the module object of a parameterless module. */
  private static byte[] instancePickle(String className) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(PROTO);
    out.write(2);
    out.write(GLOBAL);
    out.writeBytes(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
    out.write(BINPUT);
    out.write(0);
    out.write(EMPTY_TUPLE);
    out.write(NEWOBJ);
    out.write(EMPTY_DICT);
    out.write(BUILD);
    out.write(STOP);
    return out.toByteArray();
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(FOLDER + name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }
}
