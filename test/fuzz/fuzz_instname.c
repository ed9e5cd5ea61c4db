/*
 * fuzz_instname.c - libFuzzer target for the checks of untrusted instname bytes
 * (src/instname_wire.c): the binary input (instname_recv) and the stored token area.
 *
 *   make fuzz-instname FUZZ_SECONDS=600   build (clang) and run on test/fuzz/corpus-instname
 *   test/fuzz/fuzz_instname crash-file    replay one input
 *
 * The input is a binary instname as a client sends it: uint8 version, uint32 token count
 * (network order), then per token uint8 len, uint8 meta, len bytes of UTF-8. instname_recv
 * runs instname_wire_check on it, renders the accepted tokens as text (instname_wire_render),
 * normalizes that text again and stores the tokens with their canonical meta byte
 * (instname_canonical_meta); instname_send writes the stored tokens after the wire header.
 * This target runs the same pure-C code and aborts (after printing the input and the property)
 * when
 *   - the check reads outside the input (AddressSanitizer) or hits undefined behaviour;
 *   - a rejection names a token number outside 1..count, or an acceptance consumes more bytes
 *     than there are, or fewer than 5 + 3 per token;
 *   - the verdict depends on bytes after the value (the input cut after the consumed bytes
 *     gets the same verdict), or the token area of an accepted value fails the stored-value
 *     check (instname_tokens_fit);
 *   - instname_utf8_valid disagrees with utf8proc's decoder (plus "no NUL") on any token of
 *     the input, read as raw bytes;
 * and for an accepted value, with E = the value recv would store (as send writes it):
 *   - rendering fails, or the text has a NUL or is not valid UTF-8;
 *   - E is rejected by the check or by the stored-value check, or is not consumed whole;
 *   - receiving E again does not give E (recv(send(recv(x))) = recv(x));
 *   - the rendering of E differs from im_normalize_text of the rendering of the input
 *     (instname_out of the stored value is inst_normalize of what was received).
 * The input is also checked as a stored token area (instname_tokens_fit with each token count
 * up to 64): when it fits, every token is walked and its bytes read.
 *
 * Built with -DFUZZ_INSTNAME_GEN (any C compiler, no libFuzzer) it is the seed generator:
 *   gen_instname_seeds DIR FILE...   writes DIR/valid_NNN for lines of the files (encoded as
 *                                    instname_send encodes them) and DIR/corrupt_* variants.
 * Built with -DFUZZ_INSTNAME_MAIN it replays the files named on its command line.
 */
#include "instname_wire.h"
#include "im_norm.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

static const uint8_t *cur_data;
static size_t cur_size;

static void
dump_input(void)
{
	size_t		i;

	fprintf(stderr, "input (%zu bytes):", cur_size);
	for (i = 0; i < cur_size && i < 512; i++)
		fprintf(stderr, " %02x", cur_data[i]);
	fprintf(stderr, "%s\n", cur_size > 512 ? " ..." : "");
}

static void
fail(const char *what)
{
	fprintf(stderr, "fuzz_instname: property broken: %s\n", what);
	dump_input();
	abort();
}

/* ---- the stored form: what instname_build writes, and instname_send after the header ---- */
typedef struct enc_state
{
	im_buf		b;
	uint32_t	ntok;
} enc_state;

static int
enc_emit(void *arg, const im_tok *tok)
{
	enc_state  *st = arg;
	char		hdr[2];
	int			rc;

	hdr[0] = (char) tok->len;
	hdr[1] = (char) instname_canonical_meta(tok->kind, tok->gap, st->ntok == 0);
	if ((rc = im_buf_append(&st->b, hdr, 2)) != IM_OK)
		return rc;
	if ((rc = im_buf_append(&st->b, tok->text, tok->len)) != IM_OK)
		return rc;
	st->ntok++;
	return IM_OK;
}

/* Normalize text into the wire form of the value instname_in / instname_recv would store. */
static int
encode_text(const char *s, size_t len, im_buf *out)
{
	enc_state	st;
	char		hdr[INSTNAME_WIRE_HDRSZ] = {INSTNAME_WIRE_VERSION, 0, 0, 0, 0};
	int			rc;

	im_buf_init(&st.b, 0);
	st.ntok = 0;
	if ((rc = im_buf_append(&st.b, hdr, sizeof(hdr))) != IM_OK)
		return rc;
	rc = im_normalize(s, len, 0, enc_emit, &st);
	if (rc != IM_OK)
	{
		im_buf_free(&st.b);
		return rc;
	}
	st.b.data[1] = (char) (st.ntok >> 24);
	st.b.data[2] = (char) (st.ntok >> 16);
	st.b.data[3] = (char) (st.ntok >> 8);
	st.b.data[4] = (char) st.ntok;
	*out = st.b;
	return IM_OK;
}

