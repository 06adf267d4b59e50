-- The purge of rate-limit counters deletes them by the start of their window.
create index platform_rate_limits_window on platform_rate_limits (window_start);
