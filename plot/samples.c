// SPDX-License-Identifier: GPL-2.0
#include "plot/samples.h"

#include <limits.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plot/gnuplot.h"

/* Heights on the heatmap's y axis, in orders. */
#define MSG_H 3.0
#define GAP_AB 0.5   /* between A's and B's strip of a zone */
#define GAP_ZONE 1.2 /* between zones */

/* ---- columns ---- */

/* 1, 2 or 5 times a power of ten seconds, or whole minutes */
static bool round_width(double w)
{
	double r = w / pow(10, floor(log10(w) + 1e-9));

	if (fabs(r - 1) < 1e-9 || fabs(r - 2) < 1e-9 || fabs(r - 5) < 1e-9)
		return true;
	return w >= 60 && fabs(w / 60 - llround(w / 60)) < 1e-9;
}

/* Columns of m bins: at most FT_ZP_COLS, a round width if one is no more
 * than twice the narrowest (the title says "per 480 s", not "per 352 s") */
static void compute_columns(struct ft_zplot *zp)
{
	long long nbins = llround((zp->xmax - zp->xmin) / zp->g);
	long long m;

	if (nbins < 1)
		nbins = 1;
	zp->k0 = llround(zp->xmin / zp->g);
	m = (nbins + FT_ZP_COLS - 1) / FT_ZP_COLS;
	zp->m = m;
	for (long long mm = m; mm < 2 * m; mm++) {
		if (round_width(mm * zp->g)) {
			zp->m = mm;
			break;
		}
	}
	zp->ncols = (long)((nbins + zp->m - 1) / zp->m);
}

static double col_w(const struct ft_zplot *zp)
{
	return zp->m * zp->g;
}

/* The column of time t, as the grid bins it. */
static long col_of(const struct ft_zplot *zp, double t)
{
	long long k = (long long)floor(t / zp->g);

	return (long)((k - zp->k0) / zp->m);
}

/* The latest sample of zone z in column c, NULL when none. */
static const struct ft_zcell *col_cell(const struct ft_zplot *zp, const struct ft_zone *z, long c)
{
	const struct ft_zcell *best = NULL;
	long long k = zp->k0 + c * zp->m;

	for (long long i = 0; i < zp->m; i++) {
		const struct ft_zcell *cell = ft_zone_cell(z, k + i);

		if (cell && (!best || cell->t > best->t))
			best = cell;
	}
	return best;
}

/*
 * What each column shows for zone z: its latest sample, else the one
 * before (held), NULL before the first sample and after the last.
 */
static void held_cells(const struct ft_zplot *zp, const struct ft_zone *z,
		       const struct ft_zcell **held)
{
	const struct ft_zcell *h = NULL;
	long last = col_of(zp, z->tlast);

	for (long c = 0; c < zp->ncols; c++) {
		const struct ft_zcell *cell = col_cell(zp, z, c);

		if (cell)
			h = cell;
		held[c] = c <= last ? h : NULL;
	}
}

/* ---- strips ---- */

/* The same zone of the machine, in either recording. */
static bool same_zone(const struct ft_zone *a, const struct ft_zone *b)
{
	return a->node == b->node && !strcmp(a->name, b->name);
}

/* Recording zs's zone that is the same as z, NULL when it has none. */
static const struct ft_zone *zone_in(const struct ft_zones *zs, const struct ft_zone *z)
{
	for (int i = 0; i < zs->nzones; i++)
		if (same_zone(&zs->zones[i], z))
			return &zs->zones[i];
	return NULL;
}

static void add_strip(struct ft_zplot *zp, int set, const struct ft_zone *z, const char *text)
{
	struct ft_zstrip *st = &zp->strips[zp->nstrips++];

	st->set = set;
	st->z = z;
	snprintf(st->text, sizeof(st->text), "%s", text);
}

/* Zones to draw: those whose index leaves -1000 in either recording. */
static int drawn_zones(const struct ft_zplot *zp, const struct ft_zone **out, int max)
{
	int n = 0;

	for (int s = 0; s < zp->nsets; s++) {
		for (int i = 0; i < zp->zs[s]->nzones; i++) {
			const struct ft_zone *z = &zp->zs[s]->zones[i];
			bool dup = false;

			for (int k = 0; k < n && !dup; k++)
				dup = same_zone(out[k], z);
			if (z->leaves_min && !dup && n < max)
				out[n++] = z;
		}
	}
	return n;
}

