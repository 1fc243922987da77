// SPDX-License-Identifier: GPL-2.0
/* fragtrack watch: record, with the live full-screen view (ui/watch.c). */
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/runopts.h"
#include "ui/watch.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fragtrack watch [-o FILE] [-t SECONDS] [--interval S] [-q]\n"
		"                       [--pid-file FILE] [--tracefs DIR]\n"
		"\n"
		"Record like `fragtrack record` while showing a live full-screen view:\n"
		"event rates with a sparkline of the last minutes, extfrag counts by\n"
		"order and by migration pattern (severity !! ! = +), steal vs claim,\n"
		"compaction success, the fragmentation index per zone and order.\n"
		"\n"
		"  -o, --output FILE   output file, as record (default\n"
		"                      fragmentation_data_YYYYmmdd_HHMMSS.json); with -o -\n"
		"                      the JSON lines go to stdout (redirect it) and the\n"
		"                      screen to the terminal, /dev/tty\n"
		"  -t, --time SECONDS  run for SECONDS, then exit (0: until stopped)\n"
		"      --interval S    redraw (and sampling) interval, default 1\n"
		"      --map-interval S  memory map every S seconds, default 30 (0: none)\n"
		"  -q, --quiet         without a terminal: no per-interval lines\n"
		"      --pid-file FILE write the process id to FILE, removed at exit\n"
		"      --label KEY=VALUE  into the metadata, with the host's name (repeatable)\n"
		"      --tracefs DIR   tracefs root\n"
		"\n"
		"Keys: q quit, p pause the display (recording continues), r reset the\n"
		"on-screen counters, ? help.  When stdout is not a terminal, one plain\n"
		"line per interval instead of the screen.\n");
}

int cmd_watch(int argc, char **argv)
{
	struct ft_run_opts opts;
	bool watch = true;
	int ret;

	if (ft_run_opts_want_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	ret = ft_parse_run_opts(argc, argv, &opts, &watch, usage);
	if (ret)
		return ret < 0 ? 0 : ret;
	return ft_exit_status(ft_watch_run(&opts));
}
