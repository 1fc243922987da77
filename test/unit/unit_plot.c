// SPDX-License-Identifier: GPL-2.0
/*
 * What plot builds on: quoting for gnuplot, the time grid (exact counts
 * however often it coarsens), the scatter reduction (one point per pixel,
 * size and colour, no event lost), the fragmentation samples per zone and
 * the data of their panels, and the walk that opens the output folder.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "plot/aggregate.h"
#include "plot/gnuplot.h"
#include "plot/samples.h"
#include "util/outdir.h"
#include "tap.h"
#include "plot/zones.h"

static char *capture(void (*fn)(FILE *, const char *), const char *s)
{
	static char buf[1024];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	fn(f, s);
	fclose(f);
	return buf;
}

static void test_quoting(void)
{
	is_str(capture(ft_gp_quote, "plain"), "'plain'", "plain string");
	is_str(capture(ft_gp_quote, "it's"), "'it'.sq.'s'", "a quote is spliced in");
	is_str(capture(ft_gp_quote, "'; system('touch /tmp/y'); '"),
	       "''.sq.'; system('.sq.'touch /tmp/y'.sq.'); '.sq.''",
	       "a closing-quote attack stays inside");
	is_str(capture(ft_gp_quote, "''"), "''.sq.''.sq.''", "a run of quotes");
	is_str(capture(ft_gp_quote, "\"@x\""), "'\"@x\"'", "double quotes and @ stay in the literal");
	is_str(capture(ft_gp_quote, "`touch /tmp/x`"), "'`touch /tmp/x`'",
	       "backquotes stay literal (single quotes do no substitution)");
	is_str(capture(ft_gp_quote, "a\nb\rc\td"), "'a?b?c?d'", "control characters become ?");
	is_str(capture(ft_gp_quote, "bad \xff utf8"), "'bad \xef\xbf\xbd utf8'",
	       "invalid UTF-8 becomes U+FFFD");
	is_str(capture(ft_dat_str, "a \"quoted\" \\ name\n"), "\"a 'quoted' ' name?\"",
	       "data columns: no quote, backslash or newline");
	ok(ft_gp_path_ok("/tmp/a b/'c'") && !ft_gp_path_ok("/tmp/a\nb"),
	   "paths: quotes fine, newlines refused");
}

static struct ft_record rec(enum ft_kind kind, double t, int order, int fi)
{
	struct ft_record r;

	ft_record_init(&r, kind);
	r.timestamp = t;
	r.order = order;
	r.fragmentation_index = fi;
	if (kind == FT_KIND_EXTFRAG) {
		strcpy(r.migrate_from, "MOVABLE");
		strcpy(r.migrate_to, "UNMOVABLE");
		r.is_steal = ((long)(t * 1000)) & 1;
	}
	return r;
}

static unsigned long grid_total(const struct ft_grid *g)
{
	unsigned long n = 0;

	for (long long k = g->bins.lo; k < g->bins.lo + g->bins.n; k++)
		for (int c = FT_CELL_STEAL; c <= FT_CELL_FAILURE; c++)
			n += ft_grid_at(g, k, c);
	return n;
}

static void test_grid(void)
{
	struct ft_agg a;
	unsigned long bin7 = 0;
	bool all = true;

	ft_agg_init(&a, 0.5);
	srand(1);
	/* out of order, as from per-CPU buffers */
	for (int i = 0; i < 20000; i++) {
		double t = 1000.0 * rand() / RAND_MAX;
		struct ft_record r = rec(i % 3 ? FT_KIND_EXTFRAG : FT_KIND_COMPACTION_FAILURE, t, 9,
					 FT_NONE);

		all &= ft_agg_add(&a, &r);
		bin7 += t >= 3.5 && t < 4;
	}
	ok(all && grid_total(&a.grid) == 20000, "no event lost in the grid");
	ok(ft_grid_width(&a.grid) == 0.5 && a.grid.bins.n <= FT_GRID_CAP, "1000 s at 0.5 s: 2000 bins");
	ok(ft_grid_at(&a.grid, 7, FT_CELL_STEAL) + ft_grid_at(&a.grid, 7, FT_CELL_CLAIM) +
	   ft_grid_at(&a.grid, 7, FT_CELL_FAILURE) == bin7, "bin 7 holds [3.5 s, 4 s)");
	/* a late event 10x further: the bins double until they fit */
	{
		struct ft_record r = rec(FT_KIND_EXTFRAG, 9999.9, 0, FT_NONE);

		ft_agg_add(&a, &r);
	}
	ok(a.grid.bins.n <= FT_GRID_CAP && ft_grid_width(&a.grid) == 4 && grid_total(&a.grid) == 20001,
	   "coarsened to %g s bins, %lld of them, counts kept", ft_grid_width(&a.grid), a.grid.bins.n);
	ft_grid_coarsen_to(&a.grid, 16);
	ok(ft_grid_width(&a.grid) == 16 && grid_total(&a.grid) == 20001, "coarsen_to 16 s: exact");
	ok(a.stats.total == 20001 && a.tmin >= 0 && a.tmax == 9999.9, "stats and time range");
	ft_agg_free(&a);
}

