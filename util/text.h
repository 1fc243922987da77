/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strings from a trace, a recording or the command line: valid UTF-8 for
 * JSON, and the one way they reach a terminal.
 */
#ifndef FRAGTRACK_TEXT_H
#define FRAGTRACK_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at s (at most n >= 1 bytes), 0 if
 * invalid (overlong, surrogate, past U+10FFFF, or cut short). */
size_t ft_utf8_seq(const unsigned char *s, size_t n);
/* Copies at most inlen bytes of in, replacing each invalid UTF-8
 * sequence by U+FFFD (as Python's decode("utf-8", "replace")). */
void ft_utf8_sanitize(const char *in, size_t inlen, char *out, size_t outlen);

/*
 * Terminal-safe text.  Valid printable UTF-8 is kept as is; what a
 * terminal would act on is spelled out instead: C0 controls, ESC and DEL
 * as \xNN, C1 controls (U+0080..U+009F, which terminals also read as CSI,
 * OSC, ...) as \u00NN, bytes that are not UTF-8 as \xNN, and a backslash
 * as \\ so that no name can pass for an escape.
 */
/* Writes s, escaped, into out (always terminated; cut at a character).
 * Returns the characters written. */
size_t ft_term_escape(const char *s, char *out, size_t outlen);
/* Prints s escaped, then spaces up to width characters (as %-*s would,
 * counting characters, not bytes). */
void ft_term_put(FILE *out, const char *s, int width);

#endif
