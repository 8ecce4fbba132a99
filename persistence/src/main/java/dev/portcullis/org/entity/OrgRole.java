package dev.portcullis.org.entity;

/** Organization role of a member. Owners and Admins administer the organization. */
public enum OrgRole {
  OWNER,
  ADMIN,
  MEMBER;

  public boolean isAdministrator() {
    return this == OWNER || this == ADMIN;
  }
}
