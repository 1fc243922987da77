// SPDX-License-Identifier: GPL-2.0
#include "plot/aggregate.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

#define SC_EMPTY 0xff
/* columns start 2^-16 s (15 us) wide: finer than any pixel */
#define SC_SHIFT0 (-16)

static const struct ft_bins_ops counters;

void ft_agg_init(struct ft_agg *a, double bin)
{
	memset(a, 0, sizeof(*a));
	ft_stats_init(&a->stats);
	a->binned = bin > 0;
	a->grid.base = bin;
	ft_bins_init(&a->grid.bins, &counters);
	a->sc.shift = SC_SHIFT0;
	ft_zones_init(&a->zones, a->binned, bin);
}

void ft_agg_free(struct ft_agg *a)
{
	ft_zones_free(&a->zones);
	ft_maps_free(&a->maps);
	ft_bins_free(&a->grid.bins);
	free(a->sc.slots);
	a->sc.slots = NULL;
}

/* ---- the time grid ---- */

static void counters_clear(void *bins, long long n)
{
	memset(bins, 0, n * FT_CELL_STRIDE * sizeof(unsigned));
}

static void counters_merge(void *dst, const void *src)
{
	unsigned *d = dst;
	const unsigned *s = src;

	for (int c = 0; c < FT_CELL_STRIDE; c++)
		d[c] += s[c];
}

static const struct ft_bins_ops counters = {
	.size = FT_CELL_STRIDE * sizeof(unsigned),
	.clear = counters_clear,
	.merge = counters_merge,
};

double ft_grid_width(const struct ft_grid *g)
{
	return ldexp(g->base, g->shift);
}

static void grid_coarsen(struct ft_grid *g)
{
	ft_bins_halve(&g->bins);
	g->shift++;
}

/*
 * The bin width for a time axis of span seconds, from width (a grid's,
 * base * 2^shift): doubled until the span has fewer than FT_GRID_CAP bins.
 * Each grid bounds the bins of its own events or samples, not the gap
 * between them: events at 1000 s and samples at 0 s with 1 us bins would
 * otherwise make a billion bins.
 */
double ft_grid_width_for(double width, double span)
{
	while (span / width >= FT_GRID_CAP)
		width *= 2;
	return width;
}

void ft_grid_coarsen_to(struct ft_grid *g, double width)
{
	while (ft_grid_width(g) < width * (1 - 1e-9))
		grid_coarsen(g);
}

/* The counters of the bin that holds t, coarsening past FT_GRID_CAP bins;
 * NULL on ENOMEM. */
static unsigned *grid_cell(struct ft_grid *g, double t)
{
	long long k = (long long)floor(t / ft_grid_width(g));

	while (ft_bins_span_with(&g->bins, k) > FT_GRID_CAP) {
		grid_coarsen(g);
		k >>= 1;
	}
	return ft_bins_reserve(&g->bins, k);
}

unsigned ft_grid_at(const struct ft_grid *g, long long k, int c)
{
	const unsigned *cell = ft_bins_at(&g->bins, k);

	return cell ? cell[c] : 0;
}

/* ---- the scatter ---- */

static unsigned long sc_hash(long long col, int y, int order, int cls)
{
	uint64_t h = (uint64_t)col * 0x9e3779b97f4a7c15ULL;

	h ^= ((uint64_t)(unsigned)y << 16 | (uint64_t)order << 8 | (uint64_t)cls) *
	     0xc2b2ae3d27d4eb4fULL;
	h ^= h >> 29;
	return (unsigned long)h;
}

static void sc_put(struct ft_sentry *slots, unsigned long nslots, unsigned long *used,
		   const struct ft_sentry *e)
{
	unsigned long mask = nslots - 1;
	unsigned long i = sc_hash(e->col, e->y, e->order, e->cls) & mask;

	for (;; i = (i + 1) & mask) {
		struct ft_sentry *s = &slots[i];

		if (s->cls == SC_EMPTY) {
			*s = *e;
			(*used)++;
			return;
		}
		if (s->col == e->col && s->y == e->y && s->order == e->order && s->cls == e->cls) {
			s->count += e->count;
			return;
		}
	}
}

/* Rebuilds the table with nslots slots, halving the columns times
 * coarsen times: false on ENOMEM. */
