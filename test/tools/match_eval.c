/*
 * match_eval.c - development tool: load ROR names (the flat TSV of shared/data/ror_records,
 * decompressed, on stdin) into the pure-C matcher, scan the dev_eval affiliations and print
 * precision, recall and F1 over (affiliation, ROR id) pairs, plus error examples.
 * The project's official quality benchmark is test/bench/quality.sh (in SQL, with the
 * anchors); this tool exists to iterate on the matcher without a server.
 *
 *   zcat ../shared/data/ror_records/ror_names.tsv.gz | test/tools/match_eval ../shared/data/dev_eval/affiliations.tsv [parents] [errors]
 */
#include "im_match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *
field(char *line, int k)
{
	char	   *p = line;

	while (k-- > 0 && p)
	{
		p = strchr(p, '\t');
		if (p)
			p++;
	}
	return p;
}

static size_t
flen(const char *p)
{
	size_t		n = 0;

	while (p && p[n] && p[n] != '\t' && p[n] != '\n')
		n++;
	return n;
}

static char *
fdup(const char *p)
{
	size_t		n = flen(p);
	char	   *s = malloc(n + 1);

	memcpy(s, p, n);
	s[n] = 0;
	return s;
}

/* call fn for each '|'-separated item of field p */
static void
each_item(const char *p, void (*fn) (void *, const char *, size_t), void *arg)
{
	size_t		n = flen(p),
				i = 0;

	while (i < n)
	{
		size_t		j = i;

		while (j < n && p[j] != '|')
			j++;
		if (j > i)
			fn(arg, p + i, j - i);
		i = j + 1;
	}
}

typedef struct
{
	im_dict    *d;
	int32_t		e;
	int			kind;
} add_ctx;

static void
add_alias_item(void *arg, const char *s, size_t n)
{
	add_ctx    *c = arg;

	if (c->kind == IM_ALIAS_LABEL)
	{
		/* value@lang */
		const char *at = NULL;
		size_t		i;

		for (i = 0; i < n; i++)
			if (s[i] == '@')
				at = s + i;
		if (at)
			n = (size_t) (at - s);
	}
	im_dict_add_alias(c->d, c->e, s, n, (im_alias_kind) c->kind);
}

static void
add_domain_item(void *arg, const char *s, size_t n)
{
	add_ctx    *c = arg;

	im_dict_add_domain(c->d, c->e, s, n);
}

typedef struct
{
	char	  **child;
	char	  **parent;
	size_t		n,
				cap;
	const char *self;
} rel_list;

static void
add_rel_item(void *arg, const char *s, size_t n)
{
	rel_list   *r = arg;

	if (n > 7 && memcmp(s, "parent:", 7) == 0)
	{
		if (r->n == r->cap)
		{
			r->cap = r->cap ? r->cap * 2 : 1024;
			r->child = realloc(r->child, r->cap * sizeof(char *));
			r->parent = realloc(r->parent, r->cap * sizeof(char *));
		}
		r->child[r->n] = strdup(r->self);
		r->parent[r->n] = strndup(s + 7, n - 7);
		r->n++;
	}
}

