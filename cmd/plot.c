// SPDX-License-Identifier: GPL-2.0
/* fragtrack plot: options, then the dashboard (plot/dashboard.c). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "plot/dashboard.h"
#include "plot/gnuplot.h"
#include "util/text.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fragtrack plot FILE [--compare FILE2] [-o OUT] [--labels A B]\n"
		"                      [--bin SECONDS] [--format png|svg|pdf]\n"
		"       fragtrack plot --input DIR|FILE [--output OUT] [...]\n"
		"\n"
		"Draws a recording (the seed tracer's JSON or fragtrack's JSON lines) as a\n"
		"dashboard, or two of them as an A/B comparison, with gnuplot.\n"
		"\n"
		"  -o, --output OUT  a folder (default fragplot/) for dashboard.png or\n"
		"                    comparison.png, the gnuplot script that draws it and\n"
		"                    its .dat files; or the image itself (x.png, x.svg,\n"
		"                    x.pdf), the script and data then beside it (x.gp,\n"
		"                    x-*.dat).  Re-render after editing: gnuplot OUT/x.gp\n"
		"      --input D     the newest recording (*.json, *.jsonl; no snapshots, no\n"
		"                    symbolic links) in folder D, or the file D (as kdevops\n"
		"                    calls the visualizer)\n"
		"      --compare F2  draw FILE (A) against F2 (B)\n"
		"      --labels A B  names of the two recordings (default: their file names)\n"
		"      --bin S       width of the timeline bins (default 0.5 s)\n"
		"      --format F    png (default), svg or pdf\n"
		"  -h, --help        this help\n"
		"\n"
		"Templates: $FRAGTRACK_GNUPLOT_DIR, else %s.  gnuplot: $FRAGTRACK_GNUPLOT.\n",
		ft_gp_template_dir());
}

static bool parse_bin(const char *s, double *bin)
{
	char *end;

	errno = 0;
	*bin = strtod(s, &end);
	return !errno && end != s && !*end && isfinite(*bin) && *bin >= 1e-6 && *bin <= 1e7;
}

/* Before the (long) read: a format we can't write, -o x.png --format svg, or
 * an output path with control characters. */
static int check_format(const struct ft_plot_opts *p)
{
	const char *ext = ft_plot_image_ext(p->out);

	if (p->format && strcmp(p->format, "png") && strcmp(p->format, "svg") &&
	    strcmp(p->format, "pdf")) {
		fprintf(stderr, "fragtrack: --format is png, svg or pdf, not '%s'\n", p->format);
		return FT_EXIT_BADINPUT;
	}
	if (ext && p->format && strcmp(ext, p->format)) {
		fprintf(stderr, "fragtrack: -o %s does not match --format %s\n", p->out, p->format);
		return FT_EXIT_BADINPUT;
	}
	/* before anything is created: a path goes into the script verbatim
	 * (quoted), and a newline there would end its command */
	if (!ft_gp_path_ok(p->out)) {
		fprintf(stderr, "fragtrack: the output path contains control characters\n");
		return FT_EXIT_BADINPUT;
	}
	return 0;
}

static bool is_recording_name(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.' || strstr(name, ".snapshot."))
		return false;
	return (n > 5 && strcmp(name + n - 5, ".json") == 0) ||
	       (n > 6 && strcmp(name + n - 6, ".jsonl") == 0);
}

/* --input: a file as it is; in a folder, the newest regular file named
 * like a recording (ties: the name last in order), never through a link.
 * NULL after a message when there is none. */
static const char *newest_recording(const char *input)
{
	static char path[4096];
	struct timespec best = { 0 };
	char best_name[256] = "", shown[512];
	struct dirent *d;
	struct stat st;
	DIR *dir;

	ft_term_escape(input, shown, sizeof(shown));
	if (stat(input, &st) == 0 && !S_ISDIR(st.st_mode))
		return input;
	dir = opendir(input);
	if (!dir) {
		fprintf(stderr, "fragtrack: --input %s: %s\n", shown, strerror(errno));
		return NULL;
	}
	while ((d = readdir(dir))) {
		if (!is_recording_name(d->d_name) ||
		    fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
			continue;
		if (st.st_mtim.tv_sec > best.tv_sec ||
		    (st.st_mtim.tv_sec == best.tv_sec && (st.st_mtim.tv_nsec > best.tv_nsec ||
		     (st.st_mtim.tv_nsec == best.tv_nsec && strcmp(d->d_name, best_name) > 0)))) {
			best = st.st_mtim;
			snprintf(best_name, sizeof(best_name), "%s", d->d_name);
		}
	}
	closedir(dir);
	if (!best_name[0]) {
		fprintf(stderr, "fragtrack: --input %s: no recording (*.json, *.jsonl) in it\n",
			shown);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", input, best_name);
	return path;
}

static int parse_args(int argc, char **argv, struct ft_plot_opts *p)
{
	enum { OPT_COMPARE = 256, OPT_LABELS, OPT_BIN, OPT_FORMAT, OPT_INPUT };
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, OPT_INPUT },
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "output", required_argument, NULL, 'o' },
		{ "labels", required_argument, NULL, OPT_LABELS },
		{ "bin", required_argument, NULL, OPT_BIN },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *input = NULL;
	int c;

	optind = 1;
	opterr = 0; /* one line of our own instead */
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_INPUT:
			input = optarg;
			break;
		case OPT_COMPARE:
			p->paths[1] = optarg;
			break;
		case 'o':
			p->out = optarg;
			break;
		case OPT_LABELS:
			/* nargs=2, as the seed's argparse */
			if (optind >= argc) {
				fprintf(stderr, "fragtrack: --labels takes two names\n");
				return FT_EXIT_BADINPUT;
			}
			p->labels[0] = optarg;
			p->labels[1] = argv[optind++];
			break;
		case OPT_BIN:
			if (!parse_bin(optarg, &p->bin)) {
				fprintf(stderr, "fragtrack: --bin wants seconds between 1e-6 and 1e7, "
					"not '%s'\n", optarg);
				return FT_EXIT_BADINPUT;
			}
			break;
		case OPT_FORMAT:
			p->format = optarg;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			fprintf(stderr, "fragtrack: plot: unknown option, or no value for %s (see "
				"fragtrack plot --help)\n", argv[optind - 1]);
			return FT_EXIT_BADINPUT;
		}
	}
	if (argc - optind != (input ? 0 : 1)) {
		fprintf(stderr, "fragtrack: plot takes one FILE (or --input), and --compare FILE2 "
			"(see fragtrack plot --help)\n");
		return FT_EXIT_BADINPUT;
	}
	p->paths[0] = input ? newest_recording(input) : argv[optind];
	if (!p->paths[0])
		return FT_EXIT_BADINPUT;
	return check_format(p);
}

int cmd_plot(int argc, char **argv)
{
	struct ft_plot_opts o = { .out = "fragplot", .bin = 0.5 };
	int ret = parse_args(argc, argv, &o);

	if (ret)
		return ret < 0 ? 0 : ret;
	return ft_exit_status(ft_plot(&o));
}
