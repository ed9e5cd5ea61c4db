/*
 * instname_wire.c - checks of untrusted instname bytes (binary input, stored token areas).
 * Pure C11, no PostgreSQL headers: see instname_wire.h.
 */
#include "instname_wire.h"

#include <string.h>

int
instname_utf8_valid(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		k,
					j;
		unsigned char lo = 0x80,
					hi = 0xBF;

		if (c == 0)
			return 0;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 2;
		else if (c >= 0xE0 && c <= 0xEF)
		{
			k = 3;
			if (c == 0xE0)
				lo = 0xA0;		/* no overlong forms */
			else if (c == 0xED)
				hi = 0x9F;		/* no surrogates */
		}
		else if (c >= 0xF0 && c <= 0xF4)
		{
			k = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;		/* nothing above U+10FFFF */
		}
		else
			return 0;
		if (len - i < k)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (j = 2; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
		i += k;
	}
	return 1;
}

instname_wire_rc
instname_wire_check(const unsigned char *buf, size_t len, instname_wire_info *info)
{
	size_t		pos;
	uint32_t	ntok,
				i;

	info->ntok = 0;
	info->consumed = 0;
	info->arg1 = info->arg2 = 0;
	if (len < INSTNAME_WIRE_HDRSZ)
	{
		info->arg1 = (uint32_t) len;
		return INSTNAME_WIRE_SHORT_HEADER;
	}
	if (buf[0] != INSTNAME_WIRE_VERSION)
	{
		info->arg1 = buf[0];
		return INSTNAME_WIRE_BAD_VERSION;
	}
	ntok = ((uint32_t) buf[1] << 24) | ((uint32_t) buf[2] << 16) |
		((uint32_t) buf[3] << 8) | (uint32_t) buf[4];
	info->ntok = ntok;
	pos = INSTNAME_WIRE_HDRSZ;
	/* every token takes at least 3 bytes */
	if (ntok > (len - pos) / 3)
	{
		info->arg1 = ntok;
		info->arg2 = (uint32_t) ((len - pos) > UINT32_MAX ? UINT32_MAX : (len - pos));
		return INSTNAME_WIRE_BAD_COUNT;
	}
	for (i = 0; i < ntok; i++)
	{
		unsigned	tlen,
					meta;

		info->arg1 = i + 1;
		info->arg2 = ntok;
		if (len - pos < 2)
			return INSTNAME_WIRE_TRUNCATED;
		tlen = buf[pos];
		meta = buf[pos + 1];
		if (tlen == 0)
			return INSTNAME_WIRE_EMPTY_TOKEN;
		if (meta & ~0x3Fu)
		{
			info->arg2 = meta & ~0x3Fu;
			return INSTNAME_WIRE_BAD_FLAGS;
		}
		if (i == 0 && (meta >> 2) != 0)
		{
			info->arg1 = meta;
			return INSTNAME_WIRE_FIRST_GAP;
		}
		pos += 2;
		if (len - pos < tlen)
			return INSTNAME_WIRE_TRUNCATED;
		if (!instname_utf8_valid(buf + pos, tlen))
			return INSTNAME_WIRE_BAD_UTF8;
		pos += tlen;
	}
	info->arg1 = info->arg2 = 0;
	info->consumed = pos;
	return INSTNAME_WIRE_OK;
}

int
instname_wire_render(const unsigned char *buf, const instname_wire_info *info, im_buf *out,
					 void (*interrupt) (void))
{
	im_render_state rs;
	size_t		pos = INSTNAME_WIRE_HDRSZ;
	uint32_t	i;
	int			rc = IM_OK;

	im_render_init(&rs, out);
	for (i = 0; i < info->ntok && rc == IM_OK; i++)
	{
		im_tok		t;

		if (interrupt && (i & 0xFFF) == 0xFFF)
			interrupt();
		t.len = buf[pos];
		t.kind = (uint8_t) (buf[pos + 1] & 0x03);
		t.gap = (uint8_t) (buf[pos + 1] >> 2);
		t.text = (const char *) buf + pos + 2;
		t.src_start = t.src_end = 0;
		rc = im_render_emit(&rs, &t);
		pos += 2 + (size_t) t.len;
	}
	if (rc == IM_OK)
		rc = im_render_finish(&rs);
	return rc;
}

int
instname_tokens_fit(const unsigned char *p, size_t n, uint32_t ntok)
{
	size_t		pos = 0;
	uint32_t	i;

	if (ntok > n / 3)
		return 0;
	for (i = 0; i < ntok; i++)
	{
		if (n - pos < 2 || p[pos] == 0 || n - pos - 2 < p[pos])
			return 0;
		pos += 2 + (size_t) p[pos];
	}
	return pos == n;
}
