-- Several IdPs per organization (PRODUCT §6): besides the primary IdP of sso_settings, an
-- organization may have additional IdP connections, each with its own entity ID, SSO URL, binding,
-- signing certificates and postback URL, and bound to some of the organization's verified domains.
-- A domain is bound to at most one connection (its primary key); verified domains bound to none
-- log in through the primary IdP. The organization's policies and SP key pair stay in sso_settings.
CREATE TABLE sso_idp_connection (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id),
  name VARCHAR(100) NOT NULL,
  idp_entity_id VARCHAR(1024),
  idp_sso_url VARCHAR(2048),
  idp_sso_binding VARCHAR(8) NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX ix_sso_idp_connection_org ON sso_idp_connection (organization_id);

CREATE TABLE sso_idp_domain (
  domain VARCHAR(253) NOT NULL PRIMARY KEY,
  connection_id VARCHAR(36) NOT NULL REFERENCES sso_idp_connection (id),
  organization_id VARCHAR(36) NOT NULL REFERENCES organization (id)
);
CREATE INDEX ix_sso_idp_domain_connection ON sso_idp_domain (connection_id);

-- NULL: a certificate of the primary IdP.
ALTER TABLE sso_idp_certificate ADD COLUMN connection_id VARCHAR(36);
ALTER TABLE sso_idp_certificate ADD CONSTRAINT fk_sso_idp_certificate_connection
  FOREIGN KEY (connection_id) REFERENCES sso_idp_connection (id);

-- The connection a login request was sent for, and whose response used an assertion; NULL: the
-- primary IdP. Not a foreign key: these rows outlive nothing (removing a connection deletes them).
ALTER TABLE sso_authn_request ADD COLUMN connection_id VARCHAR(36);
ALTER TABLE sso_replay ADD COLUMN connection_id VARCHAR(36);
