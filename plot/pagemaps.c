// SPDX-License-Identifier: GPL-2.0
#include "plot/pagemaps.h"

#include <errno.h>
#include <math.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "plot/gnuplot.h"

void ft_maps_init(struct ft_maps *m)
{
	memset(m, 0, sizeof(*m));
}

static void scan_clear(struct ft_maps_scan *s)
{
	for (int z = 0; z < s->nzones; z++)
		free(s->zones[z].map);
	memset(s, 0, sizeof(*s));
}

void ft_maps_free(struct ft_maps *m)
{
	scan_clear(&m->cur);
	scan_clear(&m->first);
	scan_clear(&m->worst);
	scan_clear(&m->last);
	free(m->points);
	memset(m, 0, sizeof(*m));
}

long long ft_maps_capable(const long long counts[FT_PM_CLASSES])
{
	return counts[FT_PM_FREE] + counts[FT_PM_MOVABLE] + counts[FT_PM_HUGE];
}

static int scan_dup(struct ft_maps_scan *dst, const struct ft_maps_scan *src)
{
	scan_clear(dst);
	*dst = *src;
	for (int z = 0; z < src->nzones; z++) {
		dst->zones[z].map = strdup(src->zones[z].map);
		if (!dst->zones[z].map) {
			dst->nzones = z;
			return -ENOMEM;
		}
	}
	return 0;
}

static struct ft_maps_point totals(const struct ft_maps_scan *s)
{
	struct ft_maps_point p = { .t = s->t };

	for (int z = 0; z < s->nzones; z++) {
		for (int c = 0; c < FT_PM_CLASSES; c++)
			p.counts[c] += s->zones[z].counts[c];
		p.polluted_unflagged += s->zones[z].polluted_unflagged;
		p.blocks += s->zones[z].blocks;
	}
	return p;
}

/* Zones in pfn order: the map is drawn that way */
static void sort_zones(struct ft_maps_scan *s)
{
	for (int i = 1; i < s->nzones; i++) {
		struct ft_maps_zone z = s->zones[i];
		int j = i;

		for (; j > 0 && s->zones[j - 1].start_pfn > z.start_pfn; j--)
			s->zones[j] = s->zones[j - 1];
		s->zones[j] = z;
	}
}

