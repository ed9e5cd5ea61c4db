/*
 * im_match.c - the instmatch dictionary matcher (see im_match.h for the rules).
 *
 * Pure C11 on top of im_norm. All memory comes from im_mem, so inside PostgreSQL the
 * dictionary lives in whatever memory context was current while it was built.
 */
#include "im_match.h"

#include <utf8proc.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------
 * Small growable arrays
 * ------------------------------------------------------------------------------------------ */
#define VEC(T) struct { T *v; size_t n, cap; }

static int
vec_grow(void **v, size_t *cap, size_t need, size_t elem)
{
	size_t		c = *cap ? *cap : 16;
	void	   *nv;

	if (need <= *cap)
		return IM_OK;
	while (c < need)
	{
		if (c > SIZE_MAX / 2 / elem)
			return IM_ERR_NOMEM;
		c *= 2;
	}
	nv = *v ? im_mem.realloc(*v, c * elem) : im_mem.alloc(c * elem);
	if (nv == NULL)
		return IM_ERR_NOMEM;
	*v = nv;
	*cap = c;
	return IM_OK;
}

#define VEC_PUSH(vec, val, rc) \
	do { \
		(rc) = vec_grow((void **) &(vec).v, &(vec).cap, (vec).n + 1, sizeof(*(vec).v)); \
		if ((rc) == IM_OK) (vec).v[(vec).n++] = (val); \
	} while (0)

#define VEC_FREE(vec) \
	do { if ((vec).v) im_mem.free((vec).v); (vec).v = NULL; (vec).n = (vec).cap = 0; } while (0)

static inline uint64_t
hash64_bytes(const char *s, size_t n)
{
	uint64_t	h = 0xcbf29ce484222325ull;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static inline uint64_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	x ^= x >> 33;
	return x;
}

/* ------------------------------------------------------------------------------------------
 * The dictionary
 * ------------------------------------------------------------------------------------------ */
typedef struct entity_rec
{
	uint32_t	id_off;			/* entity id in strs */
	uint32_t	country_off;	/* raw cue strings in strs (normalized at build), or UINT32_MAX */
	uint32_t	city_off;
	uint32_t	cue_start;		/* cue token ids in cue_ids: country, then city */
	uint16_t	country_ntok;
	uint16_t	city_ntok;
	uint32_t	dom_start;		/* CSR into dom_tok */
	uint32_t	dom_count;
	uint32_t	par_start;		/* CSR into par_ent */
	uint32_t	par_count;
	int32_t		name_alias;		/* first alias of kind name, or -1 */
	int32_t		successor;		/* inactive and succeeded by this entity; -1 none, -2 several */
} entity_rec;

typedef struct alias_rec
{
	int32_t		entity;
	uint32_t	text_off;		/* alias as given, in strs */
	uint8_t		kind;
	uint8_t		generic_only;	/* every token generic or a number */
	uint8_t		descriptive;	/* every token common (generic, number or frequent) */
	uint8_t		single_common;	/* one token, and it is common */
	uint8_t		variant;		/* made by the build from another alias */
	uint16_t	ntok;
} alias_rec;

/*
 * A token is common (a field or descriptor word, not a proper name) when it is generic, a
 * number, or used in names of entities in at least this many countries: "physics" and
 * "education" are used everywhere, "shanghai" and "jiaotong" in one or two countries.
 */
#define COMMON_COUNTRIES 6
#define TOKC_STRIDE (2 * COMMON_COUNTRIES + 1)

/* Used in COMMON_COUNTRIES countries, none of which has half of the uses. */
static bool
token_common(const uint32_t *c)
{
	uint32_t	max = 0;
	int			q;

	if (c[2 * (COMMON_COUNTRIES - 1)] == 0)
		return false;
	for (q = 0; q < COMMON_COUNTRIES; q++)
		if (c[2 * q + 1] > max)
			max = c[2 * q + 1];
	return 2 * max < c[2 * COMMON_COUNTRIES];
}

typedef struct pair32
{
	int32_t		a;
	int32_t		b;
} pair32;

typedef struct edge_slot
{
	uint64_t	key;			/* node << 32 | boundary << 31 | token; EDGE_EMPTY if free */
	uint32_t	child;
} edge_slot;

/* An output of a node of the scan's trie: an alias that ends there. */
typedef struct out_rec
{
	int32_t		entity;
	int32_t		alias;
	uint32_t	info;			/* INFO_* bits, made by hit_info */
} out_rec;

/*
 * out_rec.info / im_hit.info: what the scan's rules need of a candidate's alias and
 * entity, carried with it so that they do not read the alias and entity records (a cache miss
 * each). Bits 0-2 the alias kind, 3 generic_only, 4-5 variant, 8-15 ntok (at most 255).
 */
#define INFO_KIND(i)		((int) ((i) & 7))
#define INFO_GENERIC		(1u << 3)
#define INFO_VARIANT(i)		((int) (((i) >> 4) & 3))	/* 0: the alias as given; 1, 2: a build variant */
#define INFO_NTOK(i)		((int) (((i) >> 8) & 255))
#define INFO_DESCRIPTIVE	(1u << 6)	/* the alias is descriptive */
#define INFO_SINGLE_COMMON	(1u << 7)	/* the alias is single_common */
#define INFO_HAS_LOWER		(1u << 16)	/* the alias as given has a lower-case ASCII letter */
#define INFO_SUCCESSOR		(1u << 17)	/* the entity has one successor (successor >= 0) */
#define INFO_PARENTS		(1u << 18)	/* the entity has parents (par_count > 0) */
#define INFO_COMMA1			(1u << 19)	/* scan only: a comma after the match's first word */

static uint32_t hit_info(const im_dict *d, int32_t alias, int32_t entity);
static bool has_lower(const char *z);

/* A node of the scan's trie (see node_csr in im_dict). */
typedef struct node_csr_rec
{
	uint32_t	key;			/* the edge into it: boundary << 31 | token */
	uint32_t	out;			/* its first output in out_recs */
	uint32_t	edge;			/* its first child */
} node_csr_rec;

/* A slot of the token hash table: what a lookup compares, so that it reads only the text. */
typedef struct tok_slot
{
	uint32_t	id1;			/* token id + 1; 0: free */
	uint32_t	hash;			/* im_fnv1a of the token */
	uint32_t	off;			/* token text in tokstr */
	uint32_t	len;
} tok_slot;

/*
 * A name that is another name plus a city: "University of Maryland, Baltimore", "Washington
 * University in St. Louis", "Indian Institute of Technology Delhi". The scan reads "University
 * of Maryland School of Medicine, Baltimore" as the Baltimore one.
 */
typedef struct comp_rec
{
	uint64_t	hash;			/* of the token ids of the shorter name */
	int32_t		entity;			/* the entity whose name it completes */
	int32_t		alias;
	uint32_t	city_start;		/* the completing city tokens, in cue_ids */
	uint16_t	city_n;
	uint16_t	plen;			/* tokens of the shorter name */
} comp_rec;

typedef struct del_rec
{
	uint64_t	hash;
	int32_t		tok;
} del_rec;

/* The bloom filter of the hashes of comps (names completed by a city) */
#define COMP_BLOOM_BITS 65536
#define COMP_BLOOM_HAS(d, h) (((d)->comp_bloom[((h) >> 6) & (COMP_BLOOM_BITS / 64 - 1)] >> ((h) & 63)) & 1)

struct im_dict
{
	im_buf		strs;			/* NUL-terminated strings */
	VEC(entity_rec) ent;
	VEC(alias_rec) ali;
	VEC(pair32) dom_pairs;		/* (entity, strs offset of domain) before build */
	VEC(pair32) par_pairs;		/* (child, parent) */

	/* entity id lookup: open addressing, entity index + 1 */
	uint32_t   *eid_slots;
	size_t		eid_size;

	/* interned tokens */
	im_buf		tokstr;
	VEC(uint32_t) tok_off;
	VEC(uint16_t) tok_len;
	VEC(uint8_t) tok_generic;
	VEC(uint8_t) tok_city;		/* the token is a one-word city name of some entity */
	VEC(uint8_t) tok_common;	/* generic, a number, or a field word used in many countries */
	VEC(uint32_t) tok_df;		/* COMMON_COUNTRIES country hashes per token (build only) */
	VEC(int32_t) ali_toks;		/* token ids of all aliases, back to back (build only) */
	tok_slot   *tok_slots;		/* open addressing */
	size_t		tok_size;

	/* trie */
	edge_slot  *edges;			/* open addressing on key */
	int32_t    *root_child;		/* child of the root by token id, -1: a direct array */
	uint8_t    *node_gapped;	/* bit per node: has an edge through a boundary */
	size_t		edge_size;
	size_t		nedges;
	uint32_t	nnodes;
	VEC(pair32) outs;			/* (node, alias), sorted by node at build */
	uint32_t   *out_start;		/* nnodes + 1 */

	/*
	 * The trie as the scan reads it, made at the end of the build (the edge hash table is then
	 * freed): nodes renumbered breadth-first, children in order of their edge's key, so that
	 * node n's children are nodes node_csr[n].edge .. node_csr[n + 1].edge - 1 and its outputs
	 * node_csr[n].out .. node_csr[n + 1].out - 1. A step of the walk finds the child among its
	 * siblings and reads its outputs and children from the same record: a quarter of the hash
	 * table's size, and one place in memory per step instead of three.
	 */
	node_csr_rec *node_csr;		/* nnodes + 1 */

	/*
	 * The children of nodes with more than BIG_FANOUT of them ("university of ..."), also in
	 * a hash table on node << 32 | edge key, giving the child: one probe instead of a binary
	 * search over the siblings (a cache miss each), and most steps of a walk find no child.
	 */
	edge_slot  *big_edges;		/* open addressing; NULL when no node has that many */
	size_t		big_size;
	out_rec    *out_recs;		/* outs with their flags (hit_info), in the order of node_csr */
	size_t		nout_recs;

	VEC(int32_t) cue_ids;
	VEC(int32_t) dom_tok;		/* token ids of domains, CSR by entity */
	VEC(int32_t) par_ent;		/* parents, CSR by entity */
	VEC(del_rec) dels;			/* deletion index for typos, sorted by hash */
	VEC(comp_rec) comps;		/* names completed by a city, sorted by hash */
	uint64_t	comp_bloom[COMP_BLOOM_BITS / 64];	/* a bit per comps hash: most lookups stop */
	uint64_t   *del_bloom;		/* one bit per deletion hash: most probes stop here */

	int32_t		tok_university;	/* id of "university" */
	int32_t		tok_hospital;	/* ids of "hospital", "of", "affiliated", "to", "at", "in", or -1 */
	int32_t		tok_of;
	int32_t		tok_affiliated;
	int32_t		tok_to;
	int32_t		tok_at;
	int32_t		tok_in;
	int32_t		tok_fu;			/* the Han characters of 附属 (affiliated), or -1 */
	int32_t		tok_shu;
	int32_t		tok_key;		/* ids of "key" and "laboratory", or -1 */
	int32_t		tok_laboratory;
	bool		built;
};

#define EDGE_EMPTY UINT64_MAX
#define DEL_BLOOM_BITS ((size_t) 1 << 23)	/* 1 MB */

/* The deletion hash's bloom filter word and its two bits in it (one memory read per probe). */
#define DEL_BLOOM_WORD(h) ((size_t) ((h) >> 12) & (DEL_BLOOM_BITS / 64 - 1))
#define DEL_BLOOM_MASK(h) (((uint64_t) 1 << ((h) & 63)) | ((uint64_t) 1 << (((h) >> 6) & 63)))
#define MAX_NAME_TOKENS 64
#define BIG_FANOUT 16			/* see big_edges */
#define MIN_TYPO_LEN 6

static int
strs_add(im_buf *b, const char *s, size_t n, uint32_t *off)
{
	int			rc;

	if (b->len + n + 1 > UINT32_MAX)
		return IM_ERR_NOMEM;
	*off = (uint32_t) b->len;
	if ((rc = im_buf_append(b, s, n)) != IM_OK)
		return rc;
	/* keep the NUL: im_buf_append always terminates, but the next append overwrites it */
	b->len++;
	return IM_OK;
}

im_dict *
im_dict_create(void)
{
	im_dict    *d = im_mem.alloc(sizeof(im_dict));

	if (d == NULL)
		return NULL;
	memset(d, 0, sizeof(im_dict));
	im_buf_init(&d->strs, 0);
	im_buf_init(&d->tokstr, 0);
	return d;
}

void
im_dict_free(im_dict *d)
{
	if (d == NULL)
		return;
	im_buf_free(&d->strs);
	im_buf_free(&d->tokstr);
	VEC_FREE(d->ent);
	VEC_FREE(d->ali);
	VEC_FREE(d->dom_pairs);
	VEC_FREE(d->par_pairs);
	VEC_FREE(d->tok_off);
	VEC_FREE(d->tok_len);
	VEC_FREE(d->tok_generic);
	VEC_FREE(d->tok_city);
	VEC_FREE(d->tok_common);
	VEC_FREE(d->tok_df);
	VEC_FREE(d->ali_toks);
	VEC_FREE(d->outs);
	VEC_FREE(d->cue_ids);
	VEC_FREE(d->dom_tok);
	VEC_FREE(d->par_ent);
	VEC_FREE(d->dels);
	VEC_FREE(d->comps);
	if (d->eid_slots)
		im_mem.free(d->eid_slots);
	if (d->tok_slots)
		im_mem.free(d->tok_slots);
	if (d->edges)
		im_mem.free(d->edges);
	if (d->big_edges)
		im_mem.free(d->big_edges);
	if (d->root_child)
		im_mem.free(d->root_child);
	if (d->node_gapped)
		im_mem.free(d->node_gapped);
	if (d->out_start)
		im_mem.free(d->out_start);
	if (d->out_recs)
		im_mem.free(d->out_recs);
	if (d->node_csr)
		im_mem.free(d->node_csr);
	if (d->del_bloom)
		im_mem.free(d->del_bloom);
	im_mem.free(d);
}

/* ---- entity ids ---- */
static int
eid_rehash(im_dict *d, size_t size)
{
	uint32_t   *slots = im_mem.alloc(size * sizeof(uint32_t));
	size_t		i;

	if (slots == NULL)
		return IM_ERR_NOMEM;
	memset(slots, 0, size * sizeof(uint32_t));
	for (i = 0; i < d->ent.n; i++)
	{
		const char *id = d->strs.data + d->ent.v[i].id_off;
		size_t		h = im_fnv1a(id, strlen(id)) & (size - 1);

		while (slots[h])
			h = (h + 1) & (size - 1);
		slots[h] = (uint32_t) i + 1;
	}
	if (d->eid_slots)
		im_mem.free(d->eid_slots);
	d->eid_slots = slots;
	d->eid_size = size;
	return IM_OK;
}

int32_t
im_dict_find(const im_dict *d, const char *id, size_t idlen)
{
	size_t		h;

	if (d->eid_size == 0)
		return -1;
	h = im_fnv1a(id, idlen) & (d->eid_size - 1);
	while (d->eid_slots[h])
	{
		const char *e = d->strs.data + d->ent.v[d->eid_slots[h] - 1].id_off;

		if (strncmp(e, id, idlen) == 0 && e[idlen] == '\0')
			return (int32_t) d->eid_slots[h] - 1;
		h = (h + 1) & (d->eid_size - 1);
	}
	return -1;
}

int32_t
im_dict_add_entity(im_dict *d, const char *id, size_t idlen, const char *country_code,
				   const char *country_name, const char *city)
{
	entity_rec	e;
	int			rc;
	size_t		h;

	(void) country_code;
	if (d->built || id == NULL || idlen == 0 || memchr(id, '\0', idlen))
		return IM_ERR_OUTPUT_LIMIT;
	if (im_dict_find(d, id, idlen) >= 0)
		return im_dict_find(d, id, idlen);	/* the same entity twice: one record */
	if (d->ent.n >= INT32_MAX - 1)
		return IM_ERR_NOMEM;
	memset(&e, 0, sizeof(e));
	e.name_alias = -1;
	e.successor = -1;
	if ((rc = strs_add(&d->strs, id, idlen, &e.id_off)) != IM_OK)
		return rc;
	e.country_off = e.city_off = UINT32_MAX;
	if (country_name && *country_name &&
		(rc = strs_add(&d->strs, country_name, strlen(country_name), &e.country_off)) != IM_OK)
		return rc;
	if (city && *city && (rc = strs_add(&d->strs, city, strlen(city), &e.city_off)) != IM_OK)
		return rc;
	VEC_PUSH(d->ent, e, rc);
	if (rc != IM_OK)
		return rc;
	if ((d->ent.n + 1) * 2 > d->eid_size)
	{
		if ((rc = eid_rehash(d, d->eid_size ? d->eid_size * 2 : 1024)) != IM_OK)
			return rc;
	}
	else
	{
		h = im_fnv1a(id, idlen) & (d->eid_size - 1);
		while (d->eid_slots[h])
			h = (h + 1) & (d->eid_size - 1);
		d->eid_slots[h] = (uint32_t) d->ent.n;
	}
	return (int32_t) d->ent.n - 1;
}

