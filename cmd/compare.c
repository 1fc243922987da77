// SPDX-License-Identifier: GPL-2.0
/*
 * fragtrack compare DIR: what the control host makes of a results folder
 * of many hosts' HOST_fragmentation_data.json files, in one command: a
 * dashboard per host (DIR/dashboards/HOST/), each baseline HOST against
 * HOST-dev (DIR/comparisons/HOST_vs_HOST-dev/), and a summary table of all
 * hosts (DIR/summary.md, DIR/summary.html).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "plot/aggregate.h"
#include "plot/dashboard.h"
#include "plot/gnuplot.h"
#include "util/outfile.h"
#include "util/text.h"

#define SUFFIX "_fragmentation_data.json"
#define MAX_HOSTS 1024

struct host {
	char name[256];
	struct ft_metrics m;
	bool loaded;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fragtrack compare DIR [--dev-suffix S]\n"
		"\n"
		"From DIR's HOST_fragmentation_data.json files (kdevops' collected\n"
		"recordings): DIR/dashboards/HOST/dashboard.png for each host,\n"
		"DIR/comparisons/HOST_vs_HOST-dev/comparison.png for each baseline with a\n"
		"development twin, and DIR/summary.md and DIR/summary.html, a table of\n"
		"every host's statistics.\n"
		"\n"
		"      --dev-suffix S  what names a development host (default -dev)\n");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct host *)a)->name, ((const struct host *)b)->name);
}

/* HOST of a regular file HOST_fragmentation_data.json (no links); a host
 * name must be usable as a folder name and in a gnuplot script. */
static bool host_of(DIR *dir, const char *file, char *host, size_t len)
{
	size_t n = strlen(file), s = strlen(SUFFIX);
	struct stat st;

	if (n <= s || strcmp(file + n - s, SUFFIX) || n - s >= len)
		return false;
	if (fstatat(dirfd(dir), file, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
		return false;
	snprintf(host, len, "%.*s", (int)(n - s), file);
	return strcmp(host, ".") && strcmp(host, "..") && ft_gp_path_ok(host);
}

static int find_hosts(const char *dirpath, struct host *hosts)
{
	DIR *dir = opendir(dirpath);
	struct dirent *d;
	int n = 0;

	if (!dir)
		return -errno;
	while ((d = readdir(dir)) && n < MAX_HOSTS)
		if (host_of(dir, d->d_name, hosts[n].name, sizeof(hosts[n].name)))
			n++;
	closedir(dir);
	qsort(hosts, n, sizeof(*hosts), by_name);
	return n;
}

static int load_metrics(const char *dir, struct host *h)
{
	struct ft_agg *a = calloc(1, sizeof(*a));
	char path[4096];
	int ret;

	if (!a)
		return -ENOMEM;
	if (snprintf(path, sizeof(path), "%s/%s" SUFFIX, dir, h->name) >= (int)sizeof(path)) {
		free(a);
		return -ENAMETOOLONG;
	}
	ft_agg_init(a, 0);
	ret = ft_agg_load(a, path);
	if (!ret) {
		ft_stats_metrics(&a->stats, &h->m);
		h->loaded = true;
	}
	ft_agg_free(a);
	free(a);
	return ret;
}

static int plot_one(const char *dir, const char *out, const char *a, const char *b,
		    const char *la, const char *lb)
{
	char pa[4096], pb[4096], po[4096];
	struct ft_plot_opts o = { .out = po, .bin = 0.5, .labels = { la, lb } };

	if (snprintf(pa, sizeof(pa), "%s/%s" SUFFIX, dir, a) >= (int)sizeof(pa) ||
	    snprintf(po, sizeof(po), "%s/%s", dir, out) >= (int)sizeof(po) ||
	    (b && snprintf(pb, sizeof(pb), "%s/%s" SUFFIX, dir, b) >= (int)sizeof(pb)))
		return -ENAMETOOLONG;
	o.paths[0] = pa;
	if (b)
		o.paths[1] = pb;
	return ft_plot(&o);
}

/* A host name in a Markdown cell: no pipe, markup or HTML. */
static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (strchr("\\|*_", *s))
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

static void html_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* A path segment in an href: everything but unreserved characters %XX */
static void url_part(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			fputc(*p, f);
		else
			fprintf(f, "%%%02X", *p);
	}
}

static bool has_dev(const struct host *hosts, int n, const char *base, const char *suffix)
{
	char dev[512];

	if (snprintf(dev, sizeof(dev), "%s%s", base, suffix) >= (int)sizeof(dev))
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(hosts[i].name, dev) == 0)
			return true;
	return false;
}

