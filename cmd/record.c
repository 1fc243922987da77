// SPDX-License-Identifier: GPL-2.0
/* fragtrack record: the drop-in for fragmentation_tracker.py. */
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/runopts.h"
#include "trace/run.h"
#include "ui/console.h"
#include "ui/watch.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fragtrack [record] [-o FILE] [-t SECONDS] [-q] [--pid-file FILE]\n"
		"                 [--label KEY=VALUE]... [--tracefs DIR] [--watch [--interval S]]\n"
		"                 [--map-interval S]\n"
		"       fragtrack snapshot --pid-file FILE [--timeout S]\n"
		"\n"
		"Track memory fragmentation events using eBPF.\n"
		"\n"
		"  -o, --output FILE   output file (default fragmentation_data_YYYYmmdd_HHMMSS.json);\n"
		"                      FILE.json: the seed tracer's document, FILE.jsonl or -:\n"
		"                      JSON lines (- is stdout; messages then go to stderr)\n"
		"  -t, --time SECONDS  run for SECONDS, then exit (0: until stopped)\n"
		"  -q, --quiet         no event lines (summary only)\n"
		"      --pid-file FILE write the process id to FILE, removed at exit\n"
		"      --label KEY=VALUE  into the metadata, with the host's name (repeatable)\n"
		"      --tracefs DIR   tracefs root (default: found, mounted if needed;\n"
		"                      also $FRAGTRACK_TRACEFS)\n"
		"  -w, --watch         full-screen live view while recording (fragtrack watch)\n"
		"      --prepare       compile the BPF object for this kernel into the cache\n"
		"                      (/var/cache/fragtrack, $FRAGTRACK_CACHE_DIR) and exit:\n"
		"                      later runs start tracing without compiling\n"
		"      --interval S    watch refresh interval (default 1)\n"
		"      --map-interval S  memory map every S seconds (default 30; 0: none),\n"
		"                      and one at start and at stop (/proc/kpageflags)\n"
		"  -h, --help          this help\n"
		"\n"
		"SIGUSR1 (or fragtrack snapshot) writes a closed copy of the recording so far\n"
		"beside it (X.json: X.snapshot.json); recording goes on.\n"
		"      --version       print the version\n"
		"\n"
		"Other commands: fragtrack plot|report|watch --help\n");
}

int cmd_record(int argc, char **argv)
{
	struct ft_run_opts opts;
	static struct ft_run run;
	bool watch = false;
	int ret = ft_parse_run_opts(argc, argv, &opts, &watch, usage);

	if (ret)
		return ret < 0 ? 0 : ret;
	if (opts.prepare)
		return ft_exit_status(ft_run_prepare(&opts));
	if (watch)
		return ft_exit_status(ft_watch_run(&opts));
	ft_install_signal_handlers();
	run.view = ft_console_view();
	ret = ft_run_setup(&run, &opts);
	if (ret)
		return ft_exit_status(ret);
	ft_run_loop(&run, NULL);
	return ft_exit_status(ft_run_finish(&run, true));
}
