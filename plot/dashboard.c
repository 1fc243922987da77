// SPDX-License-Identifier: GPL-2.0
/*
 * fragtrack plot: the seed visualizer's dashboards, drawn by gnuplot.
 *
 * Everything is aggregated here (aggregate.c); gnuplot only draws what the
 * .dat files hold, following a script made of generated settings (sizes,
 * ranges, counts, labels as quoted strings) and the templates of
 * gnuplot/.  All panels share one time axis: from the start of the first
 * heatmap column to the end of the last, columns being whole bins.  The
 * panels of fragmentation samples are plotsamp.c's.
 */
#include "plot/dashboard.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "plot/aggregate.h"
#include "plot/gnuplot.h"
#include "json/reader.h"
#include "plot/samples.h"

#define MAX_SETS 2
#define MAX_ROWS (2 * FT_MAX_PATTERNS)
#define MAX_LANES (FT_ORDER_SLOTS + 2)

struct dataset {
	const char *path;
	char label[128];
	struct ft_agg agg;
};

/* The shared time axis. */
struct axis {
	bool empty;        /* no events at all */
	double tmin, tmax; /* of the events */
	double g;          /* timeline bin width */
	double hw;         /* heatmap column width: a multiple of g */
	double xmin, xmax; /* whole heatmap columns */
	long ncols;
	double ticstep;
	bool round;        /* ticks at column edges */
};

/* A lane below zero on the compaction panel. */
struct lane {
	int cls;   /* enum ft_sclass */
	int order;
	double y;
};

/* A heatmap row: a migrate pattern, in either recording. */
struct row {
	char from[FT_MT_NAME_LEN], to[FT_MT_NAME_LEN];
	int sev2;
	int pidx[MAX_SETS]; /* its index in each recording's stats, -1 */
	unsigned long count[MAX_SETS], steal[MAX_SETS], claim[MAX_SETS];
};

/* the panels of the panel table (below) */
#define MAX_PANELS 8

/* Pixel positions of the canvas, from the top. */
struct layout {
	int w, h;
	int left, right;                    /* plot area columns */
	int top[MAX_PANELS], bottom[MAX_PANELS]; /* plot area rows of each panel */
	int ntable;                         /* rows of the comparison table */
};

struct plot {
	const char *out, *format;
	const char *labels[2];
	double bin;
	int nsets;
	struct dataset set[MAX_SETS];
	struct ft_outdir od;      /* the output folder */
	char stem[256];
	char ext[8];
	struct axis ax;
	struct lane lanes[MAX_LANES];
	int nlanes;
	double ymin, ymax;
	struct row rows[MAX_ROWS];
	int nrows;
	unsigned long heat_max;
	unsigned tl_max;          /* the busiest timeline bin */
	struct layout lay;
	long npoints[MAX_SETS];
	struct ft_zplot zp;       /* the fragmentation sample panels */
};

/* ---- options ---- */

const char *ft_plot_image_ext(const char *path)
{
	static const char *const exts[] = { "png", "svg", "pdf" };
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++)
		if (strcasecmp(dot + 1, exts[i]) == 0)
			return exts[i];
	return NULL;
}

/* ---- where the output goes ---- */

/* OUT a folder, or an image path: opens the folder (od), fills stem, ext. */
static int output_paths(struct plot *p)
{
	const char *ext = ft_plot_image_ext(p->out);
	char dir[PATH_MAX];

	if (ext) {
		const char *slash = strrchr(p->out, '/');
		const char *base = slash ? slash + 1 : p->out;
		size_t dlen = slash ? (size_t)(slash - p->out) : 0;

		snprintf(dir, sizeof(dir), "%.*s", (int)dlen, dlen ? p->out : ".");
		if (slash == p->out)
			snprintf(dir, sizeof(dir), "/");
		snprintf(p->stem, sizeof(p->stem), "%.*s", (int)(strlen(base) - 4), base);
		snprintf(p->ext, sizeof(p->ext), "%s", ext);
	} else {
		snprintf(dir, sizeof(dir), "%s", p->out);
		snprintf(p->stem, sizeof(p->stem), "%s", p->nsets == 2 ? "comparison" : "dashboard");
		snprintf(p->ext, sizeof(p->ext), "%s", p->format ? p->format : "png");
	}
	if (!p->stem[0]) {
		fprintf(stderr, "fragtrack: -o %s has no file name\n", p->out);
		return -EINVAL;
	}
	if (ft_outdir_open(&p->od, dir))
		return -EIO;
	/* the folder's path as resolved (through symlinks of ours) */
	if (!ft_gp_path_ok(p->od.path)) {
		fprintf(stderr, "fragtrack: the output path contains control characters\n");
		return -EINVAL;
	}
	return 0;
}

/* ---- labels ---- */

static void file_stem(const char *path, char *out, size_t len)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 6 && strcmp(base + n - 6, ".jsonl") == 0)
		n -= 6;
	else if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	snprintf(out, len, "%.*s", (int)n, base);
}

/* Default labels: the file names less what they share, so
 * fragmentation_data_simple.json and ..._load.json read "simple", "load". */
static void default_labels(struct plot *p)
{
	char a[256], b[256];
	size_t i = 0, cut = 0;

	file_stem(p->set[0].path, a, sizeof(a));
	file_stem(p->set[1].path, b, sizeof(b));
	for (; a[i] && a[i] == b[i]; i++)
		if (a[i] == '_' || a[i] == '-' || a[i] == '.')
			cut = i + 1;
	if (strcmp(a, b) == 0) {
		snprintf(p->set[0].label, sizeof(p->set[0].label), "A");
		snprintf(p->set[1].label, sizeof(p->set[1].label), "B");
		return;
	}
	if (!a[cut] || !b[cut])
		cut = 0;
	snprintf(p->set[0].label, sizeof(p->set[0].label), "%.120s", a + cut);
	snprintf(p->set[1].label, sizeof(p->set[1].label), "%.120s", b + cut);
}

