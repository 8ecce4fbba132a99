package dev.portcullis.org.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.AccessRequest;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Project;
import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.sso.control.SsoPolicy;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user asks to join an organization (optionally for one of its projects); an Owner or Admin
 * approves or denies. Approval adds a MEMBER and, for a project request, a grant on the project.
 */
@Stateless
public class AccessRequestService {

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  @Inject AuditLog audit;

  @Inject Clock clock;

  @Inject SsoPolicy ssoPolicy;

  public AccessRequest request(Actor actor, String organizationId, String projectId) {
    if (actor.userId() == null) {
      throw ServiceException.unauthenticated("Log in to request access.");
    }
    Organization org = em.find(Organization.class, organizationId);
    if (org == null) {
      throw ServiceException.notFound("Organization");
    }
    Project project = null;
    if (projectId != null) {
      project = em.find(Project.class, projectId);
      if (project == null || !project.getOrganization().getId().equals(organizationId)) {
        throw ServiceException.notFound("Project");
      }
    }
    if (projectId == null && access.membership(organizationId, actor.userId()).isPresent()) {
      throw ServiceException.conflict("already_member", "You are already a member.");
    }
    boolean pending =
        !em.createNamedQuery("AccessRequest.pendingFor", AccessRequest.class)
            .setParameter("org", organizationId)
            .setParameter("user", actor.userId())
            .getResultList()
            .isEmpty();
    if (pending) {
      throw ServiceException.conflict("already_requested", "Your request is already pending.");
    }
    User user = em.find(User.class, actor.userId());
    if (access.membership(organizationId, user.getId()).isEmpty()) {
      Optional<SsoPolicy.Route> sso = ssoPolicy.accessRequestRoute(user.getEmail(), organizationId);
      if (sso.isPresent()) {
        throw ServiceException.forbidden("sso_required", SsoPolicy.managedAccessMessage(sso.get()));
      }
    }
    AccessRequest r = new AccessRequest(org, project, user, clock.instant());
    em.persist(r);
    audit.record(
        actor,
        organizationId,
        "access_request.created",
        new AuditLog.Target("access_request", r.getId(), user.getEmail()),
        null,
        project == null ? Map.of() : Map.of("project", project.getName()));
    return r;
  }

  public List<AccessRequest> pending(Actor actor, String organizationId) {
    access.requireAdmin(actor, organizationId);
    return em.createNamedQuery("AccessRequest.pendingByOrganization", AccessRequest.class)
        .setParameter("org", organizationId)
        .getResultList();
  }

  public AccessRequest decide(
      Actor actor, String organizationId, String requestId, boolean approve) {
    Organization org = access.requireAdmin(actor, organizationId);
    AccessRequest r = requestId == null ? null : em.find(AccessRequest.class, requestId);
    if (r == null || !r.getOrganization().getId().equals(organizationId)) {
      throw ServiceException.notFound("Access request");
    }
    if (r.getStatus() != AccessRequest.Status.PENDING) {
      throw ServiceException.conflict("already_decided", "This request was already decided.");
    }
    Instant now = clock.instant();
    User decider = actor.userId() == null ? null : em.find(User.class, actor.userId());
    r.decide(approve, decider, now);
    if (approve) {
      User user = r.getUser();
      if (access.membership(organizationId, user.getId()).isEmpty()) {
        access.requireUserNameFree(organizationId, user.getEmail());
        em.persist(new Membership(org, user, OrgRole.MEMBER, now));
      }
      if (r.getProject() != null) {
        r.getProject().grant(user);
      }
    }
    audit.record(
        actor,
        organizationId,
        approve ? "access_request.approved" : "access_request.denied",
        new AuditLog.Target("access_request", r.getId(), r.getUser().getEmail()),
        null,
        r.getProject() == null ? Map.of() : Map.of("project", r.getProject().getName()));
    return r;
  }
}
