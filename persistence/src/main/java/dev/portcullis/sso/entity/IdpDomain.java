package dev.portcullis.sso.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.Objects;

/**
 * A verified domain of an organization bound to one of its {@link IdpConnection}s: emails of the
 * domain log in through that IdP, and only that IdP may log them in. The domain is the primary key,
 * so the database itself keeps a domain bound to one connection at most. A binding counts only
 * while the domain is still verified by the same organization.
 */
@Entity
@Table(name = "sso_idp_domain")
@NamedQuery(
    name = "IdpDomain.byConnection",
    query = "select d from IdpDomain d where d.connectionId = :connection order by d.domain")
@NamedQuery(
    name = "IdpDomain.byOrganization",
    query = "select d from IdpDomain d where d.organizationId = :org order by d.domain")
/*
 * Who verified a domain and which IdP connection of theirs it is bound to (null: none), in one
 * round trip; no row when nobody verified it.
 */
@NamedQuery(
    name = "IdpDomain.ownerOf",
    query =
        "select v.organizationId, d.organizationId, d.connectionId from VerifiedDomain v"
            + " left join IdpDomain d on d.domain = v.domain where v.domain = :domain")
public class IdpDomain {

  @Id
  @Column(length = 253)
  private String domain;

  @Column(name = "connection_id", nullable = false, length = 36)
  private String connectionId;

  @Column(name = "organization_id", nullable = false, length = 36)
  private String organizationId;

  protected IdpDomain() {}

  public IdpDomain(String domain, IdpConnection connection) {
    this.domain = Objects.requireNonNull(domain);
    this.connectionId = connection.getId();
    this.organizationId = connection.getOrganizationId();
  }

  public String getDomain() {
    return domain;
  }

  public String getConnectionId() {
    return connectionId;
  }

  public String getOrganizationId() {
    return organizationId;
  }
}
