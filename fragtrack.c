// SPDX-License-Identifier: GPL-2.0
/*
 * fragtrack: trace Linux memory fragmentation with eBPF and draw it.
 *
 *   fragtrack [record] [-o FILE] [-t SECONDS] [-q]   trace (the default)
 *   fragtrack watch [...]                            live terminal view
 *   fragtrack plot FILE [--compare FILE2] [-o OUT]   gnuplot dashboards
 *   fragtrack report FILE [--json]                   statistics table
 *   fragtrack snapshot --pid-file FILE               a running recording's copy
 *   fragtrack compare DIR                            many hosts' recordings
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "record", cmd_record },
	{ "watch", cmd_watch },
	{ "plot", cmd_plot },
	{ "report", cmd_report },
	{ "snapshot", cmd_snapshot },
	{ "compare", cmd_compare },
};

int main(int argc, char **argv)
{
	if (argc > 1) {
		for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].run(argc - 1, argv + 1);
	}
	/* no command: the seed tracer's command line */
	return cmd_record(argc, argv);
}
