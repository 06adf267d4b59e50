create table matching_centers (
    id      uuid primary key,
    name    text not null unique,
    city    text not null,
    country text not null
);

create table matching_specialists (
    id           uuid primary key,
    center_id    uuid   not null references matching_centers (id),
    account_id   uuid   not null unique,
    display_name text   not null,
    title        text   not null,
    specialties  text[] not null,
    languages    text[] not null
);
create index matching_specialists_specialties on matching_specialists using gin (specialties);

create table matching_offers (
    id             uuid primary key,
    case_id        uuid        not null,
    specialist_id  uuid        not null references matching_specialists (id),
    offered_by     uuid        not null,
    offered_at     timestamptz not null,
    answered_at    timestamptz,
    outcome        text,
    decline_reason text
);
create index matching_offers_case on matching_offers (case_id, offered_at);