static const char *const columns[] = { "Host", "Events", "Extfrag", "Steal", "Claim",
	"Bad migrations", "Good migrations", "Compaction success", "Compaction failure",
	"Success rate %" };
#define NCOLUMNS (sizeof(columns) / sizeof(*columns))

static void figures(const struct ft_metrics *m, char cells[NCOLUMNS - 1][32])
{
	const unsigned long v[] = { m->total, m->extfrag, m->steal, m->claim, m->bad_migrations,
				    m->good_migrations, m->compaction_success,
				    m->compaction_failure };

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		snprintf(cells[i], sizeof(cells[i]), "%lu", v[i]);
	snprintf(cells[NCOLUMNS - 2], sizeof(cells[0]), "%.1f", m->compact_success_rate);
}

static void write_md(FILE *f, const char *dir, const struct host *h, int n, const char *sfx)
{
	char cells[NCOLUMNS - 1][32];

	fprintf(f, "# Fragmentation summary\n\n%d hosts, from ", n);
	ft_term_put(f, dir, 0);
	fprintf(f, ".\nDashboards: dashboards/HOST/dashboard.png; baseline against development\n"
		   "host: comparisons/HOST_vs_HOST%s/comparison.png.\n\n|", sfx);
	for (size_t c = 0; c < NCOLUMNS; c++)
		fprintf(f, " %s |", columns[c]);
	fputs("\n|---|", f);
	for (size_t c = 1; c < NCOLUMNS; c++)
		fputs("---:|", f);
	fputc('\n', f);
	for (int i = 0; i < n; i++) {
		if (!h[i].loaded)
			continue;
		figures(&h[i].m, cells);
		fputs("| ", f);
		md_cell(f, h[i].name);
		for (size_t c = 0; c < NCOLUMNS - 1; c++)
			fprintf(f, " | %s", cells[c]);
		fputs(" |\n", f);
	}
	for (int i = 0, first = 1; i < n; i++) {
		if (!has_dev(h, n, h[i].name, sfx))
			continue;
		fputs(first ? "\nCompared pairs:\n- " : "- ", f);
		first = 0;
		md_cell(f, h[i].name);
		fputs(" vs ", f);
		md_cell(f, h[i].name);
		md_cell(f, sfx);
		fputc('\n', f);
	}
}

