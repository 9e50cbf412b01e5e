package dev.grpcpolyglot.client.cli;

import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The one error format every CLI of the project prints on stderr: a single line {@code error:
 * MESSAGE}, exit 2 for bad usage or input (the Python and Go CLIs print the same).
 */
final class CliErrors {
  private CliErrors() {}

  /** A usage error (unknown option, missing argument): one line, exit 2, no usage dump. */
  static int usage(CommandLine.ParameterException e, String[] args) {
    e.getCommandLine().getErr().println("error: " + e.getMessage());
    return 2;
  }

  /** An exception as one line, without its class name where the message can stand alone. */
  static String oneLine(Exception e) {
    if (e instanceof NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
  }
}
