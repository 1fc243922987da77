/* SPDX-License-Identifier: GPL-2.0 */
/* The seed tracer's console lines. */
#ifndef FRAGTRACK_CONSOLE_H
#define FRAGTRACK_CONSOLE_H

#include <stdbool.h>
#include <stdio.h>

#include "model/record.h"

/* One event line, coloured only when colour is true (a tty). */
void ft_console_event(FILE *out, const struct ft_record *r, bool colour);
/* The banner printed once tracking starts. */
void ft_console_banner(FILE *out, const char *save_file);

#endif