/* "DMA, DMA32": the zones that stayed at -1000, not drawn. */
static void flat_zones(struct ft_zplot *zp, const struct ft_zone **drawn, int ndrawn)
{
	size_t len = 0;

	zp->flat[0] = '\0';
	for (int s = 0; s < zp->nsets; s++) {
		for (int i = 0; i < zp->zs[s]->nzones; i++) {
			const struct ft_zone *z = &zp->zs[s]->zones[i];
			char label[48];
			bool skip = false;

			for (int k = 0; k < ndrawn && !skip; k++)
				skip = same_zone(drawn[k], z);
			ft_zone_label(zp->zs[s], z, label, sizeof(label));
			if (skip || z->leaves_min || strstr(zp->flat, label))
				continue;
			len += snprintf(zp->flat + len, sizeof(zp->flat) - len, "%s%s",
					len ? ", " : "", label);
			if (len >= sizeof(zp->flat))
				break;
		}
	}
}

/* Stacks the strips from the top down, the bottom one at y = 0. */
static void stack_strips(struct ft_zplot *zp)
{
	double y = 0;

	for (int i = 0; i < zp->nstrips; i++) {
		struct ft_zstrip *st = &zp->strips[i];
		const struct ft_zstrip *prev = i ? &zp->strips[i - 1] : NULL;

		if (prev)
			y -= prev->z && st->z && same_zone(prev->z, st->z) ? GAP_AB : GAP_ZONE;
		st->hi = y;
		y -= st->z ? zp->norders : MSG_H;
		st->lo = y;
	}
	for (int i = 0; i < zp->nstrips; i++) {
		zp->strips[i].lo -= y;
		zp->strips[i].hi -= y;
	}
	zp->ytop = -y;
}

static void compute_strips(struct ft_zplot *zp)
{
	const struct ft_zone *drawn[FT_ZONES_MAX * FT_ZP_SETS];
	int per = FT_ZP_STRIPS / zp->nsets;
	int nd = drawn_zones(zp, drawn, FT_ZONES_MAX * FT_ZP_SETS);
	char label[48];

	zp->hidden = nd > per ? nd - per : 0;
	nd = nd > per ? per : nd;
	for (int k = 0; k < nd; k++) {
		for (int s = 0; s < zp->nsets; s++) {
			const struct ft_zone *z = zone_in(zp->zs[s], drawn[k]);

			if (!z)
				continue;
			ft_zone_label(zp->zs[s], z, label, sizeof(label));
			add_strip(zp, s, z, label);
		}
	}
	for (int s = 0; s < zp->nsets; s++) {
		bool has = false;

		for (int i = 0; i < zp->nstrips; i++)
			has |= zp->strips[i].set == s;
		if (!zp->zs[s]->nsamples)
			add_strip(zp, s, NULL, "no fragmentation samples in this trace "
				  "(recorded by the seed tracer?)");
		else if (!has)
			add_strip(zp, s, NULL, "index -1000 at every order in every zone: "
				  "a free block of each order throughout");
	}
	flat_zones(zp, drawn, nd);
	stack_strips(zp);
}

/* ---- migrate types ---- */

static unsigned type_rgb(const char *name, int i)
{
	static const struct {
		const char *name;
		unsigned rgb;
	} known[] = {
		{ "Unmovable", 0xc0392b }, { "Reclaimable", 0xe67e22 }, { "Movable", 0x27ae60 },
		{ "HighAtomic", 0x8e44ad }, { "Isolate", 0x7f8c8d }, { "CMA", 0x2980b9 },
	};
	static const unsigned other[] = { 0x16a085, 0x2c3e50, 0xd4ac0d, 0x6c3483 };

	for (size_t k = 0; k < sizeof(known) / sizeof(*known); k++)
		if (!strcasecmp(name, known[k].name))
			return known[k].rgb;
	return other[i % (sizeof(other) / sizeof(*other))];
}

static struct ft_ztype *type_find(struct ft_zplot *zp, const char *name)
{
	struct ft_ztype *t;

	for (int i = 0; i < zp->ntypes; i++)
		if (!strcasecmp(zp->types[i].name, name))
			return &zp->types[i];
	if (zp->ntypes == FT_SAMPLE_TYPES)
		return NULL;
	t = &zp->types[zp->ntypes];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->slot[0] = t->slot[1] = -1;
	t->rgb = type_rgb(name, zp->ntypes++);
	return t;
}

