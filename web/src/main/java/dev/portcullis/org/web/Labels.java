package dev.portcullis.org.web;

import dev.portcullis.org.entity.OrgRole;
import dev.portcullis.org.entity.Plan;

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
