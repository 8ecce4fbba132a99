-- Periodic refresh of an IdP's settings from its metadata URL (PRODUCT §6, certificate rollover),
-- for the primary IdP (sso_settings) and each additional IdP connection. NULL URL: no refresh.
-- metadata_refresh_attempted_at is the last attempt (success or failure), which decides when the
-- next periodic refresh is due; metadata_refresh_error is the last failure's message, cleared on
-- success.
ALTER TABLE sso_settings ADD COLUMN idp_metadata_url VARCHAR(2048);
ALTER TABLE sso_settings ADD COLUMN metadata_refreshed_at TIMESTAMP;
ALTER TABLE sso_settings ADD COLUMN metadata_refresh_attempted_at TIMESTAMP;
ALTER TABLE sso_settings ADD COLUMN metadata_refresh_error VARCHAR(1000);

ALTER TABLE sso_idp_connection ADD COLUMN idp_metadata_url VARCHAR(2048);
ALTER TABLE sso_idp_connection ADD COLUMN metadata_refreshed_at TIMESTAMP;
ALTER TABLE sso_idp_connection ADD COLUMN metadata_refresh_attempted_at TIMESTAMP;
ALTER TABLE sso_idp_connection ADD COLUMN metadata_refresh_error VARCHAR(1000);
