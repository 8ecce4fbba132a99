-- Several servers may sweep at once (a timer run that outlasts the next minute on another server,
-- a failover): each sweep takes the due claims it checks by moving their next check to the end of
-- a lease and writing its own id here, so that no claim is checked by two sweeps at once.
ALTER TABLE domain_claim ADD COLUMN check_lease VARCHAR(36);
