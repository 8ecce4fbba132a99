package dev.portcullis.sso.boundary;

import dev.portcullis.audit.control.AuditLog;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.platform.boundary.ServiceException;
import dev.portcullis.sso.control.RecoveryCodes;
import dev.portcullis.sso.entity.RecoveryCode;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * An Owner's own recovery codes for strict SSO (PRODUCT §6): ten one-time codes, shown once when
 * generated, stored hashed; generating again replaces the unused ones. Each Owner manages only
 * their own codes (the operator has none); Enterprise plan only; audited without the codes.
 */
@Stateless
public class RecoveryCodeService {

  @Inject OrgAccess access;

  @Inject RecoveryCodes codes;

  @Inject AuditLog audit;

  @Inject Clock clock;

  /** Ten new codes for the acting Owner, replacing their unused ones: the only time they show. */
  public List<String> generate(Actor actor, String organizationId) {
    Organization org = access.requireAdminLocked(actor, organizationId);
    requireOwner(actor, org);
    List<String> issued = codes.issue(organizationId, actor.userId(), clock.instant());
    audit.record(
        actor,
        organizationId,
        "sso.recovery_codes_generated",
        new AuditLog.Target("user", actor.userId(), actor.label()),
        null,
        Map.of("codes", RecoveryCode.BATCH));
    return issued;
  }

  /** How many unused codes the acting Owner holds in the organization. */
  public long remaining(Actor actor, String organizationId) {
    Organization org = access.requireAdmin(actor, organizationId);
    requireOwner(actor, org);
    return codes.unused(organizationId, actor.userId());
  }

  private void requireOwner(Actor actor, Organization org) {
    if (!org.getPlan().allowsAccessSecurity()) {
      throw ServiceException.forbidden(
          "plan_required", "Single sign-on is part of the Enterprise plan.");
    }
    if (actor.userId() == null
        || access
            .membership(org.getId(), actor.userId())
            .filter(Membership::isActiveOwner)
            .isEmpty()) {
      throw ServiceException.forbidden(
          "owner_required", "Only Owners of " + org.getName() + " hold recovery codes.");
    }
  }
}
