-- Step-up through the IdP (PRODUCT §2): an Owner or Admin without a password confirms a sensitive
-- change (claiming a domain) by logging in again at the identity provider that serves their email.
-- The AuthnRequest sent for it (with ForceAuthn) names that user here; NULL for logins and Test SSO.
-- Its answer never signs anyone in, and a login cannot use such a request.
ALTER TABLE sso_authn_request ADD COLUMN step_up_of VARCHAR(36);

-- What an accepted answer leaves: a re-confirmation of that user for the browser that asked. The
-- user's console session in that browser takes it (attached_at), and one change spends it (used_at),
-- within five minutes of the answer. The ten-minute SSO purge drops expired ones.
CREATE TABLE step_up_reconfirmation (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  user_id VARCHAR(36) NOT NULL REFERENCES app_user (id),
  browser_hash VARCHAR(64) NOT NULL,
  return_to VARCHAR(1024),
  reference VARCHAR(16) NOT NULL,
  authn_instant TIMESTAMP NOT NULL,
  confirmed_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  attached_at TIMESTAMP,
  used_at TIMESTAMP
);
CREATE INDEX ix_step_up_reconfirmation_expires ON step_up_reconfirmation (expires_at);
