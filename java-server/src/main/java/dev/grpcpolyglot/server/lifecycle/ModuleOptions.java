package dev.grpcpolyglot.server.lifecycle;

/**
 * A module's flags: a picocli mixin whose {@code @Option} fields the command line fills, turned
 * into the module's config once parsed.
 *
 * @param <C> the module's config
 */
public interface ModuleOptions<C> {
  /**
   * The config the parsed flags describe.
   *
   * @throws IllegalArgumentException naming the flag when a value is out of range
   */
  C toConfig();
}
