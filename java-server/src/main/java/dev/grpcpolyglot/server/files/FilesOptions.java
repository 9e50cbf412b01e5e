package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Command-line flags of the file store (a picocli mixin of the server command). */
public final class FilesOptions implements ModuleOptions<FilesConfig> {
  @Option(names = "--files-root", paramLabel = "DIR",
      defaultValue = "${env:POLYGLOT_FILES_ROOT:-polyglot-files}",
      description = "Folder FileController serves; created at start (env POLYGLOT_FILES_ROOT).")
  Path root;

  @Option(names = "--files-max-size", paramLabel = "BYTES",
      defaultValue = "${env:POLYGLOT_FILES_MAX_SIZE:-4294967296}",
      description = "Largest file Write or Upload may store; larger is RESOURCE_EXHAUSTED "
          + "(env POLYGLOT_FILES_MAX_SIZE).")
  long maxFileBytes;

  @Option(names = "--files-chunk-size", paramLabel = "BYTES",
      defaultValue = "${env:POLYGLOT_FILES_CHUNK_SIZE:-262144}",
      description = "Bytes per Download message, 1024..4193280 (env POLYGLOT_FILES_CHUNK_SIZE).")
  int chunkBytes;

  @Override
  public FilesConfig toConfig() {
    return new FilesConfig(root, maxFileBytes, chunkBytes);
  }
}
