package dev.exitwise.model.runtime;

/**
 * The model runtime cannot start as this machine is set up: the device asked for is missing, or the PyTorch that
 * the environment names is incomplete or does not match. The message says what to change; the command line prints
 * it as one line, without a stack trace, as it does for a bad setting.
 */
public final class RuntimeSetupException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with what is wrong and what to do about it. */
  public RuntimeSetupException(String message) {
    super(message);
  }
}
