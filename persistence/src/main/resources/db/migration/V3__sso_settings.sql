-- SAML single sign-on: one row of settings per organization (with the organization's own SP key
-- pair, the private key encrypted by the application), and the IdP signing certificates.
-- Binary values are stored as base64 text so the same DDL works on Derby and PostgreSQL.
CREATE TABLE sso_settings (
  organization_id VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES organization (id),
  enabled BOOLEAN NOT NULL,
  require_sso BOOLEAN NOT NULL,
  idp_managed_access BOOLEAN NOT NULL,
  allow_idp_initiated BOOLEAN NOT NULL,
  idp_entity_id VARCHAR(1024),
  idp_sso_url VARCHAR(2048),
  sp_private_key VARCHAR(8000) NOT NULL,
  sp_certificate VARCHAR(8000) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version BIGINT NOT NULL
);

CREATE TABLE sso_idp_certificate (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  subject VARCHAR(1024) NOT NULL,
  sha256 VARCHAR(95) NOT NULL,
  not_after TIMESTAMP NOT NULL,
  der VARCHAR(16000) NOT NULL,
  added_at TIMESTAMP NOT NULL,
  CONSTRAINT uq_sso_idp_certificate UNIQUE (organization_id, sha256)
);
CREATE INDEX ix_sso_idp_certificate_org ON sso_idp_certificate (organization_id);

-- Assertion IDs already accepted, shared by all servers; the primary key refuses a second use.
CREATE TABLE sso_replay (
  assertion_id VARCHAR(256) NOT NULL PRIMARY KEY,
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  expires_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_sso_replay_expires ON sso_replay (expires_at);
