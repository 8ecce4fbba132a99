package dev.portcullis.sso.boundary;

import dev.portcullis.org.entity.User;
import dev.portcullis.platform.boundary.Actor;
import dev.portcullis.provisioning.boundary.ProvisioningService;
import dev.portcullis.sso.control.IdpAttributes;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.List;
import java.util.Map;

/**
 * Just-in-time provisioning at an SSO login under IdP Managed Access (PRODUCT §3): someone of the
 * organization's verified domains whom the IdP let in becomes a MEMBER with nothing beyond what all
 * users get, named after the assertion's first and last name. It goes through the same {@link
 * ProvisioningService} as SCIM, in a transaction of its own, so that when two first logins of one
 * person race, one creates the user and the other, refused by the database's uniqueness, finds it.
 */
@Stateless
public class JitProvisioning {

  @EJB ProvisioningService provisioning;

  /** Provisions the person; throws {@code uniqueness} (409) when someone provisioned them first. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public String provision(
      String organizationId,
      String normalizedEmail,
      Map<String, List<String>> attributes,
      String clientAddress) {
    return provisioning
        .provision(
            actor(normalizedEmail, clientAddress),
            organizationId,
            profile(normalizedEmail, attributes))
        .getUser()
        .getId();
  }

  /**
   * Shared SSO: provisions the person, whom the admin organization's IdP logged in, into the linked
   * organization {@code organizationId}; as {@link #provision} otherwise.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public String provisionShared(
      String organizationId,
      String adminOrganizationId,
      String normalizedEmail,
      Map<String, List<String>> attributes,
      String clientAddress) {
    return provisioning
        .provisionShared(
            actor(normalizedEmail, clientAddress),
            organizationId,
            adminOrganizationId,
            profile(normalizedEmail, attributes))
        .getUser()
        .getId();
  }

  private static ProvisioningService.UserProfile profile(
      String normalizedEmail, Map<String, List<String>> attributes) {
    ProvisioningService.UserProfile profile =
        new ProvisioningService.UserProfile(
            normalizedEmail,
            normalizedEmail,
            fit(IdpAttributes.firstName(attributes)),
            fit(IdpAttributes.lastName(attributes)),
            null,
            null,
            null,
            null,
            true);
    return profile;
  }

  /**
   * Adds the user to the teams the IdP's groups name (existing teams only), in a transaction of its
   * own: two logins joining one team at once meet on the team's version, and the loser tries again
   * instead of failing the login.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<String> joinTeams(
      String organizationId,
      String userId,
      String normalizedEmail,
      List<String> groups,
      String clientAddress) {
    return provisioning.joinTeams(
        actor(normalizedEmail, clientAddress), organizationId, userId, groups);
  }

  /** Who JIT entries in the audit log name: the SSO login of that email. */
  static Actor actor(String normalizedEmail, String clientAddress) {
    return Actor.anonymous("sso:" + normalizedEmail, clientAddress);
  }

  /** Names longer than the user record holds are cut, not refused: the IdP owns them. */
  private static String fit(String name) {
    return name == null || name.length() <= User.MAX_NAME_LENGTH
        ? name
        : name.substring(0, User.MAX_NAME_LENGTH);
  }
}
