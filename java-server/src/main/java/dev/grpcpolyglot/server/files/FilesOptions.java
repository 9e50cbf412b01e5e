package dev.grpcpolyglot.server.files;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Command-line flags of the file store (a picocli mixin of the server command). */
public final class FilesOptions {
  @Option(names = "--files-root", paramLabel = "DIR",
      defaultValue = "${env:POLYGLOT_FILES_ROOT:-polyglot-files}",
      description = "Folder FileController serves; created at start (env POLYGLOT_FILES_ROOT).")
  Path root;

  public FilesConfig toConfig() {
    return new FilesConfig(root);
  }
}