static void set_labels(struct plot *p)
{
	if (p->nsets == 2 && !p->labels[0])
		default_labels(p);
	for (int s = 0; s < p->nsets; s++) {
		if (p->labels[s])
			snprintf(p->set[s].label, sizeof(p->set[s].label), "%s", p->labels[s]);
		if (p->nsets == 1) {
			const char *base = strrchr(p->set[s].path, '/');

			snprintf(p->set[s].label, sizeof(p->set[s].label), "%.120s",
				 base ? base + 1 : p->set[s].path);
		}
	}
}

/* ---- the shared time axis ---- */

static long ncols_for(double w, double tmin, double tmax)
{
	return (long)(floor(tmax / w) - floor(tmin / w)) + 1;
}

static bool multiple_of(double c, double g)
{
	double r = c / g;

	return r >= 1 - 1e-9 && fabs(r - llround(r)) < 1e-6 * r;
}

static const double round_s[] = { 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
				  21600, 43200, 86400 };

/* 1, 2 or 5 times a power of ten, or a round number of minutes/hours */
static bool is_round(double w)
{
	double e = pow(10, floor(log10(w)));
	double m = w / e;

	for (size_t j = 0; j < sizeof(round_s) / sizeof(*round_s); j++)
		if (fabs(w - round_s[j]) < 1e-9)
			return true;
	return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9 || fabs(m - 10) < 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The heatmap column width: a whole number of bins, at most maxcols
 * columns over the run.  A round number of seconds if one gives about as
 * many columns (at least a dozen) as the narrowest width that fits: the
 * time axis then ticks at column edges on round numbers.
 */
static double heat_width(double g, double tmin, double tmax, long maxcols)
{
	double cand[3 * 11 + sizeof(round_s) / sizeof(*round_s)];
	size_t n = 0;
	long m, fit;

	for (int e = -3; e <= 7; e++) {
		cand[n++] = 1 * pow(10, e);
		cand[n++] = 2 * pow(10, e);
		cand[n++] = 5 * pow(10, e);
	}
	memcpy(cand + n, round_s, sizeof(round_s));
	n += sizeof(round_s) / sizeof(*round_s);
	qsort(cand, n, sizeof(*cand), cmp_double);

	m = (long)floor((tmax - tmin) / (maxcols * g));
	for (m = m < 1 ? 1 : m; ncols_for(m * g, tmin, tmax) > maxcols; m++)
		;
	fit = ncols_for(m * g, tmin, tmax);
	for (size_t i = 0; i < n; i++) {
		long cols = ncols_for(cand[i], tmin, tmax);

		if (multiple_of(cand[i], g) && cols <= maxcols)
			return cols >= (fit < 12 ? fit : 12) ? cand[i] : m * g;
	}
	return m * g;
}

static void compute_axis(struct plot *p, long maxcols)
{
	struct axis *ax = &p->ax;
	bool any = false;

	ax->g = 0;
	for (int s = 0; s < p->nsets; s++) {
		struct ft_agg *a = &p->set[s].agg;
		double w = fmax(ft_grid_width(&a->grid), ft_zones_width(&a->zones));
		double lo, hi;

		if (w > ax->g)
			ax->g = w;
		/* events and samples: a run is as long as its sampling */
		if (!ft_agg_span(a, &lo, &hi))
			continue;
		if (!any || lo < ax->tmin)
			ax->tmin = lo;
		if (!any || hi > ax->tmax)
			ax->tmax = hi;
		any = true;
	}
	if (any)
		ax->g = ft_grid_width_for(ax->g, ax->tmax - ax->tmin);
	/* both recordings, events and samples, on the same bins */
	for (int s = 0; s < p->nsets; s++) {
		ft_grid_coarsen_to(&p->set[s].agg.grid, ax->g);
		ft_zones_coarsen_to(&p->set[s].agg.zones, ax->g);
	}
	ax->empty = !any;
	if (!any) {
		ax->tmin = 0;
		ax->tmax = 1;
	}
	ax->hw = heat_width(ax->g, ax->tmin, ax->tmax, maxcols);
	ax->xmin = floor(ax->tmin / ax->hw) * ax->hw;
	ax->ncols = ncols_for(ax->hw, ax->tmin, ax->tmax);
	ax->xmax = ax->xmin + ax->ncols * ax->hw;
	ax->ticstep = ax->hw * ceil(ax->ncols / 12.0);
	/* ticks at column edges when they fall on round numbers */
	ax->round = is_round(ax->hw) && is_round(ax->ticstep) &&
		    fabs(ax->xmin / ax->ticstep - llround(ax->xmin / ax->ticstep)) < 1e-6;
	if (ax->g > p->bin * 1.000001)
		fprintf(stderr, "fragtrack: note: bins of %g s would be too many for a %g s run: "
			"using %g s\n", p->bin, ax->tmax - ax->tmin, ax->g);
}

/* ---- the compaction panel's lanes ---- */

#define LANE 90.0
#define LANE_AB 18.0 /* A above, B below the lane's centre */

static void compute_lanes(struct plot *p)
{
	bool cls[FT_SC_COUNT] = { false };
	bool orders[FT_ORDER_SLOTS] = { false };

	for (int s = 0; s < p->nsets; s++) {
		const struct ft_agg *a = &p->set[s].agg;

		for (int c = 0; c < FT_SC_COUNT; c++)
			cls[c] |= a->sclass[c] != 0;
		for (int o = 0; o < FT_ORDER_SLOTS; o++)
			orders[o] |= a->fail_orders[o];
	}
	p->nlanes = 0;
	if (cls[FT_SC_SUCCESS_NEG])
		p->lanes[p->nlanes++] = (struct lane){ FT_SC_SUCCESS_NEG, 0, 0 };
	if (cls[FT_SC_SUCCESS_NULL])
		p->lanes[p->nlanes++] = (struct lane){ FT_SC_SUCCESS_NULL, 0, 0 };
	for (int o = 0; o < FT_ORDER_SLOTS; o++)
		if (orders[o])
			p->lanes[p->nlanes++] = (struct lane){ FT_SC_FAILURE, o + FT_ORDER_MIN, 0 };
	for (int i = 0; i < p->nlanes; i++)
		p->lanes[i].y = -LANE * (i + 1);
	p->ymax = 1060;
	p->ymin = p->nlanes ? -LANE * p->nlanes - LANE / 2 : -50;
}

struct ymap_arg {
	const struct plot *p;
	double off;
};

static double ymap(int cls, int order, int y, void *arg)
{
	const struct ymap_arg *ya = arg;
	const struct plot *p = ya->p;

	if (cls == FT_SC_SUCCESS)
		return y;
	for (int i = 0; i < p->nlanes; i++)
		if (p->lanes[i].cls == cls && (cls != FT_SC_FAILURE || p->lanes[i].order == order))
			return p->lanes[i].y + ya->off;
	return 0;
}

/* ---- heatmap rows ---- */

static int by_severity(const void *a, const void *b)
{
	const struct row *ra = a, *rb = b;
	unsigned long ca = ra->count[0] + ra->count[1], cb = rb->count[0] + rb->count[1];
	int c;

	if (ra->sev2 != rb->sev2)
		return ra->sev2 - rb->sev2;
	if (ca != cb)
		return ca > cb ? -1 : 1;
	c = strcmp(ra->from, rb->from);
	return c ? c : strcmp(ra->to, rb->to);
}

static void compute_rows(struct plot *p)
{
	p->nrows = 0;
	for (int s = 0; s < p->nsets; s++) {
		const struct ft_stats *st = &p->set[s].agg.stats;

		for (int i = 0; i < st->npatterns; i++) {
			const struct ft_pattern *pat = &st->patterns[i];
			struct row *r = NULL;

			for (int k = 0; k < p->nrows && !r; k++)
				if (!strcmp(p->rows[k].from, pat->from) && !strcmp(p->rows[k].to, pat->to))
					r = &p->rows[k];
			if (!r) {
				r = &p->rows[p->nrows++];
				memset(r, 0, sizeof(*r));
				memcpy(r->from, pat->from, sizeof(r->from));
				memcpy(r->to, pat->to, sizeof(r->to));
				r->sev2 = pat->severity2;
				r->pidx[0] = r->pidx[1] = -1;
			}
			r->pidx[s] = i;
			r->count[s] = pat->count;
			r->steal[s] = pat->steal;
			r->claim[s] = pat->claim;
		}
	}
	qsort(p->rows, p->nrows, sizeof(*p->rows), by_severity);
}

/* Events of row r of recording s in heatmap column c. */
static unsigned long heat_count(const struct plot *p, const struct row *r, int s, long c)
{
	const struct ft_grid *g = &p->set[s].agg.grid;
	long long m = llround(p->ax.hw / p->ax.g);
	long long k0 = llround(p->ax.xmin / p->ax.g) + c * m;
	unsigned long n = 0;

	if (r->pidx[s] < 0)
		return 0;
	for (long long k = k0; k < k0 + m; k++)
		n += ft_grid_at(g, k, FT_CELL_PATTERN0 + r->pidx[s]);
	return n;
}

/* ---- layout ---- */

#define CANVAS_W 1680
#define PLOT_LEFT 300
#define PLOT_RIGHT 1380

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* rows of the comparison table: the seed's, then the samples' */
#define TABLE_SEED_ROWS 7
#define TABLE_ROWS (TABLE_SEED_ROWS + 4)
/* a panel that only says it has no data */
#define NODATA_H 64

/* Pixels above a panel's plot area: the panel above's time tics and the
 * panel's title. */
static int gap_titles(const struct plot *p)
{
	(void)p;
	return 80;
}

/* The first panel: the dashboard's titles, then the panel's. */
static int gap_first(const struct plot *p)
{
	return p->nsets == 2 ? 150 : 140;
}

static int compact_h(const struct plot *p)
{
	(void)p;
	return 420;
}

static int extfrag_h(const struct plot *p)
{
	(void)p;
	return 220;
}

static int patterns_h(const struct plot *p)
{
	bool cmp = p->nsets == 2;

	return clampi(p->nrows * (cmp ? 62 : 46), cmp ? 180 : 160, 900);
}

/* Below the heatmap: time tics and label, the severity legend in the
 * margin, a title. */
static int index_gap(const struct plot *p)
{
	return p->nrows ? 150 : 90;
}

/* single: room in the margin for the colour key and the THP box */
static int index_h(const struct plot *p)
{
	bool cmp = p->nsets == 2;

	if (!ft_zplot_any(&p->zp))
		return NODATA_H;
	return clampi(ft_zplot_index_px(&p->zp, cmp ? 11 : 14), cmp ? 120 : 210, 1000);
}

static bool has_blocks(const struct plot *p)
{
	return ft_zplot_any(&p->zp) && ft_zplot_any_blocks(&p->zp);
}

static int blocks_h(const struct plot *p)
{
	return has_blocks(p) ? 240 : NODATA_H;
}

/* Below the pageblocks as the last panel: its tics and label, unless
 * it is empty. */
static int blocks_foot(const struct plot *p)
{
	return has_blocks(p) ? 110 : 60;
}

/* Below the last time panel: its tics and label, unless it is empty. */
static int table_gap(const struct plot *p)
{
	return has_blocks(p) ? 120 : 80;
}

static int table_h(const struct plot *p)
{
	return (p->lay.ntable + 1) * 36;
}

static int table_foot(const struct plot *p)
{
	(void)p;
	return 50;
}

static int write_compact(struct plot *p, int panel);
static int write_timeline(struct plot *p, int panel);
static int write_patterns(struct plot *p, int panel);
static int write_table(struct plot *p, int panel);
static int write_index(struct plot *p, int panel);
static int write_blocks(struct plot *p, int panel);

/*
 * The panels, in the order the script sets their variables.  The panels
 * on the shared time axis are stacked in this order, the others below
 * them.  Adding a panel: a line here (with its functions) and its block
 * in the templates (gnuplot/), which places it at screen NAME_t..NAME_b.
 */
static const struct panel {
	const char *top, *bottom;            /* the template's variables */
	bool compare_only;                   /* drawn for two recordings only */
	bool timeless;                       /* not on the time axis */
	int (*gap)(const struct plot *p);    /* pixels above its plot area */
	int (*height)(const struct plot *p); /* of its plot area */
	int (*foot)(const struct plot *p);   /* pixels below it when last */
	int (*write)(struct plot *p, int panel); /* its .dat files */
} panels[] = {
	{ "p1_t", "p1_b", false, false, gap_first, compact_h, NULL, write_compact },
	{ "p2_t", "p2_b", false, false, gap_titles, extfrag_h, NULL, write_timeline },
	{ "p3_t", "p3_b", false, false, gap_titles, patterns_h, NULL, write_patterns },
	{ "p4_t", "p4_b", true, true, table_gap, table_h, table_foot, write_table },
	{ "fi_t", "fi_b", false, false, index_gap, index_h, NULL, write_index },
	{ "pb_t", "pb_b", false, false, gap_titles, blocks_h, blocks_foot, write_blocks },
};
#define NPANELS ((int)(sizeof(panels) / sizeof(*panels)))
_Static_assert(sizeof(panels) / sizeof(*panels) <= MAX_PANELS, "MAX_PANELS too small");

static bool drawn(const struct plot *p, int i)
{
	return !panels[i].compare_only || p->nsets == 2;
}

/* Stacks the panels from the top: the time panels, then the others. */
static void compute_layout(struct plot *p)
{
	struct layout *l = &p->lay;
	int y = 0, last = -1;

	l->w = CANVAS_W;
	l->left = PLOT_LEFT;
	l->right = PLOT_RIGHT;
	l->ntable = p->nsets == 2 ? TABLE_ROWS : 0;
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < NPANELS; i++) {
			if (!drawn(p, i) || panels[i].timeless != (pass == 1))
				continue;
			l->top[i] = y += panels[i].gap(p);
			l->bottom[i] = y += panels[i].height(p);
			last = i;
		}
	}
	l->h = y + panels[last].foot(p);
}

