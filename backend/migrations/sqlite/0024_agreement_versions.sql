-- The version of the program agreement each enrolment accepted (domain::programs::agreements).
-- Enrolments recorded before versions were kept accepted the only text there was then: every
-- program's first version, 1.0.
ALTER TABLE program_enrolments ADD COLUMN agreement_version TEXT NOT NULL DEFAULT '1.0';
