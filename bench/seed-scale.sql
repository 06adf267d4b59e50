-- Fills a Consilium database for the scale benchmark: 200,000 patients with 1,000,000 cases among them; the demo
-- coordinator (coordinator@example.org) has claimed 20,000 of them, 5,000 sit unclaimed in the triage pool, and the
-- rest belong to 50 other coordinators or are drafts. Every case has one question, its owner's grant and, when
-- claimed, its coordinator's grant, as the app would have written them. Run as the schema owner with psql.
\set ON_ERROR_STOP on
\timing on

create temporary table bench_coordinators as
select md5('bench-coordinator-' || g)::uuid as id, g from generate_series(1, 50) g;

insert into identity_accounts (id, email, display_name, role, password_hash, privacy_notice_version, terms_version,
                               accepted_at, created_at)
select md5('bench-patient-' || g)::uuid, 'bench-patient-' || g || '@example.org', 'Bench Patient ' || g, 'PATIENT',
       'not-a-hash', '2026-11', '2026-11', now(), now()
from generate_series(1, 200000) g
union all
select id, 'bench-coordinator-' || g || '@example.org', 'Bench Coordinator ' || g, 'COORDINATOR', 'not-a-hash',
       '2026-11', '2026-11', now(), now()
from bench_coordinators;

create temporary table bench_cases as
select g,
       md5('bench-case-' || g)::uuid as id,
       md5('bench-patient-' || ((g - 1) % 200000 + 1))::uuid as patient_id,
       case
           when g <= 20000 then (array['COLLECTING_RECORDS', 'READY_FOR_MATCHING', 'OPINION_DELIVERED', 'CLOSED'])[g % 4 + 1]
           when g <= 25000 then 'SUBMITTED'
           when g % 10 = 0 then 'DRAFT'
           else (array['COLLECTING_RECORDS', 'READY_FOR_MATCHING', 'IN_REVIEW', 'CLOSED'])[g % 4 + 1]
       end as status,
       case
           when g <= 20000 then (select id from identity_accounts where email = 'coordinator@example.org')
           when g <= 25000 or g % 10 = 0 then null
           else md5('bench-coordinator-' || (g % 50 + 1))::uuid
       end as coordinator_id,
       now() - make_interval(secs => (g::bigint * 7919) % 31536000) as updated_at
from generate_series(1, 1000000) g;

insert into intake_cases (id, reference, patient_id, status, diagnosis, specialty, urgency, coordinator_id,
                          opened_at, submitted_at, updated_at, version)
select id, 'C-2026-B' || lpad(g::text, 7, '0'), patient_id, status,
       'Benchmark diagnosis ' || (g % 97), 'MEDICAL_ONCOLOGY', 'ROUTINE', coordinator_id,
       updated_at - interval '1 day', case when status = 'DRAFT' then null else updated_at - interval '12 hours' end,
       updated_at, 1
from bench_cases;

insert into intake_questions (id, case_id, position, kind, text)
select md5('bench-question-' || g)::uuid, id, 0, 'TREATMENT_OPTIONS', 'Which treatment is best for me?'
from bench_cases;

insert into identity_case_grants (account_id, case_id, reason, granted_at, granted_by, case_active_at)
select patient_id, id, 'OWNER', updated_at - interval '1 day', patient_id, updated_at from bench_cases
union all
select coordinator_id, id, 'COORDINATOR', updated_at - interval '12 hours', coordinator_id, updated_at
from bench_cases where coordinator_id is not null;

analyze;
