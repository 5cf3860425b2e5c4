/**
 * Starts DJL's PyTorch engine offline and picks the device (the user's {@link
 * dev.exitwise.model.runtime.DeviceChoice}, the one device concept of every command and setting): sets {@code
 * ai.djl.offline} and a lasting native cache folder before the engine loads, and turns a missing native library
 * into an error that names the Maven artifact to add. An installed libtorch named by {@code PYTORCH_LIBRARY_PATH}
 * ({@link dev.exitwise.model.runtime.InstalledTorch}) is checked before DJL loads it. Depends on DJL only; nothing here downloads anything, and DJL
 * does not either unless the user starts the JVM with {@code -Dai.djl.offline=false}.
 */
package dev.exitwise.model.runtime;
