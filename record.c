// SPDX-License-Identifier: GPL-2.0
/* fragtrack record: the drop-in for fragmentation_tracker.py. */
#include "record.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "gpwrite.h"
#include "run.h"
#include "watch.h"

volatile sig_atomic_t exiting;

static void sig_handler(int sig)
{
	(void)sig;
	exiting = 1;
}

void ft_install_signal_handlers(void)
{
	struct sigaction sa = { .sa_handler = sig_handler };

	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: poll() must return so the loop sees the flag */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fragtrack [record] [-o FILE] [-t SECONDS] [-q] [--pid-file FILE]\n"
		"                 [--tracefs DIR] [--watch [--interval S]]\n"
		"\n"
		"Track memory fragmentation events using eBPF.\n"
		"\n"
		"  -o, --output FILE   output file (default fragmentation_data_YYYYmmdd_HHMMSS.json);\n"
		"                      FILE.json: the seed tracer's document, FILE.jsonl or -:\n"
		"                      JSON lines (- is stdout; messages then go to stderr)\n"
		"  -t, --time SECONDS  run for SECONDS, then exit\n"
		"  -q, --quiet         no event lines (summary only)\n"
		"      --pid-file FILE write the process id to FILE, removed at exit\n"
		"      --tracefs DIR   tracefs root (default: found, mounted if needed;\n"
		"                      also $FRAGTRACK_TRACEFS)\n"
		"  -w, --watch         full-screen live view while recording (fragtrack watch)\n"
		"      --prepare       compile the BPF object for this kernel into the cache\n"
		"                      (/var/cache/fragtrack, $FRAGTRACK_CACHE_DIR) and exit:\n"
		"                      later runs start tracing without compiling\n"
		"      --interval S    watch refresh interval (default 1)\n"
		"  -h, --help          this help\n"
		"      --version       print the version\n"
		"\n"
		"Other commands: fragtrack plot|report|watch --help\n");
}

/* An argument as a message may show it. */
static const char *shown(const char *arg)
{
	static char buf[256];

	ft_term_escape(arg, buf, sizeof(buf));
	return buf;
}

/* Shared with watch: fills opts from record's options. */
int ft_parse_run_opts(int argc, char **argv, struct ft_run_opts *opts, bool *watch)
{
	enum { OPT_PID = 256, OPT_TRACEFS, OPT_INTERVAL, OPT_VERSION, OPT_PREPARE };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "time", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "pid-file", required_argument, NULL, OPT_PID },
		{ "tracefs", required_argument, NULL, OPT_TRACEFS },
		{ "watch", no_argument, NULL, 'w' },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "prepare", no_argument, NULL, OPT_PREPARE },
		{ 0 },
	};
	char *end;
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->interval = 1.0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:t:qwh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			opts->output = optarg;
			break;
		case 't':
			opts->duration = strtod(optarg, &end);
			if (*end || end == optarg || !(opts->duration > 0) || opts->duration > 1e9) {
				fprintf(stderr, "fragtrack: -t wants a positive number of seconds, "
						"not '%s'\n", shown(optarg));
				return 2;
			}
			break;
		case 'q':
			opts->quiet = true;
			break;
		case OPT_PID:
			opts->pid_file = optarg;
			break;
		case OPT_TRACEFS:
			opts->tracefs = optarg;
			break;
		case 'w':
			*watch = true;
			break;
		case OPT_PREPARE:
			opts->prepare = true;
			break;
		case OPT_INTERVAL:
			opts->interval = strtod(optarg, &end);
			if (*end || end == optarg || !(opts->interval >= 0.1) || opts->interval > 3600) {
				fprintf(stderr, "fragtrack: --interval wants seconds between 0.1 and "
						"3600, not '%s'\n", shown(optarg));
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return -1;
		case OPT_VERSION:
			printf("fragtrack %s\n", FRAGTRACK_VERSION);
			return -1;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "fragtrack: unexpected argument '%s'\n", shown(argv[optind]));
		usage(stderr);
		return 2;
	}
	/* else the pid file would replace the recording as it starts */
	if (opts->pid_file && opts->output && strcmp(opts->pid_file, opts->output) == 0) {
		fprintf(stderr, "fragtrack: -o and --pid-file name the same file\n");
		return 2;
	}
	/* refused before anything is created, as plot does: a file name with
	 * a newline or an escape is a mistake or a trap, never a wish */
	if (opts->output && !ft_gp_path_ok(opts->output)) {
		fprintf(stderr, "fragtrack: the output path contains control characters\n");
		return 2;
	}
	return 0;
}

int cmd_record(int argc, char **argv)
{
	struct ft_run_opts opts;
	static struct ft_run run;
	bool watch = false;
	int ret = ft_parse_run_opts(argc, argv, &opts, &watch);

	if (ret)
		return ret < 0 ? 0 : ret;
	if (opts.prepare)
		return ft_run_prepare(&opts);
	if (watch)
		return ft_watch_run(&opts);
	ft_install_signal_handlers();
	ret = ft_run_setup(&run, &opts);
	if (ret)
		return ret;
	ft_run_loop(&run, NULL);
	return ft_run_finish(&run, true);
}
