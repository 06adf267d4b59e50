create table review_opinions (
    id                    uuid primary key,
    case_id               uuid        not null unique,
    author_id             uuid        not null,
    status                text        not null,
    content               text        not null,
    version               bigint      not null,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    signed_document       text,
    content_sha256        text,
    signature             text,
    key_id                text,
    signer_name           text,
    authentication_method text,
    signed_at             timestamptz,
    verification_code     text unique
);