/* utf8proc's opinion of s[0..len), with NUL forbidden as PostgreSQL does */
static bool
utf8_valid_ref(const uint8_t *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t) (len - i), &cp);

		if (n <= 0 || cp == 0)
			return false;
		i += (size_t) n;
	}
	return true;
}

/* Token texts of the input read as raw (len, meta, text) records after the header. */
static void
check_utf8_agreement(const uint8_t *data, size_t size)
{
	size_t		pos = INSTNAME_WIRE_HDRSZ;
	int			k = 0;

	while (pos + 2 <= size && k++ < 4096)
	{
		size_t		tlen = data[pos];

		if (size - pos - 2 < tlen)
			tlen = size - pos - 2;
		{
			/* an exactly sized copy, so a read past the token is caught */
			uint8_t    *t = malloc(tlen ? tlen : 1);

			memcpy(t, data + pos + 2, tlen);
			if ((instname_utf8_valid(t, tlen) != 0) != utf8_valid_ref(t, tlen))
				fail("instname_utf8_valid disagrees with utf8proc");
			free(t);
		}
		pos += 2 + tlen;
	}
}

/* The input as a stored token area (after the 8-byte header of a stored value). */
static void
check_stored(const uint8_t *data, size_t size)
{
	uint32_t	ntok;

	for (ntok = 0; ntok <= 64; ntok++)
	{
		if (instname_tokens_fit(data, size, ntok))
		{
			size_t		pos = 0;
			uint32_t	i;
			unsigned	sum = 0;

			for (i = 0; i < ntok; i++)
			{
				size_t		j;

				if (data[pos] == 0)
					fail("instname_tokens_fit accepted an empty token");
				for (j = 0; j < data[pos]; j++)
					sum += data[pos + 2 + j];
				pos += 2 + (size_t) data[pos];
			}
			if (pos != size)
				fail("instname_tokens_fit accepted a token area that is not filled exactly");
			(void) sum;
		}
	}
}

static void
check_value(const uint8_t *data, size_t size)
{
	instname_wire_info info,
				info2;
	instname_wire_rc rc = instname_wire_check(data, size, &info);
	im_buf		text,
				canon,
				text2,
				canon2,
				norm;
	int			r;

	if (rc != INSTNAME_WIRE_OK)
	{
		if ((rc == INSTNAME_WIRE_TRUNCATED || rc == INSTNAME_WIRE_EMPTY_TOKEN ||
			 rc == INSTNAME_WIRE_BAD_UTF8) &&
			(info.arg1 < 1 || info.arg1 > info.arg2 || info.arg2 != info.ntok))
			fail("a rejection names a token outside 1..count");
		if (rc == INSTNAME_WIRE_BAD_FLAGS && (info.arg1 < 1 || info.arg1 > info.ntok))
			fail("a rejection names a token outside 1..count");
		return;
	}
	if (info.consumed > size || info.consumed < INSTNAME_WIRE_HDRSZ + 3 * (size_t) info.ntok)
		fail("an accepted value consumed an impossible number of bytes");
	/* the verdict does not depend on what follows the value */
	if (info.consumed < size)
	{
		uint8_t    *cut = malloc(info.consumed);

		memcpy(cut, data, info.consumed);
		if (instname_wire_check(cut, info.consumed, &info2) != INSTNAME_WIRE_OK ||
			info2.consumed != info.consumed || info2.ntok != info.ntok)
			fail("the value cut after its last token gets another verdict");
		free(cut);
	}
	if (!instname_tokens_fit(data + INSTNAME_WIRE_HDRSZ, info.consumed - INSTNAME_WIRE_HDRSZ,
							 info.ntok))
		fail("the token area of an accepted value fails the stored-value check");

	/* recv: render, normalize again, store */
	im_buf_init(&text, 0);
	if ((r = instname_wire_render(data, &info, &text, NULL)) != IM_OK)
		fail("rendering an accepted value failed");
	if (text.data == NULL)
		fail("rendering gave no buffer");
	if (strlen(text.data) != text.len || !utf8_valid_ref((const uint8_t *) text.data, text.len))
		fail("the rendering has a NUL or is not valid UTF-8");
	if (encode_text(text.data, text.len, &canon) != IM_OK)
		fail("normalizing the rendering failed");

	/* the stored value E passes both checks and is consumed whole */
	if (instname_wire_check((const uint8_t *) canon.data, canon.len, &info2) != INSTNAME_WIRE_OK ||
		info2.consumed != canon.len)
		fail("the stored value E is rejected by the binary input check");
	if (!instname_tokens_fit((const uint8_t *) canon.data + INSTNAME_WIRE_HDRSZ,
							 canon.len - INSTNAME_WIRE_HDRSZ, info2.ntok))
		fail("the stored value E is rejected by the stored-value check");

	/* receiving E again gives E */
	im_buf_init(&text2, 0);
	if (instname_wire_render((const uint8_t *) canon.data, &info2, &text2, NULL) != IM_OK)
		fail("rendering E failed");
	if (encode_text(text2.data, text2.len, &canon2) != IM_OK)
		fail("normalizing the rendering of E failed");
	if (canon2.len != canon.len || memcmp(canon2.data, canon.data, canon.len) != 0)
		fail("recv(send(recv(x))) differs from recv(x)");

	/* instname_out(E) is inst_normalize of the received rendering */
	im_buf_init(&norm, 0);
	if (im_normalize_text(text.data, text.len, 0, &norm) != IM_OK)
		fail("im_normalize_text failed");
	if (norm.len != text2.len || memcmp(norm.data, text2.data, norm.len) != 0)
		fail("the output of the stored value is not inst_normalize of the received text");

	im_buf_free(&text);
	im_buf_free(&canon);
	im_buf_free(&text2);
	im_buf_free(&canon2);
	im_buf_free(&norm);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cur_data = data;
	cur_size = size;
	check_value(data, size);
	check_utf8_agreement(data, size);
	check_stored(data, size);
	return 0;
}

