/*
 * im_match.h - the instmatch dictionary matcher: finds every institution a dictionary knows in
 * an affiliation string, in one pass over its normalized tokens.
 *
 * Pure C11 on top of im_norm (no PostgreSQL headers): unit tests and fuzz targets link it.
 *
 * Build: add entities (id, country, city, domains, parents) and their aliases (name, aka,
 * former, acronym, label), then im_dict_build() normalizes every alias and compiles them into a
 * trie over interned token ids, plus a deletion index for one-edit typos.
 *
 * Scan (im_dict_scan), for an affiliation string:
 *  1. normalize it into tokens with segment boundaries;
 *  2. map each token to its dictionary id; a WORD token of 6+ ASCII letters that the
 *     dictionary does not know at all also gets the known tokens one edit away (typo);
 *  3. from every token, walk the trie: a name's internal boundaries must be boundaries in the
 *     string and the string must not have boundaries inside the name; every alias that ends is a
 *     candidate;
 *  4. acronyms need a cue: the entity's city or country in the same affiliation (between ';'),
 *     one of its domains, or the full name right next to the acronym in parentheses; an acronym
 *     written in lower case never fires;
 *  5. leftmost-longest: candidates are taken by start, longest first; a candidate overlapping a
 *     taken one is suppressed ("inside longer name X"); a name that a dictionary-unknown name
 *     continues in the same segment with of/for/at/de/di/do/da/des/du ("Sichuan University of
 *     Arts and Science") is suppressed;
 *     A one-word name that is not an acronym ("Inria", "Exeter", "Mater" = materials) needs
 *     a cue too: its city, domain or full name; its country only when the word is a proper
 *     word (not a common word or a city);
 *  6. a name shared by several entities is resolved by context (domain, parent named in the
 *     string, city, country); if the context does not single one out, every candidate entity is
 *     reported with match kind "ambiguous" and its score divided by their number;
 *     A descriptive name (every word common, e.g. "Institute of Physics", "Ministry of
 *     Education") in the same affiliation as another institution's proper name is taken as a
 *     unit of that institution and suppressed, unless the two are related (parent/child);
 *  7. for every accepted entity, its parents (relationship "parent") are reported with match
 *     kind "child_of" unless they were found themselves.
 *  Also: "X University Hospital", "Second Affiliated Hospital of X", "Hospital Affiliated to X"
 *  name a hospital: X is reported with match kind "affiliate"; a name that is a longer name
 *  without its city ("University of Maryland") is that longer name's entity when its city is
 *  named in the same affiliation ("..., Baltimore"); an inactive entity with one successor is
 *  reported as its successor, and itself with match kind "former".
 * With explain on, suppressed candidates are kept in the result with the rule that suppressed
 * them.
 */
#ifndef IM_MATCH_H
#define IM_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "im_norm.h"

typedef enum im_alias_kind
{
	IM_ALIAS_NAME = 0,			/* the entity's display name */
	IM_ALIAS_AKA,				/* alternative name */
	IM_ALIAS_FORMER,			/* former name */
	IM_ALIAS_ACRONYM,			/* needs a cue to fire */
	IM_ALIAS_LABEL,				/* name in another language */
	IM_ALIAS_KIND_COUNT
} im_alias_kind;

typedef enum im_match_kind
{
	IM_MK_EXACT = 0,			/* the alias's tokens, exactly */
	IM_MK_TYPO,					/* with one-edit typos in long tokens */
	IM_MK_ACRONYM,				/* an acronym with its cue */
	IM_MK_AMBIGUOUS,			/* a name several entities share, not resolved by context */
	IM_MK_CHILD_OF,				/* the parent of an accepted entity */
	IM_MK_AFFILIATE,			/* a hospital of the entity is named, not the entity itself */
	IM_MK_FORMER				/* named, but inactive: reported through its successor */
} im_match_kind;

typedef enum im_reason
{
	IM_WHY_MATCH = 0,			/* accepted */
	IM_WHY_RESOLVED,			/* accepted: context singles it out among same-named entities */
	IM_WHY_AMBIGUOUS,			/* accepted as ambiguous among `other` entities */
	IM_WHY_PARENT,				/* accepted: parent of entity `other` */
	IM_WHY_AFFILIATE,			/* accepted, lower score: continued by Hospital, Institute... */
	IM_WHY_INSIDE_LONGER,		/* suppressed: inside or overlapping longer name of `other` */
	IM_WHY_ACRONYM_NO_CUE,		/* suppressed: acronym without city, country, domain or name */
	IM_WHY_ACRONYM_CASE,		/* suppressed: acronym written in lower case */
	IM_WHY_CONTINUES,			/* suppressed: continued by of/for/... into an unknown name */
	IM_WHY_PRECEDED,			/* suppressed: descriptive name preceded by more name words */
	IM_WHY_CONTEXT,				/* suppressed: same-named entity `other` fits the context */
	IM_WHY_GENERIC,				/* suppressed: the matched tokens are all generic words */
	IM_WHY_COMMON_NO_CUE,		/* suppressed: a one-word name (not an acronym) without a cue */
	IM_WHY_UNIT,				/* suppressed: descriptive name of a unit of `other` */
	IM_WHY_DESIGNATION,			/* suppressed: sponsor named in a key laboratory's name */
	IM_WHY_DESCRIPTIVE_NO_CUE,	/* suppressed: descriptive name without context */
	IM_WHY_HOSPITAL,			/* affiliate: "X University Hospital", "Hospital of X" */
	IM_WHY_COMPLETED,			/* accepted: entity `other`'s name completed by a city named here */
	IM_WHY_SUCCESSOR,			/* accepted: the successor of inactive entity `other`, named here */
	IM_WHY_FORMER,				/* former: inactive, succeeded by `other` */
	IM_WHY_STANDALONE,			/* accepted: a one-word proper name, a segment of its own */
	IM_WHY_WHOLE,				/* accepted, lower score: a descriptive name, the whole string */
	IM_WHY_COMMA,				/* suppressed: after its comma, the name of `other` */
	IM_WHY_PRIMARY,				/* accepted, lower score: its own name, only another's alias */
	IM_WHY_NOT_PRIMARY,			/* suppressed: entity `other` has the words as its name */
	IM_WHY_WRITTEN,				/* accepted, lower score: one of its names, written exactly so */
	IM_WHY_COUNT
} im_reason;