static double ylin(int cls, int order, int y, void *arg)
{
	(void)arg;
	return cls == FT_SC_SUCCESS ? y : -100.0 * (cls + 1) - order;
}

static void test_scatter(void)
{
	struct ft_pixmap pm = { .xmin = 0, .xmax = 4000, .width = 1000,
				.ymin = -600, .ymax = 1100, .height = 400 };
	struct ft_point *pts;
	struct ft_agg a;
	unsigned long total = 0, n = 200000;
	long np;
	bool distinct = true;

	ft_agg_init(&a, 0.5);
	for (unsigned long i = 0; i < n; i++) {
		double t = 4000.0 * i / n;
		int fi = i % 7 == 0 ? -1000 : i % 11 == 0 ? FT_NONE : (int)(500 + 400 * sin(t / 50));
		enum ft_kind k = i % 3 ? FT_KIND_COMPACTION_SUCCESS : FT_KIND_COMPACTION_FAILURE;
		struct ft_record r = rec(k, t, (int)(i % 4) * 3, fi);

		ft_agg_add(&a, &r);
	}
	{
		struct ft_record r = rec(FT_KIND_COMPACTION_SUCCESS, 5, 9, 1500);

		ft_agg_add(&a, &r);
	}
	ok(a.off_scale == 1, "an index above 1000 is counted, not drawn");
	np = ft_agg_points(&a, &pm, ylin, NULL, &pts);
	for (long i = 0; i < np; i++) {
		total += pts[i].count;
		if (i && pts[i].x == pts[i - 1].x && pts[i].y == pts[i - 1].y &&
		    pts[i].order == pts[i - 1].order && pts[i].cls == pts[i - 1].cls)
			distinct = false;
	}
	ok(np > 0 && total == n, "every event is in a point: %lu in %ld points", total, np);
	ok(distinct, "points are distinct by pixel, order and class");
	ok(np < 1000 * 400, "fewer points than pixels");
	ok(a.sc.colmax - a.sc.colmin < FT_SCATTER_COLS &&
	   a.sc.colmax - a.sc.colmin >= FT_SCATTER_COLS / 2,
	   "the time columns stay between %d and %d", FT_SCATTER_COLS / 2, FT_SCATTER_COLS);
	for (long i = 0; i < np; i++) {
		double px = (pts[i].x - pm.xmin) / (pm.xmax - pm.xmin) * pm.width;

		if (fabs(px - floor(px) - 0.5) > 1e-6) {
			distinct = false;
			break;
		}
	}
	ok(distinct, "points sit at pixel centres");
	free(pts);
	ft_agg_free(&a);
}

/* ---- fragmentation samples ---- */

/* 11 orders, -1000 below 9 and i9 from 9 on; Unmovable and Movable blocks,
 * 1000 in all (8 in DMA) */
static struct ft_sample zsample(double t, int node, const char *zone, int i9, long unmov,
				const char *uname)
{
	struct ft_sample s = { .timestamp = t, .node = node, .norders = 11, .ntypes = 2 };

	snprintf(s.zone, sizeof(s.zone), "%s", zone);
	for (int o = 0; o < s.norders; o++)
		s.index[o] = o >= 9 ? i9 : -1000;
	snprintf(s.type_names[0], sizeof(s.type_names[0]), "%s", uname);
	snprintf(s.type_names[1], sizeof(s.type_names[1]), "Movable");
	s.blocks[0] = unmov;
	s.blocks[1] = (strcmp(zone, "DMA") ? 1000 : 8) - unmov;
	return s;
}

