-- Failed sign-ins per email (hashed, so unknown addresses are not collected), for the sign-in rate limit.
create table identity_sign_in_failures (
    subject           text primary key,
    window_started_at timestamptz not null,
    failures          int         not null,
    locked_until      timestamptz
);
