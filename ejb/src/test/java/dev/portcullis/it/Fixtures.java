package dev.portcullis.it;

import dev.portcullis.org.boundary.MemberService;
import dev.portcullis.org.boundary.OrganizationService;
import dev.portcullis.org.boundary.OrganizationService.OwnerSpec;
import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Organization;
import dev.portcullis.org.entity.Plan;
import dev.portcullis.platform.boundary.Actor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Arranges test data through the services, as users would create it. Names and emails are unique
 * per call, so tests never see each other's data, even on a database kept from an earlier run.
 */
@Dependent
public class Fixtures {

  public static final String PASSWORD = "correct horse battery staple";

  public static final Actor OPERATOR = Actor.operator("192.0.2.1");

  @Inject OrganizationService organizations;

  @Inject MemberService members;

  /** An organization and one of its members. */
  public record Member(String organizationId, String userId, String email) {
    public Actor actor() {
      return Actor.user(userId, email, "192.0.2.2");
    }
  }

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String uniqueEmail(String prefix) {
    return unique(prefix) + "@it.example";
  }

  /** A new FREE organization whose only member is its Owner (a new user without password). */
  public Member organizationWithOwner() {
    String email = uniqueEmail("owner");
    Organization org =
        organizations.create(
            OPERATOR, unique("Org"), Plan.FREE, new OwnerSpec(email, "Olga", "Owner", null));
    return member(org.getId(), email);
  }

  /** Signs a new user up (with {@link #PASSWORD}) and adds them to the organization. */
  public Member addMember(String organizationId, OrgRole role) {
    String email = uniqueEmail(role.name().toLowerCase());
    organizations.signup(Actor.anonymous(email, "192.0.2.3"), email, PASSWORD, "Tess", "Ter", null);
    members.add(OPERATOR, organizationId, email, role);
    return member(organizationId, email);
  }

  /** The member's current role, read in a transaction of its own. */
  public OrgRole roleOf(Member member) {
    return members.list(OPERATOR, member.organizationId()).stream()
        .filter(m -> m.getUser().getId().equals(member.userId()))
        .map(Membership::getRole)
        .findFirst()
        .orElse(null);
  }

  /** How many Owners the organization has now, read in a transaction of its own. */
  public long ownersOf(String organizationId) {
    return members.list(OPERATOR, organizationId).stream()
        .filter(m -> m.getRole() == OrgRole.OWNER)
        .count();
  }

  private Member member(String organizationId, String email) {
    Membership m =
        members.list(OPERATOR, organizationId).stream()
            .filter(x -> x.getUser().getEmail().equals(email))
            .findFirst()
            .orElseThrow();
    return new Member(organizationId, m.getUser().getId(), email);
  }
}
