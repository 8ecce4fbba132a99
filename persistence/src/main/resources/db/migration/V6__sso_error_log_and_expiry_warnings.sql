-- The SSO error log (PRODUCT §6): every refused SSO attempt of an organization, kept for 7 days so
-- its admins can see why logins fail. The email is the one the response asserted, when it got that
-- far; the client address is the browser's that posted the response.
CREATE TABLE sso_error (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  occurred_at TIMESTAMP NOT NULL,
  reference VARCHAR(16) NOT NULL,
  reason VARCHAR(1024) NOT NULL,
  email VARCHAR(320),
  client_address VARCHAR(64)
);
CREATE INDEX ix_sso_error_org_time ON sso_error (organization_id, occurred_at);
CREATE INDEX ix_sso_error_time ON sso_error (occurred_at);

-- Expiry warnings of IdP signing certificates go out at 30, 7 and 1 days before notAfter, each
-- once: the smallest threshold (in days) already sent for the certificate, NULL before the first.
ALTER TABLE sso_idp_certificate ADD COLUMN expiry_warned_days INTEGER;
