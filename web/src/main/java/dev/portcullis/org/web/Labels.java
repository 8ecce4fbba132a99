package dev.portcullis.org.web;

import dev.portcullis.org.entity.Membership;
import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Plan;
import java.util.List;

/** How roles and plans read in the console. */
public final class Labels {

  private Labels() {}

  public static String role(OrgRole role) {
    if (role == null) {
      return "";
    }
    return switch (role) {
      case OWNER -> "Owner";
      case ADMIN -> "Admin";
      case MEMBER -> "Member";
    };
  }

  /** The role a member acts with, "Admin (via a team)" when a team raises it above their own. */
  public static String effectiveRole(Membership m) {
    String role = role(m.getEffectiveRole());
    return m.isRoleRaisedByTeam() ? role + " (" + via(null) + ")" : role;
  }

  /** "via team X", "via teams X, Y", or "via a team" when unnamed. */
  public static String via(List<String> roleTeams) {
    if (roleTeams == null || roleTeams.isEmpty()) {
      return "via a team";
    }
    return (roleTeams.size() == 1 ? "via team " : "via teams ") + String.join(", ", roleTeams);
  }

  public static String plan(Plan plan) {
    if (plan == null) {
      return "";
    }
    return switch (plan) {
      case FREE -> "Free";
      case GROWTH -> "Growth";
      case ENTERPRISE -> "Enterprise";
    };
  }
}
