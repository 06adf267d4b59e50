-- The purge of access tokens deletes them by expiry and revocation time.
create index identity_access_tokens_expiry on identity_access_tokens (expires_at);
create index identity_access_tokens_revoked on identity_access_tokens (revoked_at) where revoked_at is not null;
