// SPDX-License-Identifier: GPL-2.0
/*
 * fragtrack report: the seed visualizer's statistics table for one
 * recording, as text or as one JSON object (ft_gen_metrics: the keys the
 * comparison tooling reads).
 */
#include "report.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "jsonr.h"
#include "jsonw.h"
#include "stats.h"

struct report {
	struct ft_stats stats;
	double tmin, tmax;
};

static int add_event(const struct ft_record *r, void *arg)
{
	struct report *rep = arg;

	ft_stats_add(&rep->stats, r);
	if (rep->stats.total == 1 || r->timestamp < rep->tmin)
		rep->tmin = r->timestamp;
	if (rep->stats.total == 1 || r->timestamp > rep->tmax)
		rep->tmax = r->timestamp;
	return 0;
}

static int print_json(const struct ft_metrics *m)
{
	yajl_gen g = yajl_gen_alloc(NULL);
	const unsigned char *buf;
	size_t len;

	if (!g) {
		fprintf(stderr, "fragtrack: out of memory\n");
		return 1;
	}
	ft_gen_metrics(g, m);
	yajl_gen_get_buf(g, &buf, &len);
	fwrite(buf, 1, len, stdout);
	putchar('\n');
	yajl_gen_free(g);
	return 0;
}

/* The heatmap's row order: worst first, then by count (as the seed). */
static int by_severity(const void *a, const void *b)
{
	const struct ft_pattern *pa = *(const struct ft_pattern *const *)a;
	const struct ft_pattern *pb = *(const struct ft_pattern *const *)b;

	if (pa->severity2 != pb->severity2)
		return pa->severity2 < pb->severity2 ? -1 : 1;
	if (pa->count != pb->count)
		return pa->count > pb->count ? -1 : 1;
	return pa < pb ? -1 : pa > pb;
}

/* Names come from the file: keep terminal control bytes out. */
static void put_clean(const char *s, int width)
{
	int n = 0;

	for (; *s; s++, n++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s);
	for (; n < width; n++)
		putchar(' ');
}

static void print_patterns(const struct ft_stats *s)
{
	const struct ft_pattern *sorted[FT_MAX_PATTERNS];

	if (!s->npatterns)
		return;
	for (int i = 0; i < s->npatterns; i++)
		sorted[i] = &s->patterns[i];
	qsort(sorted, s->npatterns, sizeof(*sorted), by_severity);
	printf("\nMigration patterns (!! very bad, ! bad, = neutral, + good):\n");
	printf("     %-30s %8s %8s %8s\n", "Pattern", "Count", "Steal", "Claim");
	for (int i = 0; i < s->npatterns; i++) {
		const struct ft_pattern *p = sorted[i];
		char name[2 * FT_MT_NAME_LEN + 3];

		snprintf(name, sizeof(name), "%s->%s", p->from, p->to);
		printf(" %-3s ", ft_severity_marker(p->severity2));
		put_clean(name, 30);
		printf(" %8lu %8lu %8lu\n", p->count, p->steal, p->claim);
	}
	if (s->pattern_overflow)
		printf("     (%lu events in patterns past the first %d)\n", s->pattern_overflow,
		       FT_MAX_PATTERNS);
}

static void print_orders(const struct ft_stats *s)
{
	bool any = false;

	for (int i = 0; i < FT_ORDER_SLOTS; i++) {
		unsigned long ok = s->success_by_order[i], fail = s->failure_by_order[i];

		if (!ok && !fail)
			continue;
		if (!any)
			printf("\nCompaction by order:\n %5s %10s %10s %9s\n", "Order", "Success",
			       "Failure", "Success%");
		any = true;
		printf(" %5d %10lu %10lu %8.1f%%\n", i + FT_ORDER_MIN, ok, fail,
		       100.0 * ok / (ok + fail));
	}
}

static void print_text(const char *path, const struct report *rep,
		       const struct ft_read_info *info)
{
	const struct ft_metrics *m;
	struct ft_metrics mm;

	ft_stats_metrics(&rep->stats, &mm);
	m = &mm;
	printf("Recording: ");
	put_clean(path, 0);
	printf("%s\n", info->truncated ? " (truncated)" : "");
	if (info->meta.kernel_version[0]) {
		printf("Kernel:    ");
		put_clean(info->meta.kernel_version, 0);
		putchar('\n');
	}
	if (m->total)
		printf("Events:    %lu from %.3f s to %.3f s\n", m->total, rep->tmin, rep->tmax);
	printf("\n%-28s %10s\n", "Metric", "Value");
	printf("%-28s %10lu\n", "Total Events", m->total);
	printf("%-28s %9.1f%%\n", "Compaction Success Rate", m->compact_success_rate);
	printf("%-28s %10lu\n", "  Compaction Success", m->compaction_success);
	printf("%-28s %10lu\n", "  Compaction Failure", m->compaction_failure);
	printf("%-28s %10lu\n", "ExtFrag Events", m->extfrag);
	printf("%-28s %10lu\n", "Bad Migrations", m->bad_migrations);
	printf("%-28s %10lu\n", "Good Migrations", m->good_migrations);
	printf("%-28s %10lu\n", "Steal Events", m->steal);
	printf("%-28s %10lu\n", "Claim Events", m->claim);
	print_patterns(&rep->stats);
	print_orders(&rep->stats);
	if (info->others)
		printf("\n(%lu records of other types skipped)\n", info->others);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fragtrack report FILE [--json]\n"
		"\n"
		"The statistics of a recording (the seed tracer's JSON document, or\n"
		"fragtrack's JSON lines; - reads standard input).\n"
		"\n"
		"  --json      one JSON object: total, compact_success_rate (percent,\n"
		"              one decimal), compaction_success, compaction_failure,\n"
		"              extfrag, bad_migrations, good_migrations, steal, claim\n"
		"  -h, --help  this help\n");
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct ft_reader_ops ops = { .event = add_event };
	struct ft_read_info info;
	struct report *rep;
	bool json = false;
	int c, ret;

	optind = 1;
	opterr = 0; /* one line of our own instead */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'j') {
			json = true;
		} else if (c == 'h') {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "fragtrack: report: unknown option %s (see fragtrack report "
				"--help)\n", argv[optind - 1]);
			return FT_EXIT_BADINPUT;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "fragtrack: report takes one FILE (see fragtrack report --help)\n");
		return FT_EXIT_BADINPUT;
	}
	rep = calloc(1, sizeof(*rep));
	if (!rep) {
		fprintf(stderr, "fragtrack: out of memory\n");
		return 1;
	}
	ft_stats_init(&rep->stats);
	ops.arg = rep;
	ret = ft_read_file(argv[optind], &ops, &info);
	if (ret) {
		fprintf(stderr, "fragtrack: %s\n", info.error);
	} else if (json) {
		struct ft_metrics m;

		ft_stats_metrics(&rep->stats, &m);
		ret = print_json(&m);
	} else {
		print_text(argv[optind], rep, &info);
	}
	free(rep);
	return ret;
}
