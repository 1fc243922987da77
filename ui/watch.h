/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FRAGTRACK_WATCH_H
#define FRAGTRACK_WATCH_H

#include "trace/run.h"

/* fragtrack watch [record's options]: the live full-screen view. */
int cmd_watch(int argc, char **argv);
/* The same, with options already parsed (record --watch). */
int ft_watch_run(const struct ft_run_opts *opts);
/* record's option parser, shared: 0, -1 (help printed), or exit status */
int ft_parse_run_opts(int argc, char **argv, struct ft_run_opts *opts, bool *watch);

#endif
