-- Groups to roles (PRODUCT §6): a team can carry an organization role, which each of its members
-- then has at least. ADMIN, or MEMBER for none; never OWNER (Owners are appointed by Owners, one
-- by one, so "at least one Owner" stays a matter of the members' own roles).
ALTER TABLE team ADD COLUMN role VARCHAR(16) DEFAULT 'MEMBER' NOT NULL;
ALTER TABLE team ADD CONSTRAINT ck_team_role CHECK (role IN ('ADMIN', 'MEMBER'));

-- The highest role among a member's teams in the organization (MEMBER for none), stored on the
-- membership and recomputed with every change of team membership, a team's role or a team's
-- existence: authorization checks read the membership row alone and never join the teams.
-- No team carries a role yet, so MEMBER is right for every existing membership.
ALTER TABLE membership ADD COLUMN team_role VARCHAR(16) DEFAULT 'MEMBER' NOT NULL;
ALTER TABLE membership ADD CONSTRAINT ck_membership_team_role
  CHECK (team_role IN ('ADMIN', 'MEMBER'));
