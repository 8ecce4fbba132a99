-- Sweeps read the due claims page by page in (next_check_at, id) order, the id breaking the ties
-- that are the rule (every claim re-checked by one sweep is next due at the same instant). With
-- both columns in the index each page is a short index range instead of a sort of all due claims.
DROP INDEX ix_domain_claim_due;
CREATE INDEX ix_domain_claim_due ON domain_claim (next_check_at, id);
