-- IdP Managed Access (PRODUCT §3): the SAML attribute whose values name the teams a user joins at
-- an SSO login; NULL reads the attributes Okta, Entra, Google and OneLogin usually send groups in.
ALTER TABLE sso_settings ADD COLUMN group_attribute VARCHAR(256);

-- When single sign-on was first turned on: the console preselects IdP Managed Access then.
ALTER TABLE sso_settings ADD COLUMN first_enabled_at TIMESTAMP;