/* ---- data files ---- */

static FILE *dat_open(struct plot *p, const char *what, char *path, size_t len)
{
	return ft_dat_open(&p->od, p->stem, what, path, len);
}

static int dat_close(FILE *f, const char *path)
{
	return ft_dat_close(f, path);
}

/* x y order class count: one line per distinct pixel, size and colour */
static int write_scatter(struct plot *p, int s, int panel)
{
	struct ymap_arg ya = { p, p->nsets == 2 ? (s ? -LANE_AB : LANE_AB) : 0 };
	struct ft_pixmap pm = {
		.xmin = p->ax.xmin, .xmax = p->ax.xmax, .width = p->lay.right - p->lay.left,
		.ymin = p->ymin, .ymax = p->ymax,
		.height = p->lay.bottom[panel] - p->lay.top[panel],
	};
	struct ft_point *pts;
	char what[16], path[PATH_MAX + 64];
	long n = ft_agg_points(&p->set[s].agg, &pm, ymap, &ya, &pts);
	FILE *f;

	if (n < 0) {
		fprintf(stderr, "fragtrack: out of memory\n");
		return -ENOMEM;
	}
	snprintf(what, sizeof(what), "scatter-%c", 'a' + s);
	f = dat_open(p, what, path, sizeof(path));
	if (!f) {
		free(pts);
		return -EIO;
	}
	fprintf(f, "# time index order class count (class 0 success, 1 success index<0, "
		"2 success no index, 3 failure)\n");
	for (long i = 0; i < n; i++)
		fprintf(f, "%.9g %.6g %d %d %u\n", pts[i].x, pts[i].y,
			pts[i].order + FT_ORDER_MIN, pts[i].cls, pts[i].count);
	/* no point: one of no events (transparent), or gnuplot warns of an
	 * empty file */
	if (!n)
		fprintf(f, "%.9g %.6g 0 0 0\n", p->ax.xmin, p->ymin);
	free(pts);
	p->npoints[s] = n;
	return dat_close(f, path);
}

