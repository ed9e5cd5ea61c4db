-- Limits: long inputs normalize or fail cleanly, and honour statement_timeout.
\set VERBOSITY default

-- A long run of letters is cut into tokens of at most 255 bytes.
SELECT max(length(t)) AS longest_token, count(*) AS tokens
FROM unnest(inst_tokens(repeat('a', 1000))) t;
SELECT max(octet_length(t)) AS longest_token_bytes FROM unnest(inst_tokens(repeat('ж', 1000))) t;

-- 10 MB of affiliations normalizes.
SELECT length(inst_normalize(repeat('Harbin Inst. of Tech., Harbin 150001; ', 270000))) AS normalized_length;

-- Output larger than a text value can hold fails with program_limit_exceeded, not a crash:
-- "R&D " (4 bytes) expands to "research development " (21 bytes), so 220 MB of input would
-- need more than 1 GB of output.
CREATE TEMP TABLE big AS SELECT repeat('R&D ', 55000000) AS t;
SELECT length(inst_normalize(t)) FROM big;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;

-- Query cancel reaches the normalizer's loop.
SET statement_timeout = '300ms';
SELECT length(inst_normalize(t)) FROM big;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
RESET statement_timeout;
DROP TABLE big;
