package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import java.util.List;

/** {@code Contact} and its {@code --contact-*}, {@code --data-dir} and demo flags. */
public final class ContactModule implements ServiceModule<ContactConfig> {
  public static final ContactModule MODULE = new ContactModule();

  private ContactModule() {}

  /** The memory store: nothing written to disk (the command line's default is embedded). */
  @Override
  public ContactConfig defaults() {
    return ContactConfig.defaults();
  }

  @Override
  public ModuleOptions<ContactConfig> options() {
    return new ContactOptions();
  }

  /** Opens the store; IllegalArgumentException naming why it cannot be opened. */
  @Override
  public List<BindableService> bind(ContactConfig config, DomainMetrics metrics) {
    return List.of(new ContactService(config, metrics));
  }
}
