package dev.portcullis.scim.boundary;

import dev.portcullis.domainclaim.entity.VerifiedDomain;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.provisioning.boundary.ProvisioningService;
import dev.portcullis.scim.control.Cursors;
import dev.portcullis.scim.control.FilterParser;
import dev.portcullis.scim.control.FilterTranslator;
import dev.portcullis.scim.control.FilterTranslator.Column;
import dev.portcullis.scim.control.FilterTranslator.Type;
import dev.portcullis.scim.control.PatchEngine;
import dev.portcullis.scim.control.ScimJson;
import dev.portcullis.scim.control.UserRepresentation;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SCIM Users (RFC 7644 §3) of the calling token's organization: the provisioned memberships of
 * users whose email domain the organization verified. Every write is one transaction through {@link
 * ProvisioningService}; a PATCH is applied to the current representation in memory and stored only
 * when the whole result is valid.
 *
 * <p>Filters run on indexed columns only (see {@link #COLUMNS}); lists are ordered by a key with
 * the id as tie-breaker, so index paging is stable, and cursor paging is keyset paging on the id.
 */
@Stateless
public class ScimUsers {

  static final Map<String, Column> COLUMNS =
      Map.of(
          "id", Column.of("m.id", Type.STRING, false),
          "username", Column.of("m.userNameKey", Type.STRING_KEY, false),
          "externalid", Column.of("m.externalId", Type.STRING, true),
          "displayname", Column.of("m.displayNameKey", Type.STRING_KEY, true),
          "emails", Column.of("u.email", Type.STRING_KEY, false),
          "emails.value", Column.of("u.email", Type.STRING_KEY, false),
          "active", Column.of("m.active", Type.BOOLEAN, false),
          "meta.created", Column.of("m.createdAt", Type.DATE_TIME, false),
          "meta.lastmodified", Column.of("m.updatedAt", Type.DATE_TIME, false));

  static final Map<String, Map<String, Column>> VALUE_PATHS =
      Map.of(
          "emails",
          Map.of(
              "value", Column.of("u.email", Type.STRING_KEY, false),
              "type", Column.constant("work"),
              "primary", Column.constant(Boolean.TRUE)));

  static final String FILTERABLE =
      "id, userName, externalId, displayName, emails (emails.value, emails[type eq \"work\"]),"
          + " active, meta.created and meta.lastModified";

  private static final Map<String, String> SORT_COLUMNS =
      Map.of(
          "id", "m.id",
          "username", "m.userNameKey",
          "externalid", "m.externalId",
          "displayname", "m.displayNameKey",
          "emails", "u.email",
          "emails.value", "u.email",
          "meta.created", "m.createdAt",
          "meta.lastmodified", "m.updatedAt");

  @PersistenceContext EntityManager em;

  @EJB ProvisioningService provisioning;

  public Map<String, Object> create(ScimContext ctx, Map<String, Object> body) {
    var profile = UserRepresentation.profile(body);
    try {
      Membership m = provisioning.provision(ctx.actor(), ctx.organizationId(), profile);
      return tree(ctx, m);
    } catch (ServiceException e) {
      throw ScimErrors.of(e);
    }
  }

  public Map<String, Object> get(ScimContext ctx, String id) {
    return tree(ctx, require(ctx, id));
  }

  public Map<String, Object> replace(
      ScimContext ctx, String id, Map<String, Object> body, String ifMatch) {
    Membership m = require(ctx, id);
    ScimErrors.requireVersion(ifMatch, m.getVersion());
    Map<String, Object> merged = new HashMap<>(body);
    if (ScimJson.key(merged, "active") == null) {
      // A PUT without "active" (Entra sends them) leaves the user as active as they are.
      merged.put("active", m.isActive());
    }
    return update(ctx, m, merged);
  }

  public Map<String, Object> patch(
      ScimContext ctx, String id, Map<String, Object> request, String ifMatch) {
    Membership m = require(ctx, id);
    ScimErrors.requireVersion(ifMatch, m.getVersion());
    Map<String, Object> current = UserRepresentation.tree(m, ctx.location("Users", m.getId()));
    Map<String, Object> patched =
        new PatchEngine(UserRepresentation.EXTENSIONS).apply(current, request);
    return update(ctx, m, patched);
  }

  public void delete(ScimContext ctx, String id, String ifMatch) {
    Membership m = require(ctx, id);
    ScimErrors.requireVersion(ifMatch, m.getVersion());
    try {
      provisioning.remove(ctx.actor(), ctx.organizationId(), m.getId());
    } catch (ServiceException e) {
      throw ScimErrors.of(e);
    }
  }

  private Map<String, Object> update(ScimContext ctx, Membership m, Map<String, Object> body) {
    var profile = UserRepresentation.profile(body);
    try {
      Membership updated =
          provisioning.update(ctx.actor(), ctx.organizationId(), m.getId(), profile);
      em.flush();
      return tree(ctx, updated);
    } catch (ServiceException e) {
      throw ScimErrors.of(e);
    }
  }

  /**
   * A list request checked and translated, ready for {@link #list}: its filter as a condition, its
   * cursor's position (cursor paging) and its order.
   */
  public record Query(
      ListRequest request,
      FilterTranslator.Condition condition,
      Cursors.Position position,
      String order) {}

  /**
   * Checks a list request and translates it; a 400 ({@link ScimException}) when it cannot run.
   * Callers do this before calling {@link #list}, outside the bean: {@code list} runs without a
   * transaction, and a refusal thrown from inside it would be logged by the server as a rolled-back
   * local transaction (an error and an FFDC incident for each bad filter).
   */
  public static Query query(ListRequest request) {
    FilterTranslator.Condition condition =
        request.filter() == null
            ? null
            : new FilterTranslator(COLUMNS, VALUE_PATHS, FILTERABLE)
                .translate(FilterParser.parse(request.filter()));
    if (request.cursor() != null) {
      if (request.sortBy() != null) {
        throw ScimException.invalidValue("Cursor paging lists in id order; leave out sortBy.");
      }
      return new Query(request, condition, Cursors.position(request.cursor()), " order by m.id");
    }
    String order = " order by " + sortColumn(request) + (request.descending() ? " desc" : "");
    if (!order.endsWith("m.id") && !order.endsWith("m.id desc")) {
      order += ", m.id";
    }
    return new Query(request, condition, null, order);
  }

  /**
   * Lists outside a transaction: it only reads, and a transaction's begin and commit cost about as
   * much CPU as a lookup's query. (The scope stays a list of LIKE conditions on the verified
   * domains, read first: as a subquery on the domain of each email, PostgreSQL misestimates its
   * selectivity and plans a cursor page as a pass over the organization.)
   */
  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public ListResult list(ScimContext ctx, Query query) {
    ListRequest request = query.request();
    int count = request.effectiveCount();
    boolean cursorPaging = request.cursor() != null;
    int startIndex = request.effectiveStartIndex();
    FilterTranslator.Condition condition = query.condition();
    Cursors.Position position = query.position();
    String order = query.order();
    // Here rather than through ProvisioningService, whose call would begin a transaction: the
    // verified domains, and the admin organization's while linked through Shared SSO.
    List<String> domains =
        em
            .createNamedQuery("VerifiedDomain.provisioningScope", VerifiedDomain.class)
            .setParameter("org", ctx.organizationId())
            .getResultList()
            .stream()
            .map(VerifiedDomain::getDomain)
            .toList();
    if (domains.isEmpty()) {
      return new ListResult(List.of(), 0, startIndex, null);
    }
    StringBuilder where = new StringBuilder(" where m.organization.id = :org and (");
    Map<String, Object> params = new HashMap<>();
    params.put("org", ctx.organizationId());
    for (int i = 0; i < domains.size(); i++) {
      where.append(i == 0 ? "" : " or ").append("u.email like :d").append(i);
      params.put("d" + i, "%@" + domains.get(i));
    }
    where.append(")");
    if (condition != null) {
      where.append(" and ").append(condition.jpql());
      params.putAll(condition.parameters());
    }
    String matching = where.toString();
    Map<String, Object> matchingParams = Map.copyOf(params);
    if (count == 0) {
      return new ListResult(List.of(), count(matching, matchingParams), startIndex, null);
    }
    Long carried = null;
    boolean firstPage;
    if (cursorPaging) {
      if (position.after() != null) {
        where.append(" and m.id > :after");
        params.put("after", position.after());
      }
      carried = position.total();
      firstPage = position.after() == null;
    } else {
      firstPage = startIndex == 1;
    }
    TypedQuery<Membership> q =
        em.createQuery(
            "select m from Membership m join fetch m.user u" + where + order, Membership.class);
    params.forEach(q::setParameter);
    if (!cursorPaging) {
      q.setFirstResult(startIndex - 1);
    }
    List<Membership> page = q.setMaxResults(count + 1).getResultList();
    boolean more = page.size() > count;
    if (more) {
      page = page.subList(0, count);
    }
    // totalResults: a first page that holds every match is its own count (a lookup by userName,
    // externalId, email...); later pages of a cursor listing carry the count made for its first
    // page; only the rest counts every match.
    long total;
    if (firstPage && !more) {
      total = page.size();
    } else if (carried != null) {
      total = carried;
    } else {
      total = count(matching, matchingParams);
    }
    String next =
        more && cursorPaging ? Cursors.encode(page.get(page.size() - 1).getId(), total) : null;
    List<Map<String, Object>> resources = new ArrayList<>();
    for (Membership m : page) {
      resources.add(tree(ctx, m));
    }
    return new ListResult(resources, total, cursorPaging ? 1 : startIndex, next);
  }

  /** How many users match the condition: the count query, as few times as possible. */
  private long count(String where, Map<String, Object> params) {
    TypedQuery<Long> countQuery =
        em.createQuery("select count(m) from Membership m join m.user u" + where, Long.class);
    params.forEach(countQuery::setParameter);
    return countQuery.getSingleResult();
  }

  private static String sortColumn(ListRequest request) {
    if (request.sortBy() == null) {
      return "m.id";
    }
    String key = request.sortBy().strip().toLowerCase(Locale.ROOT);
    if (key.startsWith("urn:ietf:params:scim:schemas:core:2.0:user:")) {
      key = key.substring("urn:ietf:params:scim:schemas:core:2.0:user:".length());
    }
    String column = SORT_COLUMNS.get(key);
    if (column == null) {
      throw ScimException.invalidValue(
          "Users can be sorted by id, userName, externalId, displayName, emails, meta.created or"
              + " meta.lastModified.");
    }
    return column;
  }

  private Membership require(ScimContext ctx, String id) {
    return provisioning
        .user(ctx.organizationId(), id)
        .orElseThrow(() -> ScimException.notFound("No User with the id " + id + "."));
  }

  private static Map<String, Object> tree(ScimContext ctx, Membership m) {
    return UserRepresentation.tree(m, ctx.location("Users", m.getId()));
  }
}
