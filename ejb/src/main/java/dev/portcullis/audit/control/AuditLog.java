package dev.portcullis.audit.control;

import dev.portcullis.audit.entity.AuditEvent;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.control.Jsonp;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Map;

/**
 * Writes audit entries in the caller's transaction, so an entry exists exactly when the change it
 * records was committed. Services call it; nothing else does.
 */
@Dependent
public class AuditLog {

  @PersistenceContext EntityManager em;

  @Inject Clock clock;

  /** What changed: target and optional before/after states as flat key-value maps. */
  public record Target(String type, String id, String label) {}

  public void record(
      Actor actor,
      String organizationId,
      String action,
      Target target,
      Map<String, ?> before,
      Map<String, ?> after) {
    em.persist(
        new AuditEvent(
            organizationId,
            clock.instant(),
            actor.userId(),
            truncate(actor.label(), 320),
            action,
            target.type(),
            target.id(),
            truncate(target.label(), 320),
            stateJson(before),
            stateJson(after),
            clientAddress(actor.clientAddress())));
  }

  /**
   * A before or after state as the audit entry stores it: a flat JSON object, cut to {@link
   * AuditEvent#MAX_STATE_LENGTH}; null for null. For a statement that writes an entry itself.
   */
  public static String stateJson(Map<String, ?> state) {
    if (state == null) {
      return null;
    }
    JsonObjectBuilder b = Jsonp.createObjectBuilder();
    state.forEach(
        (k, v) -> {
          if (v == null) {
            b.addNull(k);
          } else if (v instanceof Boolean bool) {
            b.add(k, bool);
          } else if (v instanceof Number n) {
            b.add(k, n.toString());
          } else {
            b.add(k, v.toString());
          }
        });
    return truncate(b.build().toString(), AuditEvent.MAX_STATE_LENGTH);
  }

  /** The client address as the audit entry stores it (at most 64 characters). */
  public static String clientAddress(String address) {
    return truncate(address, 64);
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
