-- Shared SSO (PRODUCT §3): an admin organization shares its IdP and verified domains with linked
-- organizations. A linking code is shown once to the admin organization's Owner; only its SHA-256
-- is kept, it expires and is used once.
CREATE TABLE sso_link_code (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  admin_organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  code_hash VARCHAR(64) NOT NULL,
  created_by VARCHAR(36),
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  used_at TIMESTAMP,
  used_by_organization_id VARCHAR(36),
  CONSTRAINT uq_sso_link_code_hash UNIQUE (code_hash)
);
CREATE INDEX ix_sso_link_code_admin ON sso_link_code (admin_organization_id);

-- A linked organization: its primary key makes it link to one admin organization at most.
CREATE TABLE sso_link (
  organization_id VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES organization (id),
  admin_organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  linked_at TIMESTAMP NOT NULL,
  linked_by VARCHAR(36)
);
CREATE INDEX ix_sso_link_admin ON sso_link (admin_organization_id);