static bool sc_rebuild(struct ft_scatter *sc, unsigned long nslots, int coarsen)
{
	struct ft_sentry *slots = malloc(nslots * sizeof(*slots));
	unsigned long used = 0;

	if (!slots)
		return false;
	for (unsigned long i = 0; i < nslots; i++)
		slots[i].cls = SC_EMPTY;
	for (unsigned long i = 0; i < sc->nslots; i++) {
		struct ft_sentry e = sc->slots[i];

		if (e.cls == SC_EMPTY)
			continue;
		e.col >>= coarsen;
		sc_put(slots, nslots, &used, &e);
	}
	free(sc->slots);
	sc->slots = slots;
	sc->nslots = nslots;
	sc->used = used;
	sc->shift += coarsen;
	sc->colmin >>= coarsen;
	sc->colmax >>= coarsen;
	return true;
}

static bool sc_add(struct ft_scatter *sc, double t, int cls, int order, int y)
{
	struct ft_sentry e = { .y = (short)y, .order = (unsigned char)order,
			       .cls = (unsigned char)cls, .count = 1 };
	int coarsen = 0;

	e.col = (long long)floor(ldexp(t, -sc->shift));
	if (!sc->used) {
		sc->colmin = sc->colmax = e.col;
	} else {
		long long lo = e.col < sc->colmin ? e.col : sc->colmin;
		long long hi = e.col > sc->colmax ? e.col : sc->colmax;

		while ((hi >> coarsen) - (lo >> coarsen) + 1 > FT_SCATTER_COLS)
			coarsen++;
		sc->colmin = lo;
		sc->colmax = hi;
	}
	if (coarsen || (sc->used + 1) * 2 > sc->nslots) {
		unsigned long n = sc->nslots ? sc->nslots : 1024;

		if ((sc->used + 1) * 2 > n)
			n *= 2;
		if (!sc_rebuild(sc, n, coarsen))
			return false;
		e.col >>= coarsen;
	}
	sc_put(sc->slots, sc->nslots, &sc->used, &e);
	return true;
}

/* ---- records ---- */

static bool add_compaction(struct ft_agg *a, const struct ft_record *r, unsigned *cell)
{
	int order = r->order - FT_ORDER_MIN;
	int fi = r->fragmentation_index;
	int cls;

	if (r->kind == FT_KIND_COMPACTION_FAILURE) {
		cell[FT_CELL_FAILURE]++;
		a->fail_orders[order] = true;
		cls = FT_SC_FAILURE;
		fi = 0;
	} else {
		cell[FT_CELL_SUCCESS]++;
		if (fi == FT_NONE) {
			cls = FT_SC_SUCCESS_NULL;
			fi = 0;
		} else if (fi < 0) {
			cls = FT_SC_SUCCESS_NEG;
			fi = 0;
		} else if (fi > 1000) {
			/* the seed draws up to 1000 too */
			a->off_scale++;
			return true;
		} else {
			cls = FT_SC_SUCCESS;
		}
	}
	a->sclass[cls]++;
	return sc_add(&a->sc, r->timestamp, cls, order, fi);
}

bool ft_agg_add(struct ft_agg *a, const struct ft_record *r)
{
	unsigned *cell;
	int p;

	ft_stats_add(&a->stats, r);
	if (a->stats.total == 1 || r->timestamp < a->tmin)
		a->tmin = r->timestamp;
	if (a->stats.total == 1 || r->timestamp > a->tmax)
		a->tmax = r->timestamp;
	if (!a->binned)
		return true;
	cell = grid_cell(&a->grid, r->timestamp);
	if (!cell)
		return false;
	if (r->kind != FT_KIND_EXTFRAG)
		return add_compaction(a, r, cell);
	cell[r->is_steal ? FT_CELL_STEAL : FT_CELL_CLAIM]++;
	p = ft_stats_pattern(&a->stats, r->migrate_from, r->migrate_to);
	if (p >= 0)
		cell[FT_CELL_PATTERN0 + p]++;
	return true;
}

bool ft_agg_span(const struct ft_agg *a, double *tmin, double *tmax)
{
	const struct ft_zones *zs = &a->zones;

	if (!a->stats.total && !zs->nsamples)
		return false;
	*tmin = !a->stats.total || (zs->nsamples && zs->tmin < a->tmin) ? zs->tmin : a->tmin;
	*tmax = !a->stats.total || (zs->nsamples && zs->tmax > a->tmax) ? zs->tmax : a->tmax;
	return true;
}

static int load_event(const struct ft_record *r, void *arg)
{
	struct ft_agg *a = arg;

	if (ft_agg_add(a, r))
		return 0;
	a->nomem = true;
	return 1;
}

static int load_sample(const struct ft_sample *s, void *arg)
{
	struct ft_agg *a = arg;

	if (ft_zones_add(&a->zones, s))
		return 0;
	a->nomem = true;
	return 1;
}

