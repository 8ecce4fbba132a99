package dev.portcullis.audit.boundary;

import dev.portcullis.audit.entity.AuditEvent;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads an organization's audit log, for its Owners and Admins only. */
@Stateless
public class AuditService {

  public static final int MAX_RESULTS = 10_000;

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  /** Filters of the audit page and API; null fields do not filter. */
  public record Filter(String action, String actor, String target, Instant from, Instant to) {
    public static Filter none() {
      return new Filter(null, null, null, null, null);
    }
  }

  /** The organization's entries matching the filter, newest first. */
  public List<AuditEvent> search(Actor actor, String organizationId, Filter filter, int limit) {
    access.requireAdmin(actor, organizationId);
    if (limit < 1 || limit > MAX_RESULTS) {
      throw ServiceException.invalid(
          "invalid_limit", "The limit must be between 1 and " + MAX_RESULTS + ".");
    }
    if (filter.from() != null && filter.to() != null && filter.from().isAfter(filter.to())) {
      throw ServiceException.invalid("invalid_range", "'from' must not be after 'to'.");
    }
    StringBuilder jpql =
        new StringBuilder("select e from AuditEvent e where e.organizationId = :org");
    List<Object[]> params = new ArrayList<>();
    if (notBlank(filter.action())) {
      jpql.append(" and e.action = :action");
      params.add(new Object[] {"action", filter.action().strip()});
    }
    if (notBlank(filter.actor())) {
      jpql.append(" and lower(e.actorLabel) like :actor");
      params.add(
          new Object[] {"actor", "%" + likeEscape(filter.actor().strip().toLowerCase()) + "%"});
    }
    if (notBlank(filter.target())) {
      jpql.append(" and (lower(e.targetLabel) like :target or e.targetId = :targetId)");
      params.add(
          new Object[] {"target", "%" + likeEscape(filter.target().strip().toLowerCase()) + "%"});
      params.add(new Object[] {"targetId", filter.target().strip()});
    }
    if (filter.from() != null) {
      jpql.append(" and e.occurredAt >= :from");
      params.add(new Object[] {"from", filter.from()});
    }
    if (filter.to() != null) {
      jpql.append(" and e.occurredAt <= :to");
      params.add(new Object[] {"to", filter.to()});
    }
    jpql.append(" order by e.occurredAt desc, e.id desc");
    TypedQuery<AuditEvent> q = em.createQuery(jpql.toString(), AuditEvent.class);
    q.setParameter("org", organizationId);
    for (Object[] p : params) {
      q.setParameter((String) p[0], p[1]);
    }
    return q.setMaxResults(limit).getResultList();
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static String likeEscape(String s) {
    return s.replace("%", "").replace("_", "");
  }
}