/* y "label": the index scale, then the lanes */
static int write_ytics(struct plot *p)
{
	char path[PATH_MAX + 64], label[64];
	FILE *f = dat_open(p, "ytics", path, sizeof(path));

	if (!f)
		return -EIO;
	for (int v = 0; v <= 1000; v += 200)
		fprintf(f, "%d \"%d\"\n", v, v);
	for (int i = 0; i < p->nlanes; i++) {
		const struct lane *l = &p->lanes[i];

		if (l->cls == FT_SC_SUCCESS_NEG)
			snprintf(label, sizeof(label), "success, index < 0");
		else if (l->cls == FT_SC_SUCCESS_NULL)
			snprintf(label, sizeof(label), "success, no index");
		else
			snprintf(label, sizeof(label), "failure, order %d", l->order);
		fprintf(f, "%g \"%s\"\n", l->y, label);
	}
	return dat_close(f, path);
}

/* bin-start steal claim [steal claim]: steps, with the last bin closed */
static int write_timeline(struct plot *p, int panel)
{
	char path[PATH_MAX + 64];
	FILE *f = dat_open(p, "timeline", path, sizeof(path));
	long long k0 = llround(p->ax.xmin / p->ax.g);
	long long n = llround((p->ax.xmax - p->ax.xmin) / p->ax.g);

	(void)panel;
	if (!f)
		return -EIO;
	p->tl_max = 0;
	fprintf(f, "# bin start (s), then steal claim per recording, per %g s\n", p->ax.g);
	for (long long k = k0; k <= k0 + n; k++) {
		long long kk = k < k0 + n ? k : k - 1;

		fprintf(f, "%.9g", k * p->ax.g);
		for (int s = 0; s < p->nsets; s++) {
			unsigned st = ft_grid_at(&p->set[s].agg.grid, kk, FT_CELL_STEAL);
			unsigned cl = ft_grid_at(&p->set[s].agg.grid, kk, FT_CELL_CLAIM);

			fprintf(f, " %u %u", st, cl);
			if (st > p->tl_max)
				p->tl_max = st;
			if (cl > p->tl_max)
				p->tl_max = cl;
		}
		fputc('\n', f);
	}
	return dat_close(f, path);
}

