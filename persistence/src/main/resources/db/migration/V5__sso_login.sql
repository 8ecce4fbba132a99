-- SP-initiated SAML logins: every AuthnRequest sent and not yet answered, in the database so that
-- a login started on one server can finish on another. Each is bound to the browser that started
-- it through the SHA-256 (hex) of a random value that only that browser holds, in a cookie. A
-- request expires after ten minutes and is consumed by the first response that answers it.
CREATE TABLE sso_authn_request (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  browser_hash VARCHAR(64) NOT NULL,
  return_to VARCHAR(1024),
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  consumed_at TIMESTAMP
);
CREATE INDEX ix_sso_authn_request_expires ON sso_authn_request (expires_at);

-- How AuthnRequests reach the IdP's SSO URL: REDIRECT (HTTP-Redirect, the default) or POST
-- (HTTP-POST), as the IdP's metadata or its administrator says.
ALTER TABLE sso_settings ADD COLUMN idp_sso_binding VARCHAR(8) DEFAULT 'REDIRECT' NOT NULL;