void ft_agg_restart(enum ft_restart what, void *arg)
{
	struct ft_agg *a = arg;

	if (what == FT_RESTART_SAMPLES) {
		ft_zones_free(&a->zones);
		ft_zones_init(&a->zones, a->binned, a->grid.base);
		ft_maps_free(&a->maps); /* maps travel in "samples" too */
		ft_maps_init(&a->maps);
		return;
	}
	/* everything the events made: ft_agg_init() but the samples */
	ft_bins_free(&a->grid.bins);
	free(a->sc.slots);
	ft_stats_init(&a->stats);
	a->tmin = a->tmax = 0;
	a->grid = (struct ft_grid){ .base = a->grid.base };
	ft_bins_init(&a->grid.bins, &counters);
	a->sc = (struct ft_scatter){ .shift = SC_SHIFT0 };
	memset(a->sclass, 0, sizeof(a->sclass));
	a->off_scale = 0;
	memset(a->fail_orders, 0, sizeof(a->fail_orders));
}

static int load_map(const struct ft_map_record *r, void *arg)
{
	struct ft_agg *a = arg;

	if (!ft_maps_add(&a->maps, r))
		return 0;
	a->nomem = true;
	return 1;
}

int ft_agg_load(struct ft_agg *a, const char *path)
{
	struct ft_reader_ops ops = { .event = load_event, .sample = load_sample,
				     .restart = ft_agg_restart, .map = load_map, .arg = a };
	int ret;

	a->path = path;
	ret = ft_read_file(path, &ops, &a->info);
	if (!a->nomem && ft_maps_finish(&a->maps))
		a->nomem = true;
	if (a->nomem) {
		fputs("fragtrack: ", stderr);
		ft_term_put(stderr, path, 0);
		fputs(": out of memory\n", stderr);
		return -ENOMEM;
	}
	if (ret) {
		fputs("fragtrack: ", stderr);
		ft_term_put(stderr, a->info.error, 0);
		fputc('\n', stderr);
	}
	return ret;
}

/* ---- pixels ---- */

struct pix {
	int px, py;
	unsigned char order, cls;
	unsigned count;
};

static int pix_cmp(const void *a, const void *b)
{
	const struct pix *p = a, *q = b;

	if (p->cls != q->cls)
		return p->cls - q->cls;
	if (p->order != q->order)
		return q->order - p->order; /* big dots first, small ones on top */
	if (p->px != q->px)
		return p->px - q->px;
	return p->py - q->py;
}

static int to_pixel(double v, double lo, double hi, int n)
{
	double f = (v - lo) / (hi - lo) * n;

	if (!(f >= 0)) /* also NaN */
		return 0;
	return f >= n ? n - 1 : (int)f;
}

long ft_agg_points(const struct ft_agg *a, const struct ft_pixmap *pm, ft_ymap ymap,
		   void *arg, struct ft_point **out)
{
	const struct ft_scatter *sc = &a->sc;
	struct pix *px = malloc((sc->used ? sc->used : 1) * sizeof(*px));
	struct ft_point *pts;
	double colw = ldexp(1, sc->shift);
	long n = 0, m = 0;

	*out = NULL;
	if (!px)
		return -1;
	for (unsigned long i = 0; i < sc->nslots; i++) {
		const struct ft_sentry *e = &sc->slots[i];
		double y;

		if (e->cls == SC_EMPTY)
			continue;
		y = ymap(e->cls, e->order + FT_ORDER_MIN, e->y, arg);
		px[n].px = to_pixel((e->col + 0.5) * colw, pm->xmin, pm->xmax, pm->width);
		px[n].py = to_pixel(y, pm->ymin, pm->ymax, pm->height);
		px[n].order = e->order;
		px[n].cls = e->cls;
		px[n].count = e->count;
		n++;
	}
	qsort(px, n, sizeof(*px), pix_cmp);
	pts = malloc((n ? n : 1) * sizeof(*pts));
	if (!pts) {
		free(px);
		return -1;
	}
	for (long i = 0; i < n; i++) {
		if (m && pix_cmp(&px[i], &px[i - 1]) == 0) {
			pts[m - 1].count += px[i].count;
			continue;
		}
		pts[m].x = pm->xmin + (px[i].px + 0.5) * (pm->xmax - pm->xmin) / pm->width;
		pts[m].y = pm->ymin + (px[i].py + 0.5) * (pm->ymax - pm->ymin) / pm->height;
		pts[m].order = px[i].order;
		pts[m].cls = px[i].cls;
		pts[m].count = px[i].count;
		m++;
	}
	free(px);
	*out = pts;
	return m;
}
