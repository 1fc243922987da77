// SPDX-License-Identifier: GPL-2.0
/* fragtrack plot: options, then the dashboard (plot/dashboard.c). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "plot/dashboard.h"
#include "plot/gnuplot.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fragtrack plot FILE [--compare FILE2] [-o OUT] [--labels A B]\n"
		"                      [--bin SECONDS] [--format png|svg|pdf]\n"
		"\n"
		"Draws a recording (the seed tracer's JSON or fragtrack's JSON lines) as a\n"
		"dashboard, or two of them as an A/B comparison, with gnuplot.\n"
		"\n"
		"  -o, --output OUT  a folder (default fragplot/) for dashboard.png or\n"
		"                    comparison.png, the gnuplot script that draws it and\n"
		"                    its .dat files; or the image itself (x.png, x.svg,\n"
		"                    x.pdf), the script and data then beside it (x.gp,\n"
		"                    x-*.dat).  Re-render after editing: gnuplot OUT/x.gp\n"
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

static int parse_args(int argc, char **argv, struct ft_plot_opts *p)
{
	enum { OPT_COMPARE = 256, OPT_LABELS, OPT_BIN, OPT_FORMAT };
	static const struct option longopts[] = {
		{ "compare", required_argument, NULL, OPT_COMPARE },
		{ "output", required_argument, NULL, 'o' },
		{ "labels", required_argument, NULL, OPT_LABELS },
		{ "bin", required_argument, NULL, OPT_BIN },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	optind = 1;
	opterr = 0; /* one line of our own instead */
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
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
	if (argc - optind != 1) {
		fprintf(stderr, "fragtrack: plot takes one FILE, and --compare FILE2 (see "
			"fragtrack plot --help)\n");
		return FT_EXIT_BADINPUT;
	}
	p->paths[0] = argv[optind];
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
