package dev.grpcpolyglot.client.cli;

import com.google.protobuf.Timestamp;
import dev.grpcpolyglot.client.addressbook.AddressBookException;
import dev.grpcpolyglot.client.addressbook.AddressBookFile;
import dev.grpcpolyglot.proto.tutorial.AddressBook;
import dev.grpcpolyglot.proto.tutorial.Person;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/**
 * {@code addressbook add|list}: the protobuf tutorial's add_person and list_people on a local
 * file (no server). Exit 1 when the file cannot be used, 2 on a usage error.
 */
@Command(name = "addressbook", mixinStandardHelpOptions = true,
    description = "The protobuf tutorial's address book file: add a person, or list everyone.",
    subcommands = {AddressBookCommand.Add.class, AddressBookCommand.ListPeople.class})
final class AddressBookCommand {
  @ParentCommand ClientMain parent;

  /** Runs {@code work}, printing an unusable file or a refused person as one line, exit 1. */
  private int guarded(Callable<Integer> work) throws Exception {
    try {
      return work.call();
    } catch (AddressBookException | IOException e) {
      parent.err().println("addressbook: " + e.getMessage());
      return 1;
    }
  }

  private static Timestamp now() {
    Instant now = Instant.now();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a person to FILE (created if missing); refuses a duplicate ID.")
  static final class Add implements Callable<Integer> {
    @ParentCommand AddressBookCommand book;

    @Option(names = "--id", paramLabel = "N",
        description = "Unique ID (default: one more than the largest in the file).")
    Integer id;

    @Option(names = "--name", required = true, paramLabel = "NAME")
    String name;

    @Option(names = "--email", paramLabel = "E", defaultValue = "")
    String email;

    @Option(names = "--phone", paramLabel = "NUMBER:mobile|home|work",
        description = "A phone number and its type (repeatable).")
    List<String> phones = new ArrayList<>();

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws Exception {
      PrintStream err = book.parent.err();
      Person.Builder person = Person.newBuilder().setName(name).setEmail(email)
          .setLastUpdated(now());
      try {
        for (String phone : phones) {
          person.addPhones(AddressBookFile.parsePhone(phone));
        }
      } catch (IllegalArgumentException e) {
        err.println("addressbook: " + e.getMessage());
        return 2;
      }
      if (id != null && id < 0) {
        err.println("addressbook: --id " + id + " is outside 0.." + Integer.MAX_VALUE);
        return 2;
      }
      return book.guarded(() -> {
        AddressBook current = AddressBookFile.load(file);
        person.setId(id == null || id == 0 ? AddressBookFile.nextId(current) : id);
        AddressBook updated;
        try {
          updated = AddressBookFile.add(current, person.build());
        } catch (AddressBookException e) {
          throw new AddressBookException(e.getMessage() + "; " + file + " was left unchanged");
        }
        AddressBookFile.save(file, updated);
        book.parent.out().println("added person ID " + person.getId() + " (" + name + ") to "
            + file);
        return 0;
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Print everyone in FILE in the tutorial's format.")
  static final class ListPeople implements Callable<Integer> {
    @ParentCommand AddressBookCommand book;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws Exception {
      return book.guarded(() -> {
        book.parent.out().print(AddressBookFile.listing(AddressBookFile.load(file)));
        book.parent.out().flush();
        return 0;
      });
    }
  }
}
