package dev.portcullis.scim.boundary;

import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.Team;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.provisioning.boundary.ProvisioningService;
import dev.portcullis.scim.control.Cursors;
import dev.portcullis.scim.control.FilterParser;
import dev.portcullis.scim.control.FilterTranslator;
import dev.portcullis.scim.control.FilterTranslator.Column;
import dev.portcullis.scim.control.FilterTranslator.Type;
import dev.portcullis.scim.control.GroupRepresentation;
import dev.portcullis.scim.control.PatchEngine;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SCIM Groups (RFC 7644 §3) of the calling token's organization: its teams. Members are SCIM Users
 * of the organization; writes go through {@link ProvisioningService}, each one transaction.
 */
@Stateless
public class ScimGroups {

  static final Map<String, Column> COLUMNS =
      Map.of(
          "id", Column.of("t.id", Type.STRING, false),
          // caseExact false (RFC 7643 §4.2): Okta looks a pushed group up by its name in any case.
          // The organization's teams are few, so lower() over them needs no key column.
          "displayname", Column.of("lower(t.name)", Type.STRING_KEY, false),
          "externalid", Column.of("t.externalId", Type.STRING, true),
          "meta.created", Column.of("t.createdAt", Type.DATE_TIME, false),
          "meta.lastmodified", Column.of("t.updatedAt", Type.DATE_TIME, false));

  static final String FILTERABLE =
      "id, displayName, externalId, meta.created and meta.lastModified";

  @PersistenceContext EntityManager em;

  @EJB ProvisioningService provisioning;

  public Map<String, Object> create(ScimContext ctx, Map<String, Object> body) {
    String name = GroupRepresentation.displayName(body);
    Set<String> members = GroupRepresentation.memberIds(body);
    try {
      Team t =
          provisioning.createTeam(
              ctx.actor(),
              ctx.organizationId(),
              name,
              dev.portcullis.scim.control.ScimJson.string(body, "externalId"),
              members);
      return tree(ctx, t, true);
    } catch (ServiceException e) {
      throw ScimErrors.of(e);
    }
  }

  public Map<String, Object> get(ScimContext ctx, String id, boolean withMembers) {
    return tree(ctx, require(ctx, id), withMembers);
  }

  public Map<String, Object> replace(
      ScimContext ctx, String id, Map<String, Object> body, String ifMatch) {
    Team t = requireForWrite(ctx, id);
    ScimErrors.requireVersion(ifMatch, t.getVersion());
    return update(ctx, t, body);
  }

  public Map<String, Object> patch(
      ScimContext ctx, String id, Map<String, Object> request, String ifMatch) {
    Team t = requireForWrite(ctx, id);
    ScimErrors.requireVersion(ifMatch, t.getVersion());
    Map<String, Object> current = tree(ctx, t, true);
    Map<String, Object> patched = new PatchEngine(Set.of()).apply(current, request);
    if (dev.portcullis.scim.control.ScimJson.key(patched, "members") == null) {
      patched.put("members", List.of());
    }
    return update(ctx, t, patched);
  }

  public void delete(ScimContext ctx, String id, String ifMatch) {
    Team t = requireForWrite(ctx, id);
    ScimErrors.requireVersion(ifMatch, t.getVersion());
    try {
      provisioning.deleteTeam(ctx.actor(), ctx.organizationId(), t.getId());
    } catch (ServiceException e) {
      throw ScimErrors.of(e);
    }
  }

  private Map<String, Object> update(ScimContext ctx, Team t, Map<String, Object> body) {
    String name = GroupRepresentation.displayName(body);
    Set<String> members = GroupRepresentation.memberIds(body);
    try {
      Team updated =
          provisioning.updateTeam(
              ctx.actor(),
              ctx.organizationId(),
              t.getId(),
              name,
              dev.portcullis.scim.control.ScimJson.string(body, "externalId"),
              members);
      em.flush();
      return tree(ctx, updated, true);
    } catch (ServiceException e) {
      throw ScimErrors.of(e);
    }
  }