/* Recording s's first and last counts of type t, summed over zones. */
static void type_counts(struct ft_zplot *zp, struct ft_ztype *t, int s)
{
	const struct ft_zones *zs = zp->zs[s];

	t->slot[s] = ft_zones_type(zs, t->name);
	t->have[s] = ft_zones_blocks(zs, t->slot[s], false, &t->first[s]) &&
		     ft_zones_blocks(zs, t->slot[s], true, &t->last[s]);
}

/*
 * The types some recording counts a pageblock of, in order of appearance;
 * each with both recordings' counts (a type only one of them ever had is
 * still 0 in the other, when it lists it).
 */
static void compute_types(struct ft_zplot *zp)
{
	zp->ntypes = 0;
	for (int s = 0; s < zp->nsets; s++) {
		const struct ft_zones *zs = zp->zs[s];

		for (int i = 0; i < zs->ntypes; i++)
			if (zs->type_used[i])
				type_find(zp, zs->types[i]);
	}
	for (int i = 0; i < zp->ntypes; i++)
		for (int s = 0; s < zp->nsets; s++)
			type_counts(zp, &zp->types[i], s);
}

void ft_zplot_init(struct ft_zplot *zp, int nsets, const struct ft_zones *const *zs,
		   double xmin, double xmax, double g)
{
	memset(zp, 0, sizeof(*zp));
	zp->nsets = nsets;
	for (int s = 0; s < nsets; s++) {
		zp->zs[s] = zs[s];
		if (zs[s]->norders > zp->norders)
			zp->norders = zs[s]->norders;
	}
	zp->xmin = xmin;
	zp->xmax = xmax;
	zp->g = g;
	compute_columns(zp);
	compute_strips(zp);
	compute_types(zp);
}

bool ft_zplot_any(const struct ft_zplot *zp)
{
	for (int s = 0; s < zp->nsets; s++)
		if (zp->zs[s]->nsamples)
			return true;
	return false;
}

bool ft_zplot_any_blocks(const struct ft_zplot *zp)
{
	for (int i = 0; i < zp->ntypes; i++)
		for (int s = 0; s < zp->nsets; s++)
			if (zp->types[i].have[s])
				return true;
	return false;
}

int ft_zplot_index_px(const struct ft_zplot *zp, int unit_px)
{
	return (int)ceil(zp->ytop * unit_px);
}

/* ---- data files ---- */

/* x centre, y, half width, index: one box per run of equal columns */
static void write_runs(FILE *f, const struct ft_zplot *zp, const struct ft_zstrip *st,
		       const struct ft_zcell **held)
{
	double w = col_w(zp);

	for (int o = 0; o < st->z->norders; o++) {
		for (long c = 0; c < zp->ncols; c++) {
			long e = c;
			short v;
			double l, r;

			if (!held[c] || held[c]->index[o] == FT_ZINDEX_NONE)
				continue;
			v = held[c]->index[o];
			while (e + 1 < zp->ncols && held[e + 1] && held[e + 1]->index[o] == v)
				e++;
			l = zp->xmin + c * w;
			r = fmin(zp->xmin + (e + 1) * w, zp->xmax);
			fprintf(f, "%.9g %g %.9g %d\n", (l + r) / 2, st->lo + 0.5 + o,
				(r - l) / 2, v);
			c = e;
		}
	}
}

static int write_index(const struct ft_zplot *zp, struct ft_outdir *od, const char *stem)
{
	const struct ft_zcell **held = calloc(zp->ncols, sizeof(*held));
	char path[PATH_MAX + 64];
	FILE *f = held ? ft_dat_open(od, stem, "fragidx", path, sizeof(path)) : NULL;
	bool any = false;

	if (!f) {
		if (!held)
			fprintf(stderr, "fragtrack: out of memory\n");
		free(held);
		return held ? -EIO : -ENOMEM;
	}
	fprintf(f, "# x (centre), y (strip bottom + 0.5 + order), half width, index x1000:\n"
		"# the latest sample of each column, held until the next one\n");
	for (int i = 0; i < zp->nstrips; i++) {
		if (!zp->strips[i].z)
			continue;
		held_cells(zp, zp->strips[i].z, held);
		write_runs(f, zp, &zp->strips[i], held);
		any = true;
	}
	/* gnuplot warns of a file without data */
	if (!any)
		fprintf(f, "%.9g 0 0 NaN\n", zp->xmin);
	free(held);
	return ft_dat_close(f, path);
}

