-- SCIM Users and Groups (RFC 7643/7644). A SCIM User of an organization is a membership of a user
-- whose email domain the organization has verified; its SCIM attributes live on the membership, so
-- every index below starts with the organization and one page of a 1,000,000-user organization is a
-- short index range. Keys (*_key) hold the lower-cased value: userName and displayName compare
-- case-insensitively (RFC 7643 §4.1.1) with plain B-tree indexes that Derby and PostgreSQL both
-- have (no expression indexes, which Derby lacks).
ALTER TABLE membership ADD COLUMN user_name VARCHAR(320);
ALTER TABLE membership ADD COLUMN user_name_key VARCHAR(320);
ALTER TABLE membership ADD COLUMN external_id VARCHAR(320);
ALTER TABLE membership ADD COLUMN display_name VARCHAR(320);
ALTER TABLE membership ADD COLUMN display_name_key VARCHAR(320);
ALTER TABLE membership ADD COLUMN title VARCHAR(200);
ALTER TABLE membership ADD COLUMN enterprise VARCHAR(4000);
ALTER TABLE membership ADD COLUMN updated_at TIMESTAMP;

-- Members from before SCIM: their userName is their email (stored normalized, so already lower case).
UPDATE membership SET
  user_name = (SELECT u.email FROM app_user u WHERE u.id = membership.user_id),
  user_name_key = (SELECT u.email FROM app_user u WHERE u.id = membership.user_id),
  updated_at = created_at;

-- The database itself refuses a second userName in one organization, whichever server tries.
ALTER TABLE membership ADD CONSTRAINT uq_membership_user_name UNIQUE (organization_id, user_name_key);
-- Keyset paging and cursors walk (organization_id, id).
CREATE INDEX ix_membership_org_id ON membership (organization_id, id);
CREATE INDEX ix_membership_org_external ON membership (organization_id, external_id);
CREATE INDEX ix_membership_org_display ON membership (organization_id, display_name_key);
CREATE INDEX ix_membership_org_created ON membership (organization_id, created_at);
CREATE INDEX ix_membership_org_updated ON membership (organization_id, updated_at);

-- SCIM Groups are teams.
ALTER TABLE team ADD COLUMN external_id VARCHAR(320);
ALTER TABLE team ADD COLUMN updated_at TIMESTAMP;
UPDATE team SET updated_at = created_at;
CREATE INDEX ix_team_org_id ON team (organization_id, id);
CREATE INDEX ix_team_org_external ON team (organization_id, external_id);
CREATE INDEX ix_team_member_user ON team_member (user_id);

-- Deactivating a user ends every console session that started before this instant.
ALTER TABLE app_user ADD COLUMN sessions_ended_at TIMESTAMP;