/* column-centre row count [count]: the cells that have events */
static int write_heat(struct plot *p)
{
	char path[PATH_MAX + 64];
	FILE *f = dat_open(p, "heat", path, sizeof(path));

	if (!f)
		return -EIO;
	p->heat_max = 0;
	fprintf(f, "# column centre (s), row, events per recording\n");
	for (int r = 0; r < p->nrows; r++) {
		for (long c = 0; c < p->ax.ncols; c++) {
			unsigned long n[MAX_SETS] = { 0 };

			for (int s = 0; s < p->nsets; s++) {
				n[s] = heat_count(p, &p->rows[r], s, c);
				if (n[s] > p->heat_max)
					p->heat_max = n[s];
			}
			if (!n[0] && !n[1])
				continue;
			fprintf(f, "%.9g %d", p->ax.xmin + (c + 0.5) * p->ax.hw, r);
			for (int s = 0; s < p->nsets; s++)
				fprintf(f, " %lu", n[s]);
			fputc('\n', f);
		}
	}
	return dat_close(f, path);
}

/* row severity "pattern" "totals" */
static int write_rows(struct plot *p)
{
	char path[PATH_MAX + 64], name[2 * FT_MT_NAME_LEN + 8], totals[96];
	FILE *f = dat_open(p, "rows", path, sizeof(path));

	if (!f)
		return -EIO;
	for (int r = 0; r < p->nrows; r++) {
		const struct row *rw = &p->rows[r];

		snprintf(name, sizeof(name), "%s \xe2\x86\x92 %s", rw->from, rw->to);
		if (p->nsets == 2)
			snprintf(totals, sizeof(totals), "%lu | %lu", rw->count[0], rw->count[1]);
		else
			snprintf(totals, sizeof(totals), "%lu  (%lu steal, %lu claim)", rw->count[0],
				 rw->steal[0], rw->claim[0]);
		fprintf(f, "%d %d ", r, rw->sev2);
		ft_dat_str(f, name);
		fputc(' ', f);
		ft_dat_str(f, totals);
		fputc('\n', f);
	}
	return dat_close(f, path);
}

/* ---- the comparison table ---- */

enum { V_NONE = -1, V_EQUAL = 0, V_A = 1, V_B = 2 };

/* better: +1 more is better, -1 fewer is better, 0 not defined */
static int verdict(double a, double b, int better)
{
	if (fabs(a - b) < 1e-9)
		return V_EQUAL;
	if (!better)
		return V_NONE;
	return (a > b) == (better > 0) ? V_A : V_B;
}

static void table_row(FILE *f, int row, const char *metric, const char *va, const char *vb,
		      int v)
{
	fprintf(f, "%d ", row);
	ft_dat_str(f, metric);
	fputc(' ', f);
	ft_dat_str(f, va);
	fputc(' ', f);
	ft_dat_str(f, vb);
	fprintf(f, " %d\n", v);
}

/* The seed's table rows; better: +1 more is better, -1 fewer, 0 undefined. */
static const struct {
	const char *name;
	size_t offset;
	int better;
} table_rows[] = {
#define ROW(name, field, better) { name, offsetof(struct ft_metrics, field), better }
	ROW("Total events", total, 0),
	ROW("Compaction success rate (higher is better)", compact_success_rate, 1),
	ROW("ExtFrag events (fewer is better)", extfrag, -1),
	ROW("Bad migrations (fewer is better)", bad_migrations, -1),
	ROW("Good migrations (more is better)", good_migrations, 1),
	ROW("Steal events", steal, 0),
	ROW("Claim events", claim, 0),
#undef ROW
};

