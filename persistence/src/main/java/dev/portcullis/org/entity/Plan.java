package dev.portcullis.org.entity;

/** Billing plan of an organization; SSO, IdP-managed access and SCIM need {@link #ENTERPRISE}. */
public enum Plan {
  FREE,
  GROWTH,
  ENTERPRISE;

  public boolean allowsAccessSecurity() {
    return this == ENTERPRISE;
  }
}
