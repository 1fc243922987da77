// SPDX-License-Identifier: GPL-2.0
/* record's options, shared by watch: one table, one parser. */
#include "cmd/runopts.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "plot/gnuplot.h"
#include "util/text.h"

/* An argument as a message may show it. */
static const char *shown(const char *arg)
{
	static char buf[256];

	ft_term_escape(arg, buf, sizeof(buf));
	return buf;
}

enum { OPT_PID = 256, OPT_TRACEFS, OPT_INTERVAL, OPT_VERSION, OPT_PREPARE, OPT_LABEL,
       OPT_MAP_INTERVAL };

static const char shortopts[] = "o:t:qwh";
static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "time", required_argument, NULL, 't' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "pid-file", required_argument, NULL, OPT_PID },
	{ "tracefs", required_argument, NULL, OPT_TRACEFS },
	{ "watch", no_argument, NULL, 'w' },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "map-interval", required_argument, NULL, OPT_MAP_INTERVAL },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "prepare", no_argument, NULL, OPT_PREPARE },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ 0 },
};

/* Whether arg is an option that takes the next argument as its value. */
static bool takes_value(const char *arg)
{
	if (arg[0] != '-')
		return false;
	if (arg[1] != '-') {
		const char *o = arg[1] ? strchr(shortopts, arg[1]) : NULL;

		return o && o[1] == ':' && !arg[2];
	}
	for (const struct option *o = longopts; o->name; o++)
		if (strcmp(arg + 2, o->name) == 0)
			return o->has_arg == required_argument;
	return false;
}

bool ft_run_opts_want_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
		if (takes_value(argv[i]))
			i++;
	}
	return false;
}

/* key=value: a key of letters, digits, '_', '.', '-' (it names a group in
 * plot and report), a value without control characters, each once. */
static int add_label(struct ft_run_opts *opts, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t klen = eq ? (size_t)(eq - arg) : 0;

	if (!eq || klen == 0 || klen > FT_LABEL_KEY_MAX || strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_.-") != klen) {
		fprintf(stderr, "fragtrack: --label wants key=value, the key of up to %d letters, "
				"digits, '_', '.' or '-', not '%s'\n", FT_LABEL_KEY_MAX, shown(arg));
		return FT_EXIT_BADINPUT;
	}
	if (strlen(eq + 1) > FT_LABEL_VALUE_MAX || !ft_gp_path_ok(eq + 1)) {
		fprintf(stderr, "fragtrack: --label %.*s: the value must be up to %d bytes without "
				"control characters\n", (int)klen, arg, FT_LABEL_VALUE_MAX);
		return FT_EXIT_BADINPUT;
	}
	for (int i = 0; i < opts->nlabels; i++)
		if (strncmp(opts->labels[i], arg, klen + 1) == 0) {
			fprintf(stderr, "fragtrack: --label %.*s given twice\n", (int)klen, arg);
			return FT_EXIT_BADINPUT;
		}
	if (opts->nlabels == FT_META_LABELS) {
		fprintf(stderr, "fragtrack: at most %d --label\n", FT_META_LABELS);
		return FT_EXIT_BADINPUT;
	}
	opts->labels[opts->nlabels++] = arg;
	return 0;
}

int ft_parse_run_opts(int argc, char **argv, struct ft_run_opts *opts, bool *watch,
		      void (*usage)(FILE *out))
{
	char *end;
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->interval = 1.0;
	opts->map_interval = FT_MAP_INTERVAL_DEFAULT;
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			opts->output = optarg;
			break;
		case 't':
			opts->duration = strtod(optarg, &end);
			/* 0 records until stopped, as the upstream tracer's -t 0 */
			if (*end || end == optarg || !(opts->duration >= 0) || opts->duration > 1e9) {
				fprintf(stderr, "fragtrack: -t wants a number of seconds (0: until "
						"stopped), not '%s'\n", shown(optarg));
				return FT_EXIT_BADINPUT;
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
		case OPT_LABEL:
			if (add_label(opts, optarg))
				return FT_EXIT_BADINPUT;
			break;
		case OPT_INTERVAL:
			opts->interval = strtod(optarg, &end);
			if (*end || end == optarg || !(opts->interval >= 0.1) || opts->interval > 3600) {
				fprintf(stderr, "fragtrack: --interval wants seconds between 0.1 and "
						"3600, not '%s'\n", shown(optarg));
				return FT_EXIT_BADINPUT;
			}
			break;
		case OPT_MAP_INTERVAL:
			opts->map_interval = strtod(optarg, &end);
			if (*end || end == optarg || !(opts->map_interval == 0 ||
			    (opts->map_interval >= 1 && opts->map_interval <= 86400))) {
				fprintf(stderr, "fragtrack: --map-interval wants 0 (no map) or seconds "
						"between 1 and 86400, not '%s'\n", shown(optarg));
				return FT_EXIT_BADINPUT;
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
			return FT_EXIT_BADINPUT;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "fragtrack: unexpected argument '%s'\n", shown(argv[optind]));
		usage(stderr);
		return FT_EXIT_BADINPUT;
	}
	/* else the pid file would replace the recording as it starts */
	if (opts->pid_file && opts->output && strcmp(opts->pid_file, opts->output) == 0) {
		fprintf(stderr, "fragtrack: -o and --pid-file name the same file\n");
		return FT_EXIT_BADINPUT;
	}
	/* refused before anything is created, as plot does: a file name with
	 * a newline or an escape is a mistake or a trap, never a wish */
	if (opts->output && !ft_gp_path_ok(opts->output)) {
		fprintf(stderr, "fragtrack: the output path contains control characters\n");
		return FT_EXIT_BADINPUT;
	}
	return 0;
}
