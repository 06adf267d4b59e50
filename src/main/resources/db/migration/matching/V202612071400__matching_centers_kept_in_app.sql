-- Expert centers are kept by administrators in the app: each has a time zone (appointments, deadlines) and the
-- specialties it offers. Centers made before get UTC, to be corrected on their page, and the specialties their
-- specialists practise.
alter table matching_centers add column time_zone text;
update matching_centers set time_zone = 'UTC';
alter table matching_centers alter column time_zone set not null;

alter table matching_centers add column specialties text[];
update matching_centers c set specialties = coalesce(
    (select array_agg(distinct practised order by practised)
     from matching_specialists s cross join unnest(s.specialties) as practised
     where s.center_id = c.id), '{}');
alter table matching_centers alter column specialties set not null;

-- What an invitation of a specialist says about them for the directory, by the invited address (an invitation sent
-- again keeps it): they are listed once they accept. An invitation to an address that has an account is never
-- accepted, so its entry never shows.
create table matching_specialist_invitations (
    email         text primary key,
    center_id     uuid        not null references matching_centers (id),
    title         text        not null,
    specialties   text[]      not null,
    languages     text[]      not null,
    invited_at    timestamptz not null
);
