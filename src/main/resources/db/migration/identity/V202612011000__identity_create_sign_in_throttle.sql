-- Sign-in failures counted three ways, each subject hashed (unknown emails and client addresses are not kept in the
-- clear): per email ('email'), per client address ('address') and per email from one address ('pair'). The delays
-- of the sign-in throttle grow from these counts. They replace identity_sign_in_failures, whose per-email lock
-- they supersede; its counts are short-lived and need not be carried over.
create table identity_sign_in_throttle (
    kind            text        not null check (kind in ('address', 'email', 'pair')),
    subject         text        not null,
    failures        int         not null check (failures >= 0),
    last_failure_at timestamptz not null,
    primary key (kind, subject)
);

-- The purge deletes rows by age.
create index identity_sign_in_throttle_last_failure on identity_sign_in_throttle (last_failure_at);

drop table identity_sign_in_failures;
