package dev.portcullis.sso.control;

import dev.portcullis.domainclaim.entity.VerifiedDomain;
import dev.portcullis.org.control.OrgAccess;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.platform.control.Databases;
import dev.portcullis.platform.control.EmailAddress;
import dev.portcullis.sso.entity.IdpConnection;
import dev.portcullis.sso.entity.IdpDomain;
import dev.portcullis.sso.entity.SsoLink;
import dev.portcullis.sso.entity.SsoSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which emails single sign-on applies to (PRODUCT §3): an email whose domain is a verified domain
 * of an Enterprise organization with SSO on logs in through that organization's IdP; with Require
 * SSO on, it must (Owners and Admins of that organization keep their password: break-glass, unless
 * the organization chose strict SSO, where nobody does and Owners use recovery codes). Emails of
 * unclaimed domains are untouched.
 */
@Dependent
public class SsoPolicy {

  /** The organization whose IdP an email logs in through. */
  public record Route(
      String organizationId,
      String organizationName,
      boolean requireSso,
      boolean strictSso,
      boolean idpManagedAccess,
      String connectionId) {}

  @PersistenceContext EntityManager em;

  @Inject OrgAccess access;

  /** Where a normalized email logs in with SSO, if anywhere. */
  public Optional<Route> route(String normalizedEmail) {
    VerifiedDomain domain = em.find(VerifiedDomain.class, EmailAddress.domainOf(normalizedEmail));
    if (domain == null) {
      return Optional.empty();
    }
    if (linked(domain.getOrganizationId())) {
      // Shared SSO: a linked organization's own domains and settings are ignored while linked
      return Optional.empty();
    }
    Organization org = em.find(Organization.class, domain.getOrganizationId());
    SsoSettings settings = em.find(SsoSettings.class, domain.getOrganizationId());
    if (org == null
        || !org.getPlan().allowsAccessSecurity()
        || settings == null
        || !settings.isEnabled()) {
      return Optional.empty();
    }
    return Optional.of(
        new Route(
            org.getId(),
            org.getName(),
            settings.isRequireSso(),
            settings.isStrictSso(),
            settings.isIdpManagedAccess(),
            boundConnection(org.getId(), domain.getDomain())));
  }

  /**
   * The IdP connection of the organization a verified domain of it is bound to; null: the primary
   * IdP.
   */
  public String boundConnection(String organizationId, String domain) {
    IdpDomain bound = em.find(IdpDomain.class, domain);
    return bound != null && bound.getOrganizationId().equals(organizationId)
        ? bound.getConnectionId()
        : null;
  }

  /**
   * Why an SSO login of an email of {@code domain} through the organization's IdP {@code
   * connectionId} (null: the primary IdP) is refused, or null when the domain is the organization's
   * and logs in through exactly that IdP. An IdP of one connection never logs in users of another
   * connection's domains, nor the primary IdP those of a connection.
   */
  public String domainRefusal(String organizationId, String connectionId, String domain) {
    Object[] owner =
        em.createNamedQuery("IdpDomain.ownerOf", Object[].class)
            .setParameter("domain", domain)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (owner == null || !organizationId.equals(owner[0])) {
      return "The email's domain " + domain + " is not verified by this organization.";
    }
    String bound = organizationId.equals(owner[1]) ? (String) owner[2] : null;
    if (Objects.equals(bound, connectionId)) {
      return null;
    }
    if (bound == null) {
      return "The email's domain "
          + domain
          + " logs in through this organization's primary identity provider, not this one.";
    }
    IdpConnection other = em.find(IdpConnection.class, bound);
    return "The email's domain "
        + domain
        + " is bound to another identity provider of this organization"
        + (other == null ? "" : " (" + other.getName() + ")")
        + ", not this one.";
  }

  /**
   * What an SSO login at an organization's postback URL needs to know of it, read in one round
   * trip: the organization, its SSO settings and whether it is linked to an admin organization
   * (Shared SSO). Empty when the organization or its SSO settings do not exist. The entities are
   * read-only (not tracked for changes): a login changes neither.
   */
  public Optional<LoginContext> loginContext(String organizationId) {
    if (organizationId == null || organizationId.length() > 36) {
      return Optional.empty();
    }
    return em.createNamedQuery("SsoSettings.forLogin", Object[].class)
        .setParameter("org", organizationId)
        .setHint(Databases.READ_ONLY, true)
        .getResultStream()
        .findFirst()
        .map(r -> new LoginContext((Organization) r[0], (SsoSettings) r[1], r[2] != null));
  }

  /** See {@link #loginContext}. */
  public record LoginContext(Organization organization, SsoSettings settings, boolean linked) {}

  /**
   * Whether the organization is linked to an admin organization (Shared SSO): its own SSO settings
   * and verified domains are ignored then.
   */
  public boolean linked(String organizationId) {
    return organizationId != null
        && organizationId.length() <= 36
        && em.find(SsoLink.class, organizationId) != null;
  }

  /** The organizations linked to the admin organization (Shared SSO), oldest link first. */
  public List<SsoLink> linkedTo(String adminOrganizationId) {
    return em.createNamedQuery("SsoLink.byAdmin", SsoLink.class)
        .setParameter("org", adminOrganizationId)
        .getResultList();
  }

  /** The route when it leaves this email no password login, unless its user may break glass. */
  public Optional<Route> requiredRoute(String normalizedEmail) {
    return route(normalizedEmail).filter(Route::requireSso);
  }

  /**
   * The route when a password sign-up with this email must go through SSO instead: Require SSO, or
   * IdP Managed Access (the first SSO login creates the account).
   */
  public Optional<Route> signupRoute(String normalizedEmail) {
    return route(normalizedEmail).filter(r -> r.requireSso() || r.idpManagedAccess());
  }

  /**
   * The route when someone of this email asking for access to the organization must log in through
   * its IdP first: IdP Managed Access, where that login makes them a member (JIT).
   */
  public Optional<Route> accessRequestRoute(String normalizedEmail, String organizationId) {
    return route(normalizedEmail)
        .filter(Route::idpManagedAccess)
        .filter(r -> r.organizationId().equals(organizationId));
  }

  /** The message sign-up and access requests get when the IdP manages the organization's access. */
  public static String managedAccessMessage(Route route) {
    return route.organizationName()
        + " manages access through its identity provider: log in with single sign-on; your"
        + " account joins "
        + route.organizationName()
        + " at that first login.";
  }

  /**
   * Owners and Admins of the organization keep their password under Require SSO, unless the
   * organization chose strict SSO.
   */
  public boolean mayBreakGlass(Route route, String userId) {
    return !route.strictSso()
        && access
            .membership(route.organizationId(), userId)
            .filter(Membership::canAdminister)
            .isPresent();
  }

  /** The message a password login or sign-up gets when this route requires SSO. */
  public static String ssoRequiredMessage(Route route) {
    return route.organizationName()
        + " requires single sign-on for this email address: log in through your identity"
        + " provider.";
  }
}
