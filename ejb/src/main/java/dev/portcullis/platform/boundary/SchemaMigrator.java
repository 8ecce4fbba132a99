package dev.portcullis.platform.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
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

  @PostConstruct
  void migrate() {
    ClassLoader loader = SchemaMigrator.class.getClassLoader();
    Flyway flyway =
        Flyway.configure(loader)
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .callbackLocations("classpath:db/callback")
            .table("schema_history")
            .load();
    MigrateResult result = flyway.migrate();
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
