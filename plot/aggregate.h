/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the dashboards draw, aggregated in one pass over a recording in
 * memory that does not grow with the number of events:
 *
 *  - a time grid of bins (the --bin width, doubled while the run would need
 *    more than FT_GRID_CAP bins) aligned to multiples of the width from
 *    t = 0, counting steal/claim/success/failure and each migrate pattern:
 *    the extfrag timeline and the heatmap columns are sums of whole bins,
 *    so their counts are exact;
 *  - the compaction scatter as distinct (time column, index, order, kind)
 *    with a count.  Columns are a power of two of seconds wide, doubled
 *    while the run would span more than FT_SCATTER_COLS of them, so a run
 *    spans at least FT_SCATTER_COLS / 2: taking a column's centre for its
 *    events moves them by at most 1/16384 of the run, a tenth of a pixel
 *    on a plot 1600 pixels wide.  ft_agg_points() then keeps one point per
 *    distinct pixel, size and colour, with its count: no event is dropped
 *    or sampled away;
 *  - the fragmentation samples per zone (zones.h), on bins of the same
 *    base width as the time grid.
 */
#ifndef FRAGTRACK_AGGREGATE_H
#define FRAGTRACK_AGGREGATE_H

#include <stdbool.h>

#include "json/reader.h"
#include "model/stats.h"
#include "plot/grid.h"
#include "plot/pagemaps.h"
#include "plot/zones.h"

#define FT_SCATTER_COLS 16384

/* Counters of one time bin: these, then one per pattern of ft_stats. */
enum { FT_CELL_STEAL, FT_CELL_CLAIM, FT_CELL_SUCCESS, FT_CELL_FAILURE, FT_CELL_PATTERN0 };
#define FT_CELL_STRIDE (FT_CELL_PATTERN0 + FT_MAX_PATTERNS)

struct ft_grid {
	double base;      /* the requested bin width, seconds */
	int shift;        /* bins are base * 2^shift wide */
	struct ft_bins bins; /* FT_CELL_STRIDE counters a bin */
};

/* Scatter classes: where a compaction event goes on the y axis. */
enum ft_sclass {
	FT_SC_SUCCESS,     /* a success at its fragmentation index 0..1000 */
	FT_SC_SUCCESS_NEG, /* a success at a negative index (-1000: a free block existed) */
	FT_SC_SUCCESS_NULL,/* a success without an index */
	FT_SC_FAILURE,     /* a failure, in its order's lane */
	FT_SC_COUNT,
};

struct ft_sentry {
	long long col;
	short y;               /* the index for FT_SC_SUCCESS, else 0 */
	unsigned char order;   /* order - FT_ORDER_MIN */
	unsigned char cls;     /* enum ft_sclass; 0xff: empty slot */
	unsigned count;
};

struct ft_scatter {
	int shift;            /* columns are 2^shift seconds wide */
	long long colmin, colmax;
	struct ft_sentry *slots;
	unsigned long nslots; /* power of two */
	unsigned long used;
};

struct ft_agg {
	const char *path;
	bool binned;                   /* the grid, scatter and zone grids too */
	struct ft_stats stats;
	struct ft_read_info info;
	double tmin, tmax;             /* over all events */
	struct ft_grid grid;
	struct ft_scatter sc;
	unsigned long sclass[FT_SC_COUNT];
	unsigned long off_scale;       /* successes with an index above 1000 */
	bool fail_orders[FT_ORDER_SLOTS]; /* orders that have failures */
	struct ft_zones zones;         /* the fragmentation samples */
	struct ft_maps maps;           /* the memory map samples */
	bool nomem;
};

/* bin: the time grid's base width, seconds; 0: totals only (statistics,
 * time span, zones), nothing binned (report). */
void ft_agg_init(struct ft_agg *a, double bin);
void ft_agg_free(struct ft_agg *a);
/* Adds one record; false when out of memory. */
bool ft_agg_add(struct ft_agg *a, const struct ft_record *r);
/* Events and samples: whether there is anything, and its time span. */
bool ft_agg_span(const struct ft_agg *a, double *tmin, double *tmax);
/* Reads path into a: 0, or -EINVAL (bad input) or -ENOMEM after one
 * line on stderr. */
int ft_agg_load(struct ft_agg *a, const char *path);
/* ops->restart of the reader: forget the events, or the samples */
void ft_agg_restart(enum ft_restart what, void *arg);

/* Bin width now, seconds. */
double ft_grid_width(const struct ft_grid *g);
double ft_grid_width_for(double width, double span);
/* Doubles the width until it is at least width (same base). */
void ft_grid_coarsen_to(struct ft_grid *g, double width);
/* The counter c of the bin that holds time t (0 outside the grid). */
unsigned ft_grid_at(const struct ft_grid *g, long long k, int c);

/* Pixel geometry of the scatter panel. */
struct ft_pixmap {
	double xmin, xmax;  /* the time axis */
	int width;          /* plot area, pixels */
	double ymin, ymax;
	int height;
};

struct ft_point {
	double x, y;
	unsigned char order; /* order - FT_ORDER_MIN */
	unsigned char cls;
	unsigned count;
};

/* y of a class/order/index on the scatter: the template's lane layout
 * is computed by the caller and passed here. */
typedef double (*ft_ymap)(int cls, int order, int y, void *arg);

/*
 * One point per distinct (pixel, order, class), at the pixel's centre,
 * with the number of events that fell there.  *out is malloc'ed; the
 * count is returned, -1 when out of memory.
 */
long ft_agg_points(const struct ft_agg *a, const struct ft_pixmap *pm, ft_ymap ymap,
		   void *arg, struct ft_point **out);

#endif
