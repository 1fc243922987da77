/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing gnuplot scripts and data files safely, and running gnuplot.
 *
 * gnuplot runs `backquotes` inside double-quoted strings, has system()
 * and macros (@var), so anything that came from outside (labels, file
 * names, migrate type names) reaches it only
 *  - in a script, as single-quoted string literals: no backquote, escape
 *    or macro processing happens inside them.  A quote of the string is
 *    spliced in as 'it'.sq.'s', sq being "'" (gnuplot's own '' escape
 *    breaks on a leading quote and on runs of them, and its @macro
 *    expander finds string bounds by counting the quotes of a line);
 *  - in a data file, as a double-quoted column: data is never executed;
 *    the quote itself and backslashes are replaced there.
 * Control characters (newlines above all: they end a command) become '?'
 * in both, invalid UTF-8 becomes U+FFFD.
 */
#ifndef FRAGTRACK_GPWRITE_H
#define FRAGTRACK_GPWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/outdir.h"

/* Defines sq, which ft_gp_quote() uses: first thing in a script. */
void ft_gp_begin(FILE *f);
/* s as a gnuplot string expression made of single-quoted literals. */
void ft_gp_quote(FILE *f, const char *s);
/* name = 's' */
void ft_gp_setstr(FILE *f, const char *name, const char *s);
/* name = v, always with a decimal point: gnuplot divides integers as C */
void ft_gp_setnum(FILE *f, const char *name, double v);
void ft_gp_setint(FILE *f, const char *name, long long v);
/* s as a double-quoted data file column */
void ft_dat_str(FILE *f, const char *s);
/* Creates STEM-WHAT.dat in od's staging folder (in path: where it will be
 * once published): NULL after a message. */
FILE *ft_dat_open(struct ft_outdir *od, const char *stem, const char *what, char *path,
		  size_t len);
/* Closes it: 0, or -EIO after a message when anything failed. */
int ft_dat_close(FILE *f, const char *path);

/* s made printable for a label: no control characters, valid UTF-8. */
void ft_gp_clean(const char *s, char *out, size_t outlen);
/* Whether a path can be put in a script as is (no control characters). */
bool ft_gp_path_ok(const char *path);

/* The directory of the templates: $FRAGTRACK_GNUPLOT_DIR, else the
 * build's FRAGTRACK_DATADIR. */
const char *ft_gp_template_dir(void);
/* Appends template name to f, with a banner; 0 or -errno after a message. */
int ft_gp_append_template(FILE *f, const char *name);

/*
 * Runs gnuplot (or $FRAGTRACK_GNUPLOT) on script, a file of folder dirfd,
 * as a child in that folder (datadir './'), without a shell, and waits.
 * 0 when it exited 0; otherwise -errno after a message naming it shown.
 */
int ft_gp_run(int dirfd, const char *script, const char *shown);

#endif
