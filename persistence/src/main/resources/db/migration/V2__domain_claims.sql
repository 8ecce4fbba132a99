-- Domain claiming: claims with their DNS verification state, and the one-organization-per-domain
-- rule, which the primary key of verified_domain enforces even when two servers verify at once.
CREATE TABLE domain_claim (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  domain VARCHAR(253) NOT NULL,
  token VARCHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL,
  status_reason VARCHAR(500),
  created_at TIMESTAMP NOT NULL,
  verified_at TIMESTAMP,
  last_checked_at TIMESTAMP,
  last_check_result VARCHAR(16),
  next_check_at TIMESTAMP,
  attempts INTEGER NOT NULL,
  absent_since TIMESTAMP,
  warned_at TIMESTAMP,
  version BIGINT NOT NULL,
  CONSTRAINT uq_domain_claim_org_domain UNIQUE (organization_id, domain)
);
CREATE INDEX ix_domain_claim_domain ON domain_claim (domain);
CREATE INDEX ix_domain_claim_due ON domain_claim (next_check_at);

CREATE TABLE verified_domain (
  domain VARCHAR(253) NOT NULL PRIMARY KEY,
  claim_id VARCHAR(36) NOT NULL REFERENCES domain_claim (id),
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  verified_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_verified_domain_claim UNIQUE (claim_id)
);
CREATE INDEX ix_verified_domain_org ON verified_domain (organization_id);
