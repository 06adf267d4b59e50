-- Fixed-window request counters shared by every app instance (rate limits on public endpoints).
create table platform_rate_limits (
    bucket       text        not null,
    subject      text        not null,
    window_start timestamptz not null,
    hits         int         not null,
    primary key (bucket, subject)
);
