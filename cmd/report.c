// SPDX-License-Identifier: GPL-2.0
/*
 * fragtrack report: the seed visualizer's statistics table for one
 * recording, as text or as one JSON object (ft_gen_metrics: the keys the
 * comparison tooling reads, and only those).  The text adds, when the
 * recording has fragmentation samples, the index at order 9 (THP) and the
 * pageblocks gained, overall and per zone.  The figures are those the
 * dashboards aggregate (plot/aggregate.c), without the binning.
 */
#include "cmd/cmd.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "json/reader.h"
#include "json/writer.h"
#include "model/stats.h"
#include "plot/aggregate.h"
#include "util/text.h"

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
		ft_term_put(stdout, name, 30);
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

/* "-1000  (Normal)", "999  (DMA32, at 10.0 s)" */
static void print_thp(const char *what, const struct ft_zones *zs, bool peak)
{
	const struct ft_zone *z = ft_zones_worst(zs, FT_THP_ORDER, peak);
	char label[48];

	if (!z) {
		printf("%-28s %10s\n", what, "n/a");
		return;
	}
	ft_zone_label(zs, z, label, sizeof(label));
	printf("%-28s %10d  (", what, peak ? z->peak_index[FT_THP_ORDER] :
	       z->last_index[FT_THP_ORDER]);
	ft_term_put(stdout, label, 0);
	if (peak)
		printf(", at %.3f s", z->peak_t[FT_THP_ORDER]);
	printf(")\n");
}

static void print_gained(const char *what, const struct ft_zones *zs, const char *type)
{
	int t = ft_zones_type(zs, type);
	long long first, last;

	if (ft_zones_blocks(zs, t, false, &first) && ft_zones_blocks(zs, t, true, &last))
		printf("%-28s %+10lld  (%lld -> %lld)\n", what, last - first, first, last);
	else
		printf("%-28s %10s\n", what, "n/a");
}

/* "155 -> 167 (+12)" of one zone, in a column of width */
static void print_zone_blocks(const struct ft_zones *zs, const struct ft_zone *z,
			      const char *type, int width)
{
	int t = ft_zones_type(zs, type);
	char buf[64];

	if (t < 0 || !z->has_blocks)
		snprintf(buf, sizeof(buf), "n/a");
	else
		snprintf(buf, sizeof(buf), "%lld -> %lld (%+lld)", z->first_blocks[t],
			 z->last_blocks[t], z->last_blocks[t] - z->first_blocks[t]);
	printf(" %-*s", width, buf);
}

static void print_zone_index(const struct ft_zone *z, bool peak)
{
	int v = peak ? z->peak_index[FT_THP_ORDER] : z->last_index[FT_THP_ORDER];

	if (z->norders > FT_THP_ORDER && v != FT_ZINDEX_NONE)
		printf(" %9d", v);
	else
		printf(" %9s", "n/a");
}

static void print_zones(const struct ft_zones *zs)
{
	char label[48];

	printf("\nFragmentation by zone (index x1000 at order 9; pageblocks first -> last):\n");
	printf(" %-22s %8s %9s %9s %-22s %s\n", "Zone", "Samples", "Final o9", "Peak o9",
	       "Unmovable", "Reclaimable");
	for (int i = 0; i < zs->nzones; i++) {
		const struct ft_zone *z = &zs->zones[i];

		ft_zone_label(zs, z, label, sizeof(label));
		putchar(' ');
		ft_term_put(stdout, label, 22);
		printf(" %8lu", z->nsamples);
		print_zone_index(z, false);
		print_zone_index(z, true);
		print_zone_blocks(zs, z, "Unmovable", 22);
		print_zone_blocks(zs, z, "Reclaimable", 0);
		putchar('\n');
	}
	if (zs->dropped)
		printf(" (%lu samples of zones past the first %d)\n", zs->dropped, FT_ZONES_MAX);
}

/* The sample lines of the table: only when there are samples. */
static void print_samples(const struct ft_zones *zs)
{
	char span[96];

	if (!zs->nsamples)
		return;
	snprintf(span, sizeof(span), "(%d zone%s, %.3f s to %.3f s)", zs->nzones,
		 zs->nzones == 1 ? "" : "s", zs->tmin, zs->tmax);
	printf("%-28s %10lu  %s\n", "Fragmentation Samples", zs->nsamples, span);
	print_thp("Final Index at Order 9 (THP)", zs, false);
	print_thp("Peak Index at Order 9 (THP)", zs, true);
	print_gained("Unmovable Blocks Gained", zs, "Unmovable");
	print_gained("Reclaimable Blocks Gained", zs, "Reclaimable");
}

static void print_text(const char *path, const struct ft_agg *rep)
{
	const struct ft_read_info *info = &rep->info;
	const struct ft_metrics *m;
	struct ft_metrics mm;

	ft_stats_metrics(&rep->stats, &mm);
	m = &mm;
	printf("Recording: ");
	ft_term_put(stdout, path, 0);
	printf("%s\n", info->truncated ? " (truncated)" : "");
	if (info->meta.kernel_version[0]) {
		printf("Kernel:    ");
		ft_term_put(stdout, info->meta.kernel_version, 0);
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
	print_samples(&rep->zones);
	print_patterns(&rep->stats);
	print_orders(&rep->stats);
	if (rep->zones.nsamples)
		print_zones(&rep->zones);
	if (rep->maps.nscans)
		ft_maps_report(stdout, &rep->maps);
	if (info->others)
		printf("\n(%lu records of other types skipped)\n", info->others);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fragtrack report FILE [--json]\n"
		"\n"
		"The statistics of a recording (the seed tracer's JSON document, or\n"
		"fragtrack's JSON lines; - reads standard input).  When it has\n"
		"fragmentation samples, the text adds the index at order 9 (THP), final\n"
		"and peak, and the Unmovable and Reclaimable pageblocks gained, overall\n"
		"and per zone.  When it has memory maps (pageblock_map), the pageblocks\n"
		"of each class per zone at the start, at the worst scan and at the end.\n"
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
	struct ft_agg *rep;
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
	ft_agg_init(rep, 0);
	ret = ft_exit_status(ft_agg_load(rep, argv[optind]));
	if (ret) {
		/* ft_agg_load said why */
	} else if (json) {
		struct ft_metrics m;

		ft_stats_metrics(&rep->stats, &m);
		ret = print_json(&m);
	} else {
		print_text(argv[optind], rep);
	}
	ft_agg_free(rep);
	free(rep);
	return ret;
}
