-- Emergency access ("break-glass"): a medical director or an administrator opens a case outside their grants by
-- stating a reason. The access itself is a grant of reason BREAK_GLASS that expires by itself; this keeps the
-- reasons, for the patient's access log and the medical directors' review. Never deleted.
create table intake_break_glass (
    id          uuid primary key,
    case_id     uuid        not null references intake_cases (id),
    account_id  uuid        not null,
    role        text        not null,
    reason      text        not null,
    opened_at   timestamptz not null,
    expires_at  timestamptz not null
);
create index intake_break_glass_opened on intake_break_glass (opened_at desc);
