/**
 * How a service plugs into the server and lives there: its {@link
 * dev.grpcpolyglot.server.lifecycle.ServiceModule} (flags, config, binding), the markers the
 * server reads off a bound service (non-blocking, graceful, dependent), the interceptor that
 * ends library services' long calls at shutdown, and the flag converters modules share. Feature
 * packages import this package; it imports none of them.
 */
package dev.grpcpolyglot.server.lifecycle;
