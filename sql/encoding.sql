-- CREATE EXTENSION refuses a database that is not UTF8, with a clear error.
SELECT current_database() AS regdb \gset
CREATE DATABASE instmatch_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c instmatch_latin1
\set VERBOSITY default
CREATE EXTENSION instmatch;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
SELECT count(*) AS leftover_functions FROM pg_proc WHERE proname LIKE 'inst\_%';
\c :regdb
DROP DATABASE instmatch_latin1;
-- In the UTF8 regression database it is installed and works.
SELECT inst_normalize('Univ Sci & Technol China');
