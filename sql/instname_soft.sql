-- PostgreSQL 16+: instname input errors are soft, so pg_input_is_valid and
-- pg_input_error_info work. (Before 16 there is nothing to test: the test stops here, and the
-- same errors are hard errors, see instname_io.)
SELECT current_setting('server_version_num')::int < 160000 AS skip_test \gset
\if :skip_test
\quit
\endif
SELECT pg_input_is_valid('Harbin Inst. of Tech.', 'instname') AS valid;
-- normalizes to more than 1 GB: program_limit_exceeded, reported softly
CREATE TEMP TABLE big AS SELECT repeat('R&D ', 55000000) AS t;
SELECT pg_input_is_valid(t, 'instname') AS valid FROM big;
SELECT sql_error_code, message FROM big, pg_input_error_info(t, 'instname');
DROP TABLE big;
