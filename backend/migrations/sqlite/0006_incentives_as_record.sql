-- Incentives settings move into the shared versioned records (one mechanism for every
-- single-record form), keeping their values, versions and last change.
INSERT INTO account_records (account_id, kind, data, version, updated_at, updated_by)
SELECT account_id, 'incentives',
       json_object('payment_contact_name', payment_contact_name,
                   'payment_contact_email', payment_contact_email,
                   'claims_email', claims_email),
       version, updated_at, updated_by
FROM incentive_settings;
DROP TABLE incentive_settings;
