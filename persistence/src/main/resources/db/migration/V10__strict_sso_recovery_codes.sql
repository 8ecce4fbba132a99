-- Break-glass choices (PRODUCT §6): with strict SSO nobody whose email is in the organization's
-- verified domains logs in with a password, Owners and Admins included; Owners keep one-time
-- recovery codes instead. Only the SHA-256 of a code is stored (codes carry 80 random bits).
ALTER TABLE sso_settings ADD COLUMN strict_sso BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE sso_recovery_code (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  user_id VARCHAR(36) NOT NULL REFERENCES app_user (id),
  code_hash VARCHAR(64) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  used_at TIMESTAMP,
  CONSTRAINT uq_sso_recovery_code_hash UNIQUE (code_hash)
);
CREATE INDEX ix_sso_recovery_code_owner ON sso_recovery_code (organization_id, user_id);