#if defined(FUZZ_INSTNAME_MAIN) || defined(FUZZ_INSTNAME_GEN)
static uint8_t *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	uint8_t    *buf = NULL;
	size_t		cap = 0,
				n = 0;

	if (f == NULL)
	{
		perror(path);
		exit(2);
	}
	for (;;)
	{
		size_t		got;

		if (n == cap)
		{
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (buf == NULL)
				exit(2);
		}
		got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}
#endif

#ifdef FUZZ_INSTNAME_MAIN
int
main(int argc, char **argv)
{
	int			i;

	for (i = 1; i < argc; i++)
	{
		size_t		len;
		uint8_t    *buf = read_file(argv[i], &len);
		uint8_t    *exact = malloc(len ? len : 1);

		memcpy(exact, buf, len);
		LLVMFuzzerTestOneInput(exact, len);
		printf("ok %s\n", argv[i]);
		free(exact);
		free(buf);
	}
	return 0;
}
#endif

#ifdef FUZZ_INSTNAME_GEN
static void
write_seed(const char *dir, const char *name, const void *p, size_t len)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(p, 1, len, f) != len || fclose(f) != 0)
	{
		perror(path);
		exit(2);
	}
}

static im_buf
encode_or_die(const char *s)
{
	im_buf		b;

	if (encode_text(s, strlen(s), &b) != IM_OK)
	{
		fprintf(stderr, "cannot encode %s\n", s);
		exit(2);
	}
	return b;
}

/* corrupt_NAME: the wire form of s with byte at off (negative: from the end) set to v */
static void
corrupt_byte(const char *dir, const char *name, const char *s, long off, uint8_t v)
{
	im_buf		b = encode_or_die(s);
	size_t		at = off >= 0 ? (size_t) off : b.len - (size_t) (-off);

	b.data[at] = (char) v;
	write_seed(dir, name, b.data, b.len);
	im_buf_free(&b);
}

