// SPDX-License-Identifier: GPL-2.0
/*
 * Strings from outside (the kernel's comm, a recording, the command line)
 * made safe: valid UTF-8 for JSON, as Python decodes them, and
 * terminal-safe text for anything printed.
 */
#include "util/text.h"

#include <string.h>

size_t ft_utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void ft_utf8_sanitize(const char *in, size_t inlen, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;

	if (!outlen)
		return;
	for (size_t i = 0; i < inlen && s[i];) {
		size_t n = ft_utf8_seq(s + i, strnlen(in + i, inlen - i));
		const char *src = n ? in + i : "\xef\xbf\xbd";
		size_t w = n ? n : 3;

		if (o + w >= outlen)
			break;
		memcpy(out + o, src, w);
		o += w;
		i += n ? n : 1;
	}
	out[o] = '\0';
}

/* The longest thing one character becomes: "\u009b" or a 4-byte sequence. */
#define TERM_TOKEN_MAX 7

/* The character at s as a terminal may see it, into tok (terminated);
 * returns the bytes of s it stands for. */
static size_t term_token(const char *s, char tok[TERM_TOKEN_MAX])
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = ft_utf8_seq(u, strnlen(s, 4));

	if (len == 0) {
		snprintf(tok, TERM_TOKEN_MAX, "\\x%02x", u[0]);
		return 1;
	}
	if (len == 1 && (u[0] < 0x20 || u[0] == 0x7f)) {
		snprintf(tok, TERM_TOKEN_MAX, "\\x%02x", u[0]);
		return 1;
	}
	if (len == 1 && u[0] == '\\') {
		strcpy(tok, "\\\\");
		return 1;
	}
	/* U+0080..U+009F are 0xc2 0x80..0x9f */
	if (len == 2 && u[0] == 0xc2 && u[1] < 0xa0) {
		snprintf(tok, TERM_TOKEN_MAX, "\\u%04x", u[1]);
		return 2;
	}
	memcpy(tok, s, len);
	tok[len] = '\0';
	return len;
}

size_t ft_term_escape(const char *s, char *out, size_t outlen)
{
	char tok[TERM_TOKEN_MAX];
	size_t o = 0, chars = 0;

	if (!outlen)
		return 0;
	while (*s) {
		size_t used = term_token(s, tok), n = strlen(tok);

		if (o + n >= outlen)
			break;
		memcpy(out + o, tok, n);
		o += n;
		s += used;
		chars++;
	}
	out[o] = '\0';
	return chars;
}

void ft_term_put(FILE *out, const char *s, int width)
{
	char tok[TERM_TOKEN_MAX];
	int chars = 0;

	for (; *s; chars++) {
		s += term_token(s, tok);
		fputs(tok, out);
	}
	for (; chars < width; chars++)
		fputc(' ', out);
}