static int push_point(struct ft_maps *m, struct ft_maps_point p)
{
	if (m->nscans == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct ft_maps_point *n = realloc(m->points, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		m->points = n;
		m->cap = cap;
	}
	m->points[m->nscans++] = p;
	return 0;
}

static int close_scan(struct ft_maps *m)
{
	struct ft_maps_point p;
	int err;

	if (!m->have_cur)
		return 0;
	m->have_cur = false;
	sort_zones(&m->cur);
	p = totals(&m->cur);
	err = push_point(m, p);
	m->seconds_sum += m->cur.seconds;
	m->cpu_sum += m->cur.cpu;
	if (m->cur.seconds > m->seconds_max)
		m->seconds_max = m->cur.seconds;
	if (!err && m->nscans == 1)
		err = scan_dup(&m->first, &m->cur);
	if (!err && (m->nscans == 1 ||
		     ft_maps_capable(p.counts) < ft_maps_capable(totals(&m->worst).counts)))
		err = scan_dup(&m->worst, &m->cur);
	scan_clear(&m->last);
	m->last = m->cur; /* the maps move over */
	memset(&m->cur, 0, sizeof(m->cur));
	return err;
}

int ft_maps_add(struct ft_maps *m, const struct ft_map_record *r)
{
	struct ft_maps_zone *z;
	int err = 0;

	if (m->have_cur && m->cur.scan != r->scan)
		err = close_scan(m);
	if (err)
		return err;
	if (!m->have_cur) {
		m->have_cur = true;
		m->cur.scan = r->scan;
		m->cur.t = r->timestamp;
		m->cur.seconds = r->scan_seconds;
		m->cur.cpu = r->scan_cpu_seconds;
	}
	if (m->cur.nzones == FT_MAPS_ZONES) {
		m->dropped++;
		return 0;
	}
	z = &m->cur.zones[m->cur.nzones];
	memset(z, 0, sizeof(*z));
	z->map = strndup(r->map, r->map_len);
	if (!z->map)
		return -ENOMEM;
	z->node = r->node;
	memcpy(z->zone, r->zone, sizeof(z->zone));
	z->start_pfn = r->start_pfn;
	z->spanned = r->spanned;
	z->blocks = r->blocks;
	z->block_pages = r->pageblock_pages;
	memcpy(z->counts, r->counts, sizeof(z->counts));
	z->polluted_unflagged = r->polluted_unflagged;
	m->cur.nzones++;
	return 0;
}

int ft_maps_finish(struct ft_maps *m)
{
	return close_scan(m);
}

/* ---- report ---- */

static void report_zone(FILE *out, const struct ft_maps_zone *z, bool nodes)
{
	char name[40];

	if (nodes)
		snprintf(name, sizeof(name), "node %lld %s", z->node, z->zone);
	else
		snprintf(name, sizeof(name), "%s", z->zone);
	fprintf(out, "    %-16s %7lld", name, z->blocks);
	for (int c = 0; c < FT_PM_CLASSES; c++)
		fprintf(out, " %9lld", z->counts[c]);
	fprintf(out, " %9lld %9lld\n", ft_maps_capable(z->counts), z->polluted_unflagged);
}

static void report_scan(FILE *out, const char *what, const struct ft_maps_scan *s, bool nodes)
{
	struct ft_maps_point p = totals(s);

	fprintf(out, "  %s, scan %lld at %.1f s: %lld of %lld pageblocks could become a huge page (%.1f%%)\n",
		what, s->scan, s->t, ft_maps_capable(p.counts), p.blocks,
		p.blocks ? 100.0 * (double)ft_maps_capable(p.counts) / (double)p.blocks : 0.0);
	for (int z = 0; z < s->nzones; z++)
		report_zone(out, &s->zones[z], nodes);
}

static bool many_nodes(const struct ft_maps_scan *s)
{
	for (int z = 1; z < s->nzones; z++)
		if (s->zones[z].node != s->zones[0].node)
			return true;
	return false;
}

void ft_maps_report(FILE *out, const struct ft_maps *m)
{
	bool nodes = many_nodes(&m->last);

	if (!m->nscans) {
		fprintf(out, "\nMemory map: no pageblock_map records (recorded with --map-interval 0, "
			     "without /proc/kpageflags, or by an older tracer)\n");
		return;
	}
	fprintf(out, "\nMemory map (pageblocks of %lld pages; %lu scans, %.2f s and %.2f s CPU each "
		     "on average, at most %.2f s):\n",
		m->last.nzones ? m->last.zones[0].block_pages : 0, m->nscans,
		m->seconds_sum / (double)m->nscans, m->cpu_sum / (double)m->nscans, m->seconds_max);
	fprintf(out, "    %-16s %7s", "zone", "blocks");
	for (int c = 0; c < FT_PM_CLASSES; c++)
		fprintf(out, " %9s", ft_pm_class_name(c));
	fprintf(out, " %9s %9s\n", "capable", "unflagged");
	report_scan(out, "start", &m->first, nodes);
	report_scan(out, "worst", &m->worst, nodes);
	report_scan(out, "end", &m->last, nodes);
	fprintf(out, "  capable: free + movable + huge.  unflagged: polluted only by pages without\n"
		     "  flags (free on per-CPU lists, or unflagged kernel allocations)\n");
	if (m->dropped)
		fprintf(out, "  (%lu zone records past %d zones per scan left out)\n", m->dropped,
			FT_MAPS_ZONES);
}

/* ---- the memory map image ---- */

#define MM_W 1500
#define MM_LEFT 70
#define MM_GAP 30
#define MM_TOP 130
#define MM_STRIP_H 300
/* more pageblocks than this (32 TiB of 2 MiB blocks) are not drawn: the
 * maps are decoded to a byte each */
#define MM_MAX_BLOCKS (1LL << 24)

struct mm_layout {
	long long total;       /* pageblocks over the zones */
	int cols, rows;
	int map_w, map_h;
	int nmaps;
};

static long long scan_blocks(const struct ft_maps_scan *s)
{
	long long n = 0;

	for (int z = 0; z < s->nzones; z++)
		n += s->zones[z].blocks;
	return n;
}

static void mm_layout(struct mm_layout *l, long long total, int nmaps)
{
	l->total = total;
	l->nmaps = nmaps;
	l->cols = 16;
	while ((long long)l->cols * l->cols < total && l->cols < 4096)
		l->cols *= 2;
	l->rows = (int)((total + l->cols - 1) / l->cols);
	if (l->rows < 1)
		l->rows = 1;
	l->map_w = (MM_W - MM_LEFT - 40 - (nmaps - 1) * MM_GAP) / nmaps;
	l->map_h = (int)((long long)l->map_w * l->rows / l->cols);
	if (l->map_h > 700)
		l->map_h = 700;
	if (l->map_h < 120)
		l->map_h = 120;
}

/* One map as a matrix: a row of classes per line, the last padded with -1 */
static int write_grid(const struct ft_maps_scan *s, const struct mm_layout *l,
		      struct ft_outdir *od, const char *stem, const char *what)
{
	char path[4096];
	FILE *f = ft_dat_open(od, stem, what, path, sizeof(path));
	long long i = 0;
	int err = 0;

	if (!f)
		return -EIO;
	for (int z = 0; z < s->nzones && !err; z++) {
		const struct ft_maps_zone *mz = &s->zones[z];
		uint8_t *cls = malloc(mz->blocks ? (size_t)mz->blocks : 1);

		if (!cls || ft_pm_decode(mz->map, strlen(mz->map), cls, (size_t)mz->blocks)) {
			/* checked by the reader: only memory fails */
			fprintf(stderr, "fragtrack: out of memory\n");
			err = -ENOMEM;
		}
		for (long long b = 0; !err && b < mz->blocks && i < l->total; b++, i++)
			fprintf(f, "%d%c", cls[b], (i + 1) % l->cols ? ' ' : '\n');
		free(cls);
	}
	for (; i < (long long)l->rows * l->cols; i++)
		fprintf(f, "-1%c", (i + 1) % l->cols ? ' ' : '\n');
	return ft_dat_close(f, path) || err ? -EIO : 0;
}

/* Where each zone starts on a map: "col row name" */
static int write_zone_marks(const struct ft_maps_scan *s, const struct mm_layout *l,
			    struct ft_outdir *od, const char *stem, const char *what)
{
	char path[4096];
	FILE *f = ft_dat_open(od, stem, what, path, sizeof(path));
	long long i = 0;

	if (!f)
		return -EIO;
	for (int z = 0; z < s->nzones; z++) {
		long long next = i + s->zones[z].blocks;

		/* zone names are letters, digits and '_' (checked on reading);
		 * zones starting on one row share its mark */
		fprintf(f, "%lld %lld %s", i % l->cols, i / l->cols, s->zones[z].zone);
		while (z + 1 < s->nzones && next / l->cols == i / l->cols) {
			fprintf(f, ",%s", s->zones[++z].zone);
			next += s->zones[z].blocks;
		}
		fputc('\n', f);
		i = next;
	}
	return ft_dat_close(f, path) ? -EIO : 0;
}

/* The totals per scan: t hole free movable polluted unmovable huge unflagged blocks */
static int write_strip(const struct ft_maps *m, struct ft_outdir *od, const char *stem,
		       const char *what)
{
	char path[4096];
	FILE *f = ft_dat_open(od, stem, what, path, sizeof(path));

	if (!f)
		return -EIO;
	for (unsigned long k = 0; k < m->nscans; k++) {
		const struct ft_maps_point *p = &m->points[k];

		fprintf(f, "%.3f", p->t);
		for (int c = 0; c < FT_PM_CLASSES; c++)
			fprintf(f, " %lld", p->counts[c]);
		fprintf(f, " %lld %lld\n", p->polluted_unflagged, p->blocks ? p->blocks : 1);
	}
	return ft_dat_close(f, path) ? -EIO : 0;
}

static void gp_array_str(FILE *f, const char *name, int i, const char *s)
{
	char key[64];

	snprintf(key, sizeof(key), "%s[%d]", name, i);
	ft_gp_setstr(f, key, s);
}

static void scan_note(const struct ft_maps_scan *s, char *buf, size_t len)
{
	struct ft_maps_point p = totals(s);

	snprintf(buf, len, "%lld of %lld could become a huge page (%.1f%%), %lld polluted",
		 ft_maps_capable(p.counts), p.blocks,
		 p.blocks ? 100.0 * (double)ft_maps_capable(p.counts) / (double)p.blocks : 0.0,
		 p.counts[FT_PM_POLLUTED]);
}

struct mm_map {
	const struct ft_maps_scan *scan;
	char title[200];
};

static int write_maps(FILE *gp, const struct mm_map *maps, int n, const struct mm_layout *l,
		      struct ft_outdir *od, const char *stem)
{
	fprintf(gp, "array mm_map_titles[%d]\narray mm_map_notes[%d]\n", n, n);
	fprintf(gp, "array mm_grid_files[%d]\narray mm_zone_files[%d]\n", n, n);
	for (int i = 0; i < n; i++) {
		char what[32], name[512], note[200];

		snprintf(what, sizeof(what), "grid%d", i + 1);
		if (write_grid(maps[i].scan, l, od, stem, what))
			return -EIO;
		snprintf(name, sizeof(name), "%s-%s.dat", stem, what);
		gp_array_str(gp, "mm_grid_files", i + 1, name);
		snprintf(what, sizeof(what), "zones%d", i + 1);
		if (write_zone_marks(maps[i].scan, l, od, stem, what))
			return -EIO;
		snprintf(name, sizeof(name), "%s-%s.dat", stem, what);
		gp_array_str(gp, "mm_zone_files", i + 1, name);
		gp_array_str(gp, "mm_map_titles", i + 1, maps[i].title);
		scan_note(maps[i].scan, note, sizeof(note));
		gp_array_str(gp, "mm_map_notes", i + 1, note);
	}
	return 0;
}

static int write_strips(FILE *gp, const struct ft_maps *const *sets, const char *const *labels,
			int nsets, struct ft_outdir *od, const char *stem)
{
	fprintf(gp, "array mm_strip_titles[%d]\narray mm_strip_files[%d]\n", nsets, nsets);
	for (int s = 0; s < nsets; s++) {
		const struct ft_maps *m = sets[s];
		struct ft_maps_point *end = &m->points[m->nscans - 1];
		char what[32], name[512], title[400];

		snprintf(what, sizeof(what), "strip%d", s + 1);
		if (write_strip(m, od, stem, what))
			return -EIO;
		snprintf(name, sizeof(name), "%s-%s.dat", stem, what);
		gp_array_str(gp, "mm_strip_files", s + 1, name);
		snprintf(title, sizeof(title), "%s%sshare of pageblocks per class, %lu scans; at the end "
			 "%lld could become a huge page", nsets > 1 ? labels[s] : "",
			 nsets > 1 ? ": " : "", m->nscans, ft_maps_capable(end->counts));
		gp_array_str(gp, "mm_strip_titles", s + 1, title);
	}
	return 0;
}

static void time_range(const struct ft_maps *const *sets, int nsets, double *lo, double *hi)
{
	*lo = 0;
	*hi = 1;
	for (int s = 0; s < nsets; s++)
		for (unsigned long k = 0; k < sets[s]->nscans; k++)
			if (sets[s]->points[k].t > *hi)
				*hi = sets[s]->points[k].t;
	/* up to the millisecond the strips' files are written in: a last scan
	 * at 27.0327 s written as 27.033 lies past a range ending at 27.0327,
	 * and gnuplot clips a filled band by cutting its polygon (a wedge of
	 * the band went missing), not by interpolating its edges */
	*hi = ceil(*hi * 1000) / 1000;
}

static void subtitle(const struct ft_maps *const *sets, const char *const *labels, int nsets,
		     char *buf, size_t len)
{
	const struct ft_maps *a = sets[0];
	long long ca = ft_maps_capable(a->points[a->nscans - 1].counts);

	if (nsets == 1) {
		snprintf(buf, len, "%s  \xc2\xb7  %lu scans, %.2f s (%.2f s CPU) each on average",
			 labels[0], a->nscans, a->seconds_sum / (double)a->nscans,
			 a->cpu_sum / (double)a->nscans);
		return;
	}
	long long cb = ft_maps_capable(sets[1]->points[sets[1]->nscans - 1].counts);

	snprintf(buf, len, "pageblocks that could become a huge page at the end: %s %lld, %s %lld "
		 "(B - A = %+lld)", labels[0], ca, labels[1], cb, cb - ca);
}

static int write_header(FILE *gp, const struct ft_maps *const *sets, const char *const *labels,
			int nsets, const struct mm_layout *l, const char *dir, const char *image,
			const char *ext)
{
	char sub[600];
	double tmin, tmax;
	int h = MM_TOP + l->map_h + 70 + nsets * (MM_STRIP_H + 90) + 60;

	fprintf(gp, "# fragtrack %s: the memory map.  Re-render: gnuplot THIS.gp\n", FRAGTRACK_VERSION);
	ft_gp_begin(gp);
	fprintf(gp, "if (!exists(\"datadir\")) datadir = ");
	ft_gp_quote(gp, dir);
	fprintf(gp, ".'/'\n");
	ft_gp_setstr(gp, "out_format", ext);
	fprintf(gp, "if (!exists(\"outfile\")) outfile = datadir.");
	ft_gp_quote(gp, image);
	fputc('\n', gp);
	ft_gp_setint(gp, "mm_w", MM_W);
	ft_gp_setint(gp, "mm_h", h);
	ft_gp_setint(gp, "mm_top", MM_TOP);
	ft_gp_setint(gp, "mm_left", MM_LEFT);
	ft_gp_setint(gp, "mm_gap", MM_GAP);
	ft_gp_setint(gp, "mm_bottom", 60);
	ft_gp_setint(gp, "mm_map_w", l->map_w);
	ft_gp_setint(gp, "mm_map_h", l->map_h);
	ft_gp_setint(gp, "mm_cols", l->cols);
	ft_gp_setint(gp, "mm_rows", l->rows);
	ft_gp_setint(gp, "mm_nmaps", l->nmaps);
	ft_gp_setint(gp, "mm_nstrips", nsets);
	time_range(sets, nsets, &tmin, &tmax);
	ft_gp_setnum(gp, "mm_tmin", tmin);
	ft_gp_setnum(gp, "mm_tmax", tmax);
	ft_gp_setstr(gp, "mm_title", nsets > 1 ? "Memory map: A/B comparison"
					       : "Memory map: every pageblock, by what it holds");
	subtitle(sets, labels, nsets, sub, sizeof(sub));
	ft_gp_setstr(gp, "mm_subtitle", sub);
	return 0;
}

static void map_title(struct mm_map *m, const char *label, const char *what,
		      const struct ft_maps_scan *s, int cols)
{
	snprintf(m->title, sizeof(m->title), "%s%s%s at %.0f s  (%d pageblocks a row)", label,
		 label[0] ? ": " : "", what, s->t, cols);
	m->scan = s;
}

int ft_maps_plot(const struct ft_maps *const *sets, const char *const *labels, int nsets,
		 struct ft_outdir *od, const char *stem, const char *ext, char *shown,
		 size_t shownlen)
{
	char script[NAME_MAX + 1], image[NAME_MAX + 1];
	struct mm_map maps[3];
	struct mm_layout l;
	int nmaps = 0, err;
	FILE *gp, *img;

	for (int s = 0; s < nsets; s++) {
		if (scan_blocks(&sets[s]->first) > MM_MAX_BLOCKS ||
		    scan_blocks(&sets[s]->worst) > MM_MAX_BLOCKS ||
		    scan_blocks(&sets[s]->last) > MM_MAX_BLOCKS) {
			fprintf(stderr, "fragtrack: a memory map of more than %lld pageblocks: "
					"not drawn\n", MM_MAX_BLOCKS);
			return -EINVAL;
		}
	}
	if (nsets == 1) {
		map_title(&maps[nmaps++], "", "start", &sets[0]->first, 0);
		map_title(&maps[nmaps++], "", "worst", &sets[0]->worst, 0);
		map_title(&maps[nmaps++], "", "end", &sets[0]->last, 0);
	} else {
		map_title(&maps[nmaps++], labels[0], "end", &sets[0]->last, 0);
		map_title(&maps[nmaps++], labels[1], "end", &sets[1]->last, 0);
	}
	mm_layout(&l, scan_blocks(&sets[0]->last) > scan_blocks(&sets[nsets - 1]->last)
			      ? scan_blocks(&sets[0]->last) : scan_blocks(&sets[nsets - 1]->last),
		  nmaps);
	for (int i = 0; i < nmaps; i++) /* the titles again, now with the row width */
		map_title(&maps[i], nsets > 1 ? labels[i] : "",
			  nsets > 1 ? "end" : (const char *[]){ "start", "worst", "end" }[i],
			  maps[i].scan, l.cols);
	snprintf(script, sizeof(script), "%.240s.gp", stem);
	snprintf(image, sizeof(image), "%.240s.%.3s", stem, ext);
	snprintf(shown, shownlen, "%s/%s", od->path, image);
	gp = ft_outdir_create(od, script);
	if (!gp)
		return -EIO;
	err = write_header(gp, sets, labels, nsets, &l, od->path, image, ext);
	if (!err)
		err = write_maps(gp, maps, nmaps, &l, od, stem);
	if (!err)
		err = write_strips(gp, sets, labels, nsets, od, stem);
	if (!err)
		err = ft_gp_append_template(gp, "memmap.gp");
	if ((ferror(gp) | fclose(gp)) && !err) {
		fprintf(stderr, "fragtrack: cannot write %s/%s\n", od->path, script);
		err = -EIO;
	}
	/* the image, empty: gnuplot writes into the file we created */
	img = err ? NULL : ft_outdir_create(od, image);
	if (!err && (!img || ft_dat_close(img, image)))
		err = -EIO;
	if (!err) {
		char gp_shown[PATH_MAX + 300];

		snprintf(gp_shown, sizeof(gp_shown), "%s/%s", od->path, script);
		if (ft_gp_run(od->stagefd, script, gp_shown)) {
			ft_outdir_drop(od, image); /* no half image */
			err = -EIO;
		}
	}
	return err;
}
