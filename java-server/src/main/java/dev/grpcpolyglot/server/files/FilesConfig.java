package dev.grpcpolyglot.server.files;

import java.nio.file.Path;

/**
 * Settings of the file store.
 *
 * @param root the folder every filename is resolved under
 */
public record FilesConfig(Path root) {
  /** The default root: ./polyglot-files under the working directory. */
  public static FilesConfig defaults() {
    return new FilesConfig(Path.of("polyglot-files"));
  }
}