static double metric(const struct ft_metrics *m, size_t offset)
{
	if (offset == offsetof(struct ft_metrics, compact_success_rate))
		return m->compact_success_rate;
	return *(const unsigned long *)((const char *)m + offset);
}

static int write_table(struct plot *p, int panel)
{
	char path[PATH_MAX + 64], va[32], vb[32];
	struct ft_metrics m[MAX_SETS];
	bool has_rate[MAX_SETS];
	FILE *f = dat_open(p, "table", path, sizeof(path));

	(void)panel;
	if (!f)
		return -EIO;
	for (int s = 0; s < MAX_SETS; s++) {
		ft_stats_metrics(&p->set[s].agg.stats, &m[s]);
		has_rate[s] = m[s].compaction_success + m[s].compaction_failure;
	}
	fprintf(f, "# row metric A B verdict (1 A better, 2 B better, 0 equal, -1 undefined)\n");
	for (size_t r = 0; r < sizeof(table_rows) / sizeof(*table_rows); r++) {
		double a = metric(&m[0], table_rows[r].offset);
		double b = metric(&m[1], table_rows[r].offset);
		int v = verdict(a, b, table_rows[r].better);

		if (table_rows[r].offset == offsetof(struct ft_metrics, compact_success_rate)) {
			snprintf(va, sizeof(va), has_rate[0] ? "%.1f%%" : "n/a", a);
			snprintf(vb, sizeof(vb), has_rate[1] ? "%.1f%%" : "n/a", b);
			/* no compaction: no rate to compare */
			if (!has_rate[0] || !has_rate[1])
				v = V_NONE;
		} else {
			snprintf(va, sizeof(va), "%.0f", a);
			snprintf(vb, sizeof(vb), "%.0f", b);
		}
		table_row(f, (int)r, table_rows[r].name, va, vb, v);
	}
	ft_zplot_table(f, TABLE_SEED_ROWS, &p->zp);
	return dat_close(f, path);
}

/* ---- the script ---- */

static void fmt_time(double epoch, char *buf, size_t len)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if (epoch <= 0 || !localtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, len, "?");
}

/* "4472 events over 59.3 s (26.3 s to 85.6 s)", samples, kernel, start, warnings */
static void describe(const struct dataset *d, char *buf, size_t len)
{
	const struct ft_agg *a = &d->agg;
	char when[32];
	int n;

	if (!a->stats.total)
		n = snprintf(buf, len, "no events");
	else
		n = snprintf(buf, len, "%lu event%s over %.1f s (%.1f s to %.1f s)", a->stats.total,
			     a->stats.total == 1 ? "" : "s", a->tmax - a->tmin, a->tmin, a->tmax);
	if (a->zones.nsamples && n < (int)len)
		n += snprintf(buf + n, len - n, "  \xc2\xb7  %lu samples of %d zone%s",
			      a->zones.nsamples, a->zones.nzones, a->zones.nzones == 1 ? "" : "s");
	if (a->info.meta.kernel_version[0] && n < (int)len)
		n += snprintf(buf + n, len - n, "  \xc2\xb7  kernel %s", a->info.meta.kernel_version);
	if (a->info.meta.start_time > 0 && n < (int)len) {
		fmt_time(a->info.meta.start_time, when, sizeof(when));
		n += snprintf(buf + n, len - n, "  \xc2\xb7  started %s", when);
	}
	if (a->info.meta.lost_events && n < (int)len)
		n += snprintf(buf + n, len - n, "  \xc2\xb7  %lu events LOST", a->info.meta.lost_events);
	if (a->info.truncated && n < (int)len)
		snprintf(buf + n, len - n, "  \xc2\xb7  TRUNCATED file");
}

static double sx(const struct plot *p, int px)
{
	return (double)px / p->lay.w;
}

static double sy(const struct plot *p, int px)
{
	return 1.0 - (double)px / p->lay.h;
}

static void header_layout(FILE *f, const struct plot *p)
{
	ft_gp_setint(f, "canvas_w", p->lay.w);
	ft_gp_setint(f, "canvas_h", p->lay.h);
	fprintf(f, "# plot area and panels, fractions of the canvas; the scatter's points\n"
		"# were reduced to its pixels at this size\n");
	ft_gp_setnum(f, "plot_l", sx(p, p->lay.left));
	ft_gp_setnum(f, "plot_r", sx(p, p->lay.right));
	for (int i = 0; i < NPANELS; i++) {
		if (!drawn(p, i))
			continue;
		ft_gp_setnum(f, panels[i].top, sy(p, p->lay.top[i]));
		ft_gp_setnum(f, panels[i].bottom, sy(p, p->lay.bottom[i]));
	}
	ft_gp_setint(f, "n_sets", p->nsets);
	ft_gp_setint(f, "n_table", p->lay.ntable);
	fprintf(f, "# the shared time axis: whole heatmap columns of whole bins\n");
	ft_gp_setnum(f, "xmin", p->ax.xmin);
	ft_gp_setnum(f, "xmax", p->ax.xmax);
	ft_gp_setnum(f, "xtic_step", p->ax.ticstep);
	ft_gp_setint(f, "xtic_cols", p->ax.round);
	ft_gp_setnum(f, "bin_w", p->ax.g);
	ft_gp_setnum(f, "heat_w", p->ax.hw);
	ft_gp_setnum(f, "y_min", p->ymin);
	ft_gp_setnum(f, "y_max", p->ymax);
}

