/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seed tracer's console lines, and the one way a string from a trace,
 * a recording or the command line reaches a terminal.
 */
#ifndef FRAGTRACK_CONSOLE_H
#define FRAGTRACK_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model.h"

/* One event line, coloured only when colour is true (a tty). */
void ft_console_event(FILE *out, const struct ft_record *r, bool colour);
/* The banner printed once tracking starts. */
void ft_console_banner(FILE *out, const char *save_file);

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
