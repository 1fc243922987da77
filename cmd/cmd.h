/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subcommands: each parses its options, runs the engine (trace/,
 * plot/, json/) and turns the outcome into an exit status.  Nothing
 * below cmd/ includes this.
 */
#ifndef FRAGTRACK_CMD_H
#define FRAGTRACK_CMD_H

#include <errno.h>

/* Exit status of a command for bad input (usage, unreadable recording). */
#define FT_EXIT_BADINPUT 2

/*
 * A library result as an exit status.  Library code returns 0 or -errno
 * (NULL for pointers) after saying why once, on stderr or in an error
 * buffer; -EINVAL means bad input (a recording, an option, a path).
 * Only commands turn that into exit statuses, here.
 */
static inline int ft_exit_status(int ret)
{
	if (!ret)
		return 0;
	return ret == -EINVAL ? FT_EXIT_BADINPUT : 1;
}

/* fragtrack [record] [-o FILE] [-t SECONDS] [-q] ...: the default */
int cmd_record(int argc, char **argv);
/* fragtrack watch [record's options]: the live full-screen view */
int cmd_watch(int argc, char **argv);
/* fragtrack plot FILE [--compare FILE2] [-o OUT] ... */
int cmd_plot(int argc, char **argv);
/* fragtrack report FILE [--json] */
int cmd_report(int argc, char **argv);
/* fragtrack snapshot --pid-file FILE: a running recording's copy so far */
int cmd_snapshot(int argc, char **argv);
/* fragtrack compare DIR: dashboards, baseline/-dev pairs, summary tables */
int cmd_compare(int argc, char **argv);

#endif
