package dev.portcullis.org.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Groups to roles (PRODUCT §6): the role a member acts with, from their own and their teams'. */
class MembershipTest {

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private final Organization org = new Organization("Acme", Plan.ENTERPRISE, NOW);

  private Membership member(OrgRole own) {
    return new Membership(org, new User("ann@acme.test", "Ann", "Lee", NOW), own, NOW);
  }

  @Test
  void anAdminTeamMakesAMemberAnAdministratorAndTakingItAwayUndoesIt() {
    Membership m = member(OrgRole.MEMBER);
    assertFalse(m.canAdminister());

    assertTrue(m.deriveTeamRole(OrgRole.ADMIN));
    assertEquals(OrgRole.ADMIN, m.getEffectiveRole());
    assertEquals(OrgRole.MEMBER, m.getRole(), "their own role stays");
    assertTrue(m.isRoleRaisedByTeam());
    assertTrue(m.canAdminister());

    assertTrue(m.deriveTeamRole(null));
    assertEquals(OrgRole.MEMBER, m.getEffectiveRole());
    assertFalse(m.canAdminister());
    assertFalse(m.deriveTeamRole(OrgRole.MEMBER), "nothing changed");
  }

  @Test
  void aTeamNeverLowersNorRaisesToOwner() {
    Membership owner = member(OrgRole.OWNER);
    owner.deriveTeamRole(OrgRole.ADMIN);
    assertEquals(OrgRole.OWNER, owner.getEffectiveRole());
    assertFalse(owner.isRoleRaisedByTeam());
    assertTrue(owner.isActiveOwner());

    Membership admin = member(OrgRole.ADMIN);
    admin.deriveTeamRole(OrgRole.ADMIN);
    assertFalse(admin.isRoleRaisedByTeam(), "an Admin in an Admin team owes nothing to it");

    Membership m = member(OrgRole.MEMBER);
    assertThrows(IllegalArgumentException.class, () -> m.deriveTeamRole(OrgRole.OWNER));
    assertEquals(OrgRole.MEMBER, m.getEffectiveRole());
  }

  @Test
  void anInactiveMemberAdministersNothingWhateverTheirTeams() {
    Membership m = member(OrgRole.MEMBER);
    m.deriveTeamRole(OrgRole.ADMIN);
    m.deactivate();
    assertFalse(m.canAdminister());
  }

  @Test
  void teamsCarryAdminOrNothingButNeverOwner() {
    Team t = new Team(org, "Platform", NOW);
    assertEquals(OrgRole.MEMBER, t.getRole());
    assertFalse(t.carriesRole());
    assertTrue(t.carry(OrgRole.ADMIN, NOW));
    assertTrue(t.carriesRole());
    assertFalse(t.carry(OrgRole.ADMIN, NOW));
    assertThrows(IllegalArgumentException.class, () -> t.carry(OrgRole.OWNER, NOW));
    assertEquals(OrgRole.ADMIN, t.getRole());
  }

  @Test
  void atLeastIsTheHigherRole() {
    assertEquals(OrgRole.OWNER, OrgRole.MEMBER.atLeast(OrgRole.OWNER));
    assertEquals(OrgRole.OWNER, OrgRole.OWNER.atLeast(OrgRole.ADMIN));
    assertEquals(OrgRole.ADMIN, OrgRole.ADMIN.atLeast(OrgRole.MEMBER));
    assertEquals(OrgRole.MEMBER, OrgRole.MEMBER.atLeast(null));
  }
}
