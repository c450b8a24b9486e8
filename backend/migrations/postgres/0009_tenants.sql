-- Directory tenants associated with a partner account. A tenant belongs to at most one account
-- (the unique tenant_id); the first one associated is the primary tenant.
CREATE TABLE tenants (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL UNIQUE,
    primary_domain TEXT NOT NULL,
    display_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    is_primary BIGINT NOT NULL DEFAULT 0,
    associated_by TEXT NOT NULL,
    associated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX tenants_account ON tenants(account_id);

-- A sign-in to a directory started to prove control of a tenant: its state (hashed) is usable
-- once, and holds the PKCE verifier and nonce the answer is checked against.
CREATE TABLE tenant_sign_ins (
    state_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);
