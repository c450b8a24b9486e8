-- A DUNS number names one company: at most one partner account that was not merged into
-- another holds it. Where several already did, the oldest account keeps it and the others'
-- is cleared (entering it again is refused, saying another account holds it).
UPDATE accounts SET duns = ''
WHERE duns <> '' AND merged_into IS NULL AND id <> (
    SELECT MIN(b.id) FROM accounts b WHERE b.duns = accounts.duns AND b.merged_into IS NULL
);
CREATE UNIQUE INDEX accounts_duns ON accounts (duns) WHERE duns <> '' AND merged_into IS NULL;
