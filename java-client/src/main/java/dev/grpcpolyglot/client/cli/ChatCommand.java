package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ContactClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code chat}: the reference client's bidi mode: each stdin line is sent, each reply printed. */
@Command(name = "chat", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "sendStatus: sends each line of standard input, prints each reply as it comes;"
        + " ends at end of input.")
final class ChatCommand implements Callable<Integer> {
  @ParentCommand ClientMain parent;
  @Spec CommandSpec spec;

  @Option(names = "--session", paramLabel = "SECONDS", defaultValue = "3600",
      description = "Deadline of the whole conversation (it is one call), in seconds.")
  double sessionSeconds;

  private final InputStream in;

  ChatCommand() {
    this(System.in);
  }

  ChatCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    return ContactCommands.withChannel(parent.connection, spec.commandLine().getErr(), channel -> {
      ContactClient client =
          new ContactClient(channel, Duration.ofMillis(Math.round(sessionSeconds * 1000)));
      BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      client.chat(lines.lines().iterator(), reply -> {
        synchronized (out) {
          out.println(reply);
          out.flush();
        }
      });
      return 0;
    });
  }
}
