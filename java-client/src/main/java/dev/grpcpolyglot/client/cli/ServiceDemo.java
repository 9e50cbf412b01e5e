package dev.grpcpolyglot.client.cli;

import io.grpc.Channel;
import java.io.PrintStream;
import java.time.Duration;

/** Calls every RPC of one service with sample input and prints each reply, one line per call. */
public interface ServiceDemo {
  /** The name a user passes on the command line (e.g. "hello"). */
  String name();

  /**
   * Runs the calls. Each failed call is reported on {@code err} and counted; the demo goes on
   * with its remaining calls.
   *
   * @return how many calls failed
   */
  int run(Channel channel, Duration deadline, PrintStream out, PrintStream err);
}
