-- instname binary I/O (send/recv through binary COPY), crafted and corrupted binary input,
-- and input that is too long.
\pset null '<NULL>'
\set VERBOSITY default

-- The wire format: version, token count, then length, flags (kind | gap << 2) and UTF-8 text.
SELECT instname_send('Harbin Inst. of Tech., Harbin 150001 (哈工大)'::instname);
SELECT instname_send(''::instname);

-- Binary COPY round trip of a table.
CREATE TABLE bin_src(id int, v instname);
INSERT INTO bin_src VALUES
 (1, 'Harbin Inst Technol, Sch Mat Sci & Engn, Harbin 150001, Peoples R China'),
 (2, 'School of Computer Science and Engineering, Beihang University (BUAA), Beijing 100191'),
 (3, 'zhang.wei@buaa.edu.cn; Microsoft Research Asia, Beijing'),
 (4, '北京航空航天大学（北航）计算机学院'),
 (5, 'Université Paris-Saclay, CNRS; (Orsay)'),
 (6, ''),
 (7, NULL),
 (8, repeat('abcdefghij', 100));
\copy bin_src TO 'results/instname_io.bin' (FORMAT binary)
CREATE TABLE bin_dst(id int, v instname);
\copy bin_dst FROM 'results/instname_io.bin' (FORMAT binary)
SELECT count(*) AS rows,
       (SELECT count(*) FROM (SELECT * FROM bin_src EXCEPT SELECT * FROM bin_dst) x) AS lost,
       (SELECT count(*) FROM (SELECT * FROM bin_dst EXCEPT SELECT * FROM bin_src) x) AS added,
       bool_and(d.v IS NOT DISTINCT FROM s.v) AS all_equal
FROM bin_src s JOIN bin_dst d USING (id);

-- Crafted binary input. A bytea column's binary COPY field is its raw bytes, so binary COPY
-- of crafted bytea values, read back into an instname column, feeds them to instname_recv.
CREATE FUNCTION tok(t text, meta int DEFAULT 0) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT set_byte('\x00'::bytea, 0, octet_length(convert_to(t, 'UTF8')))
      || set_byte('\x00'::bytea, 0, meta) || convert_to(t, 'UTF8') $$;
CREATE FUNCTION hdr(ntok int, version int DEFAULT 1) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT set_byte('\x00'::bytea, 0, version) || int4send(ntok) $$;
CREATE TABLE crafted(id int PRIMARY KEY, what text, payload bytea);
INSERT INTO crafted VALUES
 (1, 'canonical', hdr(2) || tok('harbin') || tok('institute')),
 (2, 'not normalized: case, abbreviation', hdr(3) || tok('HARBIN') || tok('Inst') || tok('Tech')),
 (3, 'no tokens', hdr(0)),
 (4, 'one token with punctuation inside', hdr(1) || tok('a, b (c')),
 (5, 'Latin text marked as Han', hdr(2) || tok('abc', 2) || tok('def', 2)),
 (6, 'boundaries and kinds kept', hdr(3) || tok('beihang') || tok('university', 1 << 2) || tok('100191', 1 | (8 << 2))),
 (7, 'version 2', hdr(1, 2) || tok('harbin')),
 (8, 'version 0', hdr(1, 0) || tok('harbin')),
 (9, 'truncated header', '\x0100'::bytea),
 (10, 'empty field', ''::bytea),
 (11, 'token count too large', hdr(-1) || tok('harbin')),
 (12, 'token count one too many', hdr(2) || tok('harbin')),
 (13, 'empty token', hdr(1) || '\x0000'::bytea),
 (14, 'unknown flag bits', hdr(1) || tok('harbin', 64)),
 (15, 'boundary before the first token', hdr(1) || tok('harbin', 1 << 2)),
 (16, 'token longer than the data', hdr(1) || '\x0a00616263'::bytea),
 (17, 'truncated UTF-8 sequence', hdr(1) || '\x0100c3'::bytea),
 (18, 'invalid UTF-8 byte', hdr(1) || '\x0200ff41'::bytea),
 (19, 'NUL inside a token', hdr(1) || '\x03006100'::bytea || '\x62'::bytea),
 (20, 'trailing bytes', hdr(1) || tok('harbin') || '\xdeadbeef'::bytea),
 (21, 'overlong UTF-8', hdr(1) || '\x0200c0af'::bytea),
 (22, 'surrogate in UTF-8', hdr(1) || '\x0300eda080'::bytea);
CREATE TABLE crafted_in(v instname);
SELECT id, what, payload FROM crafted ORDER BY id;
\copy (SELECT payload FROM crafted WHERE id = 1) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 2) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 3) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 4) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 5) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 6) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
-- accepted values are canonical: equal to their own text form normalized again
SELECT v, v::text::instname = v AS canonical, instname_send(v) FROM crafted_in;
\copy (SELECT payload FROM crafted WHERE id = 7) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 8) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 9) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 10) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 11) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 12) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 13) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 14) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 15) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 16) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 17) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 18) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 19) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 20) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 21) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
\copy (SELECT payload FROM crafted WHERE id = 22) TO 'results/instname_crafted.bin' (FORMAT binary)
\copy crafted_in FROM 'results/instname_crafted.bin' (FORMAT binary)
SELECT count(*) AS accepted FROM crafted_in;
-- the session and the server are fine
SELECT 1 AS still_up;

-- Binary input arrives the same way inside arrays (array_recv calls instname_recv).
SELECT array_send(ARRAY['Harbin Inst Technol'::instname, 'Beihang']) IS NOT NULL AS array_send_ok;

-- Input whose normalized form passes the 1 GB limit fails with program_limit_exceeded:
-- "R&D " (4 bytes) becomes "research" and "development" (23 bytes stored).
CREATE TEMP TABLE big AS SELECT repeat('R&D ', 55000000) AS t;
SELECT octet_length(t::instname::text) FROM big;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
DROP TABLE big;
-- A large value that fits works, and cancel reaches the loops.
CREATE TEMP TABLE large AS SELECT repeat('Harbin Inst. of Tech., Harbin 150001; ', 200000)::instname AS v;
SELECT octet_length(v::text) AS text_bytes, pg_column_size(v) AS stored_bytes,
       v @> 'Harbin Institute of Technology, Harbin 150001; Harbin' AS contains
FROM large;
SET statement_timeout = '200ms';
SELECT inst_similarity(v, v) FROM large, generate_series(1, 1000);
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
RESET statement_timeout;

DROP TABLE bin_src, bin_dst, crafted, crafted_in, large;
DROP FUNCTION tok, hdr;
