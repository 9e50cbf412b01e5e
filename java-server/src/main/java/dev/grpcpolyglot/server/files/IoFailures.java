package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns the file system's IOExceptions into the caller's problems where they are one. */
final class IoFailures {
  /** Below this much usable space a failed write is taken as a full disk. */
  private static final long NEARLY_FULL_BYTES = 1024 * 1024;

  private IoFailures() {}

  /**
   * A full disk becomes RESOURCE_EXHAUSTED (the old file is untouched: only a temp file was
   * being written), an OS permission refusal PERMISSION_DENIED; anything else stays an internal
   * error, logged by the status mapping and shown to the caller only as INTERNAL.
   */
  static RuntimeException toProblem(IOException e, String doing, FilePath path, Path root) {
    if (isDiskFull(e, root)) {
      return new ProblemException(Problem.RESOURCE_EXHAUSTED, "disk full while " + doing + " "
          + path.quoted() + "; nothing was changed", e);
    }
    if (e instanceof AccessDeniedException) {
      return SandboxRoot.deniedToServer(path.toString());
    }
    if (e instanceof NoSuchFileException) {
      // The folder we hold open was deleted (or replaced by a rename) by someone else meanwhile.
      return new ProblemException(Problem.NOT_FOUND, "a folder on the path of " + path.quoted()
          + " was removed while " + doing + " it").because("FOLDER_NOT_FOUND");
    }
    return new UncheckedIOException(doing + " " + path.quoted() + " failed", e);
  }

  /**
   * ENOSPC/EDQUOT, recognised by the OS message (English on the C locale) or, whatever the
   * locale, by the file system having almost no usable space left.
   */
  static boolean isDiskFull(IOException e, Path root) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
      return true;
    }
    try {
      return Files.getFileStore(root).getUsableSpace() < NEARLY_FULL_BYTES;
    } catch (IOException | RuntimeException unknown) {
      return false;
    }
  }
}