int
im_dict_add_alias(im_dict *d, int32_t entity, const char *alias, size_t len, im_alias_kind kind)
{
	alias_rec	a;
	int			rc;

	if (d->built || entity < 0 || (size_t) entity >= d->ent.n || (unsigned) kind >= IM_ALIAS_KIND_COUNT)
		return IM_ERR_OUTPUT_LIMIT;
	if (alias == NULL || len == 0 || len > 4096 || memchr(alias, '\0', len))
		return IM_OK;			/* nothing to match: ignored */
	memset(&a, 0, sizeof(a));
	a.entity = entity;
	a.kind = (uint8_t) kind;
	if ((rc = strs_add(&d->strs, alias, len, &a.text_off)) != IM_OK)
		return rc;
	if (kind == IM_ALIAS_NAME && d->ent.v[entity].name_alias < 0)
		d->ent.v[entity].name_alias = (int32_t) d->ali.n;
	VEC_PUSH(d->ali, a, rc);
	return rc;
}

int
im_dict_add_domain(im_dict *d, int32_t entity, const char *domain, size_t len)
{
	pair32		p;
	uint32_t	off;
	int			rc;

	if (d->built || entity < 0 || (size_t) entity >= d->ent.n)
		return IM_ERR_OUTPUT_LIMIT;
	if (domain == NULL || len == 0 || len > 253 || memchr(domain, '\0', len))
		return IM_OK;
	if ((rc = strs_add(&d->strs, domain, len, &off)) != IM_OK)
		return rc;
	p.a = entity;
	p.b = (int32_t) off;
	VEC_PUSH(d->dom_pairs, p, rc);
	return rc;
}

int
im_dict_add_parent(im_dict *d, int32_t child, int32_t parent)
{
	pair32		p;
	int			rc;

	if (d->built || child < 0 || parent < 0 || (size_t) child >= d->ent.n ||
		(size_t) parent >= d->ent.n)
		return IM_ERR_OUTPUT_LIMIT;
	if (child == parent)
		return IM_OK;
	p.a = child;
	p.b = parent;
	VEC_PUSH(d->par_pairs, p, rc);
	return rc;
}

int
im_dict_add_successor(im_dict *d, int32_t entity, int32_t successor)
{
	entity_rec *e;

	if (d->built || entity < 0 || successor < 0 || (size_t) entity >= d->ent.n ||
		(size_t) successor >= d->ent.n)
		return IM_ERR_OUTPUT_LIMIT;
	if (entity == successor)
		return IM_OK;
	e = &d->ent.v[entity];
	if (e->successor == -1)
		e->successor = successor;
	else if (e->successor != successor)
		e->successor = -2;
	return IM_OK;
}

/* ---- interned tokens ---- */
#if defined(__GNUC__) || defined(__clang__)
#define IM_PREFETCH(p) __builtin_prefetch(p)
#else
#define IM_PREFETCH(p) ((void) 0)
#endif

/* tok_lookup of a token whose im_fnv1a hash is hv */
static int32_t
tok_lookup_hash(const im_dict *d, const char *s, size_t n, uint32_t hv)
{
	size_t		h;

	if (d->tok_size == 0)
		return -1;
	h = hv & (d->tok_size - 1);
	while (d->tok_slots[h].id1)
	{
		const tok_slot *t = &d->tok_slots[h];

		if (t->hash == hv && t->len == n && memcmp(d->tokstr.data + t->off, s, n) == 0)
			return (int32_t) t->id1 - 1;
		h = (h + 1) & (d->tok_size - 1);
	}
	return -1;
}

static int32_t
tok_lookup(const im_dict *d, const char *s, size_t n)
{
	return tok_lookup_hash(d, s, n, im_fnv1a(s, n));
}

static int
tok_rehash(im_dict *d, size_t size)
{
	tok_slot   *slots = im_mem.alloc(size * sizeof(tok_slot));
	size_t		i;

	if (slots == NULL)
		return IM_ERR_NOMEM;
	memset(slots, 0, size * sizeof(tok_slot));
	for (i = 0; i < d->tok_off.n; i++)
	{
		uint32_t	hv = im_fnv1a(d->tokstr.data + d->tok_off.v[i], d->tok_len.v[i]);
		size_t		h = hv & (size - 1);

		while (slots[h].id1)
			h = (h + 1) & (size - 1);
		slots[h].id1 = (uint32_t) i + 1;
		slots[h].hash = hv;
		slots[h].off = d->tok_off.v[i];
		slots[h].len = d->tok_len.v[i];
	}
	if (d->tok_slots)
		im_mem.free(d->tok_slots);
	d->tok_slots = slots;
	d->tok_size = size;
	return IM_OK;
}

static int32_t
tok_intern(im_dict *d, const char *s, size_t n, int kind)
{
	int32_t		id = tok_lookup(d, s, n);
	uint32_t	off;
	int			rc;

	if (id >= 0)
		return id;
	if ((d->tok_off.n + 1) * 2 > d->tok_size &&
		(rc = tok_rehash(d, d->tok_size ? d->tok_size * 2 : 4096)) != IM_OK)
		return rc;
	off = (uint32_t) d->tokstr.len;
	if ((rc = im_buf_append(&d->tokstr, s, n)) != IM_OK)
		return rc;
	VEC_PUSH(d->tok_off, off, rc);
	if (rc == IM_OK)
		VEC_PUSH(d->tok_len, (uint16_t) n, rc);
	if (rc == IM_OK)
		VEC_PUSH(d->tok_generic, (uint8_t) (kind == IM_TOK_NUM || im_is_generic(s, n)), rc);
	if (rc == IM_OK)
		VEC_PUSH(d->tok_city, 0, rc);
	if (rc == IM_OK)
		VEC_PUSH(d->tok_common, (uint8_t) (kind == IM_TOK_NUM || im_is_generic(s, n)), rc);
	for (int q = 0; q < TOKC_STRIDE && rc == IM_OK; q++)
		VEC_PUSH(d->tok_df, 0, rc);
	if (rc != IM_OK)
		return rc;
	id = (int32_t) d->tok_off.n - 1;
	{
		uint32_t	hv = im_fnv1a(s, n);
		size_t		h = hv & (d->tok_size - 1);

		while (d->tok_slots[h].id1)
			h = (h + 1) & (d->tok_size - 1);
		d->tok_slots[h].id1 = (uint32_t) id + 1;
		d->tok_slots[h].hash = hv;
		d->tok_slots[h].off = off;
		d->tok_slots[h].len = (uint32_t) n;
	}
	return id;
}

/* ---- trie edges ---- */
static inline uint64_t
edge_key(uint32_t node, int gap, int32_t tok)
{
	return ((uint64_t) node << 32) | ((uint64_t) (gap ? 1u : 0u) << 31) | (uint32_t) tok;
}

static inline int64_t
edge_get(const im_dict *d, uint64_t key)
{
	size_t		h;

	if (d->edge_size == 0)
		return -1;
	h = mix64(key) & (d->edge_size - 1);
	while (d->edges[h].key != EDGE_EMPTY)
	{
		if (d->edges[h].key == key)
			return d->edges[h].child;
		h = (h + 1) & (d->edge_size - 1);
	}
	return -1;
}

/*
 * The child of node through token tok (gap: through a boundary), or -1. Reads node_csr, which
 * the build makes last: the scan refuses a dictionary that is not built.
 */
static inline int64_t
child_of(const im_dict *d, uint32_t node, int gap, int32_t tok)
{
	uint32_t	lo,
				hi;
	uint32_t	key = (gap ? (uint32_t) 1 << 31 : 0) | (uint32_t) tok;

	if (node == 0 && d->root_child)
		return gap ? -1 : d->root_child[tok];
	/* the walk has just read the node's record for its outputs */
	lo = d->node_csr[node].edge;
	hi = d->node_csr[node + 1].edge;
	if (lo == hi)
		return -1;				/* a leaf */
	if (gap && !(d->node_gapped[node >> 3] & (1 << (node & 7))))
		return -1;

	if (hi - lo > BIG_FANOUT && d->big_edges)
	{
		uint64_t	bk = ((uint64_t) node << 32) | key;
		size_t		h = mix64(bk) & (d->big_size - 1);

		while (d->big_edges[h].key != EDGE_EMPTY)
		{
			if (d->big_edges[h].key == bk)
				return d->big_edges[h].child;
			h = (h + 1) & (d->big_size - 1);
		}
		return -1;
	}
	while (hi - lo > 8)
	{
		uint32_t	mid = lo + (hi - lo) / 2;
		uint32_t	k = d->node_csr[mid].key;

		if (k == key)
			return mid;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < hi; lo++)
	{
		uint32_t	k = d->node_csr[lo].key;

		if (k >= key)
			return k == key ? (int64_t) lo : -1;
	}
	return -1;
}

static int
edge_rehash(im_dict *d, size_t size)
{
	edge_slot  *e = im_mem.alloc(size * sizeof(edge_slot));
	size_t		i;

	if (e == NULL)
		return IM_ERR_NOMEM;
	for (i = 0; i < size; i++)
		e[i].key = EDGE_EMPTY;
	for (i = 0; i < d->edge_size; i++)
	{
		if (d->edges[i].key != EDGE_EMPTY)
		{
			size_t		h = mix64(d->edges[i].key) & (size - 1);

			while (e[h].key != EDGE_EMPTY)
				h = (h + 1) & (size - 1);
			e[h] = d->edges[i];
		}
	}
	if (d->edges)
		im_mem.free(d->edges);
	d->edges = e;
	d->edge_size = size;
	return IM_OK;
}

static int64_t
edge_add(im_dict *d, uint32_t node, int gap, int32_t tok)
{
	uint64_t	key = edge_key(node, gap, tok);
	int64_t		child = edge_get(d, key);
	size_t		h;
	int			rc;

	if (child >= 0)
		return child;
	if ((d->nedges + 1) * 2 > d->edge_size &&
		(rc = edge_rehash(d, d->edge_size ? d->edge_size * 2 : 4096)) != IM_OK)
		return rc;
	if (d->nnodes == UINT32_MAX)
		return IM_ERR_NOMEM;
	h = mix64(key) & (d->edge_size - 1);
	while (d->edges[h].key != EDGE_EMPTY)
		h = (h + 1) & (d->edge_size - 1);
	d->edges[h].key = key;
	d->edges[h].child = d->nnodes++;
	d->nedges++;
	return d->edges[h].child;
}

static int	kind_rank(int alias_kind);

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t	a = *(const uint64_t *) x,
				b = *(const uint64_t *) y;

	return a < b ? -1 : (a > b);
}

/*
 * node_csr from the edge hash table and out_start, which are freed: nodes renumbered
 * breadth-first, children by key. Outputs and root_child follow the new numbers, node_gapped is
 * made from them; the outputs of a node keep their order.
 */
static int
build_csr(im_dict *d)
{
	size_t		nn = (size_t) d->nnodes;
	uint32_t   *first = im_mem.alloc((nn + 1) * sizeof(uint32_t));	/* by old node */
	uint64_t   *kids = im_mem.alloc((d->nedges + 1) * sizeof(uint64_t));	/* key << 32 | old child */
	uint32_t   *newid = im_mem.alloc((nn + 1) * sizeof(uint32_t));
	uint32_t   *oldid = im_mem.alloc((nn + 1) * sizeof(uint32_t));
	out_rec    *nouts = im_mem.alloc((d->outs.n + 1) * sizeof(out_rec));
	int			rc = IM_OK;
	size_t		j;
	uint32_t	q,
				next,
				nout;

	if (d->node_csr)
		im_mem.free(d->node_csr);
	d->node_csr = im_mem.alloc((nn + 1) * sizeof(node_csr_rec));
	if (!first || !kids || !newid || !oldid || !nouts || !d->node_csr)
	{
		rc = IM_ERR_NOMEM;
		goto done;
	}
	/* children of every old node, by key */
	memset(first, 0, (nn + 1) * sizeof(uint32_t));
	for (j = 0; j < d->edge_size; j++)
		if (d->edges[j].key != EDGE_EMPTY)
			first[d->edges[j].key >> 32]++;
	{
		uint32_t	sum = 0;

		for (j = 0; j <= nn; j++)
		{
			uint32_t	c = first[j];

			first[j] = sum;
			sum += c;
		}
	}
	for (j = 0; j < d->edge_size; j++)
	{
		uint64_t	k = d->edges[j].key;

		if (k != EDGE_EMPTY)
			kids[first[k >> 32]++] = ((k & 0xFFFFFFFFu) << 32) | d->edges[j].child;
	}
	/* first[n] is now the end of old node n's children: shift back to their start */
	for (j = nn; j > 0; j--)
		first[j] = first[j - 1];
	first[0] = 0;
	for (j = 0; j < nn; j++)
		if (first[j + 1] - first[j] > 1)
			qsort(kids + first[j], first[j + 1] - first[j], sizeof(uint64_t), cmp_u64);

	/* breadth-first numbering, children by key: oldid[] is the queue */
	oldid[0] = 0;
	newid[0] = 0;
	next = 1;
	nout = 0;
	for (q = 0; q < nn; q++)
	{
		uint32_t	o = oldid[q];

		if (q >= next)
		{
			rc = IM_ERR_OUTPUT_LIMIT;	/* a node no edge reaches: cannot happen */
			goto done;
		}
		d->node_csr[q].edge = next;
		d->node_csr[q].out = nout;
		for (j = first[o]; j < first[o + 1]; j++)
		{
			uint32_t	c = (uint32_t) kids[j];

			oldid[next] = c;
			newid[c] = next;
			d->node_csr[next].key = (uint32_t) (kids[j] >> 32);
			next++;
		}
		for (j = d->out_start[o]; j < d->out_start[o + 1]; j++)
		{
			nouts[nout].entity = d->outs.v[j].a;
			nouts[nout].alias = d->outs.v[j].b;
			/* the alias's and entity's flags the rules read (the entity's are final now) */
			nouts[nout].info = hit_info(d, d->outs.v[j].b, d->outs.v[j].a);
			nout++;
		}
	}
	d->node_csr[0].key = 0;
	d->node_csr[nn].key = UINT32_MAX;
	d->node_csr[nn].edge = next;
	d->node_csr[nn].out = nout;
	if (d->out_recs)
		im_mem.free(d->out_recs);
	d->out_recs = nouts;
	d->nout_recs = nout;
	nouts = NULL;
	VEC_FREE(d->outs);

	/* the arrays by node follow the new numbers */
	for (j = 0; j <= d->tok_off.n; j++)
		if (d->root_child[j] >= 0)
			d->root_child[j] = (int32_t) newid[d->root_child[j]];
	/* which nodes have edges through a boundary */
	if (d->node_gapped)
		im_mem.free(d->node_gapped);
	d->node_gapped = im_mem.alloc((nn + 8) / 8);
	if (d->node_gapped == NULL)
	{
		rc = IM_ERR_NOMEM;
		goto done;
	}
	memset(d->node_gapped, 0, (nn + 8) / 8);
	for (q = 0; q < nn; q++)
	{
		uint32_t	c;

		for (c = d->node_csr[q].edge; c < d->node_csr[q + 1].edge; c++)
			if (d->node_csr[c].key & ((uint32_t) 1 << 31))
				d->node_gapped[q >> 3] |= (uint8_t) (1 << (q & 7));
	}
	if (d->edges)
		im_mem.free(d->edges);
	d->edges = NULL;
	d->edge_size = 0;

	/* the children of nodes with many, in big_edges */
	if (d->big_edges)
		im_mem.free(d->big_edges);
	d->big_edges = NULL;
	d->big_size = 0;
	{
		size_t		nbig = 0,
					size = 16;

		/* the root's children are read from root_child */
		for (q = d->root_child ? 1 : 0; q < nn; q++)
			if (d->node_csr[q + 1].edge - d->node_csr[q].edge > BIG_FANOUT)
				nbig += d->node_csr[q + 1].edge - d->node_csr[q].edge;
		while (size < 2 * nbig)
			size *= 2;
		if (nbig > 0)
		{
			d->big_edges = im_mem.alloc(size * sizeof(edge_slot));
			if (d->big_edges == NULL)
			{
				rc = IM_ERR_NOMEM;
				goto done;
			}
			d->big_size = size;
			for (j = 0; j < size; j++)
				d->big_edges[j].key = EDGE_EMPTY;
			for (q = d->root_child ? 1 : 0; q < nn; q++)
			{
				uint32_t	c;

				if (d->node_csr[q + 1].edge - d->node_csr[q].edge <= BIG_FANOUT)
					continue;
				for (c = d->node_csr[q].edge; c < d->node_csr[q + 1].edge; c++)
				{
					uint64_t	bk = ((uint64_t) q << 32) | d->node_csr[c].key;
					size_t		h = mix64(bk) & (size - 1);

					while (d->big_edges[h].key != EDGE_EMPTY)
						h = (h + 1) & (size - 1);
					d->big_edges[h].key = bk;
					d->big_edges[h].child = c;
				}
			}
		}
	}
	if (d->out_start)
		im_mem.free(d->out_start);
	d->out_start = NULL;
done:
	if (first)
		im_mem.free(first);
	if (kids)
		im_mem.free(kids);
	if (newid)
		im_mem.free(newid);
	if (oldid)
		im_mem.free(oldid);
	if (nouts)
		im_mem.free(nouts);
	return rc;
}

