-- inst_match is PARALLEL SAFE: it runs in parallel workers, each of which compiles the
-- dictionary from the list tables itself, and gives the same answers as one backend.
INSERT INTO instmatch.entity (entity_id, name, country, country_name, city) VALUES
 ('hit', 'Harbin Institute of Technology', 'CN', 'China', 'Harbin'),
 ('nju', 'Nanjing University', 'CN', 'China', 'Nanjing'),
 ('nuaa', 'Nanjing University of Aeronautics and Astronautics', 'CN', 'China', 'Nanjing');
INSERT INTO instmatch.alias VALUES ('hit', 'HIT', 'acronym');
CREATE TABLE paff AS
SELECT g AS id, CASE g % 3 WHEN 0 THEN 'Harbin Inst Technol, Harbin ' || g
                           WHEN 1 THEN 'Nanjing Univ, Nanjing; HIT, Harbin, China ' || g
                           ELSE 'Coll Astronaut, Nanjing Univ Aeronaut & Astronaut ' || g END AS aff
FROM generate_series(1, 30000) g;
ANALYZE paff;

-- one backend
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT m.entity_id, count(*) AS n FROM paff a, inst_match(a.aff) m GROUP BY 1;

-- parallel workers
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT set_config('enable_memoize', 'off', false) IS NOT NULL AS memoize_off
WHERE current_setting('server_version_num')::int >= 140000;
EXPLAIN (COSTS OFF) SELECT m.entity_id, count(*) FROM paff a, inst_match(a.aff) m GROUP BY 1;
-- the plan above, run: the same counts as one backend gave
SELECT m.entity_id, count(*) FROM paff a, inst_match(a.aff) m GROUP BY 1 ORDER BY 1;
SELECT * FROM serial ORDER BY 1;
RESET ALL;
