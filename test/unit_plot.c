// SPDX-License-Identifier: GPL-2.0
/*
 * What plot builds on: quoting for gnuplot, the time grid (exact counts
 * however often it coarsens), and the scatter reduction (one point per
 * pixel, size and colour, no event lost).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "gpwrite.h"
#include "tap.h"

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

	for (long long k = g->lo; k < g->lo + g->n; k++)
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
	ok(ft_grid_width(&a.grid) == 0.5 && a.grid.n <= FT_GRID_CAP, "1000 s at 0.5 s: 2000 bins");
	ok(ft_grid_at(&a.grid, 7, FT_CELL_STEAL) + ft_grid_at(&a.grid, 7, FT_CELL_CLAIM) +
	   ft_grid_at(&a.grid, 7, FT_CELL_FAILURE) == bin7, "bin 7 holds [3.5 s, 4 s)");
	/* a late event 10x further: the bins double until they fit */
	{
		struct ft_record r = rec(FT_KIND_EXTFRAG, 9999.9, 0, FT_NONE);

		ft_agg_add(&a, &r);
	}
	ok(a.grid.n <= FT_GRID_CAP && ft_grid_width(&a.grid) == 4 && grid_total(&a.grid) == 20001,
	   "coarsened to %g s bins, %lld of them, counts kept", ft_grid_width(&a.grid), a.grid.n);
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

int main(void)
{
	test_quoting();
	test_grid();
	test_scatter();
	return tap_done();
}