static void write_html(FILE *f, const char *dir, const struct host *h, int n, const char *sfx)
{
	char cells[NCOLUMNS - 1][32];
	int pairs = 0;

	fputs("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
	      "<title>Fragmentation summary</title>\n<style>\n"
	      "table { border-collapse: collapse; font-family: sans-serif; }\n"
	      "th, td { border: 1px solid #999; padding: 0.2em 0.6em; }\n"
	      "td.n { text-align: right; }\n</style>\n</head>\n<body>\n"
	      "<h1>Fragmentation summary</h1>\n", f);
	fprintf(f, "<p>%d hosts, from ", n);
	html_text(f, dir);
	fputs(".</p>\n<table>\n<tr>", f);
	for (size_t c = 0; c < NCOLUMNS; c++)
		fprintf(f, "<th>%s</th>", columns[c]);
	fputs("</tr>\n", f);
	for (int i = 0; i < n; i++) {
		if (!h[i].loaded)
			continue;
		figures(&h[i].m, cells);
		fputs("<tr><td><a href=\"dashboards/", f);
		url_part(f, h[i].name);
		fputs("/dashboard.png\">", f);
		html_text(f, h[i].name);
		fputs("</a></td>", f);
		for (size_t c = 0; c < NCOLUMNS - 1; c++)
			fprintf(f, "<td class=\"n\">%s</td>", cells[c]);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	for (int i = 0; i < n; i++) {
		if (!has_dev(h, n, h[i].name, sfx))
			continue;
		if (!pairs++)
			fputs("<h2>Baseline against development host</h2>\n<ul>\n", f);
		fputs("<li><a href=\"comparisons/", f);
		url_part(f, h[i].name);
		fputs("_vs_", f);
		url_part(f, h[i].name);
		url_part(f, sfx);
		fputs("/comparison.png\">", f);
		html_text(f, h[i].name);
		fputs(" vs ", f);
		html_text(f, h[i].name);
		html_text(f, sfx);
		fputs("</a></li>\n", f);
	}
	if (pairs)
		fputs("</ul>\n", f);
	fputs("</body>\n</html>\n", f);
}

/* DIR/NAME written as record writes its files (no links; temp, rename). */
static int write_summary(const char *dir, const char *name,
			 void (*writer)(FILE *, const char *, const struct host *, int, const char *),
			 const struct host *h, int n, const char *sfx)
{
	struct ft_outfile of = { 0 };
	char path[4096], err[1024];
	int fd, ret = 0;
	FILE *f;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = ft_outfile_open(&of, path, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "fragtrack: %s\n", err);
		return fd;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		ft_outfile_remove(&of);
		return -errno;
	}
	writer(f, dir, h, n, sfx);
	if (fclose(f) == EOF)
		ret = -errno;
	if (!ret && ft_outfile_commit(&of, err, sizeof(err))) {
		fprintf(stderr, "fragtrack: %s\n", err);
		ret = -EIO;
	}
	if (ret)
		ft_outfile_remove(&of);
	else
		printf("Summary saved: %s\n", path);
	return ret;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dev-suffix", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static struct host hosts[MAX_HOSTS];
	const char *sfx = "-dev", *dir;
	char shown[512];
	int c, n, failed = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 's' && optarg[0] && !strchr(optarg, '/') && ft_gp_path_ok(optarg)) {
			sfx = optarg;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return FT_EXIT_BADINPUT;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return FT_EXIT_BADINPUT;
	}
	dir = argv[optind];
	ft_term_escape(dir, shown, sizeof(shown));
	if (!ft_gp_path_ok(dir)) {
		fprintf(stderr, "fragtrack: the folder's path contains control characters\n");
		return FT_EXIT_BADINPUT;
	}
	n = find_hosts(dir, hosts);
	if (n <= 0) {
		fprintf(stderr, "fragtrack: compare: %s%s\n", shown,
			n < 0 ? ": cannot read the folder" : ": no HOST" SUFFIX " in it");
		return FT_EXIT_BADINPUT;
	}
	for (int i = 0; i < n; i++) {
		char out[1200], dev[600];

		if (load_metrics(dir, &hosts[i])) {
			failed = 1; /* ft_agg_load said why */
			continue;
		}
		if (snprintf(out, sizeof(out), "dashboards/%s", hosts[i].name) < (int)sizeof(out))
			failed |= plot_one(dir, out, hosts[i].name, NULL, NULL, NULL) != 0;
		if (!has_dev(hosts, n, hosts[i].name, sfx) ||
		    snprintf(dev, sizeof(dev), "%s%s", hosts[i].name, sfx) >= (int)sizeof(dev) ||
		    snprintf(out, sizeof(out), "comparisons/%s_vs_%s", hosts[i].name, dev) >=
			    (int)sizeof(out))
			continue;
		failed |= plot_one(dir, out, hosts[i].name, dev, hosts[i].name, dev) != 0;
	}
	failed |= write_summary(dir, "summary.md", write_md, hosts, n, sfx) != 0;
	failed |= write_summary(dir, "summary.html", write_html, hosts, n, sfx) != 0;
	return failed;
}
