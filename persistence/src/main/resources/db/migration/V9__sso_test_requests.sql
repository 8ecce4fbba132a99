-- Test SSO (PRODUCT §6, "test before enforce"): an AuthnRequest sent for an admin's test of the
-- IdP settings names that admin here (NULL for a real login). The response to such a request is
-- judged and reported, never signs anyone in; a real login cannot use a test request.
ALTER TABLE sso_authn_request ADD COLUMN tested_by VARCHAR(36);