static void header_files(FILE *f, const struct plot *p)
{
	static const char *const files[] = { "ytics", "timeline", "heat", "rows", "table" };
	char name[64], file[320];

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		if (i == 4 && p->nsets == 1)
			break;
		snprintf(name, sizeof(name), "f_%s", files[i]);
		snprintf(file, sizeof(file), "%s-%s.dat", p->stem, files[i]);
		fprintf(f, "%s = datadir.", name);
		ft_gp_quote(f, file);
		fputc('\n', f);
	}
	for (int s = 0; s < p->nsets; s++) {
		snprintf(name, sizeof(name), "f_scatter_%c", 'a' + s);
		snprintf(file, sizeof(file), "%s-scatter-%c.dat", p->stem, 'a' + s);
		fprintf(f, "%s = datadir.", name);
		ft_gp_quote(f, file);
		fputc('\n', f);
	}
}

/* Counts and captions of recording s (suffix _a, _b). */
static void header_set(FILE *f, const struct plot *p, int s)
{
	const struct ft_agg *a = &p->set[s].agg;
	struct ft_metrics m;
	char name[64], text[512];
	char sfx = 'a' + s;

	ft_stats_metrics(&a->stats, &m);
#define SETINT(var, v) do { \
		snprintf(name, sizeof(name), "%s_%c", var, sfx); \
		ft_gp_setint(f, name, (long long)(v)); \
	} while (0)
	SETINT("n_total", m.total);
	SETINT("n_success", m.compaction_success);
	SETINT("n_failure", m.compaction_failure);
	SETINT("n_extfrag", m.extfrag);
	SETINT("n_steal", m.steal);
	SETINT("n_claim", m.claim);
	SETINT("n_bad", m.bad_migrations);
	SETINT("n_good", m.good_migrations);
	SETINT("n_points", p->npoints[s]);
	SETINT("n_offscale", a->off_scale);
#undef SETINT
	snprintf(name, sizeof(name), "rate_%c", sfx);
	ft_gp_setnum(f, name, m.compact_success_rate);
	snprintf(name, sizeof(name), "label_%c", sfx);
	ft_gp_setstr(f, name, p->set[s].label);
	snprintf(name, sizeof(name), "file_%c", sfx);
	ft_gp_setstr(f, name, p->set[s].path);
	snprintf(name, sizeof(name), "name_%c", sfx);
	ft_gp_setstr(f, name, strrchr(p->set[s].path, '/') ? strrchr(p->set[s].path, '/') + 1 :
			      p->set[s].path);
	describe(&p->set[s], text, sizeof(text));
	snprintf(name, sizeof(name), "about_%c", sfx);
	ft_gp_setstr(f, name, text);
}

static void header_rows(FILE *f, const struct plot *p)
{
	ft_gp_setint(f, "n_rows", p->nrows);
	ft_gp_setint(f, "heat_max", (long long)p->heat_max);
	if (!p->nrows)
		return;
	/* severities (doubled, as ft_severity2) of the heatmap rows, for the markers */
	fprintf(f, "array row_sev[%d] = [", p->nrows);
	for (int r = 0; r < p->nrows; r++)
		fprintf(f, "%s%d", r ? ", " : "", p->rows[r].sev2);
	fprintf(f, "]\n");
}

static int write_header(FILE *f, const struct plot *p)
{
	char now[32], image[300], footer[256];

	fmt_time((double)time(NULL), now, sizeof(now));
	/* no file names in comments: only quoted literals carry them */
	fprintf(f, "# fragtrack %s: %s, generated %s.\n", FRAGTRACK_VERSION,
		p->nsets == 2 ? "A/B comparison dashboard" : "dashboard", now);
	fprintf(f, "# Re-render: gnuplot THIS.gp; once moved elsewhere, with the .dat files:\n"
		"# gnuplot -e \"datadir='FOLDER/'\" THIS.gp.  What follows was generated\n"
		"# from the recordings; the rest comes from the templates of fragtrack's\n"
		"# gnuplot/ folder: edit either freely.\n\n");
	ft_gp_begin(f);
	fprintf(f, "if (!exists(\"datadir\")) datadir = ");
	/* the path has no control characters (output_paths) */
	ft_gp_quote(f, p->od.path);
	fprintf(f, ".'/'\n");
	ft_gp_setstr(f, "out_format", p->ext);
	snprintf(image, sizeof(image), "%s.%s", p->stem, p->ext);
	fprintf(f, "if (!exists(\"outfile\")) outfile = datadir.");
	ft_gp_quote(f, image);
	fputc('\n', f);
	header_layout(f, p);
	header_files(f, p);
	for (int s = 0; s < p->nsets; s++)
		header_set(f, p, s);
	header_rows(f, p);
	ft_gp_setint(f, "n_lanes", p->nlanes);
	ft_gp_setint(f, "tl_max", p->tl_max);
	ft_zplot_header(f, &p->zp, p->stem);
	snprintf(footer, sizeof(footer), "generated %s by fragtrack %s  \xc2\xb7  %g s bins",
		 now, FRAGTRACK_VERSION, p->ax.g);
	ft_gp_setstr(f, "footer_text", footer);
	return ferror(f) ? -EIO : 0;
}