/* y label: orders 0, 3, 6 and 9 (THP) of each zone strip */
static int write_zticks(const struct ft_zplot *zp, struct ft_outdir *od, const char *stem)
{
	char path[PATH_MAX + 64];
	FILE *f = ft_dat_open(od, stem, "zticks", path, sizeof(path));

	if (!f)
		return -EIO;
	for (int i = 0; i < zp->nstrips; i++) {
		const struct ft_zstrip *st = &zp->strips[i];

		for (int o = 0; st->z && o < st->z->norders; o += 3)
			fprintf(f, "%g \"%s%d\"\n", st->lo + 0.5 + o,
				o == FT_THP_ORDER ? "THP " : "", o);
	}
	if (!zp->nstrips)
		fprintf(f, "0 \"\"\n");
	return ft_dat_close(f, path);
}

/* Pageblocks of type t summed over the zones held in a column. */
struct pb_col {
	long long sum[FT_SAMPLE_TYPES];
	bool any;
};

static void pb_column(const struct ft_zplot *zp, int s, const struct ft_zcell *const *held,
		      struct pb_col *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < zp->zs[s]->nzones; i++) {
		const struct ft_zcell *c = held[i];

		if (!c || !c->has_blocks)
			continue;
		for (int t = 0; t < FT_SAMPLE_TYPES; t++)
			out->sum[t] += c->blocks[t];
		out->any = true;
	}
}

static void pb_row(FILE *f, struct ft_zplot *zp, int s, double x, const struct pb_col *pc)
{
	fprintf(f, "%.9g", x);
	for (int i = 0; i < zp->ntypes; i++) {
		const struct ft_ztype *t = &zp->types[i];
		long long d;

		if (!t->have[s]) {
			fputs(" NaN", f);
			continue;
		}
		d = pc->sum[t->slot[s]] - t->first[s];
		zp->pb_lo = fmin(zp->pb_lo, (double)d);
		zp->pb_hi = fmax(zp->pb_hi, (double)d);
		fprintf(f, " %lld", d);
	}
	fputc('\n', f);
}

/* Held cells of every zone of recording s, column by column. */
static const struct ft_zcell **held_all(const struct ft_zplot *zp, int s)
{
	const struct ft_zones *zs = zp->zs[s];
	const struct ft_zcell **held = calloc((size_t)zp->ncols * (zs->nzones ? zs->nzones : 1),
					      sizeof(*held));
	const struct ft_zcell **col = held ? malloc(zp->ncols * sizeof(*col)) : NULL;

	if (!col) {
		free(held);
		return NULL;
	}
	for (int i = 0; i < zs->nzones; i++) {
		held_cells(zp, &zs->zones[i], col);
		for (long c = 0; c < zp->ncols; c++)
			held[c * zs->nzones + i] = col[c];
	}
	free(col);
	return held;
}

/* x (column start), then per type the pageblocks gained since the first
 * sample; a last row closes the last step */
static int write_blocks(struct ft_zplot *zp, int s, struct ft_outdir *od, const char *stem)
{
	const struct ft_zcell **held = held_all(zp, s);
	char path[PATH_MAX + 64], what[16];
	struct pb_col pc, last = { .any = false };
	long lastc = -1;
	FILE *f;

	snprintf(what, sizeof(what), "blocks-%c", 'a' + s);
	f = held ? ft_dat_open(od, stem, what, path, sizeof(path)) : NULL;
	if (!f) {
		if (!held)
			fprintf(stderr, "fragtrack: out of memory\n");
		free(held);
		return held ? -EIO : -ENOMEM;
	}
	fprintf(f, "# column start (s), then per migrate type the pageblocks gained since the "
		"first sample, summed over zones\n");
	for (long c = 0; c < zp->ncols; c++) {
		pb_column(zp, s, held + c * zp->zs[s]->nzones, &pc);
		if (!pc.any)
			continue;
		pb_row(f, zp, s, zp->xmin + c * col_w(zp), &pc);
		last = pc;
		lastc = c;
	}
	if (lastc >= 0)
		pb_row(f, zp, s, fmin(zp->xmin + (lastc + 1) * col_w(zp), zp->xmax), &last);
	else
		fprintf(f, "%.9g NaN\n", zp->xmin);
	free(held);
	return ft_dat_close(f, path);
}

int ft_zplot_write_index(struct ft_zplot *zp, struct ft_outdir *od, const char *stem)
{
	return write_index(zp, od, stem) || write_zticks(zp, od, stem) ? -EIO : 0;
}

