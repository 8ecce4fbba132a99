package dev.portcullis.platform.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema to the current version at start-up with the versioned Flyway
 * migrations in {@code db/migration} (persistence module), on Derby and PostgreSQL alike. Every
 * other start-up bean depends on it. When several servers start at once, Flyway's lock lets one
 * migrate while the others wait.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrator {

  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

  @Resource(lookup = "jdbc/portcullis")
  DataSource dataSource;

  /**
   * Liberty keeps persistent EJB timers in the schema WLPTIMERS (server.xml databaseStore), apart
   * from the schema Flyway owns. Derby creates schemas on first use; PostgreSQL needs it to exist
   * before the timer store creates its tables, which happens when the first timer is created (after
   * this bean, see DomainCheckTimer).
   */
  private void createTimerSchema() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        for (String sql : timerTablesDdl().split(";")) {
          if (!sql.isBlank()) {
            st.execute(sql);
          }
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("Cannot prepare the timer schema", e);
    }
  }

  private static String timerTablesDdl() throws IOException {
    try (InputStream in = SchemaMigrator.class.getResourceAsStream("postgresql-timer-tables.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @PostConstruct
  void migrate() {
    ClassLoader loader = SchemaMigrator.class.getClassLoader();
    Flyway flyway =
        Flyway.configure(loader)
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .callbackLocations("classpath:db/callback")
            .table("schema_history")
            // With sessions in the database (PORTCULLIS_SESSION_STORE=database), Liberty creates
            // its session table before the application starts, so the first start on a fresh
            // database finds a table that is not ours. Flyway then records a baseline at version
            // 0 and runs every migration from V1 as usual.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    MigrateResult result = flyway.migrate();
    createTimerSchema();
    LOG.info(
        () ->
            "Database schema at version "
                + (result.targetSchemaVersion != null
                    ? result.targetSchemaVersion
                    : result.initialSchemaVersion)
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }
}
