-- SCIM bearer tokens of an organization (PRODUCT §4, §6). Only the SHA-256 of a token is kept.
-- A token is valid while it is not revoked (revoked_at NULL or, during a rotation's grace period,
-- still in the future) and not expired (expires_at NULL or in the future). use_count counts every
-- authenticated request; last_used_at is written at most about once a minute.
CREATE TABLE scim_token (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP,
  revoked_at TIMESTAMP,
  last_used_at TIMESTAMP,
  use_count BIGINT NOT NULL
);
CREATE INDEX ix_scim_token_org ON scim_token (organization_id, created_at);
