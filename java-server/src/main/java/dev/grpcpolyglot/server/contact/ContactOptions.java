package dev.grpcpolyglot.server.contact;

import picocli.CommandLine.Command;

/** Command-line flags of the Contact service (a picocli mixin of the server command). */
@Command // a mixin needs at least one picocli annotation until it has options
public final class ContactOptions {
  public ContactConfig toConfig() {
    return ContactConfig.defaults();
  }
}
