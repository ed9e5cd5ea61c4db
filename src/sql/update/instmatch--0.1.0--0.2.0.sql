-- instmatch update script 0.1.0 -> 0.2.0. Built by the Makefile from this header and the
-- src/sql files new in 0.2.0 (40 and up); edit those files.
\echo Use "ALTER EXTENSION instmatch UPDATE TO '0.2.0'" to load this file. \quit
