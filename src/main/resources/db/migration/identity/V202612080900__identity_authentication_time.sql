-- When and how the holder of a token last proved who they are (RFC 9470 auth_time and amr): set at sign-in and at
-- step-up, copied when a refresh token renews the pair. Signing, exporting and administering need a recent one.
-- Tokens issued before this version have none, and must step up before a guarded action.
alter table identity_access_tokens add column authenticated_at timestamptz;
alter table identity_access_tokens add column auth_method text;
alter table identity_refresh_tokens add column authenticated_at timestamptz;
alter table identity_refresh_tokens add column auth_method text;
