/* SPDX-License-Identifier: GPL-2.0 */
/* The seed tracer's console lines: one view of a run, as watch is.  Every
 * string in them goes through ft_term_put (util/text.h). */
#ifndef FRAGTRACK_CONSOLE_H
#define FRAGTRACK_CONSOLE_H

#include <stdbool.h>
#include <stdio.h>

#include "model/record.h"
#include "trace/run.h"

/* One event line, coloured only when colour is true (a tty). */
void ft_console_event(FILE *out, const struct ft_record *r, bool colour);
/* The banner printed once tracking starts. */
void ft_console_banner(FILE *out, const char *save_file);
/* The banner once tracking starts, then a line per event unless -q. */
struct ft_run_view ft_console_view(void);

#endif
