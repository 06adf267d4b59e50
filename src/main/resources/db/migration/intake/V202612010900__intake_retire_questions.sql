-- A question taken out of a draft is retired, never deleted: its row stays, stamped with the time, and no longer holds
-- its place in the case's list of questions.
alter table intake_questions add column retired_at timestamptz;
alter table intake_questions drop constraint intake_questions_case_id_position_key;
create unique index intake_questions_live_position on intake_questions (case_id, position) where retired_at is null;