typedef struct im_hit
{
	int32_t		entity;			/* entity index */
	int32_t		alias;			/* alias index */
	uint32_t	src_start;		/* byte range of the matched text in the input */
	uint32_t	src_end;
	uint32_t	tok_start;		/* token range [tok_start, tok_end) */
	uint32_t	tok_end;
	float		score;
	uint8_t		kind;			/* im_match_kind */
	uint8_t		accepted;		/* 1 accepted, 0 suppressed (explain only) */
	uint8_t		reason;			/* im_reason */
	uint8_t		ntypos;
	int32_t		other;			/* entity of the reason, or a count for AMBIGUOUS */
	uint32_t	info;			/* internal to the scan: flags of the alias and entity */
} im_hit;

typedef struct im_dict im_dict;

/* Reusable scan workspace and result; im_scan_free releases it. */
typedef struct im_scan
{
	im_hit	   *hits;
	size_t		nhits;
	size_t		cap;
	im_tokens	toks;
	/* scratch, grown as needed */
	int32_t    *ids;			/* token ids, -1 unknown */
	int32_t    *alt;			/* typo alternatives, IM_MAX_ALT per token */
	uint8_t    *nalt;
	uint32_t   *part_lo;		/* affiliation part (between ';') of each token */
	uint32_t   *part_hi;
	uint32_t   *seg_lo;			/* segment (between any boundary) of each token */
	uint32_t   *seg_hi;
	uint32_t   *dom_at;			/* indexes of the DOMAIN tokens */
	size_t		ndom;
	size_t		scratch_cap;
	im_hit	   *cand;
	size_t		ncand;
	size_t		cand_cap;
} im_scan;

#define IM_MAX_ALT 4

/* Build */
im_dict    *im_dict_create(void);
void		im_dict_free(im_dict *d);

/* Returns the entity index (>= 0), or a negative IM_ERR_* code. Strings may be NULL. */
int32_t		im_dict_add_entity(im_dict *d, const char *id, size_t idlen,
							   const char *country_code, const char *country_name,
							   const char *city);
int			im_dict_add_alias(im_dict *d, int32_t entity, const char *alias, size_t len,
							  im_alias_kind kind);
int			im_dict_add_domain(im_dict *d, int32_t entity, const char *domain, size_t len);
int			im_dict_add_parent(im_dict *d, int32_t child, int32_t parent);
/* entity is inactive and succeeded by successor (several successors: none is reported) */
int			im_dict_add_successor(im_dict *d, int32_t entity, int32_t successor);
int32_t		im_dict_find(const im_dict *d, const char *id, size_t idlen);	/* -1 if absent */
int			im_dict_build(im_dict *d);

/* Accessors */
int32_t		im_dict_nentities(const im_dict *d);
int32_t		im_dict_naliases(const im_dict *d);
size_t		im_dict_memory(const im_dict *d);
const char *im_dict_entity_id(const im_dict *d, int32_t entity);
const char *im_dict_entity_name(const im_dict *d, int32_t entity);	/* first "name" alias */
const char *im_dict_alias_text(const im_dict *d, int32_t alias);
im_alias_kind im_dict_alias_kind(const im_dict *d, int32_t alias);
im_alias_kind im_hit_alias_kind(const im_hit *h);	/* of h->alias, without reading its record */
int			im_dict_is_ancestor(const im_dict *d, int32_t entity, int32_t ancestor);	/* 2 levels */

/* Scan */
void		im_scan_init(im_scan *sc);
void		im_scan_free(im_scan *sc);
int			im_dict_scan(const im_dict *d, const char *s, size_t len, int explain, im_scan *sc);

/* Names for SQL */
const char *im_match_kind_name(int kind);
const char *im_alias_kind_name(int kind);
int			im_alias_kind_from_name(const char *name, size_t len);	/* -1 if unknown */
/* A sentence for inst_explain, e.g. "inside longer name of 01y0j0j86"; buf of 256 bytes. */
const char *im_reason_text(const im_dict *d, const im_hit *h, char *buf, size_t bufsize);
/* 1 if a hit with this reason is found (accepted), 0 if it is a suppressed candidate */
int			im_reason_accepted(int reason);

#endif							/* IM_MATCH_H */
