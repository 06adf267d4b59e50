-- Browser sessions (Spring Session JDBC), in the database every app instance shares, so that any instance serves any
-- signed-in person without sticky routing, and a restart signs nobody out. Expired sessions are deleted every minute.
create table platform_session (
    primary_id            char(36) not null,
    session_id            char(36) not null,
    creation_time         bigint   not null,
    last_access_time      bigint   not null,
    max_inactive_interval int      not null,
    expiry_time           bigint   not null,
    principal_name        varchar(100),
    constraint platform_session_pk primary key (primary_id)
);
create unique index platform_session_ix1 on platform_session (session_id);
create index platform_session_ix2 on platform_session (expiry_time);
create index platform_session_ix3 on platform_session (principal_name);

create table platform_session_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint platform_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint platform_session_attributes_fk foreign key (session_primary_id)
        references platform_session (primary_id) on delete cascade
);