static void zadd(struct ft_zones *zs, struct ft_sample s)
{
	if (!ft_zones_add(zs, &s))
		printf("# out of memory\n");
}

static void test_zones(void)
{
	struct ft_zones zs;
	const struct ft_zone *z;
	long long first, last;
	bool latest = true;

	ft_zones_init(&zs, true, 0.5);
	zadd(&zs, zsample(5.0, 0, "Normal", 100, 10, "Unmovable"));
	zadd(&zs, zsample(5.4, 0, "Normal", 200, 11, "UNMOVABLE"));
	zadd(&zs, zsample(5.2, 0, "Normal", 300, 3, "Unmovable"));  /* late, earlier */
	zadd(&zs, zsample(1.0, 0, "Normal", -1000, 4, "Unmovable")); /* the first */
	zadd(&zs, zsample(9.0, 0, "Normal", -1000, 20, "Unmovable")); /* the last */
	zadd(&zs, zsample(7.0, 0, "Normal", 990, 15, "Unmovable"));
	z = &zs.zones[0];
	ok(zs.nzones == 1 && zs.ntypes == 2 && ft_zones_type(&zs, "unmovable") == 0,
	   "one zone, migrate types matched without regard to case");
	ok(ft_zone_cell(z, 10) && ft_zone_cell(z, 10)->t == 5.4 &&
	   ft_zone_cell(z, 10)->index[9] == 200 && !ft_zone_cell(z, 11),
	   "a bin holds its latest sample, whatever the file order");
	ok(ft_zones_blocks(&zs, 0, false, &first) && ft_zones_blocks(&zs, 0, true, &last) &&
	   first == 4 && last == 20, "first and last pageblocks by time: 4 -> 20");
	ok(z->last_index[9] == -1000 && z->peak_index[9] == 990 && z->peak_t[9] == 7.0 &&
	   z->leaves_min && z->tfirst == 1.0 && z->tlast == 9.0, "final, peak (and when), span");
	/* a tie at -1000: the bigger zone; a peak: the zone that has it */
	zadd(&zs, zsample(9.0, 0, "DMA", -1000, 1, "Unmovable"));
	ok(ft_zones_worst(&zs, 9, false) == z, "final at order 9, all -1000: the biggest zone");
	zadd(&zs, zsample(9.5, 0, "DMA32", 970, 50, "Unmovable"));
	ok(ft_zones_worst(&zs, 9, true) == z && ft_zones_worst(&zs, 9, false) == &zs.zones[2],
	   "worst peak: Normal's 990; worst final: DMA32's 970");
	ft_zones_free(&zs);

	/* 10000 s of samples every second: the bins double to 4 s, each
	 * keeps the latest sample in it */
	ft_zones_init(&zs, true, 0.5);
	for (int t = 0; t < 10000; t++)
		zadd(&zs, zsample(t, 0, "Normal", t % 1000, 10, "Unmovable"));
	z = &zs.zones[0];
	for (long long k = z->bins.lo; k < z->bins.lo + z->bins.n; k++) {
		const struct ft_zcell *c = ft_zone_cell(z, k);

		latest &= c && c->t == 4.0 * k + 3 && c->index[9] == (4 * k + 3) % 1000;
	}
	ok(ft_zones_width(&zs) == 4 && z->bins.n <= FT_GRID_CAP && latest,
	   "coarsened to %g s bins (%lld): each holds its latest sample", ft_zones_width(&zs), z->bins.n);
	ft_zones_coarsen_to(&zs, 16);
	ok(ft_zones_width(&zs) == 16 && ft_zone_cell(z, 1)->t == 31, "coarsen_to 16 s: latest kept");
	ft_zones_free(&zs);

	ft_zones_init(&zs, false, 1);
	for (int i = 0; i < FT_ZONES_MAX + 8; i++) {
		char name[16];

		snprintf(name, sizeof(name), "Z%d", i);
		zadd(&zs, zsample(1, 0, name, -1000, 1, "Unmovable"));
	}
	ok(zs.nzones == FT_ZONES_MAX && zs.dropped == 8 && !zs.zones[0].bins.cells && !zs.zones[0].leaves_min,
	   "zones past %d: counted, not kept; not binned: no grid", FT_ZONES_MAX);
	ft_zones_free(&zs);
}

