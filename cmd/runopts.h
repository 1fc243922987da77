/* SPDX-License-Identifier: GPL-2.0 */
/* The options of a tracing run, one parser for record and watch. */
#ifndef FRAGTRACK_RUNOPTS_H
#define FRAGTRACK_RUNOPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "trace/run.h"

/*
 * Fills opts (and *watch on -w) from record's options.  Returns 0, -1
 * after printing the usage (-h) or the version, or an exit status after
 * one line on stderr; usage prints the calling command's help.
 */
int ft_parse_run_opts(int argc, char **argv, struct ft_run_opts *opts, bool *watch,
		      void (*usage)(FILE *out));
/* -h or --help anywhere but as an option's value. */
bool ft_run_opts_want_help(int argc, char **argv);

#endif
