-- A case opened by someone acting for the patient: who the patient is and how the account holder is related.
alter table intake_cases
    add column proxy_patient_name       text,
    add column proxy_patient_birth_date date,
    add column proxy_relationship       text;