int
main(int argc, char **argv)
{
	const char *dir;
	int			nvalid = 0,
				i;
	char		name[64];
	im_buf		b;

	if (argc < 3)
	{
		fprintf(stderr, "usage: %s DIR FILE...\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	/* every 4th line of the files: names and affiliations in many scripts */
	for (i = 2; i < argc; i++)
	{
		size_t		len,
					p = 0;
		uint8_t    *buf = read_file(argv[i], &len);
		int			line = 0;

		while (p < len)
		{
			size_t		e = p;

			while (e < len && buf[e] != '\n')
				e++;
			if (line++ % 4 == 0 && e > p)
			{
				if (encode_text((const char *) buf + p, e - p, &b) != IM_OK)
					return 2;
				snprintf(name, sizeof(name), "valid_%03d", nvalid++);
				write_seed(dir, name, b.data, b.len);
				im_buf_free(&b);
			}
			p = e + 1;
		}
		free(buf);
	}
	/* edge values */
	{
		static const char *const edge[] = {
			"", "a", "(a) b; c, d (e f) g", "中国科学院 北京航空航天大学",
			"zhang@buaa.edu.cn www.hit.edu.cn", "R&D 100191 ,,;; ((", "Ünïvërsité Paris-Saclay",
		};
		char		longword[700];

		for (i = 0; i < (int) (sizeof(edge) / sizeof(edge[0])); i++)
		{
			b = encode_or_die(edge[i]);
			snprintf(name, sizeof(name), "edge_%02d", i);
			write_seed(dir, name, b.data, b.len);
			im_buf_free(&b);
		}
		memset(longword, 'x', sizeof(longword) - 1);	/* cut into 255-byte tokens */
		longword[sizeof(longword) - 1] = '\0';
		b = encode_or_die(longword);
		write_seed(dir, "edge_long_tokens", b.data, b.len);
		im_buf_free(&b);
	}
	/* corrupted values: one per check of instname_wire_check */
	{
		const char *s = "Harbin Institute of Technology, Harbin";
		static const uint8_t huge_count[] = {1, 0xff, 0xff, 0xff, 0xff, 1, 0, 'a'};
		static const uint8_t short_hdr[] = {1, 0, 0};
		static const uint8_t empty_tok[] = {1, 0, 0, 0, 1, 0, 0, 'a'};
		static const uint8_t first_gap[] = {1, 0, 0, 0, 1, 1, 0x04, 'a'};
		static const uint8_t overlong[] = {1, 0, 0, 0, 1, 2, 0, 0xc0, 0xaf};
		static const uint8_t surrogate[] = {1, 0, 0, 0, 1, 3, 0, 0xed, 0xa0, 0x80};
		static const uint8_t nul[] = {1, 0, 0, 0, 1, 3, 0, 'a', 0, 'b'};
		static const uint8_t cut_seq[] = {1, 0, 0, 0, 1, 2, 0, 'a', 0xe4};
		static const uint8_t above_max[] = {1, 0, 0, 0, 1, 4, 0, 0xf4, 0x90, 0x80, 0x80};
		static const uint8_t unnormalized[] = {1, 0, 0, 0, 2, 3, 0, 'U', 'n', 'i', 4, 0x04, 'I', 'n', 's', 't'};

		corrupt_byte(dir, "corrupt_version", s, 0, 2);
		corrupt_byte(dir, "corrupt_count", s, 4, 9);
		corrupt_byte(dir, "corrupt_flags", s, 6, 0x40);
		corrupt_byte(dir, "corrupt_len", s, 5, 200);
		corrupt_byte(dir, "corrupt_last_byte", s, -1, 0xff);
		write_seed(dir, "corrupt_huge_count", huge_count, sizeof(huge_count));
		write_seed(dir, "corrupt_short_header", short_hdr, sizeof(short_hdr));
		write_seed(dir, "corrupt_empty_token", empty_tok, sizeof(empty_tok));
		write_seed(dir, "corrupt_first_gap", first_gap, sizeof(first_gap));
		write_seed(dir, "corrupt_overlong", overlong, sizeof(overlong));
		write_seed(dir, "corrupt_surrogate", surrogate, sizeof(surrogate));
		write_seed(dir, "corrupt_nul", nul, sizeof(nul));
		write_seed(dir, "corrupt_cut_sequence", cut_seq, sizeof(cut_seq));
		write_seed(dir, "corrupt_above_max", above_max, sizeof(above_max));
		/* accepted, but not canonical: recv normalizes it */
		write_seed(dir, "noncanonical_case", unnormalized, sizeof(unnormalized));
		b = encode_or_die(s);
		if (im_buf_append(&b, "\xde\xad", 2) != IM_OK)
			return 2;
		write_seed(dir, "corrupt_trailing", b.data, b.len);
		im_buf_free(&b);
		b = encode_or_die(s);
		write_seed(dir, "corrupt_truncated", b.data, b.len - 3);
		im_buf_free(&b);
	}
	printf("%d valid seeds written to %s\n", nvalid, dir);
	return 0;
}
#endif