/* qsort, but not on an empty (possibly NULL) array */
static void
sort_if_any(void *base, size_t n, size_t size, int (*cmp) (const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/*
 * Hits sorted by cmp: a few (the usual case) by insertion, which is stable as qsort is in the
 * C library's merge sort, so equal hits keep their order either way; many by qsort.
 */
static void
sort_hits(im_hit *v, size_t n, int (*cmp) (const void *, const void *))
{
	size_t		i,
				j;

	if (n > 24)
	{
		qsort(v, n, sizeof(im_hit), cmp);
		return;
	}
	for (i = 1; i < n; i++)
	{
		im_hit		x = v[i];

		for (j = i; j > 0 && cmp(&v[j - 1], &x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* ---- build ---- */
static int
cmp_pair(const void *x, const void *y)
{
	const pair32 *a = x,
			   *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

static uint64_t
hash_ids(const int32_t *ids, size_t n)
{
	uint64_t	h = 0x9E3779B97F4A7C15ULL ^ (uint64_t) n;
	size_t		i;

	for (i = 0; i < n; i++)
		h = mix64(h ^ (uint32_t) ids[i]);
	return h;
}

static int
cmp_comp(const void *x, const void *y)
{
	const comp_rec *a = x,
			   *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if (a->entity != b->entity)
		return a->entity < b->entity ? -1 : 1;
	return (a->alias > b->alias) - (a->alias < b->alias);
}

static int
cmp_del(const void *x, const void *y)
{
	const del_rec *a = x,
			   *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->tok < b->tok ? -1 : (a->tok > b->tok);
}

/* Normalize a cue string and intern its tokens into cue_ids; returns the count. */
static int
add_cue(im_dict *d, im_tokens *tk, uint32_t off, uint16_t *ntok)
{
	const char *s;
	size_t		i;
	int			rc;

	*ntok = 0;
	if (off == UINT32_MAX)
		return IM_OK;
	s = d->strs.data + off;
	tk->ntok = 0;
	tk->text.len = 0;
	if ((rc = im_tokenize(s, strlen(s), 0, tk)) != IM_OK)
		return rc;
	for (i = 0; i < tk->ntok && i < 16; i++)
	{
		int32_t		id = tok_intern(d, tk->text.data + tk->tok[i].off, tk->tok[i].len, tk->tok[i].kind);

		if (id < 0)
			return id;
		VEC_PUSH(d->cue_ids, id, rc);
		if (rc != IM_OK)
			return rc;
		(*ntok)++;
	}
	return IM_OK;
}

/*
 * Tokens of the head of a name (its generic kind, which English writes last and other
 * languages or styles first) at the start (first) or at the end of tk: "university",
 * "university hospital", "university medicine center" (normalized "University Medical
 * Centre"), "state university", longest first; 0 when there is none.
 */
static size_t
name_head(const im_tokens *tk, bool first)
{
	static const char *const heads[][3] = {
		{"university", "medicine", "center"},
		{"university", "hospital", NULL},
		{"state", "university", NULL},
		{"university", NULL, NULL},
	};
	size_t		h;

	for (h = 0; h < sizeof(heads) / sizeof(heads[0]); h++)
	{
		size_t		n = 0,
					k,
					at;

		while (n < 3 && heads[h][n])
			n++;
		if (tk->ntok < n + 1)
			continue;
		at = first ? 0 : tk->ntok - n;
		for (k = 0; k < n; k++)
		{
			const im_ctok *t = &tk->tok[at + k];

			if ((k > 0 && t->gap) || t->len != strlen(heads[h][k]) ||
				memcmp(tk->text.data + t->off, heads[h][k], t->len) != 0)
				break;
		}
		if (k == n)
			return n;
	}
	return 0;
}

static bool
ascii_word(const char *s, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z')))
			return false;
	return true;
}

int
im_dict_build(im_dict *d)
{
	im_tokens	tk,
				tk2;
	size_t		i,
				j;
	int			rc = IM_OK;

	if (d->built)
		return IM_OK;
	im_tokens_init(&tk);
	im_tokens_init(&tk2);
	d->nnodes = 1;				/* root */
	d->tok_university = tok_intern(d, "university", 10, IM_TOK_WORD);
	/* words the rules read, known even where no name has them */
	d->tok_hospital = tok_intern(d, "hospital", 8, IM_TOK_WORD);
	d->tok_of = tok_intern(d, "of", 2, IM_TOK_WORD);
	d->tok_affiliated = tok_intern(d, "affiliated", 10, IM_TOK_WORD);
	d->tok_to = tok_intern(d, "to", 2, IM_TOK_WORD);
	d->tok_at = tok_intern(d, "at", 2, IM_TOK_WORD);
	d->tok_in = tok_intern(d, "in", 2, IM_TOK_WORD);
	d->tok_fu = tok_intern(d, "\xe9\x99\x84", 3, IM_TOK_HAN);	/* 附 of 附属, affiliated */
	d->tok_shu = tok_intern(d, "\xe5\xb1\x9e", 3, IM_TOK_HAN);	/* 属 */

	for (i = 0; i < d->ali.n && rc == IM_OK; i++)
	{
		alias_rec  *a = &d->ali.v[i];
		const char *s = d->strs.data + a->text_off;
		uint32_t	node = 0;
		bool		generic_only = true;
		pair32		o;

		tk.ntok = 0;
		tk.text.len = 0;
		if ((rc = im_tokenize(s, strlen(s), 0, &tk)) != IM_OK)
			break;
		if (tk.ntok == 0 || tk.ntok > MAX_NAME_TOKENS)
		{
			a->ntok = 0;		/* unmatchable */
			continue;
		}
		a->ntok = (uint16_t) tk.ntok;
		for (j = 0; j < tk.ntok; j++)
		{
			const im_ctok *t = &tk.tok[j];
			int32_t		id = tok_intern(d, tk.text.data + t->off, t->len, t->kind);
			int64_t		child;

			if (id < 0)
			{
				rc = id;
				break;
			}
			/* a lone letter identifies nothing either: "E-Tech" is no name alone */
			if (!d->tok_generic.v[id] && !(t->len == 1 && t->kind != IM_TOK_NUM))
				generic_only = false;
			VEC_PUSH(d->ali_toks, id, rc);
			if (rc != IM_OK)
				break;
			child = edge_add(d, node, j > 0 && t->gap != 0, id);
			if (child < 0)
			{
				rc = (int) child;
				break;
			}
			node = (uint32_t) child;
		}
		if (rc != IM_OK)
			break;
		a->generic_only = generic_only;
		o.a = (int32_t) node;
		o.b = (int32_t) i;
		VEC_PUSH(d->outs, o, rc);

		/*
		 * "Microsoft Research Asia (China)", "IBM Research (China)": registries qualify names
		 * with a parenthesized country or city that strings leave out. The name without its
		 * trailing parenthesis becomes another alias of the same entity and kind (built by
		 * this same loop, with its own flags).
		 */
		/*
		 * "University of Bonn" is also written "Bonn University", and "Adelaide University"
		 * "The University of Adelaide"; "Essen University Hospital" "University Hospital
		 * Essen": names of one or two proper words and a head (university, university
		 * hospital, university medical center, state university) get the other word order as
		 * a variant (scored a little lower).
		 */
		if (rc == IM_OK && !a->variant && tk.ntok >= 2 && tk.ntok <= 5)
		{
			size_t		hs = name_head(&tk, true),
						he = name_head(&tk, false),
						lo = hs,
						hi = tk.ntok - he;
			bool		ok = (hs == 0) != (he == 0) && hi > lo && hi - lo <= 2;

			for (j = lo; j < hi && ok; j++)
			{
				int32_t		id = tok_lookup(d, tk.text.data + tk.tok[j].off, tk.tok[j].len);

				if ((j > lo && tk.tok[j].gap) || tk.tok[j].kind != IM_TOK_WORD || id < 0 ||
					d->tok_generic.v[id])
					ok = false;
			}
			/* no separator between the proper words and the head */
			if (ok && tk.tok[hs ? hs : hi].gap == 0)
			{
				alias_rec	v = *a;
				char		copy[IM_MAX_TOKEN_BYTES * 5 + 16];
				size_t		cl = 0,
							order[2][2] = {{hi, tk.ntok}, {lo, hi}},
							r;

				/* head first: the proper words, then the head; head last: the reverse */
				if (hs)
				{
					order[0][0] = lo;
					order[0][1] = hi;
					order[1][0] = 0;
					order[1][1] = hs;
				}
				for (r = 0; r < 2; r++)
					for (j = order[r][0]; j < order[r][1]; j++)
					{
						memcpy(copy + cl, tk.text.data + tk.tok[j].off, tk.tok[j].len);
						cl += tk.tok[j].len;
						copy[cl++] = ' ';
					}
				cl--;
				v.variant = 2;
				if ((rc = strs_add(&d->strs, copy, cl, &v.text_off)) == IM_OK)
					VEC_PUSH(d->ali, v, rc);
				/* both may have moved */
				a = &d->ali.v[i];
				s = d->strs.data + a->text_off;
			}
		}

		/*
		 * "MD Anderson Cancer Center" is also written "M.D. Anderson" and "M. D. Anderson",
		 * read as the words "m" and "d": a name with a word of two or three capitals gets a
		 * variant with that word's letters apart (the first such word; not an acronym alias)
		 */
		if (rc == IM_OK && !a->variant && a->kind != IM_ALIAS_ACRONYM && tk.ntok >= 2)
		{
			for (j = 0; j < tk.ntok; j++)
			{
				const im_ctok *t = &tk.tok[j];
				size_t		q;

				if (t->kind != IM_TOK_WORD || t->len < 2 || t->len > 3 ||
					t->src_end - t->src_start != t->len)
					continue;
				for (q = t->src_start; q < t->src_end && s[q] >= 'A' && s[q] <= 'Z'; q++)
					;
				if (q == t->src_end)
					break;
			}
			if (j < tk.ntok)
			{
				char		copy[4097];
				size_t		cl = 0,
							q;
				const im_ctok *t = &tk.tok[j];
				size_t		slen = strlen(s);

				if (slen + 3 < sizeof(copy))
				{
					memcpy(copy, s, t->src_start);
					cl = t->src_start;
					for (q = t->src_start; q < t->src_end; q++)
					{
						copy[cl++] = s[q];
						copy[cl++] = '.';
					}
					memcpy(copy + cl, s + t->src_end, slen - t->src_end);
					cl += slen - t->src_end;
					/* only if every letter stays a word (none is a stop word) */
					tk2.ntok = 0;
					tk2.text.len = 0;
					if ((rc = im_tokenize(copy, cl, 0, &tk2)) == IM_OK &&
						tk2.ntok == tk.ntok + t->len - 1)
					{
						alias_rec	v = *a;

						v.variant = 1;
						if ((rc = strs_add(&d->strs, copy, cl, &v.text_off)) == IM_OK)
							VEC_PUSH(d->ali, v, rc);
						a = &d->ali.v[i];
						s = d->strs.data + a->text_off;
					}
				}
			}
		}

		if (rc == IM_OK && tk.ntok >= 2 && !a->variant)
		{
			size_t		q = tk.ntok - 1;

			while (q > 0 && !(tk.tok[q].gap & IM_GAP_OPEN))
				q--;
			for (j = q + 1; j < tk.ntok && tk.tok[j].gap == 0; j++)
				;
			if (q > 0 && q + 3 >= tk.ntok && j == tk.ntok)
			{
				alias_rec	v = *a;
				uint32_t	cut = tk.tok[q - 1].src_end;
				char		copy[4097];

				/* copy first: strs may move while it grows */
				memcpy(copy, s, cut);
				v.variant = 1;
				if ((rc = strs_add(&d->strs, copy, cut, &v.text_off)) == IM_OK)
					VEC_PUSH(d->ali, v, rc);
			}
		}
	}

	/* cues: country and city tokens */
	for (i = 0; i < d->ent.n && rc == IM_OK; i++)
	{
		entity_rec *e = &d->ent.v[i];

		e->cue_start = (uint32_t) d->cue_ids.n;
		rc = add_cue(d, &tk, e->country_off, &e->country_ntok);
		if (rc == IM_OK)
			rc = add_cue(d, &tk, e->city_off, &e->city_ntok);
		if (rc == IM_OK && e->city_ntok == 1)
			d->tok_city.v[d->cue_ids.v[e->cue_start + e->country_ntok]] = 1;
	}

	/* parents (CSR by entity, deduplicated) */
	if (rc == IM_OK)
	{
		size_t		k = 0;

		sort_if_any(d->par_pairs.v, d->par_pairs.n, sizeof(pair32), cmp_pair);
		for (i = 0; i < d->ent.n && rc == IM_OK; i++)
		{
			d->ent.v[i].par_start = (uint32_t) d->par_ent.n;
			for (; k < d->par_pairs.n && (size_t) d->par_pairs.v[k].a == i && rc == IM_OK; k++)
			{
				if (k > 0 && d->par_pairs.v[k - 1].a == d->par_pairs.v[k].a &&
					d->par_pairs.v[k - 1].b == d->par_pairs.v[k].b)
					continue;
				VEC_PUSH(d->par_ent, d->par_pairs.v[k].b, rc);
			}
			d->ent.v[i].par_count = (uint32_t) d->par_ent.n - d->ent.v[i].par_start;
		}
	}

	/*
	 * countries using each token, then the common-word flags of aliases: each alias counts,
	 * but not the aliases of an entity whose parent uses the token too ("Monash University
	 * Malaysia" is a branch named after its parent, not another use of "monash")
	 */
	if (rc == IM_OK)
	{
		size_t		off = 0,
					nkeys = 0,
					k;
		uint64_t   *keys;

		keys = im_mem.alloc((d->ali_toks.n ? d->ali_toks.n : 1) * sizeof(uint64_t));
		if (keys == NULL)
			rc = IM_ERR_NOMEM;
		for (i = 0; i < d->ali.n && rc == IM_OK; i++)
		{
			alias_rec  *a = &d->ali.v[i];

			/* variants the build made are the same names again: not counted */
			if (d->ent.v[a->entity].country_off != UINT32_MAX && !a->variant)
				for (j = 0; j < a->ntok; j++)
					keys[nkeys++] = ((uint64_t) (uint32_t) d->ali_toks.v[off + j] << 32) |
						(uint32_t) a->entity;
			off += a->ntok;
		}
		if (rc == IM_OK)
			sort_if_any(keys, nkeys, sizeof(uint64_t), cmp_u64);
		for (k = 0; k < nkeys && rc == IM_OK; k++)
		{
			uint32_t	tok = (uint32_t) (keys[k] >> 32),
						ent = (uint32_t) keys[k];
			const entity_rec *e = &d->ent.v[ent];
			uint32_t	coff = e->country_off,
						ch;
			uint32_t   *set;
			uint32_t	pi;
			bool		parent_uses = false;
			int			q;

			for (pi = 0; pi < e->par_count && !parent_uses; pi++)
			{
				uint64_t	want = ((uint64_t) tok << 32) | (uint32_t) d->par_ent.v[e->par_start + pi];

				parent_uses = bsearch(&want, keys, nkeys, sizeof(uint64_t), cmp_u64) != NULL;
			}
			if (parent_uses)
				continue;
			/* per token: COMMON_COUNTRIES (country hash, count) pairs, then the total */
			ch = im_fnv1a(d->strs.data + coff, strlen(d->strs.data + coff)) | 1;
			set = d->tok_df.v + (size_t) tok * TOKC_STRIDE;
			for (q = 0; q < COMMON_COUNTRIES && set[2 * q] != 0 && set[2 * q] != ch; q++)
				;
			if (q < COMMON_COUNTRIES)
			{
				set[2 * q] = ch;
				set[2 * q + 1]++;
			}
			set[2 * COMMON_COUNTRIES]++;
		}
		if (keys)
			im_mem.free(keys);
		for (i = 0; i < d->tok_off.n; i++)
			d->tok_common.v[i] = (uint8_t) (d->tok_generic.v[i] ||
											token_common(d->tok_df.v + i * TOKC_STRIDE));
		off = 0;
		for (i = 0; i < d->ali.n; i++)
		{
			alias_rec  *a = &d->ali.v[i];
			bool		desc = a->ntok > 0;

			/* descriptive: only common words: "Institute of Physics", "Materials Science and
			 * Engineering", not "Chinese Academy of Sciences" */
			for (j = 0; j < a->ntok; j++)
			{
				int32_t		id = d->ali_toks.v[off + j];

				if (!d->tok_common.v[id])
					desc = false;
			}
			a->descriptive = desc;
			a->single_common = a->ntok == 1 && a->kind != IM_ALIAS_ACRONYM;
			off += a->ntok;
		}
	}

	/* outputs by node (CSR) */
	if (rc == IM_OK)
	{
		sort_if_any(d->outs.v, d->outs.n, sizeof(pair32), cmp_pair);
		/* one output per entity and node: the alias of the preferred kind */
		{
			size_t		w = 0,
						r;

			for (r = 0; r < d->outs.n; r++)
			{
				pair32		o = d->outs.v[r];
				size_t		q;
				bool		dup = false;

				for (q = w; q > 0 && d->outs.v[q - 1].a == o.a; q--)
				{
					pair32	   *p = &d->outs.v[q - 1];

					if (d->ali.v[p->b].entity == d->ali.v[o.b].entity)
					{
						if (kind_rank(d->ali.v[o.b].kind) < kind_rank(d->ali.v[p->b].kind))
							*p = o;
						dup = true;
						break;
					}
				}
				if (!dup)
					d->outs.v[w++] = o;
			}
			d->outs.n = w;
		}
		d->out_start = im_mem.alloc(((size_t) d->nnodes + 1) * sizeof(uint32_t));
		if (d->out_start == NULL)
			rc = IM_ERR_NOMEM;
		else
		{
			size_t		k = 0;

			for (j = 0; j <= d->nnodes; j++)
			{
				while (k < d->outs.n && (size_t) d->outs.v[k].a < j)
					k++;
				d->out_start[j] = (uint32_t) k;
			}

			/*
			 * The node of an output is known from out_start now: keep the entity in its place
			 * (build_csr adds the flags the scan needs, so reaching a node does not touch the
			 * alias records, a cache miss each).
			 */
			for (k = 0; k < d->outs.n; k++)
				d->outs.v[k].a = d->ali.v[d->outs.v[k].b].entity;
		}
	}

	/* domains (CSR by entity) */
	if (rc == IM_OK)
	{
		size_t		k = 0;

		sort_if_any(d->dom_pairs.v, d->dom_pairs.n, sizeof(pair32), cmp_pair);
		for (i = 0; i < d->ent.n && rc == IM_OK; i++)
		{
			d->ent.v[i].dom_start = (uint32_t) d->dom_tok.n;
			for (; k < d->dom_pairs.n && (size_t) d->dom_pairs.v[k].a == i && rc == IM_OK; k++)
			{
				const char *s = d->strs.data + d->dom_pairs.v[k].b;
				int32_t		id;

				tk.ntok = 0;
				tk.text.len = 0;
				if ((rc = im_tokenize(s, strlen(s), 0, &tk)) != IM_OK)
					break;
				if (tk.ntok != 1 || tk.tok[0].kind != IM_TOK_DOMAIN)
					continue;	/* not a host name */
				id = tok_intern(d, tk.text.data, tk.tok[0].len, IM_TOK_DOMAIN);
				if (id < 0)
					rc = id;
				else
					VEC_PUSH(d->dom_tok, id, rc);
			}
			d->ent.v[i].dom_count = (uint32_t) d->dom_tok.n - d->ent.v[i].dom_start;
		}
	}

	/* deletion index of long ASCII words, for one-edit typos */
	for (i = 0; i < d->tok_off.n && rc == IM_OK; i++)
	{
		const char *s = d->tokstr.data + d->tok_off.v[i];
		size_t		n = d->tok_len.v[i];
		char		v[IM_MAX_TOKEN_BYTES];

		if (n < MIN_TYPO_LEN || !ascii_word(s, n))
			continue;
		for (j = 0; j < n && rc == IM_OK; j++)
		{
			del_rec		r;

			if (j > 0 && s[j] == s[j - 1])
				continue;		/* same variant as deleting j - 1 */
			memcpy(v, s, j);
			memcpy(v + j, s + j + 1, n - j - 1);
			r.hash = hash64_bytes(v, n - 1);
			r.tok = (int32_t) i;
			VEC_PUSH(d->dels, r, rc);
		}
	}
	if (rc == IM_OK)
	{
		sort_if_any(d->dels.v, d->dels.n, sizeof(del_rec), cmp_del);
		d->del_bloom = im_mem.alloc(DEL_BLOOM_BITS / 8);
		if (d->del_bloom == NULL)
			rc = IM_ERR_NOMEM;
		else
		{
			memset(d->del_bloom, 0, DEL_BLOOM_BITS / 8);
			for (j = 0; j < d->dels.n; j++)
			{
				uint64_t	h = d->dels.v[j].hash;

				d->del_bloom[DEL_BLOOM_WORD(h)] |= DEL_BLOOM_MASK(h);
			}
		}
	}

	/* root edges as a direct array over every token id (interning is finished) */
	if (rc == IM_OK)
	{
		d->root_child = im_mem.alloc((d->tok_off.n + 1) * sizeof(int32_t));
		if (d->root_child == NULL)
			rc = IM_ERR_NOMEM;
		else
		{
			for (j = 0; j <= d->tok_off.n; j++)
				d->root_child[j] = -1;
			for (j = 0; j < d->edge_size; j++)
			{
				uint64_t	k = d->edges[j].key;

				if (k != EDGE_EMPTY && (k >> 32) == 0 && !(k & ((uint64_t) 1 << 31)))
					d->root_child[(uint32_t) (k & 0x7FFFFFFF)] = (int32_t) d->edges[j].child;
			}
		}
	}
	/* the scan's trie (node_csr) replaces the edge hash table and out_start */
	if (rc == IM_OK)
		rc = build_csr(d);
	im_tokens_free(&tk);
	im_tokens_free(&tk2);

	/*
	 * Names that are a shorter name plus the entity's city, or the end of it ("Indian Institute
	 * of Technology Delhi" in New Delhi), with "at"/"in" between or not: the shorter name's
	 * tokens (two or more, one of them not generic) point to the entity and its city words.
	 */
	if (rc == IM_OK)
	{
		size_t		off = 0;

		for (i = 0; i < d->ali.n && rc == IM_OK; i++)
		{
			const alias_rec *a = &d->ali.v[i];
			const entity_rec *e = &d->ent.v[a->entity];
			const int32_t *t;
			const int32_t *c;
			size_t		k = a->ntok,
						m = e->city_ntok,
						l,
						best = 0,
						p;
			bool		proper = false;

			off += a->ntok;
			if (a->variant || a->kind == IM_ALIAS_ACRONYM || m == 0 || k < 3)
				continue;
			t = d->ali_toks.v + (off - k);
			c = d->cue_ids.v + e->cue_start + e->country_ntok;
			for (l = 1; l <= m && l + 2 <= k; l++)
			{
				size_t		q;

				for (q = 0; q < l && t[k - l + q] == c[m - l + q]; q++)
					;
				if (q == l)
					best = l;
			}
			if (best == 0)
				continue;
			p = k - best;
			if (t[p - 1] == d->tok_at || t[p - 1] == d->tok_in)
				p--;
			for (l = 0; l < p; l++)
				if (!d->tok_generic.v[t[l]])
					proper = true;
			if (p < 2 || !proper)
				continue;
			{
				comp_rec	r;

				r.hash = hash_ids(t, p);
				r.entity = a->entity;
				r.alias = (int32_t) i;
				r.city_start = (uint32_t) (e->cue_start + e->country_ntok + m - best);
				r.city_n = (uint16_t) best;
				r.plen = (uint16_t) p;
				VEC_PUSH(d->comps, r, rc);
			}
		}
		if (rc == IM_OK)
		{
			/* one record per (shorter name, entity) */
			size_t		w = 0,
						r;

			sort_if_any(d->comps.v, d->comps.n, sizeof(comp_rec), cmp_comp);
			for (r = 0; r < d->comps.n; r++)
				if (w == 0 || d->comps.v[w - 1].hash != d->comps.v[r].hash ||
					d->comps.v[w - 1].entity != d->comps.v[r].entity)
					d->comps.v[w++] = d->comps.v[r];
			d->comps.n = w;
			memset(d->comp_bloom, 0, sizeof(d->comp_bloom));
			for (r = 0; r < d->comps.n; r++)
			{
				uint64_t	h = d->comps.v[r].hash;

				d->comp_bloom[(h >> 6) & (COMP_BLOOM_BITS / 64 - 1)] |= (uint64_t) 1 << (h & 63);
			}
		}
	}
	d->tok_key = tok_lookup(d, "key", 3);
	d->tok_laboratory = tok_lookup(d, "laboratory", 10);
	if (d->tok_key < 0 || d->tok_laboratory < 0)
		d->tok_key = d->tok_laboratory = -2;	/* never equal to a token id */
	if (rc == IM_OK)
	{
		VEC_FREE(d->dom_pairs);
		VEC_FREE(d->par_pairs);
		VEC_FREE(d->tok_df);
		VEC_FREE(d->ali_toks);
		d->built = true;
	}
	return rc;
}

int32_t
im_dict_nentities(const im_dict *d)
{
	return (int32_t) d->ent.n;
}

int32_t
im_dict_naliases(const im_dict *d)
{
	return (int32_t) d->ali.n;
}

size_t
im_dict_memory(const im_dict *d)
{
	return d->strs.cap + d->tokstr.cap +
		d->ent.cap * sizeof(entity_rec) + d->ali.cap * sizeof(alias_rec) +
		d->eid_size * sizeof(uint32_t) + d->tok_size * sizeof(tok_slot) +
		d->tok_off.cap * sizeof(uint32_t) + d->tok_len.cap * sizeof(uint16_t) +
		d->tok_generic.cap + (d->edge_size + d->big_size) * sizeof(edge_slot) +
		(d->tok_off.n + 1) * sizeof(int32_t) +
		((size_t) d->nnodes + 8) / 8 +
		d->outs.cap * sizeof(pair32) + d->nout_recs * sizeof(out_rec) +
		((size_t) d->nnodes + 1) * (d->node_csr ? sizeof(node_csr_rec) : sizeof(uint32_t)) +
		(d->cue_ids.cap + d->dom_tok.cap + d->par_ent.cap) * sizeof(int32_t) +
		d->dels.cap * sizeof(del_rec) + (d->del_bloom ? DEL_BLOOM_BITS / 8 : 0) +
		d->comps.cap * sizeof(comp_rec);
}

const char *
im_dict_entity_id(const im_dict *d, int32_t entity)
{
	return d->strs.data + d->ent.v[entity].id_off;
}

const char *
im_dict_entity_name(const im_dict *d, int32_t entity)
{
	int32_t		a = d->ent.v[entity].name_alias;

	return a >= 0 ? d->strs.data + d->ali.v[a].text_off : im_dict_entity_id(d, entity);
}

const char *
im_dict_alias_text(const im_dict *d, int32_t alias)
{
	return d->strs.data + d->ali.v[alias].text_off;
}

im_alias_kind
im_hit_alias_kind(const im_hit *h)
{
	return (im_alias_kind) INFO_KIND(h->info);
}

im_alias_kind
im_dict_alias_kind(const im_dict *d, int32_t alias)
{
	return (im_alias_kind) d->ali.v[alias].kind;
}

/* ------------------------------------------------------------------------------------------
 * Typos
 * ------------------------------------------------------------------------------------------ */

/* Optimal string alignment distance, capped: returns 0, 1 or 2 (= more than one edit). */
static int
edit1(const char *a, size_t na, const char *b, size_t nb)
{
	size_t		i = 0,
				j;

	if (na > nb + 1 || nb > na + 1)
		return 2;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	if (i == na && i == nb)
		return 0;
	if (na == nb)
	{
		/* substitution at i, or transposition of i and i + 1 */
		if (memcmp(a + i + 1, b + i + 1, na - i - 1) == 0)
			return 1;
		if (i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
			memcmp(a + i + 2, b + i + 2, na - i - 2) == 0)
			return 1;
		return 2;
	}
	if (na > nb)
	{
		/* a has an extra character at i */
		j = na - i - 1;
		return memcmp(a + i + 1, b + i, j) == 0 ? 1 : 2;
	}
	j = nb - i - 1;
	return memcmp(a + i, b + i + 1, j) == 0 ? 1 : 2;
}

static void
add_alt(const im_dict *d, const char *s, size_t n, int32_t tok, int32_t *alt, uint8_t *nalt)
{
	int			k;

	for (k = 0; k < *nalt; k++)
		if (alt[k] == tok)
			return;
	if (*nalt >= IM_MAX_ALT)
		return;
	if (d->tok_len.v[tok] < MIN_TYPO_LEN)
		return;
	if (edit1(s, n, d->tokstr.data + d->tok_off.v[tok], d->tok_len.v[tok]) != 1)
		return;
	alt[(*nalt)++] = tok;
}

static void
dels_probe(const im_dict *d, uint64_t h, const char *s, size_t n, int32_t *alt, uint8_t *nalt)
{
	size_t		lo = 0,
				hi = d->dels.n;
	uint64_t	m = DEL_BLOOM_MASK(h);

	if ((d->del_bloom[DEL_BLOOM_WORD(h)] & m) != m)
		return;
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (d->dels.v[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->dels.n && d->dels.v[lo].hash == h; lo++)
		add_alt(d, s, n, d->dels.v[lo].tok, alt, nalt);
}

/*
 * Known tokens one edit away from an unknown long ASCII word. The hashes of every deletion are
 * made first and their token slots and bloom filter words requested, so that those reads
 * overlap instead of waiting in turn; then they are looked up in the same order as before.
 */
static void
typo_alternatives(const im_dict *d, const char *s, size_t n, int32_t *alt, uint8_t *nalt)
{
	char		v[IM_MAX_TOKEN_BYTES];
	uint32_t	th[IM_MAX_TOKEN_BYTES];
	uint64_t	dh[IM_MAX_TOKEN_BYTES];
	uint64_t	h0;
	size_t		j;

	*nalt = 0;
	if (n < MIN_TYPO_LEN || !ascii_word(s, n) || d->dels.n == 0)
		return;
	h0 = hash64_bytes(s, n);
	for (j = 0; j < n; j++)
	{
		if (j > 0 && s[j] == s[j - 1])
			continue;
		memcpy(v, s, j);
		memcpy(v + j, s + j + 1, n - j - 1);
		if (n - 1 >= MIN_TYPO_LEN)
		{
			th[j] = im_fnv1a(v, n - 1);
			if (d->tok_size)
				IM_PREFETCH(&d->tok_slots[th[j] & (d->tok_size - 1)]);
		}
		dh[j] = hash64_bytes(v, n - 1);
		if (d->del_bloom)
			IM_PREFETCH(&d->del_bloom[DEL_BLOOM_WORD(dh[j])]);
	}
	/* a known word with one more letter (the string dropped one) */
	dels_probe(d, h0, s, n, alt, nalt);
	for (j = 0; j < n; j++)
	{
		int32_t		id;

		if (j > 0 && s[j] == s[j - 1])
			continue;
		/* a known word with one letter fewer (the string has an extra one) */
		if (n - 1 >= MIN_TYPO_LEN)
		{
			memcpy(v, s, j);
			memcpy(v + j, s + j + 1, n - j - 1);
			if ((id = tok_lookup_hash(d, v, n - 1, th[j])) >= 0)
				add_alt(d, s, n, id, alt, nalt);
		}
		/* a known word of the same length sharing a deletion: substitution, transposition */
		dels_probe(d, dh[j], s, n, alt, nalt);
	}
}

/* ------------------------------------------------------------------------------------------
 * Scan
 * ------------------------------------------------------------------------------------------ */
void
im_scan_init(im_scan *sc)
{
	memset(sc, 0, sizeof(*sc));
	im_tokens_init(&sc->toks);
}

void
im_scan_free(im_scan *sc)
{
	if (sc->hits)
		im_mem.free(sc->hits);
	if (sc->ids)
		im_mem.free(sc->ids);	/* one block: alt, nalt, part and segment bounds too */
	if (sc->cand)
		im_mem.free(sc->cand);
	im_tokens_free(&sc->toks);
	memset(sc, 0, sizeof(*sc));
	im_tokens_init(&sc->toks);
}

static int
push_hit(im_hit **v, size_t *n, size_t *cap, const im_hit *h)
{
	int			rc = vec_grow((void **) v, cap, *n + 1, sizeof(im_hit));

	if (rc != IM_OK)
		return rc;
	(*v)[(*n)++] = *h;
	return IM_OK;
}

static float
kind_score(int alias_kind)
{
	switch (alias_kind)
	{
		case IM_ALIAS_NAME:
		case IM_ALIAS_LABEL:
			return 1.0f;
		case IM_ALIAS_AKA:
			return 0.95f;
		case IM_ALIAS_FORMER:
			return 0.9f;
		case IM_ALIAS_ACRONYM:
			return 0.85f;
		default:
			return 0.9f;
	}
}

/* Is the alias text a the n bytes at t, but for the case of ASCII letters? */
static bool
written_as(const char *a, const char *t, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		unsigned char x = (unsigned char) a[i],
					y = (unsigned char) t[i];

		if (x == 0)
			return false;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char) (x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char) (y + 32);
		if (x != y)
			return false;
	}
	return a[n] == 0;
}

/* Preference among aliases of one entity on one span: name, label, aka, former, acronym. */
static int
kind_rank(int alias_kind)
{
	static const int rank[IM_ALIAS_KIND_COUNT] = {0, 2, 3, 4, 1};

	return (unsigned) alias_kind < IM_ALIAS_KIND_COUNT ? rank[alias_kind] : 5;
}

/*
 * Cues and related names are looked for in the affiliation of a match, within this many tokens
 * of it, so that a scan stays linear in the length of the string.
 */
#define CUE_WINDOW 64

/* Affiliation part (between ';' boundaries) of token i, within CUE_WINDOW: [*lo, *hi). */
static void
part_of(const im_scan *sc, uint32_t i, uint32_t *lo, uint32_t *hi)
{
	uint32_t	a = sc->part_lo[i],
				b = sc->part_hi[i];

	*lo = (i > CUE_WINDOW && a < i - CUE_WINDOW) ? i - CUE_WINDOW : a;
	*hi = (b > i + CUE_WINDOW) ? i + CUE_WINDOW : b;
}

/* Segment (between any boundaries) of token i, within CUE_WINDOW: [*lo, *hi). */
static void
segment_of(const im_scan *sc, uint32_t i, uint32_t *lo, uint32_t *hi)
{
	uint32_t	a = sc->seg_lo[i],
				b = sc->seg_hi[i];

	*lo = (i > CUE_WINDOW && a < i - CUE_WINDOW) ? i - CUE_WINDOW : a;
	*hi = (b > i + CUE_WINDOW) ? i + CUE_WINDOW : b;
}

/* Candidates (sorted by tok_start) whose tok_start lies in [lo, hi): [*a, *b). */
static void
cand_range(const im_scan *sc, uint32_t lo, uint32_t hi, size_t *a, size_t *b)
{
	size_t		l = 0,
				h = sc->ncand;

	while (l < h)
	{
		size_t		mid = l + (h - l) / 2;

		if (sc->cand[mid].tok_start < lo)
			l = mid + 1;
		else
			h = mid;
	}
	*a = l;
	h = sc->ncand;
	while (l < h)
	{
		size_t		mid = l + (h - l) / 2;

		if (sc->cand[mid].tok_start < hi)
			l = mid + 1;
		else
			h = mid;
	}
	*b = l;
}

static bool
seq_in(const im_scan *sc, uint32_t lo, uint32_t hi, const int32_t *seq, uint32_t nseq)
{
	uint32_t	i,
				k;

	if (nseq == 0 || hi - lo < nseq)
		return false;
	for (i = lo; i + nseq <= hi; i++)
	{
		for (k = 0; k < nseq && sc->ids[i + k] == seq[k]; k++)
			;
		if (k == nseq)
			return true;
	}
	return false;
}

static bool
domain_cue(const im_dict *d, const im_scan *sc, int32_t ent)
{
	const entity_rec *e;
	size_t		i;
	uint32_t	k;

	if (sc->ndom == 0)
		return false;			/* most strings have no domain: read no domain of the entity */
	e = &d->ent.v[ent];
	for (k = 0; k < e->dom_count; k++)
	{
		int32_t		dt = d->dom_tok.v[e->dom_start + k];
		const char *ds = d->tokstr.data + d->tok_off.v[dt];
		size_t		dn = d->tok_len.v[dt];

		for (i = 0; i < sc->ndom; i++)
		{
			const im_ctok *t = &sc->toks.tok[sc->dom_at[i]];
			const char *ts = sc->toks.text.data + t->off;

			if (sc->ids[sc->dom_at[i]] == dt)
				return true;
			/* a subdomain: cs.hit.edu.cn for hit.edu.cn */
			if (t->len > dn && ts[t->len - dn - 1] == '.' && memcmp(ts + t->len - dn, ds, dn) == 0)
				return true;
		}
	}
	return false;
}

/*
 * Where seq occurs in tokens [lo, hi), seen from a match on [ts, te): 2 somewhere outside the
 * match, 1 only overlapping it, 0 nowhere.
 */
static int
seq_where(const im_scan *sc, uint32_t lo, uint32_t hi, const int32_t *seq, uint32_t nseq,
		  uint32_t ts, uint32_t te)
{
	uint32_t	i,
				k;
	int			w = 0;

	if (nseq == 0 || hi - lo < nseq)
		return 0;
	for (i = lo; i + nseq <= hi; i++)
	{
		for (k = 0; k < nseq && sc->ids[i + k] == seq[k]; k++)
			;
		if (k < nseq)
			continue;
		if (i + nseq <= ts || i >= te)
			return 2;
		w = 1;
	}
	return w;
}

/*
 * Context of entity ent for a match on tokens [ts, te), in the match's affiliation part: bit 1
 * country, 2 city, 4 domain, for words outside the match; bits 16 country and 32 city for
 * words only inside it ("Georgia" in "University of Georgia", "Jinan" in "University of Jinan"),
 * which speak for the entity less: every entity sharing the name has them.
 */
static int
context_split(const im_dict *d, const im_scan *sc, int32_t ent, uint32_t ts, uint32_t te)
{
	const entity_rec *e = &d->ent.v[ent];
	uint32_t	lo,
				hi;
	int			c = 0,
				w;

	part_of(sc, ts, &lo, &hi);
	/* no pointer into cue_ids without cues: it is NULL when no entity has any */
	w = e->country_ntok ?
		seq_where(sc, lo, hi, d->cue_ids.v + e->cue_start, e->country_ntok, ts, te) : 0;
	c |= w == 2 ? 1 : w == 1 ? 16 : 0;
	w = e->city_ntok ?
		seq_where(sc, lo, hi, d->cue_ids.v + e->cue_start + e->country_ntok, e->city_ntok, ts, te) : 0;
	c |= w == 2 ? 2 : w == 1 ? 32 : 0;
	if (domain_cue(d, sc, ent))
		c |= 4;
	return c;
}

/* Context of h's entity anywhere in h's affiliation part: bit 1 country, 2 city, 4 domain. */
static int
context_of(const im_dict *d, const im_scan *sc, const im_hit *h)
{
	int			c = context_split(d, sc, h->entity, h->tok_start, h->tok_end);

	return (c & 7) | ((c & 16) ? 1 : 0) | ((c & 32) ? 2 : 0);
}

/* The info bits of an alias and an entity, for a candidate whose alias a rule replaces. */
static uint32_t
hit_info(const im_dict *d, int32_t alias, int32_t entity)
{
	const alias_rec *a = &d->ali.v[alias];
	const entity_rec *e = &d->ent.v[entity];

	return (uint32_t) a->kind | (a->generic_only ? INFO_GENERIC : 0u) |
		((uint32_t) a->variant << 4) | ((uint32_t) (a->ntok > 255 ? 255 : a->ntok) << 8) |
		(a->descriptive ? INFO_DESCRIPTIVE : 0u) |
		(a->single_common ? INFO_SINGLE_COMMON : 0u) |
		(has_lower(d->strs.data + a->text_off) ? INFO_HAS_LOWER : 0u) |
		(e->successor >= 0 ? INFO_SUCCESSOR : 0u) |
		(e->par_count > 0 ? INFO_PARENTS : 0u);
}

static bool
has_lower(const char *z)
{
	for (; *z; z++)
		if (*z >= 'a' && *z <= 'z')
			return true;
	return false;
}

/* Letter cases in s[a..b): bit 1 an upper-case (or title-case) letter, bit 2 a lower-case one. */
static int
letter_cases(const char *s, uint32_t a, uint32_t b)
{
	int			c = 0;
	uint32_t	i = a;

	while (i < b)
	{
		unsigned char ch = (unsigned char) s[i];

		if (ch < 0x80)
		{
			if (ch >= 'A' && ch <= 'Z')
				c |= 1;
			else if (ch >= 'a' && ch <= 'z')
				c |= 2;
			i++;
		}
		else
		{
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *) s + i, b - i, &cp);

			if (n <= 0)
			{
				i++;
				continue;
			}
			switch (utf8proc_category(cp))
			{
				case UTF8PROC_CATEGORY_LU:
				case UTF8PROC_CATEGORY_LT:
					c |= 1;
					break;
				case UTF8PROC_CATEGORY_LL:
					c |= 2;
					break;
				default:
					break;
			}
			i += (uint32_t) n;
		}
	}
	return c;
}

/* Between two tokens, does the input have a particle that continues a name (of, for, ...)? */
static bool
continues_name(const char *s, uint32_t a, uint32_t b)
{
	static const char *const particles[] = {
		"of", "for", "at", "de", "di", "do", "da", "des", "du", "del", "della", "degli", NULL
	};
	uint32_t	i = a;

	while (i < b)
	{
		uint32_t	w;
		int			k;

		while (i < b && !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
		{
			if (s[i] != ' ' && s[i] != '.' && s[i] != '\t')
				return false;	/* other punctuation: not a plain continuation */
			i++;
		}
		w = i;
		while (i < b && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
			i++;
		if (i == w)
			break;
		for (k = 0; particles[k]; k++)
		{
			size_t		pl = strlen(particles[k]);
			size_t		j;

			if (pl != i - w)
				continue;
			for (j = 0; j < pl && (s[w + j] | 0x20) == particles[k][j]; j++)
				;
			if (j == pl)
				return true;
		}
	}
	return false;
}

/* Is s[a, b) " of " or " of the " (the words the normalizer drops between two name words)? */
static bool
only_of(const char *s, uint32_t a, uint32_t b)
{
	bool		of = false;
	uint32_t	i = a;

	while (i < b)
	{
		uint32_t	w;

		if (s[i] == ' ' || s[i] == '\t')
		{
			i++;
			continue;
		}
		w = i;
		while (i < b && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
			i++;
		if (i - w == 2 && (s[w] | 0x20) == 'o' && (s[w + 1] | 0x20) == 'f')
			of = true;
		else if (!(i - w == 3 && (s[w] | 0x20) == 't' && (s[w + 1] | 0x20) == 'h' &&
				   (s[w + 2] | 0x20) == 'e'))
			return false;
	}
	return of;
}

/* Is the token text t[0, n) one of words (NULL-terminated)? */
static bool
word_in(const char *const *words, const char *t, size_t n)
{
	int			k;

	for (k = 0; words[k]; k++)
		if (strlen(words[k]) == n && memcmp(words[k], t, n) == 0)
			return true;
	return false;
}

/*
 * Does the segment begin with a unit word ("Department of Pathobiology University of Guelph",
 * "Fakultas Kedokteran Universitas Lampung")? Then the words before a name in it describe a
 * unit of the institution, not a longer name.
 */
static bool
unit_first(const im_scan *sc, uint32_t i)
{
	static const char *const words[] = {
		"department", "faculty", "fakultas", "division", "jurusan", "fachbereich", "klinik",
		"abteilung", "lehrstuhl", "school", "laboratory", "unit", "service", "section",
		"program", "programme", "programa", NULL
	};
	const im_ctok *t = &sc->toks.tok[i];

	return word_in(words, sc->toks.text.data + t->off, t->len);
}

/* Is b a parent (or grandparent) of a? */
static bool
related(const im_dict *d, int32_t a, int32_t b)
{
	const entity_rec *e = &d->ent.v[a];
	uint32_t	i;

	for (i = 0; i < e->par_count; i++)
	{
		int32_t		p = d->par_ent.v[e->par_start + i];
		const entity_rec *pe;
		uint32_t	j;

		if (p == b)
			return true;
		pe = &d->ent.v[p];
		for (j = 0; j < pe->par_count; j++)
			if (d->par_ent.v[pe->par_start + j] == b)
				return true;
	}
	return false;
}

/* Words that, right after a name ending in a generic word, make another institution. */
static bool
institution_word(const char *t, size_t n)
{
	static const char *const words[] = {
		"hospital", "institute", "college", "center", "academy", "clinic", "museum", NULL
	};

	return word_in(words, t, n);
}

/* A word before a name that makes it another, numbered or oriented one: "Second University of
 * Naples", "South-Ural State Medical University". */
static bool
modifier_word(const char *t, size_t n)
{
	static const char *const words[] = {
		"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
		"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
		"tenth", NULL
	};

	return word_in(words, t, n);
}

/* Do the tokens at i begin with entity ent's city or country? */
static bool
own_place_at(const im_dict *d, const im_scan *sc, int32_t ent, uint32_t i)
{
	const entity_rec *e = &d->ent.v[ent];
	uint32_t	n = (uint32_t) sc->toks.ntok;

	/* the pointer into cue_ids only with cues (NULL when no entity has any) */
	return (e->city_ntok && i + e->city_ntok <= n &&
			seq_in(sc, i, i + e->city_ntok, d->cue_ids.v + e->cue_start + e->country_ntok,
				   e->city_ntok)) ||
		(e->country_ntok && i + e->country_ntok <= n &&
		 seq_in(sc, i, i + e->country_ntok, d->cue_ids.v + e->cue_start, e->country_ntok));
}

/* Is a parent (two levels) of h's entity among the other accepted candidates? */
static bool
parent_named(const im_dict *d, const im_scan *sc, const im_hit *h)
{
	size_t		m,
				ma,
				mb;

	cand_range(sc, h->tok_start > 2 * CUE_WINDOW ? h->tok_start - 2 * CUE_WINDOW : 0,
			   h->tok_start + 2 * CUE_WINDOW, &ma, &mb);
	for (m = ma; m < mb; m++)
	{
		const im_hit *o = &sc->cand[m];

		if (o->accepted && o->entity != h->entity && related(d, h->entity, o->entity))
			return true;
	}
	return false;
}

typedef struct walk_item
{
	uint32_t	pos;			/* next token to consume */
	uint32_t	node;
	uint8_t		ntypos;
	uint8_t		relaxed;		/* a comma in the string where the name has none */
	uint32_t	relax_at;		/* the token after that comma */
} walk_item;

static int
cmp_cand(const void *x, const void *y)
{
	const im_hit *a = x,
			   *b = y;

	if (a->tok_start != b->tok_start)
		return a->tok_start < b->tok_start ? -1 : 1;
	if (a->tok_end != b->tok_end)
		return a->tok_end > b->tok_end ? -1 : 1;	/* longest first */
	if (a->ntypos != b->ntypos)
		return a->ntypos < b->ntypos ? -1 : 1;
	if (a->entity != b->entity)
		return a->entity < b->entity ? -1 : 1;
	return a->alias < b->alias ? -1 : (a->alias > b->alias);
}

static int
cmp_out(const void *x, const void *y)
{
	const im_hit *a = x,
			   *b = y;

	if (a->src_start != b->src_start)
		return a->src_start < b->src_start ? -1 : 1;
	if (a->accepted != b->accepted)
		return a->accepted > b->accepted ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->entity != b->entity)
		return a->entity < b->entity ? -1 : 1;
	return a->alias < b->alias ? -1 : (a->alias > b->alias);
}

/*
 * A word the dictionary does not know, written with a lower-case letter right before an
 * upper-case one ("TechnologyAtlanta", "PediatricsUniversity", "ofCopenhagen"), or ending in
 * a lower-case particle ("Universityof"): two words glued by a lost space or line break. Where
 * the part after the join normalizes to words the dictionary knows, or is a particle after a
 * word it knows, the word is read as the two parts, each normalized on its own.
 */
static bool
glued_at(const im_dict *d, const char *s, const im_ctok *t, uint32_t *at)
{
	uint32_t	i;

	if (t->kind != IM_TOK_WORD || t->src_end - t->src_start != t->len || t->len < 5)
		return false;
	for (i = t->src_start + 2; i + 2 < t->src_end; i++)
	{
		char		a = s[i - 1],
					b = s[i],
					c = s[i + 1];

		if (a >= 'a' && a <= 'z' && b >= 'A' && b <= 'Z' && c >= 'a' && c <= 'z')
		{
			(void) d;
			*at = i;
			return true;
		}
	}
	/* "Universityof", "Institutefor": a particle glued to the end, in lower case */
	{
		static const char *const ends[] = {"of", "for", "and", "de", NULL};
		int			k;

		for (k = 0; ends[k]; k++)
		{
			size_t		n = strlen(ends[k]);

			if (t->len >= n + 4 && memcmp(s + t->src_end - n, ends[k], n) == 0 &&
				s[t->src_end - n - 1] >= 'a' && s[t->src_end - n - 1] <= 'z')
			{
				*at = t->src_end - (uint32_t) n;
				return true;
			}
		}
	}
	return false;
}

static int
split_glued(const im_dict *d, const char *s, im_tokens *toks)
{
	im_tokens	out,
				part;
	size_t		i,
				j;
	bool		any = false;
	int			rc = IM_OK;

	for (i = 0; i < toks->ntok && !any; i++)
	{
		uint32_t	at;

		any = glued_at(d, s, &toks->tok[i], &at) &&
			tok_lookup(d, toks->text.data + toks->tok[i].off, toks->tok[i].len) < 0;
	}
	if (!any)
		return IM_OK;
	im_tokens_init(&out);
	im_tokens_init(&part);
	for (i = 0; i < toks->ntok && rc == IM_OK; i++)
	{
		const im_ctok *t = &toks->tok[i];
		uint32_t	at;
		bool		split = false;
		im_tok		o;

		if (glued_at(d, s, t, &at) &&
			tok_lookup(d, toks->text.data + t->off, t->len) < 0)
		{
			char		buf[IM_MAX_TOKEN_BYTES + 2];
			size_t		nl = at - t->src_start,
						nr = t->src_end - at;

			memcpy(buf, s + t->src_start, nl);
			buf[nl] = ' ';
			memcpy(buf + nl + 1, s + at, nr);
			part.ntok = 0;
			part.text.len = 0;
			if ((rc = im_tokenize(buf, nl + nr + 1, 0, &part)) != IM_OK)
				break;
			/*
			 * the part after the join must be one word the dictionary knows, or a particle
			 * (a stop word, gone) after a word the dictionary knows
			 */
			if ((part.ntok >= 1 && part.ntok <= 2 &&
				 part.tok[part.ntok - 1].src_start == nl + 1 &&
				 part.tok[part.ntok - 1].kind == IM_TOK_WORD &&
				 tok_lookup(d, part.text.data + part.tok[part.ntok - 1].off,
							part.tok[part.ntok - 1].len) >= 0) ||
				(part.ntok == 1 && part.tok[0].src_end <= nl && s[at] >= 'a' && s[at] <= 'z' &&
				 part.tok[0].kind == IM_TOK_WORD &&
				 tok_lookup(d, part.text.data + part.tok[0].off, part.tok[0].len) >= 0))
			{
				split = true;
				for (j = 0; j < part.ntok && rc == IM_OK; j++)
				{
					const im_ctok *p = &part.tok[j];

					o.text = part.text.data + p->off;
					o.len = p->len;
					o.kind = p->kind;
					o.gap = j == 0 ? t->gap : p->gap;
					o.src_start = t->src_start + (p->src_start > nl ? p->src_start - 1 : p->src_start);
					o.src_end = t->src_start + (p->src_end > nl ? p->src_end - 1 : p->src_end);
					rc = im_collect_emit(&out, &o);
				}
			}
		}
		if (!split && rc == IM_OK)
		{
			o.text = toks->text.data + t->off;
			o.len = t->len;
			o.kind = t->kind;
			o.gap = t->gap;
			o.src_start = t->src_start;
			o.src_end = t->src_end;
			rc = im_collect_emit(&out, &o);
		}
	}
	im_tokens_free(&part);
	if (rc != IM_OK)
	{
		im_tokens_free(&out);
		return rc;
	}
	im_tokens_free(toks);
	*toks = out;
	return IM_OK;
}

/*
 * The scan's tokenizer output: im_tokenize's, and each token's hash slot is requested as the
 * token comes, so that the slots are in the cache when the tokens are looked up.
 */
typedef struct scan_emit_arg
{
	im_tokens  *toks;
	const im_dict *d;
} scan_emit_arg;

static int
scan_emit(void *arg, const im_tok *tok)
{
	scan_emit_arg *a = arg;
	int			rc = im_collect_emit(a->toks, tok);

	if (rc == IM_OK && a->d->tok_size)
		IM_PREFETCH(&a->d->tok_slots[im_fnv1a(tok->text, tok->len) & (a->d->tok_size - 1)]);
	return rc;
}

int
im_dict_scan(const im_dict *d, const char *s, size_t len, int explain, im_scan *sc)
{
	size_t		n,
				i,
				k;
	int			rc;
	walk_item	stack[MAX_NAME_TOKENS * 2 * (IM_MAX_ALT + 1) + 8];

	sc->nhits = 0;
	sc->ncand = 0;
	sc->toks.ntok = 0;
	sc->toks.text.len = 0;
	if (!d->built)
		return IM_ERR_OUTPUT_LIMIT;
	{
		scan_emit_arg ea;

		ea.toks = &sc->toks;
		ea.d = d;
		if ((rc = im_normalize(s, len, 0, scan_emit, &ea)) != IM_OK)
			return rc;
	}
	if ((rc = split_glued(d, s, &sc->toks)) != IM_OK)
		return rc;
	n = sc->toks.ntok;
	if (n == 0)
		return IM_OK;
	if (n > sc->scratch_cap)
	{
		/* one block for every per-token array, so a failed allocation leaks nothing */
		size_t		c = n + 64;
		char	   *blk = im_mem.alloc(c * (sizeof(int32_t) * (IM_MAX_ALT + 6) + 1));

		if (blk == NULL)
			return IM_ERR_NOMEM;
		if (sc->ids)
			im_mem.free(sc->ids);
		sc->ids = (int32_t *) blk;
		sc->alt = sc->ids + c;
		sc->part_lo = (uint32_t *) (sc->alt + c * IM_MAX_ALT);
		sc->part_hi = sc->part_lo + c;
		sc->seg_lo = sc->part_hi + c;
		sc->seg_hi = sc->seg_lo + c;
		sc->dom_at = sc->seg_hi + c;
		sc->nalt = (uint8_t *) (sc->dom_at + c);
		sc->scratch_cap = c;
	}

	/* affiliation part (between ';') and segment (between any boundary) of every token */
	sc->ndom = 0;
	for (i = 0; i < n; i++)
	{
		const im_ctok *t = &sc->toks.tok[i];

		sc->part_lo[i] = (i == 0 || (t->gap & IM_GAP_SEMI)) ? (uint32_t) i : sc->part_lo[i - 1];
		sc->seg_lo[i] = (i == 0 || t->gap != 0) ? (uint32_t) i : sc->seg_lo[i - 1];
		if (t->kind == IM_TOK_DOMAIN)
			sc->dom_at[sc->ndom++] = (uint32_t) i;
	}
	for (i = n; i-- > 0;)
	{
		bool		last = (i + 1 == n);

		sc->part_hi[i] = (last || (sc->toks.tok[i + 1].gap & IM_GAP_SEMI)) ? (uint32_t) i + 1 : sc->part_hi[i + 1];
		sc->seg_hi[i] = (last || sc->toks.tok[i + 1].gap != 0) ? (uint32_t) i + 1 : sc->seg_hi[i + 1];
	}

	/*
	 * 1. token ids, and typo alternatives for unknown long words. The hash slots are requested
	 * for every token first (their hashes kept in ids meanwhile), so that those reads overlap
	 * instead of waiting in turn; so are the trie's root children afterwards.
	 */
	for (i = 0; i < n && d->tok_size; i++)
	{
		const im_ctok *t = &sc->toks.tok[i];
		uint32_t	hv = im_fnv1a(sc->toks.text.data + t->off, t->len);

		sc->ids[i] = (int32_t) hv;
		IM_PREFETCH(&d->tok_slots[hv & (d->tok_size - 1)]);
	}
	/* ... then the text of the token in the first slot, where its hash matches */
	for (i = 0; i < n && d->tok_size; i++)
	{
		uint32_t	hv = (uint32_t) sc->ids[i];
		const tok_slot *t = &d->tok_slots[hv & (d->tok_size - 1)];

		if (t->id1 && t->hash == hv)
			IM_PREFETCH(d->tokstr.data + t->off);
	}
	for (i = 0; i < n; i++)
	{
		const im_ctok *t = &sc->toks.tok[i];
		const char *ts = sc->toks.text.data + t->off;

		sc->ids[i] = tok_lookup_hash(d, ts, t->len, (uint32_t) sc->ids[i]);
		if (sc->ids[i] >= 0 && d->root_child)
			IM_PREFETCH(&d->root_child[sc->ids[i]]);
		sc->nalt[i] = 0;
		if (sc->ids[i] < 0 && t->kind == IM_TOK_WORD)
			typo_alternatives(d, ts, t->len, sc->alt + i * IM_MAX_ALT, &sc->nalt[i]);
		if (im_interrupt_hook && (i & 1023) == 1023)
			im_interrupt_hook();
	}

	/*
	 * The first steps of the walks: the root's children of the tokens (requested above), then
	 * their records, then their outputs and children, each for every token in turn.
	 */
	if (d->root_child && d->node_csr)
	{
		for (i = 0; i < n; i++)
			if (sc->ids[i] >= 0 && d->root_child[sc->ids[i]] >= 0)
				IM_PREFETCH(&d->node_csr[d->root_child[sc->ids[i]]]);
		for (i = 0; i < n; i++)
		{
			int32_t		c;
			uint32_t	lo,
						hi;

			if (sc->ids[i] < 0 || (c = d->root_child[sc->ids[i]]) < 0)
				continue;
			IM_PREFETCH(&d->out_recs[d->node_csr[c].out]);
			lo = d->node_csr[c].edge;
			hi = d->node_csr[c + 1].edge;
			if (lo == hi)
				continue;
			/* the second step, through the next token as the string has it */
			if (hi - lo > BIG_FANOUT && d->big_edges)
			{
				if (i + 1 < n && sc->ids[i + 1] >= 0)
				{
					uint64_t	bk = ((uint64_t) c << 32) |
						(sc->toks.tok[i + 1].gap ? (uint32_t) 1 << 31 : 0) |
						(uint32_t) sc->ids[i + 1];

					IM_PREFETCH(&d->big_edges[mix64(bk) & (d->big_size - 1)]);
				}
			}
			else
			{
				IM_PREFETCH(&d->node_csr[lo]);
				if (hi - lo > 5)
					IM_PREFETCH((const char *) &d->node_csr[lo] + 64);
				if (hi - lo > 10)
					IM_PREFETCH((const char *) &d->node_csr[lo] + 128);
			}
		}
	}

	/* 2. walk the trie from every token */
	for (i = 0; i < n; i++)
	{
		size_t		top = 0;

		if (sc->ids[i] < 0 && sc->nalt[i] == 0)
			continue;
		stack[top].pos = (uint32_t) i;
		stack[top].node = 0;
		stack[top].ntypos = 0;
		stack[top].relaxed = 0;
		stack[top].relax_at = 0;
		top++;
		while (top > 0)
		{
			walk_item	w = stack[--top];
			uint32_t	p = w.pos;
			int			opt;
			int			gap;

			if (p >= n || p - i >= MAX_NAME_TOKENS)
				continue;
			gap = (p > i && sc->toks.tok[p].gap != 0);
			/*
			 * Options at p: the token itself, or a typo alternative; each through an edge
			 * with the string's boundary flag, or, where the string has no boundary, also
			 * through a name's boundary (a comma the string left out, not the reverse).
			 */
			for (opt = 0; opt < 2 * ((int) sc->nalt[p] + 1); opt++)
			{
				int			choice = opt / 2;
				int			want_gap = (opt % 2) ? !gap : gap;
				int32_t		tok = choice == 0 ? sc->ids[p] : sc->alt[p * IM_MAX_ALT + choice - 1];
				uint8_t		nt = (uint8_t) (w.ntypos + (choice > 0));
				uint8_t		rl = w.relaxed;
				uint32_t	rat = w.relax_at;
				int64_t		child;
				uint32_t	o;

				if (opt % 2)
				{
					/* the other boundary flag: a name's comma the string left out, or a
					 * comma (only) the string put inside a name, once per match */
					if (p == i)
						continue;
					if (gap)
					{
						if (sc->toks.tok[p].gap != IM_GAP_COMMA || rl)
							continue;
						if (p - i >= 2)
							rl = 1;
						else if (sc->toks.tok[i].kind == IM_TOK_WORD && sc->ids[i] >= 0 &&
								 !d->tok_generic.v[sc->ids[i]])
							rl = 2;		/* after one proper word: "Kaunas, University of Technology" */
						else
							continue;
						rat = p;
					}
				}
				if (tok < 0 || nt > 2)
					continue;
				child = child_of(d, w.node, want_gap, tok);
				if (child < 0)
					continue;
				for (o = d->node_csr[child].out; o < d->node_csr[child + 1].out; o++)
				{
					int32_t		al = d->out_recs[o].alias;
					uint32_t	info = d->out_recs[o].info;
					int			akind = (int) (info & 7);
					int			antok = INFO_NTOK(info);
					int			avariant = INFO_VARIANT(info);
					im_hit		h;

					/* at most one typo, two in names of four tokens or more */
					if (nt > (antok >= 4 ? 2 : 1))
						continue;
					/* short generic-only names are always suppressed: keep them for explain */
					if (!explain && (info & 8) && antok <= 3)
						continue;
					memset(&h, 0, sizeof(h));
					h.entity = d->out_recs[o].entity;
					h.alias = al;
					h.tok_start = (uint32_t) i;
					h.tok_end = p + 1;
					h.src_start = sc->toks.tok[i].src_start;
					h.src_end = sc->toks.tok[p].src_end;
					h.ntypos = nt;
					h.info = info;
					h.accepted = 1;
					h.kind = akind == IM_ALIAS_ACRONYM ? IM_MK_ACRONYM : (nt ? IM_MK_TYPO : IM_MK_EXACT);
					h.score = kind_score(akind) * (avariant == 2 ? 0.95f : 1.0f);
					for (k = 0; k < nt; k++)
						h.score *= 0.9f;
					if (rl == 2)
					{
						/* exact only; step 3b drops it where the words after the comma are a
						 * name of their own */
						if (nt)
							continue;
						h.info |= INFO_COMMA1;
						h.score *= 0.95f;
					}
					else if (rl)
					{
						/*
						 * a comma inside the name ("National Institute of Technology, Patna"):
						 * at least two words before it, and a word after it that is not
						 * generic ("Sciences, The University of Tokyo" is not "Science
						 * University of Tokyo")
						 */
						uint32_t	q;
						bool		proper = false;

						for (q = rat; q <= p && !proper; q++)
							proper = sc->ids[q] >= 0 && !d->tok_generic.v[sc->ids[q]];
						if (!proper)
							continue;
						h.score *= 0.95f;
					}
					if ((rc = push_hit(&sc->cand, &sc->ncand, &sc->cand_cap, &h)) != IM_OK)
						return rc;
				}
				if (top < sizeof(stack) / sizeof(stack[0]))
				{
					stack[top].pos = p + 1;
					stack[top].node = (uint32_t) child;
					stack[top].ntypos = nt;
					stack[top].relaxed = rl;
					stack[top].relax_at = rat;
					top++;
				}
			}
		}
	}
	if (sc->ncand == 0)
		return IM_OK;

	/* candidates by start, longest first: the order leftmost-longest and range lookups need */
	sort_hits(sc->cand, sc->ncand, cmp_cand);

	/* 3. rules on single candidates: generic-only names, acronyms */
	for (k = 0; k < sc->ncand; k++)
	{
		im_hit	   *h = &sc->cand[k];
		uint32_t	info = h->info;	/* the alias's flags: no read of its record */
		int			akind = INFO_KIND(info);
		bool		single_common = (info & INFO_SINGLE_COMMON) != 0;

		if (im_interrupt_hook && (k & 1023) == 1023)
			im_interrupt_hook();

		if ((info & INFO_GENERIC) && INFO_NTOK(info) <= 3)
		{
			h->accepted = 0;
			h->reason = IM_WHY_GENERIC;
		}
		else if (akind == IM_ALIAS_ACRONYM || single_common)
		{
			int			ctx;

			int			cases = letter_cases(s, h->src_start, h->src_end);

			/*
			 * an acronym in lower case is a word ("hit"); one the dictionary writes in capitals
			 * is not written with lower-case letters ("Ave" is not AVE)
			 */
			if (akind == IM_ALIAS_ACRONYM &&
				(!(cases & 1) || (!(info & INFO_HAS_LOWER) && (cases & 2))))
			{
				h->accepted = 0;
				h->reason = IM_WHY_ACRONYM_CASE;
				continue;
			}
			ctx = context_of(d, sc, h);
			/*
			 * a country is cue enough for acronyms of three letters or more and for one-word
			 * names that are proper words ("Inria, France"), not common ones; a two-letter
			 * acronym (PA, MA: also postal abbreviations) needs its domain or full name
			 */
			if ((h->src_end - h->src_start) < 3 ||
				(single_common && (sc->ids[h->tok_start] < 0 ||
									  d->tok_common.v[sc->ids[h->tok_start]])))
				ctx &= ~1;
			/* ... and so does a one-word name that is also a city ("Exeter") */
			if ((h->src_end - h->src_start) < 3 ||
				(single_common && sc->ids[h->tok_start] >= 0 &&
				 d->tok_city.v[sc->ids[h->tok_start]]))
				ctx &= 4;
			/*
			 * a one-word name that is a proper word (neither common nor a city), capitalized,
			 * and a whole segment of its own ("RIKEN", "CIRAD, AgroParisTech, INRA"): a name
			 * standing alone in a list of names; not in parentheses, where it abbreviates the
			 * name before it ("Democracy, Migration and Society (DEMOS)")
			 */
			if (ctx == 0 && single_common && sc->ids[h->tok_start] >= 0 &&
				!d->tok_common.v[sc->ids[h->tok_start]] && !d->tok_city.v[sc->ids[h->tok_start]] &&
				(cases & 1) && (h->src_end - h->src_start) >= 5 &&
				sc->seg_lo[h->tok_start] == h->tok_start && sc->seg_hi[h->tok_start] == h->tok_end &&
				!(sc->toks.tok[h->tok_start].gap & IM_GAP_OPEN))
			{
				h->reason = IM_WHY_STANDALONE;
				continue;
			}
			if (ctx == 0)
			{
				/* the entity's full name right before "(ACR" or right after "ACR (" */
				size_t		m,
							ma,
							mb;
				bool		named = false;

				cand_range(sc, h->tok_start > MAX_NAME_TOKENS ? h->tok_start - MAX_NAME_TOKENS : 0,
						   h->tok_end + 1, &ma, &mb);
				for (m = ma; m < mb && !named; m++)
				{
					const im_hit *o = &sc->cand[m];

					/* a name that never fires on its own is no full name for an acronym */
					if (o->entity != h->entity || INFO_KIND(o->info) == IM_ALIAS_ACRONYM ||
						((o->info & INFO_GENERIC) && INFO_NTOK(o->info) <= 3))
						continue;
					if (o->tok_end == h->tok_start && (sc->toks.tok[h->tok_start].gap & IM_GAP_OPEN))
						named = true;
					if (o->tok_start == h->tok_end && (sc->toks.tok[o->tok_start].gap & IM_GAP_OPEN))
						named = true;
				}
				if (!named)
				{
					h->accepted = 0;
					h->reason = akind == IM_ALIAS_ACRONYM ? IM_WHY_ACRONYM_NO_CUE : IM_WHY_COMMON_NO_CUE;
				}
			}
		}
	}

	/*
	 * 3b. a compass or ordinal word right before a name makes another name, one the dictionary
	 * does not know ("South-Ural State Medical University", "The Second Xiangya Hospital");
	 * set aside before leftmost-longest, so that the names inside it can still be taken; in
	 * "The Second Harbin Medical University Hospital" the word numbers the hospital (step 5)
	 */
	for (k = 0; k < sc->ncand; k++)
	{
		im_hit	   *h = &sc->cand[k];
		uint32_t	b = h->tok_start,
					e = h->tok_end;

		if (h->accepted && b > 0 && sc->toks.tok[b].gap == 0 &&
			sc->toks.tok[b - 1].kind == IM_TOK_WORD &&
			!(e < n && sc->toks.tok[e].gap == 0 && sc->ids[e] == d->tok_hospital) &&
			modifier_word(sc->toks.text.data + sc->toks.tok[b - 1].off, sc->toks.tok[b - 1].len))
		{
			h->accepted = 0;
			h->reason = IM_WHY_PRECEDED;
		}
	}

	/*
	 * 3c. a comma after a name's first word ("Cold, Spring Harbor Laboratory", "Kaunas,
	 * University of Technology") only where the words after it begin no name of their own,
	 * as long or longer: in "Sciences, University of Tokyo" they do
	 */
	for (k = 0; k < sc->ncand; k++)
	{
		im_hit	   *h = &sc->cand[k];
		size_t		ma,
					mb,
					m;

		if (!h->accepted || !(h->info & INFO_COMMA1))
			continue;
		cand_range(sc, h->tok_start + 1, h->tok_start + 2, &ma, &mb);
		for (m = ma; m < mb; m++)
		{
			const im_hit *o = &sc->cand[m];

			if (o->tok_end >= h->tok_end && o->entity != h->entity &&
				!((o->info & INFO_GENERIC) && INFO_NTOK(o->info) <= 3))
			{
				h->accepted = 0;
				h->reason = IM_WHY_COMMA;
				h->other = o->entity;
				break;
			}
		}
	}

	/* 4. leftmost-longest over spans of surviving candidates */
	{
		uint32_t	taken_end = 0;
		int32_t		taken_ent = -1;
		size_t		span_start_k = SIZE_MAX;

		for (k = 0; k < sc->ncand; k++)
		{
			im_hit	   *h = &sc->cand[k];

			if (!h->accepted)
				continue;
			if (h->tok_start < taken_end)
			{
				/* overlaps a taken span: suppressed unless it is that very span */
				const im_hit *t = &sc->cand[span_start_k];

				if (h->tok_start == t->tok_start && h->tok_end == t->tok_end)
				{
					if (h->ntypos > t->ntypos)
					{
						h->accepted = 0;
						h->reason = IM_WHY_INSIDE_LONGER;
						h->other = taken_ent;
					}
					continue;
				}
				h->accepted = 0;
				h->reason = IM_WHY_INSIDE_LONGER;
				h->other = taken_ent;
				continue;
			}
			taken_end = h->tok_end;
			taken_ent = h->entity;
			span_start_k = k;
		}
	}

	/* 5. a longer name the dictionary does not know, around a known one */
	for (k = 0; k < sc->ncand; k++)
	{
		im_hit	   *h = &sc->cand[k];
		uint32_t	e = h->tok_end;
		uint32_t	b = h->tok_start;
		size_t		m,
					ma,
					mb;
		bool		next_taken = false,
					prev_taken = false;

		if (im_interrupt_hook && (k & 1023) == 1023)
			im_interrupt_hook();
		if (!h->accepted)
			continue;
		cand_range(sc, b > MAX_NAME_TOKENS ? b - MAX_NAME_TOKENS : 0, e + 1, &ma, &mb);
		for (m = ma; m < mb; m++)
		{
			const im_hit *o = &sc->cand[m];

			if (!o->accepted || o == h)
				continue;
			if (o->tok_start == e)
				next_taken = true;
			if (o->tok_end == b)
				prev_taken = true;
		}
		/*
		 * continued by a particle: "Sichuan University of Arts and Science" is another name;
		 * not when the words after it are the entity's own city or country ("University
		 * Joseph Ki-Zerbo of Ouagadougou")
		 */
		if (e < n && sc->toks.tok[e].gap == 0 && !next_taken &&
			continues_name(s, sc->toks.tok[e - 1].src_end, sc->toks.tok[e].src_start) &&
			!own_place_at(d, sc, h->entity, e))
		{
			h->accepted = 0;
			h->reason = IM_WHY_CONTINUES;
			continue;
		}
		/*
		 * a hospital of the institution: "Aarhus University Hospital", "Second Affiliated
		 * Hospital of Harbin Medical University", "Hospital Affiliated to X": the string names
		 * the hospital, a different organisation; reported as an affiliate
		 */
		if (h->kind != IM_MK_ACRONYM &&
			((e < n && sc->toks.tok[e].gap == 0 && !next_taken && sc->ids[e] == d->tok_hospital) ||
			 (b >= 1 && sc->toks.tok[b].gap == 0 && sc->ids[b - 1] == d->tok_hospital &&
			  only_of(s, sc->toks.tok[b - 1].src_end, sc->toks.tok[b].src_start)) ||
			 (b >= 2 && sc->toks.tok[b].gap == 0 && sc->toks.tok[b - 1].gap == 0 &&
			  ((sc->ids[b - 2] == d->tok_hospital && sc->ids[b - 1] == d->tok_of) ||
			   (sc->ids[b - 2] == d->tok_affiliated && sc->ids[b - 1] == d->tok_to))) ||
			 /* 哈尔滨医科大学附属第二医院: the Second Hospital affiliated to HMU */
			 (e + 1 < n && sc->toks.tok[e].kind == IM_TOK_HAN && sc->toks.tok[e].gap == 0 &&
			  sc->toks.tok[e + 1].gap == 0 && sc->ids[e] == d->tok_fu && sc->ids[e + 1] == d->tok_shu)))
		{
			h->kind = IM_MK_AFFILIATE;
			h->reason = IM_WHY_HOSPITAL;
			h->score *= 0.8f;
			continue;
		}
		/* continued by an institution word: "Aarhus University Institute" is an affiliate */
		if (e < n && sc->toks.tok[e].gap == 0 && !next_taken && sc->ids[e - 1] >= 0 &&
			d->tok_generic.v[sc->ids[e - 1]] &&
			institution_word(sc->toks.text.data + sc->toks.tok[e].off, sc->toks.tok[e].len))
		{
			h->reason = IM_WHY_AFFILIATE;
			h->score *= 0.8f;
			continue;
		}
		/*
		 * preceded: "Sternberg Astronomical Institute" for "Astronomical Institute", "Aligarh
		 * Muslim University" for "Muslim University": a descriptive name right after any word
		 * of the same segment, or any name right after a proper word (not a common word, not a
		 * city) of the same segment
		 */
		if (b > 0 && sc->toks.tok[b].gap == 0 && !prev_taken &&
			((h->info & INFO_DESCRIPTIVE) ||
			 (sc->toks.tok[b - 1].kind == IM_TOK_WORD &&
			  (sc->ids[b - 1] < 0 ||
			   (!d->tok_common.v[sc->ids[b - 1]] && !d->tok_city.v[sc->ids[b - 1]])) &&
			  !unit_first(sc, sc->seg_lo[b]))))
		{
			h->accepted = 0;
			h->reason = IM_WHY_PRECEDED;
		}
	}

	/*
	 * 5b. a name completed by a city named in the same affiliation: "University of Maryland
	 * School of Medicine, Baltimore" is the University of Maryland, Baltimore, when the
	 * dictionary has that name and the matched entity's own city is not named
	 */
	if (d->comps.n > 0)
	{
		for (k = 0; k < sc->ncand; k++)
		{
			im_hit	   *h = &sc->cand[k];
			uint64_t	hv;
			size_t		lo_r = 0,
						hi_r = d->comps.n,
						r;
			uint32_t	lo,
						hi;
			int32_t		found = -1;
			int			nfound = 0;

			if (!h->accepted || h->ntypos || h->kind == IM_MK_ACRONYM ||
				h->kind == IM_MK_AFFILIATE || h->tok_end - h->tok_start < 2)
				continue;
			hv = hash_ids(sc->ids + h->tok_start, h->tok_end - h->tok_start);
			if (!COMP_BLOOM_HAS(d, hv))
				continue;
			while (lo_r < hi_r)
			{
				size_t		mid = lo_r + (hi_r - lo_r) / 2;

				if (d->comps.v[mid].hash < hv)
					lo_r = mid + 1;
				else
					hi_r = mid;
			}
			if (lo_r == d->comps.n || d->comps.v[lo_r].hash != hv)
				continue;
			part_of(sc, h->tok_start, &lo, &hi);
			for (r = lo_r; r < d->comps.n && d->comps.v[r].hash == hv; r++)
			{
				const comp_rec *cr = &d->comps.v[r];
				const int32_t *city = d->cue_ids.v + cr->city_start;

				if (cr->entity == h->entity || cr->plen != h->tok_end - h->tok_start)
					continue;
				if (seq_in(sc, lo, h->tok_start, city, cr->city_n) ||
					seq_in(sc, h->tok_end, hi, city, cr->city_n))
				{
					if (found != cr->entity)
						nfound++;
					found = (int32_t) r;
				}
			}
			if (nfound != 1 || (context_of(d, sc, h) & 2))
				continue;
			h->other = h->entity;
			h->entity = d->comps.v[found].entity;
			h->alias = d->comps.v[found].alias;
			h->info = hit_info(d, h->alias, h->entity);
			h->reason = IM_WHY_COMPLETED;
			h->score *= 0.9f;
		}
	}

	/* 6. one entity per span: keep the best alias; resolve names shared by entities */
	for (k = 0; k < sc->ncand;)
	{
		size_t		a = k,
					b,
					m,
					nent = 0;
		int			best_ctx = -1,
					nbest = 0,
					win_why = IM_WHY_AMBIGUOUS,
					lose_why = IM_WHY_AMBIGUOUS;
		int32_t		best_ent = -1,
					win = -1;	/* the entity the words are taken for; -1: ambiguous */
		float		win_factor = 1.0f;

		for (b = a; b < sc->ncand && sc->cand[b].tok_start == sc->cand[a].tok_start &&
			 sc->cand[b].tok_end == sc->cand[a].tok_end; b++)
			;
		k = b;
		/* the same entity through several aliases: keep the preferred alias */
		for (m = a; m < b; m++)
		{
			size_t		q;
			im_hit	   *h = &sc->cand[m];

			if (!h->accepted)
				continue;
			for (q = a; q < m; q++)
			{
				im_hit	   *o = &sc->cand[q];

				if (o->accepted && o->entity == h->entity)
				{
					im_hit	   *lose = (kind_rank(INFO_KIND(h->info)) < kind_rank(INFO_KIND(o->info)) ||
										(kind_rank(INFO_KIND(h->info)) == kind_rank(INFO_KIND(o->info)) &&
										 h->ntypos < o->ntypos)) ? o : h;

					lose->accepted = 0;
					lose->reason = IM_WHY_INSIDE_LONGER;
					lose->other = h->entity;
					if (lose == h)
						break;
				}
			}
		}
		/* an inactive entity and its successor under the same name: the successor */
		for (m = a; m < b; m++)
		{
			im_hit	   *h = &sc->cand[m];
			int32_t		succ;
			size_t		q;

			if (!h->accepted || !(h->info & INFO_SUCCESSOR))
				continue;		/* before reading the entity: most candidates are not */
			succ = d->ent.v[h->entity].successor;
			if (succ < 0)
				continue;
			for (q = a; q < b; q++)
				if (sc->cand[q].accepted && sc->cand[q].entity == succ)
				{
					h->accepted = 0;
					h->reason = IM_WHY_CONTEXT;
					h->other = succ;
					break;
				}
		}
		for (m = a; m < b; m++)
			if (sc->cand[m].accepted)
				nent++;
		if (nent <= 1)
			continue;
		for (m = a; m < b; m++)
		{
			im_hit	   *h = &sc->cand[m];
			int			ctx;
			size_t		q;
			const entity_rec *e;

			if (!h->accepted)
				continue;
			ctx = context_split(d, sc, h->entity, h->tok_start, h->tok_end);
			/*
			 * weights: domain 4, parent named elsewhere 4, city 2, country 1; a city or country
			 * only inside the name half as much (all doubled to stay whole numbers)
			 */
			ctx = ((ctx & 4) ? 8 : 0) + ((ctx & 2) ? 4 : 0) + ((ctx & 1) ? 2 : 0) +
				((ctx & 32) ? 2 : 0) + ((ctx & 16) ? 1 : 0);
			e = &d->ent.v[h->entity];
			{
				size_t		qa,
							qb;
				bool		found = false;

				cand_range(sc, h->tok_start > 2 * CUE_WINDOW ? h->tok_start - 2 * CUE_WINDOW : 0,
						   h->tok_start + 2 * CUE_WINDOW, &qa, &qb);
				for (q = qa; q < qb && !found; q++)
				{
					const im_hit *o = &sc->cand[q];
					uint32_t	pi;

					if (!o->accepted || (o->tok_start == h->tok_start && o->tok_end == h->tok_end))
						continue;
					for (pi = 0; pi < e->par_count && !found; pi++)
						found = d->par_ent.v[e->par_start + pi] == o->entity;
				}
				if (found)
					ctx += 8;	/* a parent named nearby */
			}
			h->other = ctx;		/* temporarily */
			if (ctx > best_ctx)
			{
				best_ctx = ctx;
				best_ent = h->entity;
				nbest = 1;
			}
			else if (ctx == best_ctx)
				nbest++;
		}
		/*
		 * The one entity context singles out; else, with no context deciding among the best,
		 * the one entity whose own name this is (not a
		 * variant the build made, no typo, not a descriptive name) is preferred over entities
		 * that have it only as an alias, a label in another language or a variant ("University
		 * of Minnesota" is the campus's name and the system's Spanish label; "University of
		 * Miami" is not a name of Miami University). Before that, the one entity with a name
		 * or alias written exactly so, letter for letter but for case ("University of Illinois"
		 * is the campus's alias; the system has only "Universidad de Illinois"). Two such
		 * entities, or none, and every one is reported as ambiguous.
		 */
		if (best_ctx > 0 && nbest == 1)
		{
			win = best_ent;
			win_why = IM_WHY_RESOLVED;
			lose_why = IM_WHY_CONTEXT;
		}
		else
		{
			int32_t		own = -1,
						lit = -1;
			int			nown = 0,
						nlit = 0;

			for (m = a; m < b; m++)
			{
				const im_hit *h = &sc->cand[m];

				if (!h->accepted || h->other != best_ctx || INFO_VARIANT(h->info) != 0 ||
					h->ntypos != 0 || (h->info & INFO_DESCRIPTIVE) ||
					INFO_KIND(h->info) == IM_ALIAS_ACRONYM)
					continue;
				if (INFO_KIND(h->info) == IM_ALIAS_NAME)
				{
					own = h->entity;
					nown++;
				}
				if (written_as(im_dict_alias_text(d, h->alias), s + h->src_start,
							   h->src_end - h->src_start))
				{
					lit = h->entity;
					nlit++;
				}
			}
			if (nlit == 1 || nown == 1)
			{
				win = nlit == 1 ? lit : own;
				win_why = nlit == 1 ? IM_WHY_WRITTEN : IM_WHY_PRIMARY;
				lose_why = IM_WHY_NOT_PRIMARY;
				win_factor = 0.9f;
			}
		}
		for (m = a; m < b; m++)
		{
			im_hit	   *h = &sc->cand[m];

			if (!h->accepted)
				continue;
			if (win < 0)
			{
				h->kind = IM_MK_AMBIGUOUS;
				h->reason = IM_WHY_AMBIGUOUS;
				h->score /= (float) nent;
				h->other = (int32_t) nent;
			}
			else if (h->entity == win)
			{
				h->reason = (uint8_t) win_why;
				h->score *= win_factor;
				h->other = (int32_t) nent;
			}
			else
			{
				h->accepted = 0;
				h->reason = (uint8_t) lose_why;
				h->other = win;
			}
		}
	}

	/* 6b. designations and units */
	for (k = 0; k < sc->ncand; k++)
	{
		im_hit	   *h = &sc->cand[k];
		uint32_t	lo,
					hi,
					q;
		size_t		m;

		if (!h->accepted)
			continue;

		/*
		 * "CAS Key Laboratory of X", "Key Laboratory of X, Ministry of Education": the name
		 * designates who sponsors a key laboratory; the laboratory's host is named elsewhere.
		 */
		segment_of(sc, h->tok_start, &lo, &hi);
		for (q = lo; q + 1 < hi; q++)
		{
			if ((q + 1 < h->tok_start || q >= h->tok_end) && sc->ids[q] >= 0 &&
				sc->ids[q] == d->tok_key && sc->ids[q + 1] == d->tok_laboratory &&
				sc->toks.tok[q + 1].gap == 0)
				break;
		}
		if (q + 1 < hi && h->kind != IM_MK_CHILD_OF)
		{
			bool		other = false;
			size_t		ma,
						mb;

			/* another institution nearby hosts the laboratory */
			cand_range(sc, h->tok_start > 2 * CUE_WINDOW ? h->tok_start - 2 * CUE_WINDOW : 0,
					   h->tok_start + 2 * CUE_WINDOW, &ma, &mb);
			for (m = ma; m < mb && !other; m++)
				other = sc->cand[m].accepted && sc->cand[m].entity != h->entity;
			if (other)
			{
				h->accepted = 0;
				h->reason = IM_WHY_DESIGNATION;
				continue;
			}
		}

		if (!(h->info & INFO_DESCRIPTIVE))
			continue;

		/*
		 * a descriptive name alone is only accepted where its city, country, domain or
		 * parent is named: many institutions are called "Institute of Physics"; or, with a
		 * lower score, where it is the whole string and only one organisation's name
		 * ("Southwest Forestry University"; a name several share is ambiguous already)
		 */
		if (INFO_NTOK(h->info) <= 3 && h->reason != IM_WHY_RESOLVED &&
			context_of(d, sc, h) == 0 && !parent_named(d, sc, h))
		{
			if (h->kind != IM_MK_AMBIGUOUS && h->tok_start == 0 && h->tok_end == sc->toks.ntok)
			{
				h->reason = IM_WHY_WHOLE;
				h->score *= 0.8f;
				continue;
			}
			h->accepted = 0;
			h->reason = IM_WHY_DESCRIPTIVE_NO_CUE;
			continue;
		}
		/* a university or a hospital is no unit of another organisation: it is affiliated */
		if (sc->ids[h->tok_end - 1] == d->tok_university || sc->ids[h->tok_end - 1] == d->tok_hospital)
			continue;
		part_of(sc, h->tok_start, &lo, &hi);
		{
			size_t		ma,
						mb;

			cand_range(sc, lo, hi, &ma, &mb);
			for (m = ma; m < mb; m++)
			{
				const im_hit *o = &sc->cand[m];

				if (!o->accepted || o->entity == h->entity || (o->info & INFO_DESCRIPTIVE) ||
					related(d, h->entity, o->entity) || related(d, o->entity, h->entity))
					continue;
				h->accepted = 0;
				h->reason = IM_WHY_UNIT;
				h->other = o->entity;
				break;
			}
		}
	}

	/* 7. results: accepted hits, one per entity (best score), then parents */
	for (k = 0; k < sc->ncand; k++)
	{
		im_hit	   *h = &sc->cand[k];
		size_t		m;
		bool		dup = false;

		if (!h->accepted)
		{
			if (explain && (rc = push_hit(&sc->hits, &sc->nhits, &sc->cap, h)) != IM_OK)
				return rc;
			continue;
		}
		/* an inactive entity with one successor: the successor, and the entity as "former" */
		if (h->kind != IM_MK_AMBIGUOUS && h->kind != IM_MK_AFFILIATE &&
			(h->info & INFO_SUCCESSOR) && d->ent.v[h->entity].successor >= 0)
		{
			im_hit		former = *h;
			bool		have = false;

			former.kind = IM_MK_FORMER;
			former.reason = IM_WHY_FORMER;
			former.other = d->ent.v[h->entity].successor;
			former.score = h->score * 0.9f;
			h->other = h->entity;
			h->entity = former.other;
			h->reason = IM_WHY_SUCCESSOR;
			h->info = hit_info(d, h->alias, h->entity);	/* the successor's entity flags */
			for (m = 0; m < sc->nhits && !have; m++)
				have = sc->hits[m].accepted && sc->hits[m].entity == former.entity;
			if (!have && (rc = push_hit(&sc->hits, &sc->nhits, &sc->cap, &former)) != IM_OK)
				return rc;
		}
		for (m = 0; m < sc->nhits; m++)
		{
			im_hit	   *o = &sc->hits[m];

			if (o->accepted && o->entity == h->entity)
			{
				dup = true;
				if (h->score > o->score)
				{
					im_hit		tmp = *o;

					*o = *h;
					*h = tmp;
				}
				break;
			}
		}
		if (dup)
		{
			h->accepted = 0;
			h->reason = IM_WHY_INSIDE_LONGER;
			h->other = h->entity;
			if (explain && (rc = push_hit(&sc->hits, &sc->nhits, &sc->cap, h)) != IM_OK)
				return rc;
			continue;
		}
		if ((rc = push_hit(&sc->hits, &sc->nhits, &sc->cap, h)) != IM_OK)
			return rc;
	}
	{
		size_t		nacc = sc->nhits;

		for (k = 0; k < nacc; k++)
		{
			im_hit		child = sc->hits[k];
			const entity_rec *e;
			uint32_t	pi;

			if (!child.accepted || child.kind == IM_MK_AMBIGUOUS || child.kind == IM_MK_CHILD_OF ||
				child.kind == IM_MK_AFFILIATE || child.kind == IM_MK_FORMER ||
				!(child.info & INFO_PARENTS))
				continue;
			e = &d->ent.v[child.entity];
			for (pi = 0; pi < e->par_count; pi++)
			{
				int32_t		par = d->par_ent.v[e->par_start + pi];
				size_t		m;
				bool		have = false;
				im_hit		h = child;

				for (m = 0; m < sc->nhits && !have; m++)
					have = sc->hits[m].accepted && sc->hits[m].entity == par;
				if (have)
					continue;
				h.entity = par;
				h.kind = IM_MK_CHILD_OF;
				h.reason = IM_WHY_PARENT;
				h.other = child.entity;
				h.score = child.score * 0.9f;
				if ((rc = push_hit(&sc->hits, &sc->nhits, &sc->cap, &h)) != IM_OK)
					return rc;
			}
		}
	}
	sort_hits(sc->hits, sc->nhits, cmp_out);
	return IM_OK;
}

/* ------------------------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------------------------ */
static const char *const alias_kind_names[IM_ALIAS_KIND_COUNT] = {
	"name", "aka", "former", "acronym", "label"
};

const char *
im_alias_kind_name(int kind)
{
	return (unsigned) kind < IM_ALIAS_KIND_COUNT ? alias_kind_names[kind] : "other";
}

int
im_alias_kind_from_name(const char *name, size_t len)
{
	int			k;

	for (k = 0; k < IM_ALIAS_KIND_COUNT; k++)
		if (strlen(alias_kind_names[k]) == len && memcmp(alias_kind_names[k], name, len) == 0)
			return k;
	return -1;
}

const char *
im_match_kind_name(int kind)
{
	switch (kind)
	{
		case IM_MK_EXACT: return "exact";
		case IM_MK_TYPO: return "typo";
		case IM_MK_ACRONYM: return "acronym";
		case IM_MK_AMBIGUOUS: return "ambiguous";
		case IM_MK_CHILD_OF: return "child_of";
		case IM_MK_AFFILIATE: return "affiliate";
		case IM_MK_FORMER: return "former";
		default: return "unknown";
	}
}

int
im_reason_accepted(int r)
{
	return r == IM_WHY_MATCH || r == IM_WHY_RESOLVED || r == IM_WHY_AMBIGUOUS ||
		r == IM_WHY_PARENT || r == IM_WHY_AFFILIATE || r == IM_WHY_HOSPITAL || r == IM_WHY_COMPLETED ||
		r == IM_WHY_SUCCESSOR || r == IM_WHY_FORMER || r == IM_WHY_STANDALONE || r == IM_WHY_WHOLE ||
		r == IM_WHY_PRIMARY || r == IM_WHY_WRITTEN;
}

const char *
im_reason_text(const im_dict *d, const im_hit *h, char *buf, size_t bufsize)
{
	const char *other = (h->other >= 0 && (size_t) h->other < d->ent.n) ?
		im_dict_entity_id(d, h->other) : "?";

	switch (h->reason)
	{
		case IM_WHY_MATCH:
			snprintf(buf, bufsize, h->kind == IM_MK_ACRONYM ? "accepted: acronym with a cue" :
					 h->ntypos ? "accepted with %d typo(s)" : "accepted", h->ntypos);
			break;
		case IM_WHY_RESOLVED:
			snprintf(buf, bufsize, "accepted: context singles it out among %d entities with this name", h->other);
			break;
		case IM_WHY_AMBIGUOUS:
			snprintf(buf, bufsize, "ambiguous among %d entities with this name", h->other);
			break;
		case IM_WHY_PARENT:
			snprintf(buf, bufsize, "parent of %s", other);
			break;
		case IM_WHY_INSIDE_LONGER:
			if (h->other == h->entity)
				snprintf(buf, bufsize, "suppressed: same entity matched elsewhere");
			else
				snprintf(buf, bufsize, "suppressed: inside longer name of %s", other);
			break;
		case IM_WHY_ACRONYM_NO_CUE:
			snprintf(buf, bufsize, "suppressed: acronym without cue (city, country, domain or full name)");
			break;
		case IM_WHY_ACRONYM_CASE:
			snprintf(buf, bufsize, "suppressed: acronym written in lower case");
			break;
		case IM_WHY_CONTINUES:
			snprintf(buf, bufsize, "suppressed: continues as a longer name not in the dictionary");
			break;
		case IM_WHY_PRECEDED:
			snprintf(buf, bufsize, "suppressed: preceded by words that make a longer name not in the dictionary");
			break;
		case IM_WHY_CONTEXT:
			snprintf(buf, bufsize, "suppressed: %s has the same name and fits the context", other);
			break;
		case IM_WHY_GENERIC:
			snprintf(buf, bufsize, "suppressed: only generic words");
			break;
		case IM_WHY_AFFILIATE:
			snprintf(buf, bufsize, "accepted with a lower score: continues into an affiliated institution (hospital, institute, college) not in the dictionary");
			break;
		case IM_WHY_DESCRIPTIVE_NO_CUE:
			snprintf(buf, bufsize, "suppressed: descriptive name without its city, country, domain or parent");
			break;
		case IM_WHY_DESIGNATION:
			snprintf(buf, bufsize, "suppressed: designates the sponsor of a key laboratory hosted by an institution named here");
			break;
		case IM_WHY_COMMON_NO_CUE:
			snprintf(buf, bufsize, "suppressed: one-word name without cue (city, domain, full name, or country for a proper word)");
			break;
		case IM_WHY_UNIT:
			snprintf(buf, bufsize, "suppressed: descriptive name, taken as a unit of %s named in the same affiliation", other);
			break;
		case IM_WHY_HOSPITAL:
			snprintf(buf, bufsize, "affiliate: names a hospital of this institution, not the institution itself");
			break;
		case IM_WHY_SUCCESSOR:
			snprintf(buf, bufsize, "accepted: successor of %s, which the string names", other);
			break;
		case IM_WHY_FORMER:
			snprintf(buf, bufsize, "former: named here, no longer active; succeeded by %s", other);
			break;
		case IM_WHY_PRIMARY:
			snprintf(buf, bufsize, "accepted, lower score: its own name as written; the other %d with these words have them only as an alias, a label or a variant", h->other - 1);
			break;
		case IM_WHY_WRITTEN:
			snprintf(buf, bufsize, "accepted, lower score: one of its names written exactly so; the other %d with these words have them only in another form", h->other - 1);
			break;
		case IM_WHY_NOT_PRIMARY:
			snprintf(buf, bufsize, "suppressed: only an alias, a label or a variant here; %s has these words as its own name or written exactly so", other);
			break;
		case IM_WHY_COMMA:
			snprintf(buf, bufsize, "suppressed: the words after the comma inside it are the name of %s", other);
			break;
		case IM_WHY_WHOLE:
			snprintf(buf, bufsize, "accepted with a lower score: a descriptive name without context, but the whole string and one organisation's name");
			break;
		case IM_WHY_STANDALONE:
			snprintf(buf, bufsize, "accepted: a one-word proper name standing alone between separators");
			break;
		case IM_WHY_COMPLETED:
			snprintf(buf, bufsize, "accepted: the name of %s, completed by this institution's city named in the same affiliation", other);
			break;
		default:
			snprintf(buf, bufsize, "unknown");
	}
	return buf;
}

int
im_dict_is_ancestor(const im_dict *d, int32_t entity, int32_t ancestor)
{
	if (entity < 0 || ancestor < 0 || (size_t) entity >= d->ent.n || (size_t) ancestor >= d->ent.n)
		return 0;
	return related(d, entity, ancestor) ? 1 : 0;
}