/* The script, name in the staging folder, path where it will be. */
static int write_script(struct plot *p, const char *name, const char *path)
{
	FILE *f = ft_outdir_create(&p->od, name);
	int ret;

	if (!f)
		return -EIO;
	ret = write_header(f, p);
	if (!ret)
		ret = ft_gp_append_template(f, "common.gp");
	if (!ret)
		ret = ft_gp_append_template(f, p->nsets == 2 ? "compare.gp" : "single.gp");
	if (!ret)
		ret = ft_gp_append_template(f, "samples.gp");
	if (ferror(f) | fclose(f)) {
		if (!ret)
			fprintf(stderr, "fragtrack: cannot write %s\n", path);
		ret = -EIO;
	}
	return ret;
}

static int write_compact(struct plot *p, int panel)
{
	for (int s = 0; s < p->nsets; s++)
		if (write_scatter(p, s, panel))
			return -EIO;
	return write_ytics(p);
}

static int write_patterns(struct plot *p, int panel)
{
	(void)panel;
	return write_heat(p) || write_rows(p) ? -EIO : 0;
}

static int write_index(struct plot *p, int panel)
{
	(void)panel;
	return ft_zplot_write_index(&p->zp, &p->od, p->stem);
}

static int write_blocks(struct plot *p, int panel)
{
	(void)panel;
	return ft_zplot_write_blocks(&p->zp, &p->od, p->stem);
}

/* In the order the panels are stacked (the files are published so). */
static int write_data(struct plot *p)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < NPANELS; i++)
			if (drawn(p, i) && panels[i].timeless == (pass == 1) &&
			    panels[i].write(p, i))
				return -EIO;
	return 0;
}

/* The image, empty: gnuplot writes into the file we created. */
static int create_image(struct plot *p, const char *name)
{
	FILE *f = ft_outdir_create(&p->od, name);

	return f ? ft_dat_close(f, name) : -EIO;
}

/*
 * The memory map, its own image beside the dashboard (STEM-memmap.EXT)
 * when the recordings have maps: all of them for a comparison.
 */
static int render_maps(struct plot *p)
{
	const struct ft_maps *sets[MAX_SETS];
	const char *labels[MAX_SETS];
	char stem[NAME_MAX + 1], shown[PATH_MAX + 300];
	int with = 0, ret;

	for (int s = 0; s < p->nsets; s++) {
		sets[s] = &p->set[s].agg.maps;
		labels[s] = p->set[s].label;
		with += sets[s]->nscans > 0;
	}
	if (!with)
		return 0;
	if (with < p->nsets) {
		printf("Memory map not drawn: only one of the recordings has maps\n");
		return 0;
	}
	snprintf(stem, sizeof(stem), "%.240s-memmap", p->stem);
	ret = ft_maps_plot(sets, labels, p->nsets, &p->od, stem, p->ext, shown, sizeof(shown));
	if (ft_outdir_publish(&p->od) && !ret)
		ret = -EIO;
	if (!ret)
		printf("Memory map saved: %s\n", shown);
	return ret;
}

static int render(struct plot *p)
{
	const struct ft_zones *zs[MAX_SETS] = { &p->set[0].agg.zones, &p->set[1].agg.zones };
	char script[NAME_MAX + 1], image[NAME_MAX + 1], shown[PATH_MAX + 300];

	compute_rows(p);
	compute_axis(p, (PLOT_RIGHT - PLOT_LEFT) / 44 < 25 ? (PLOT_RIGHT - PLOT_LEFT) / 44 : 25);
	ft_zplot_init(&p->zp, p->nsets, zs, p->ax.xmin, p->ax.xmax, p->ax.g);
	compute_layout(p);
	compute_lanes(p);
	snprintf(script, sizeof(script), "%.250s.gp", p->stem);
	snprintf(image, sizeof(image), "%.250s.%.3s", p->stem, p->ext);
	snprintf(shown, sizeof(shown), "%s/%s", p->od.path, script);
	if (write_data(p) || write_script(p, script, shown) || create_image(p, image))
		return -EIO;
	if (ft_gp_run(p->od.stagefd, script, shown)) {
		/* the script and data stay to see why; no half image */
		ft_outdir_drop(&p->od, image);
		ft_outdir_publish(&p->od);
		return -EIO;
	}
	if (ft_outdir_publish(&p->od))
		return -EIO;
	printf("%s saved: %s/%s (script %s)\n", p->nsets == 2 ? "Comparison" : "Analysis",
	       p->od.path, image, shown);
	return render_maps(p);
}

/* ---- loading ---- */

static int load(struct plot *p)
{
	for (int s = 0; s < p->nsets; s++) {
		int ret;

		ft_agg_init(&p->set[s].agg, p->bin);
		ret = ft_agg_load(&p->set[s].agg, p->set[s].path);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- the run ---- */

int ft_plot(const struct ft_plot_opts *o)
{
	struct plot *p = calloc(1, sizeof(*p));
	int ret;

	if (!p) {
		fprintf(stderr, "fragtrack: out of memory\n");
		return -ENOMEM;
	}
	ft_outdir_init(&p->od);
	p->out = o->out;
	p->format = o->format;
	p->bin = o->bin;
	p->labels[0] = o->labels[0];
	p->labels[1] = o->labels[1];
	p->set[0].path = o->paths[0];
	p->set[1].path = o->paths[1];
	p->nsets = p->set[1].path ? 2 : 1;
	set_labels(p);
	ret = load(p);
	if (!ret)
		ret = output_paths(p);
	if (!ret)
		ret = render(p);
	ft_outdir_close(&p->od);
	for (int s = 0; s < MAX_SETS; s++)
		ft_agg_free(&p->set[s].agg);
	free(p);
	return ret;
}
