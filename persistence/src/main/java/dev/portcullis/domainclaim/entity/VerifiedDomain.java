package dev.portcullis.domainclaim.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The fact that one organization owns a domain. Its primary key is the domain, so the database
 * itself refuses a second verified owner, whichever server tries.
 */
@Entity
@Table(name = "verified_domain")
@NamedQuery(
    name = "VerifiedDomain.byDomains",
    query = "select v from VerifiedDomain v where v.domain in :domains")
@NamedQuery(
    name = "VerifiedDomain.byOrganization",
    query = "select v from VerifiedDomain v where v.organizationId = :org order by v.domain")
// What an organization's provisioning (SCIM) reaches: its own verified domains and, while it is
// linked through Shared SSO, those of its admin organization (whose IdP manages those people).
@NamedQuery(
    name = "VerifiedDomain.provisioningScope",
    query =
        "select v from VerifiedDomain v where v.organizationId = :org or v.organizationId in"
            + " (select l.adminOrganizationId from SsoLink l where l.organizationId = :org)"
            + " order by v.domain")
public class VerifiedDomain {

  @Id
  @Column(length = 253)
  private String domain;

  @Column(name = "claim_id", nullable = false, length = 36)
  private String claimId;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  @Column(name = "verified_at", nullable = false)
  private Instant verifiedAt;

  protected VerifiedDomain() {}

  public VerifiedDomain(DomainClaim claim, Instant now) {
    this.domain = claim.getDomain();
    this.claimId = claim.getId();
    this.organizationId = claim.getOrganization().getId();
    this.verifiedAt = now;
  }

  /** Shared SSO: the domain now belongs to the admin organization its claim moved to. */
  public void transferTo(String adminOrganizationId) {
    this.organizationId = adminOrganizationId;
  }

  public String getDomain() {
    return domain;
  }

  public String getClaimId() {
    return claimId;
  }

  public String getOrganizationId() {
    return organizationId;
  }

  public Instant getVerifiedAt() {
    return verifiedAt;
  }
}
