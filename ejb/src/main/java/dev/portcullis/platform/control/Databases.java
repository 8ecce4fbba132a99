package dev.portcullis.platform.control;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Which database the application runs on, for the few statements that differ: on PostgreSQL a row
 * that concurrent requests may both create first is inserted with {@code ON CONFLICT DO NOTHING}
 * (the second waits for the first's transaction, then finds the row) instead of failing one of
 * them; embedded Derby, which lacks it, keeps the portable way.
 */
public final class Databases {

  /**
   * EclipseLink's query hint for entities a transaction only reads: they are not registered for
   * change tracking, which spares comparing them at commit. Modifying such an entity does nothing.
   */
  public static final String READ_ONLY = "eclipselink.read-only";

  private static volatile Boolean postgres;

  private Databases() {}

  /** Whether the database is PostgreSQL; found out once, through this transaction's connection. */
  public static boolean postgres(EntityManager em) {
    Boolean known = postgres;
    if (known == null) {
      try {
        known =
            em.unwrap(Connection.class)
                .getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains("postgres");
      } catch (SQLException | RuntimeException e) {
        known = false;
      }
      postgres = known;
    }
    return known;
  }
}
