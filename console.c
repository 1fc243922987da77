// SPDX-License-Identifier: GPL-2.0
#include "console.h"

#include <string.h>

#include "jsonw.h"

#define YELLOW "\033[93m"
#define GREEN "\033[92m"
#define RED "\033[91m"
#define RESET "\033[0m"

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

void ft_console_event(FILE *out, const struct ft_record *r, bool colour)
{
	static const char *const names[FT_KIND_COUNT] = { "EXTFRAG", "COMPACT_OK", "COMPACT_FAIL" };
	static const char *const colours[FT_KIND_COUNT] = { YELLOW, GREEN, RED };

	fprintf(out, "%s[%8.3fs] %-10s%s ", colour ? colours[r->kind] : "", r->timestamp,
		names[r->kind], colour ? RESET : "");
	switch (r->kind) {
	case FT_KIND_EXTFRAG:
		fprintf(out, "Order=%2d FallbackOrder=%2d ", r->order, r->fallback_order);
		ft_term_put(out, r->migrate_from, 10);
		fputs("->", out);
		ft_term_put(out, r->migrate_to, 10);
		fprintf(out, " (%s) ", r->is_steal ? "steal" : "claim");
		break;
	case FT_KIND_COMPACTION_SUCCESS:
		fprintf(out, "Order=%2d FragIdx=%5d Zone=", r->order,
			r->fragmentation_index == FT_NONE ? -1 : r->fragmentation_index);
		ft_term_put(out, r->zone[0] ? r->zone : "Unknown", 8);
		fprintf(out, " Node=%2d ", r->node == FT_NONE ? -1 : r->node);
		break;
	default:
		fprintf(out, "Order=%2d ", r->order);
		break;
	}
	fputs("Process=", out);
	ft_term_put(out, r->comm, 12);
	fprintf(out, " PID=%6d\n", r->pid);
}

void ft_console_banner(FILE *out, const char *save_file)
{
	fprintf(out, "\nStarting fragmentation event tracking...\n");
	fprintf(out, "Primary focus: mm_page_alloc_extfrag events\n");
	fputs("Data will be saved to: ", out);
	ft_term_put(out, save_file, 0);
	fprintf(out, "\nPress Ctrl+C to stop and see summary\n\n");
	fprintf(out, "--------------------------------------------------------------------------------\n");
	fprintf(out, "%10s %12s %s\n", "Time", "Event", "Details");
	fprintf(out, "--------------------------------------------------------------------------------\n");
}