/* the lines of DIR/t-WHAT.dat that are not comments */
static int dat_lines(const char *dir, const char *what, char lines[][128], int max)
{
	char path[256], buf[256];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/t-%s.dat", dir, what);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (n < max && fgets(buf, sizeof(buf), f))
		if (buf[0] != '#')
			snprintf(lines[n++], 128, "%.*s", (int)strcspn(buf, "\n"), buf);
	fclose(f);
	return n;
}

static bool has_line(char lines[][128], int n, const char *want)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(lines[i], want))
			return true;
	return false;
}

static void cleanup_dir(const char *dir)
{
	static const char *const files[] = { "fragidx", "zticks", "blocks-a", "blocks-b" };
	char path[256];

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		snprintf(path, sizeof(path), "%s/t-%s.dat", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void test_zplot(void)
{
	struct ft_zones a, b;
	const struct ft_zones *sets[2] = { &a, &b };
	struct ft_zplot zp;
	struct ft_outdir od;
	char dir[] = "/tmp/unit_plot.XXXXXX", lines[400][128], table[2048];
	int n, n9 = 0;
	FILE *f;

	/* Normal: order 9 at -1000, 900 from 3 s, 950 at 6 s, -1000 from 7 s;
	 * DMA: -1000 throughout.  A sample every second from 0 to 10 s. */
	ft_zones_init(&a, true, 0.5);
	for (int t = 0; t <= 10; t++) {
		int i9 = t < 3 ? -1000 : t < 6 ? 900 : t == 6 ? 950 : -1000;

		zadd(&a, zsample(t, 0, "DMA", -1000, 1, "Unmovable"));
		zadd(&a, zsample(t, 0, "Normal", i9, 100 + (t < 6 ? t : 6), "Unmovable"));
	}
	ft_zplot_init(&zp, 1, sets, 0, 11, 0.5);
	ok(zp.ncols == 22 && zp.m == 1 && zp.nstrips == 1 && zp.strips[0].z == &a.zones[1] &&
	   !strcmp(zp.flat, "DMA"), "22 columns of 0.5 s; one strip (Normal), DMA at -1000 noted");
	ft_outdir_init(&od);
	if (!mkdtemp(dir) || ft_outdir_open(&od, dir) || ft_zplot_write_index(&zp, &od, "t") ||
	    ft_zplot_write_blocks(&zp, &od, "t") || ft_outdir_publish(&od)) {
		ok(0, "write the sample panels' data");
		ft_outdir_close(&od);
		return;
	}
	ft_outdir_close(&od);
	n = dat_lines(dir, "fragidx", lines, 400);
	for (int i = 0; i < n; i++)
		n9 += strstr(lines[i], " 9.5 ") != NULL;
	ok(n9 == 4 && has_line(lines, n, "1.5 9.5 1.5 -1000") && has_line(lines, n, "4.5 9.5 1.5 900") &&
	   has_line(lines, n, "6.5 9.5 0.5 950") && has_line(lines, n, "8.75 9.5 1.75 -1000"),
	   "order 9: 4 runs, held between samples, ending with the last sample (%d)", n9);
	ok(has_line(lines, n, "5.25 0.5 5.25 -1000"), "order 0: one run of -1000 over 0..10.5 s");
	n = dat_lines(dir, "blocks-a", lines, 400);
	ok(n == 22 && !strncmp(lines[0], "0 0 0", 5) && !strcmp(lines[12], "6 6 -6") &&
	   !strcmp(lines[21], "10.5 6 -6"), "pageblocks: gained since the first sample, last step "
	   "closed (%d rows: '%s' '%s')", n, lines[12], lines[n - 1]);

	/* B: 1 s, DMA only, lower; the table says who is better */
	ft_zones_init(&b, true, 0.5);
	zadd(&b, zsample(0, 0, "Normal", -1000, 100, "Unmovable"));
	zadd(&b, zsample(1, 0, "Normal", 500, 98, "Unmovable"));
	ft_zplot_init(&zp, 2, sets, 0, 11, 0.5);
	f = fmemopen(table, sizeof(table), "w");
	ft_zplot_table(f, 7, &zp);
	fclose(f);
	ok(strstr(table, "7 \"Final index at order 9, THP (lower is better)\" \"-1000 (Normal)\" "
		  "\"500 (Normal)\" 1\n") &&
	   strstr(table, "8 \"Peak index at order 9, THP (lower is better)\" \"950 (Normal)\" "
		  "\"500 (Normal)\" 2\n") &&
	   strstr(table, "9 \"Unmovable pageblocks gained (fewer is better)\" \"+6\" \"-2\" 2\n") &&
	   strstr(table, "10 \"Reclaimable pageblocks gained (fewer is better)\" \"n/a\" \"n/a\" -1\n"),
	   "table rows: final, peak at order 9, pageblocks gained, with verdicts");
	if (!strstr(table, "\"-1000 (Normal)\""))
		printf("# %s", table);
	ok(zp.nstrips == 2 && zp.strips[0].set == 0 && zp.strips[1].set == 1 &&
	   zp.strips[0].hi > zp.strips[1].hi, "comparison: Normal of A above Normal of B");
	ft_zones_free(&b);
	ft_zones_init(&b, true, 0.5);
	ft_zplot_init(&zp, 2, sets, 0, 11, 0.5);
	ok(zp.nstrips == 2 && !zp.strips[1].z && strstr(zp.strips[1].text, "no fragmentation samples"),
	   "B without samples: a line that says so");
	cleanup_dir(dir);
	ft_zones_free(&a);
	ft_zones_free(&b);
}

/* The folder walk: ".", "..", doubled and trailing slashes, symlinks of
 * ours (relative, chained) followed, a loop of them refused. */
static void test_dir_open(void)
{
	char top[] = "/tmp/unit_outdir.XXXXXX", path[256], link[256], got[PATH_MAX];
	char proc[64];
	struct stat a, b;
	int fd;

	if (!mkdtemp(top)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/x/./y//../y/z/", top);
	fd = ft_dir_open(path, true);
	snprintf(path, sizeof(path), "%s/x/y/z", top);
	ok(fd >= 0 && stat(path, &a) == 0 && fstat(fd, &b) == 0 && a.st_ino == b.st_ino,
	   "mkdir -p through '.', '..', '//' and a trailing '/'");
	if (fd >= 0)
		close(fd);

	snprintf(link, sizeof(link), "%s/l1", top);
	ok(symlink("x/y", link) == 0, "a relative symlink");
	snprintf(link, sizeof(link), "%s/l2", top);
	ok(symlink("l1/../y/z", link) == 0, "a chained one");
	snprintf(path, sizeof(path), "%s/l2/new", top);
	fd = ft_dir_open(path, true);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	snprintf(path, sizeof(path), "%s/x/y/z/new", top);
	ok(fd >= 0 && readlink(proc, got, sizeof(got)) == (ssize_t)strlen(path) &&
	   !strncmp(got, path, strlen(path)), "our symlinks followed, as the kernel would");
	if (fd >= 0)
		close(fd);

	snprintf(link, sizeof(link), "%s/loop", top);
	ok(symlink("loop", link) == 0, "a symlink to itself");
	snprintf(path, sizeof(path), "%s/loop/x", top);
	ok(ft_dir_open(path, true) == -ELOOP, "a loop of symlinks: -ELOOP");
	snprintf(path, sizeof(path), "%s/missing", top);
	ok(ft_dir_open(path, false) == -ENOENT, "without create, a missing folder: -ENOENT");

	snprintf(path, sizeof(path), "rm -rf '%s'", top);
	if (system(path))
		printf("# could not remove %s\n", top);
}

int main(void)
{
	test_quoting();
	test_dir_open();
	test_grid();
	test_scatter();
	test_zones();
	test_zplot();
	return tap_done();
}