int ft_zplot_write_blocks(struct ft_zplot *zp, struct ft_outdir *od, const char *stem)
{
	zp->pb_lo = zp->pb_hi = 0;
	for (int s = 0; s < zp->nsets; s++)
		if (write_blocks(zp, s, od, stem))
			return -EIO;
	return 0;
}

/* ---- the script's settings ---- */

static void gp_elem_str(FILE *f, const char *array, int i, const char *s)
{
	fprintf(f, "%s[%d] = ", array, i + 1);
	ft_gp_quote(f, s);
	fputc('\n', f);
}

static void header_strips(FILE *f, const struct ft_zplot *zp)
{
	int n = zp->nstrips ? zp->nstrips : 1, zones = 0;

	for (int i = 0; i < zp->nstrips; i++)
		zones += zp->strips[i].z != NULL;
	ft_gp_setint(f, "n_strips", zp->nstrips);
	/* only message strips: no tics, no data to plot */
	ft_gp_setint(f, "n_zone_strips", zones);
	fprintf(f, "array strip_lo[%d]\narray strip_hi[%d]\narray strip_set[%d]\n"
		"array strip_msg[%d]\narray strip_text[%d]\n", n, n, n, n, n);
	for (int i = 0; i < zp->nstrips; i++) {
		const struct ft_zstrip *st = &zp->strips[i];

		fprintf(f, "strip_lo[%d] = %g; strip_hi[%d] = %g; strip_set[%d] = %d; "
			"strip_msg[%d] = %d\n", i + 1, st->lo, i + 1, st->hi, i + 1, st->set,
			i + 1, !st->z);
		gp_elem_str(f, "strip_text", i, st->text);
	}
	ft_gp_setnum(f, "zs_ytop", zp->ytop);
	ft_gp_setint(f, "zs_hidden", zp->hidden);
	ft_gp_setstr(f, "zs_flat", zp->flat);
}

/* "Unmovable 155 -> 167 (+12)" */
static void type_key(const struct ft_ztype *t, int s, char *buf, size_t len)
{
	if (!t->have[s])
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%s %lld \xe2\x86\x92 %lld (%+lld)", t->name, t->first[s],
			 t->last[s], t->last[s] - t->first[s]);
}

static void header_types(FILE *f, const struct ft_zplot *zp)
{
	int n = zp->ntypes ? zp->ntypes : 1;
	char key[96], name[16];

	ft_gp_setint(f, "n_ptypes", zp->ntypes);
	fprintf(f, "array pt_rgb[%d]\n", n);
	for (int s = 0; s < zp->nsets; s++)
		fprintf(f, "array pt_key_%c[%d]\n", 'a' + s, n);
	for (int i = 0; i < zp->ntypes; i++) {
		fprintf(f, "pt_rgb[%d] = %u\n", i + 1, zp->types[i].rgb);
		for (int s = 0; s < zp->nsets; s++) {
			type_key(&zp->types[i], s, key, sizeof(key));
			snprintf(name, sizeof(name), "pt_key_%c", 'a' + s);
			gp_elem_str(f, name, i, key);
		}
	}
	ft_gp_setint(f, "zs_blocks", ft_zplot_any_blocks(zp));
	ft_gp_setnum(f, "pb_lo", zp->pb_lo);
	ft_gp_setnum(f, "pb_hi", zp->pb_hi);
}

/* "999 (Normal)", "1000 (Normal) at 10.0 s", or "n/a" */
static bool thp_text(const struct ft_zones *zs, bool peak, bool when, char *buf, size_t len)
{
	const struct ft_zone *z = ft_zones_worst(zs, FT_THP_ORDER, peak);
	char label[48];
	int n;

	if (!z) {
		snprintf(buf, len, "n/a");
		return false;
	}
	ft_zone_label(zs, z, label, sizeof(label));
	n = snprintf(buf, len, "%d (%s)", peak ? z->peak_index[FT_THP_ORDER] :
		     z->last_index[FT_THP_ORDER], label);
	if (when && n < (int)len)
		snprintf(buf + n, len - n, " at %.1f s", z->peak_t[FT_THP_ORDER]);
	return true;
}