  public ListResult list(ScimContext ctx, ListRequest request, boolean withMembers) {
    int count = request.effectiveCount();
    boolean cursorPaging = request.cursor() != null;
    int startIndex = request.effectiveStartIndex();
    StringBuilder where = new StringBuilder(" where t.organization.id = :org");
    Map<String, Object> params = new HashMap<>();
    params.put("org", ctx.organizationId());
    if (request.filter() != null) {
      var condition =
          new FilterTranslator(COLUMNS, Map.of(), FILTERABLE)
              .translate(FilterParser.parse(request.filter()));
      where.append(" and ").append(condition.jpql());
      params.putAll(condition.parameters());
    }
    if (cursorPaging && request.sortBy() != null) {
      // As for Users: a cursor walks the id order; a sortBy it would ignore is refused instead.
      throw ScimException.invalidValue("Cursor paging lists in id order; leave out sortBy.");
    }
    Cursors.Position position = cursorPaging ? Cursors.position(request.cursor()) : null;
    long total;
    if (position != null && position.total() != null) {
      // Every page of one cursor listing answers the total counted for its first page.
      total = position.total();
    } else {
      TypedQuery<Long> countQuery =
          em.createQuery("select count(t) from Team t" + where, Long.class);
      params.forEach(countQuery::setParameter);
      total = countQuery.getSingleResult();
    }
    if (count == 0) {
      return new ListResult(List.of(), total, startIndex, null);
    }
    String order = " order by t.id";
    if (cursorPaging) {
      if (position.after() != null) {
        where.append(" and t.id > :after");
        params.put("after", position.after());
      }
    } else if (request.sortBy() != null) {
      String key = request.sortBy().strip().toLowerCase(java.util.Locale.ROOT);
      order =
          switch (key) {
            // caseExact false: sorted without regard to case (RFC 7644 §3.4.2.3), whatever the
            // database's collation (PostgreSQL's C puts every capital first).
            case "displayname" -> " order by lower(t.name)";
            case "externalid" -> " order by t.externalId";
            case "meta.created" -> " order by t.createdAt";
            case "meta.lastmodified" -> " order by t.updatedAt";
            case "id" -> " order by t.id";
            default ->
                throw ScimException.invalidValue(
                    "Groups can be sorted by id, displayName, externalId, meta.created or"
                        + " meta.lastModified.");
          };
      order += request.descending() ? " desc, t.id" : ", t.id";
    }
    TypedQuery<Team> q = em.createQuery("select t from Team t" + where + order, Team.class);
    params.forEach(q::setParameter);
    if (!cursorPaging) {
      q.setFirstResult(startIndex - 1);
    }
    List<Team> page = q.setMaxResults(count + 1).getResultList();
    String next = null;
    if (page.size() > count) {
      page = page.subList(0, count);
      if (cursorPaging) {
        next = Cursors.encode(page.get(page.size() - 1).getId(), total);
      }
    }
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Team t : page) {
      resources.add(tree(ctx, t, withMembers));
    }
    return new ListResult(resources, total, cursorPaging ? 1 : startIndex, next);
  }

  /**
   * The group, its row locked until this transaction ends ({@link
   * ProvisioningService#teamForWrite}): IdPs send a group's membership changes in parallel (Okta:
   * one PATCH per member), and each must apply to what the one before it left.
   */
  private Team requireForWrite(ScimContext ctx, String id) {
    return provisioning
        .teamForWrite(ctx.organizationId(), id)
        .orElseThrow(() -> ScimException.notFound("No Group with the id " + id + "."));
  }

  private Team require(ScimContext ctx, String id) {
    return provisioning
        .team(ctx.organizationId(), id)
        .orElseThrow(() -> ScimException.notFound("No Group with the id " + id + "."));
  }

  private Map<String, Object> tree(ScimContext ctx, Team t, boolean withMembers) {
    Collection<Membership> members = null;
    if (withMembers) {
      members = provisioning.memberships(ctx.organizationId(), t.getMembers()).values();
    }
    return GroupRepresentation.tree(
        t, members, ctx.location("Groups", t.getId()), ctx.location("Users", ""));
  }
}
