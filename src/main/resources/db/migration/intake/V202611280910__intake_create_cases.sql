create sequence intake_case_reference_seq;

create table intake_cases (
    id                uuid primary key,
    reference         text        not null unique,
    patient_id        uuid        not null,
    status            text        not null,
    diagnosis         text        not null,
    icd10_code        text,
    cancer_type       text,
    stage             text,
    biomarkers        text,
    treatment_so_far  text,
    proposed_plan     text,
    specialty         text        not null,
    urgency           text        not null,
    decision_deadline date,
    coordinator_id    uuid,
    specialist_id     uuid,
    decline_reason    text,
    opened_at         timestamptz not null,
    submitted_at      timestamptz,
    updated_at        timestamptz not null,
    version           bigint      not null
);
-- The coordinators' triage pool: submitted, unclaimed cases.
create index intake_cases_triage_pool on intake_cases (updated_at desc, id desc)
    where status = 'SUBMITTED' and coordinator_id is null;
create index intake_cases_patient on intake_cases (patient_id);

create table intake_questions (
    id       uuid primary key,
    case_id  uuid not null references intake_cases (id),
    position int  not null,
    kind     text not null,
    text     text not null,
    unique (case_id, position)
);

create table intake_case_transitions (
    id         bigserial primary key,
    case_id    uuid        not null references intake_cases (id),
    at         timestamptz not null,
    event      text        not null,
    actor_id   uuid        not null,
    actor_role text        not null,
    status     text        not null,
    note       text
);
create index intake_case_transitions_case on intake_case_transitions (case_id, id);
