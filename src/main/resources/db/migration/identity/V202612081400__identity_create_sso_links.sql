-- Which account a person of the organization's identity provider signs in as (single sign-on): found by the provider's
-- issuer and its subject id, which never change, rather than by the address, which may. Made at the first sign-in; a
-- subject is linked to one account at most. Nothing of the provider's tokens is kept.
create table identity_sso_links (
    account_id uuid        not null references identity_accounts (id),
    issuer     text        not null,
    subject    text        not null,
    linked_at  timestamptz not null,
    primary key (issuer, subject)
);
-- Finding an account's links, and the foreign key's checks, go by account.
create index identity_sso_links_account on identity_sso_links (account_id);
