package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import java.util.List;

/** {@code muxs.FileController} and its {@code --files-*} flags. */
public final class FilesModule implements ServiceModule<FilesConfig> {
  public static final FilesModule MODULE = new FilesModule();

  private FilesModule() {}

  /** A fresh temporary root, so tests never write into the working directory. */
  @Override
  public FilesConfig defaults() {
    return FilesConfig.inTempFolder();
  }

  @Override
  public ModuleOptions<FilesConfig> options() {
    return new FilesOptions();
  }

  @Override
  public List<BindableService> bind(FilesConfig config, DomainMetrics metrics) {
    return List.of(new FileControllerService(config, metrics));
  }
}