/* Is entity e a parent or child (two levels) of one of the gold ids ("a|b|c")? */
static int
related_to_gold(const im_dict *d, int32_t e, const char *gold)
{
	const char *p = gold;

	while (*p)
	{
		const char *q = strchr(p, '|');
		size_t		l = q ? (size_t) (q - p) : strlen(p);
		int32_t		g = im_dict_find(d, p, l);

		if (g >= 0 && (im_dict_is_ancestor(d, e, g) || im_dict_is_ancestor(d, g, e)))
			return 1;
		if (!q)
			break;
		p = q + 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static char line[1 << 20];
	im_dict    *d = im_dict_create();
	rel_list	rel = {0};
	FILE	   *f;
	struct timespec t0,
				t1;
	long		tp = 0,
				fp = 0,
				fn = 0,
				fn_named = 0;
	int			with_parents = argc > 2 && strstr(argv[2], "parents") != NULL;
	int			show_errors = argc > 3 ? atoi(argv[3]) : 0;
	int			no_amb = argc > 2 && strstr(argv[2], "noamb") != NULL;
	int			lenient = argc > 2 && strstr(argv[2], "lenient") != NULL;
	long		nrel = 0;
	im_scan		sc;
	size_t		i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!fgets(line, sizeof line, stdin))
		return 1;
	while (fgets(line, sizeof line, stdin))
	{
		char	   *id = fdup(field(line, 0));
		char	   *status = fdup(field(line, 2));
		char	   *country = fdup(field(line, 5));
		char	   *city = fdup(field(line, 6));
		add_ctx		c;

		if (strcmp(status, "withdrawn") == 0)
			continue;
		c.d = d;
		c.e = im_dict_add_entity(d, id, strlen(id), NULL, country, city);
		c.kind = IM_ALIAS_NAME;
		each_item(field(line, 1), add_alias_item, &c);
		c.kind = IM_ALIAS_ACRONYM;
		each_item(field(line, 8), add_alias_item, &c);
		c.kind = IM_ALIAS_AKA;
		each_item(field(line, 9), add_alias_item, &c);
		c.kind = IM_ALIAS_LABEL;
		each_item(field(line, 10), add_alias_item, &c);
		each_item(field(line, 11), add_domain_item, &c);
		rel.self = id;
		each_item(field(line, 14), add_rel_item, &rel);
	}
	for (i = 0; i < rel.n; i++)
	{
		int32_t		c = im_dict_find(d, rel.child[i], strlen(rel.child[i]));
		int32_t		p = im_dict_find(d, rel.parent[i], strlen(rel.parent[i]));

		if (c >= 0 && p >= 0)
			im_dict_add_parent(d, c, p);
	}
	if (im_dict_build(d) != IM_OK)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "dictionary: %d entities, %d aliases, %.1f MB, built in %.2f s\n",
			im_dict_nentities(d), im_dict_naliases(d), im_dict_memory(d) / 1e6,
			(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);

	if (getenv("SCANFILE"))
	{
		FILE	   *sf = fopen(getenv("SCANFILE"), "r");
		long		nhits = 0,
					nrows = 0;

		im_scan_init(&sc);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		while (sf && fgets(line, sizeof line, sf))
		{
			size_t		l = strlen(line);

			if (l && line[l - 1] == '\n')
				line[--l] = 0;
			im_dict_scan(d, line, l, 0, &sc);
			nhits += (long) sc.nhits;
			nrows++;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "%ld rows, %ld hits, %.2f us/row\n", nrows, nhits,
				((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9) * 1e6 / nrows);
		return 0;
	}
	if (getenv("EXPLAIN"))
	{
		const char *q = getenv("EXPLAIN");
		char		why[256];

		im_scan_init(&sc);
		im_dict_scan(d, q, strlen(q), 1, &sc);
		for (i = 0; i < sc.nhits; i++)
		{
			const im_hit *h = &sc.hits[i];

			printf("%s\t%-9s\t%.3f\t%s\t[%.*s]\t%s\n", im_dict_entity_id(d, h->entity),
				   im_match_kind_name(h->kind), h->score, im_dict_alias_text(d, h->alias),
				   (int) (h->src_end - h->src_start), q + h->src_start,
				   im_reason_text(d, h, why, sizeof why));
		}
		return 0;
	}
	f = fopen(argv[1], "r");
	if (!f)
		return 3;
	im_scan_init(&sc);
	if (!fgets(line, sizeof line, f))
		return 4;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (fgets(line, sizeof line, f))
	{
		char	   *aff = fdup(field(line, 1));
		char	   *gold = fdup(field(line, 2));
		char		pred[4096] = "|";
		char		gl[4096];
		size_t		k;

		snprintf(gl, sizeof gl, "|%s|", gold);
		im_dict_scan(d, aff, strlen(aff), 0, &sc);
		for (k = 0; k < sc.nhits; k++)
		{
			const im_hit *h = &sc.hits[k];
			const char *eid = im_dict_entity_id(d, h->entity);
			char		key[64];

			if (!h->accepted || (!with_parents && h->kind == IM_MK_CHILD_OF))
				continue;
			if (no_amb && h->kind == IM_MK_AMBIGUOUS)
				continue;
			snprintf(key, sizeof key, "|%s|", eid);
			if (strstr(pred, key))
				continue;
			strncat(pred, eid, sizeof(pred) - strlen(pred) - 12);
			strcat(pred, "|");
			if (strstr(gl, key))
				tp++;
			else if (lenient && related_to_gold(d, h->entity, gold))
				nrel++;
			else
			{
				fp++;
				if (show_errors & 1)
					printf("FP\t%s\t%s\t%s\t%s\n", eid, im_match_kind_name(h->kind),
						   im_dict_alias_text(d, h->alias), aff);
			}
		}
		{
			char	   *p = gold;

			while (*p)
			{
				char	   *q = strchr(p, '|');
				char		key[64];
				size_t		l = q ? (size_t) (q - p) : strlen(p);

				snprintf(key, sizeof key, "|%.*s|", (int) l, p);
				if (!strstr(pred, key))
				{
					int32_t		ge = im_dict_find(d, p, l);

					fn++;
					if (ge >= 0)
					{
						fn_named++;
						if (show_errors & 2)
							printf("FN\t%.*s\t%s\t%s\n", (int) l, p, "", aff);
					}
				}
				if (!q)
					break;
				p = q + 1;
			}
		}
		free(aff);
		free(gold);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	{
		double		P = tp / (double) (tp + fp);
		double		R = tp / (double) (tp + fn);
		double		Rn = tp / (double) (tp + fn_named);

		fprintf(stderr, "tp %ld fp %ld fn %ld (named %ld) parent/child of gold, not counted %ld\n",
				tp, fp, fn, fn_named, nrel);
		fprintf(stderr, "precision %.4f recall %.4f F1 %.4f | recall(named) %.4f F1(named) %.4f | %.1f us/string\n",
				P, R, 2 * P * R / (P + R), Rn, 2 * P * Rn / (P + Rn),
				((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9) * 1e6 / 3713);
	}
	return 0;
}