static void header_files(FILE *f, const struct ft_zplot *zp, const char *stem)
{
	static const char *const what[] = { "fragidx", "zticks", "blocks-a", "blocks-b" };
	static const char *const var[] = { "f_fragidx", "f_zticks", "f_blocks_a", "f_blocks_b" };
	char file[320];

	for (int i = 0; i < 2 + zp->nsets; i++) {
		snprintf(file, sizeof(file), "%s-%s.dat", stem, what[i]);
		fprintf(f, "%s = datadir.", var[i]);
		ft_gp_quote(f, file);
		fputc('\n', f);
	}
}

void ft_zplot_header(FILE *f, const struct ft_zplot *zp, const char *stem)
{
	char text[160], name[32];

	fprintf(f, "# fragmentation samples: index heatmap strips, pageblock types\n");
	header_files(f, zp, stem);
	ft_gp_setint(f, "zs_any", ft_zplot_any(zp));
	ft_gp_setint(f, "zs_orders", zp->norders);
	ft_gp_setnum(f, "zs_colw", col_w(zp));
	for (int s = 0; s < zp->nsets; s++) {
		snprintf(name, sizeof(name), "zs_samples_%c", 'a' + s);
		ft_gp_setint(f, name, (long long)zp->zs[s]->nsamples);
		thp_text(zp->zs[s], false, false, text, sizeof(text));
		snprintf(name, sizeof(name), "thp_final_%c", 'a' + s);
		ft_gp_setstr(f, name, text);
		thp_text(zp->zs[s], true, true, text, sizeof(text));
		snprintf(name, sizeof(name), "thp_peak_%c", 'a' + s);
		ft_gp_setstr(f, name, text);
	}
	header_strips(f, zp);
	header_types(f, zp);
}

/* ---- the comparison table ---- */

static void table_row(FILE *f, int row, const char *metric, const char *a, const char *b, int v)
{
	fprintf(f, "%d ", row);
	ft_dat_str(f, metric);
	fputc(' ', f);
	ft_dat_str(f, a);
	fputc(' ', f);
	ft_dat_str(f, b);
	fprintf(f, " %d\n", v);
}

/* 1: A better, 2: B better, 0: equal, -1: undefined; lower is better */
static int lower_better(bool ha, double a, bool hb, double b)
{
	if (!ha || !hb)
		return -1;
	return a == b ? 0 : a < b ? 1 : 2;
}

static void row_thp(FILE *f, int row, const struct ft_zplot *zp, bool peak)
{
	char text[FT_ZP_SETS][160];
	bool have[FT_ZP_SETS];
	double v[FT_ZP_SETS] = { 0, 0 };

	for (int s = 0; s < FT_ZP_SETS; s++) {
		const struct ft_zone *z = ft_zones_worst(zp->zs[s], FT_THP_ORDER, peak);

		have[s] = thp_text(zp->zs[s], peak, false, text[s], sizeof(text[s]));
		if (z)
			v[s] = peak ? z->peak_index[FT_THP_ORDER] : z->last_index[FT_THP_ORDER];
	}
	table_row(f, row, peak ? "Peak index at order 9, THP (lower is better)" :
		  "Final index at order 9, THP (lower is better)", text[0], text[1],
		  lower_better(have[0], v[0], have[1], v[1]));
}

static void row_gained(FILE *f, int row, const struct ft_zplot *zp, const char *type)
{
	char text[FT_ZP_SETS][32], metric[80];
	bool have[FT_ZP_SETS];
	long long d[FT_ZP_SETS] = { 0, 0 };

	for (int s = 0; s < FT_ZP_SETS; s++) {
		int t = ft_zones_type(zp->zs[s], type);
		long long first, last;

		have[s] = ft_zones_blocks(zp->zs[s], t, false, &first) &&
			  ft_zones_blocks(zp->zs[s], t, true, &last);
		d[s] = have[s] ? last - first : 0;
		snprintf(text[s], sizeof(text[s]), have[s] ? "%+lld" : "n/a", d[s]);
	}
	snprintf(metric, sizeof(metric), "%s pageblocks gained (fewer is better)", type);
	table_row(f, row, metric, text[0], text[1], lower_better(have[0], d[0], have[1], d[1]));
}

int ft_zplot_table(FILE *f, int row, const struct ft_zplot *zp)
{
	if (zp->nsets != FT_ZP_SETS)
		return 0;
	row_thp(f, row, zp, false);
	row_thp(f, row + 1, zp, true);
	row_gained(f, row + 2, zp, "Unmovable");
	row_gained(f, row + 3, zp, "Reclaimable");
	return 4;
}
