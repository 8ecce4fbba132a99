package dev.portcullis.org.entity;

/**
 * Organization role of a member. Owners and Admins administer the organization. Declared from the
 * highest to the lowest, which {@link #atLeast} relies on.
 */
public enum OrgRole {
  OWNER,
  ADMIN,
  MEMBER;

  public boolean isAdministrator() {
    return this == OWNER || this == ADMIN;
  }

  /** The higher of this role and {@code other} (null counts as no role at all). */
  public OrgRole atLeast(OrgRole other) {
    return other == null || ordinal() <= other.ordinal() ? this : other;
  }

  /**
   * Whether a team may carry this role: Admin, or Member (no role beyond membership). Never Owner:
   * Owners are appointed by Owners one by one, so that "at least one Owner" stays a matter of the
   * members' own roles.
   */
  public boolean teamMayCarry() {
    return this != OWNER;
  }
}
