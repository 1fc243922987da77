// SPDX-License-Identifier: GPL-2.0
/*
 * fragtrack watch: a live full-screen view of a tracing run.
 *
 * The run (trace/run.c) records to the file exactly as record does; watch
 * is a view of it: what it shows is kept in ui/watchstate.c (counters 'r'
 * resets, rate history, latest sample per zone, the snapshot 'p'
 * freezes); this file draws it with ncurses every --interval.
 * Keys are read after every wait for events (at most 100 ms apart), not
 * only at redraws, so they stay responsive at long intervals.
 *
 * Without a terminal (stdout not a tty, or curses unable to start) it
 * prints one plain summary line per interval instead.
 */
#include "ui/watch.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/watchstate.h"


#define SPARK_SPAN 120  /* seconds of history a sparkline aims to cover */
#define MAX_COLS 1024
#define MIN_COLS 64     /* the help box's width */
#define MIN_ROWS 16
#define WIDE_COLS 120   /* from here the compaction table gets a column */
#define KEY_CHECK 0.05  /* seconds between looks at the keyboard */

/* The three event kinds that get a rate row, with console.c's colours:
 * rows in enum ft_kind's order, as the rates are kept. */
enum { RATE_EXTFRAG, RATE_OK, RATE_FAIL, NRATES };
_Static_assert((int)RATE_EXTFRAG == (int)FT_KIND_EXTFRAG &&
	       (int)RATE_OK == (int)FT_KIND_COMPACTION_SUCCESS &&
	       (int)RATE_FAIL == (int)FT_KIND_COMPACTION_FAILURE && (int)NRATES == (int)FT_KIND_COUNT,
	       "a rate row per kind, in order");

enum {
	PAIR_EXTFRAG = 1, PAIR_OK, PAIR_FAIL,
	PAIR_SEV_VBAD, PAIR_SEV_BAD, PAIR_SEV_NEUTRAL, PAIR_SEV_GOOD,
	PAIR_STEAL, PAIR_CLAIM, PAIR_HEAD, PAIR_PAUSED, PAIR_DIM,
	PAIR_MAP0, /* + enum ft_pm_class */
};

static const struct {
	enum ft_kind kind;
	const char *label;
	short pair;
} rate_rows[NRATES] = {
	[RATE_EXTFRAG] = { FT_KIND_EXTFRAG, "extfrag", PAIR_EXTFRAG },
	[RATE_OK] = { FT_KIND_COMPACTION_SUCCESS, "compact ok", PAIR_OK },
	[RATE_FAIL] = { FT_KIND_COMPACTION_FAILURE, "compact fail", PAIR_FAIL },
};

struct watch {
	struct ft_run run;
	double interval;               /* the user's redraw interval */
	bool plain, quiet;
	volatile int stop;             /* 'q' */
	struct ft_watch_state st;      /* what it shows (ui/watchstate.c) */

	/* the terminal */
	FILE *tty;                     /* /dev/tty, when opened */
	FILE *out, *in;
	SCREEN *screen;
	bool curses, utf8, paused, help;
	char note[80];                 /* one-line feedback on the bottom row */
	double keys_checked;           /* monotonic seconds */
};

static struct watch *active;       /* for the atexit() restore */

/* ---- the data side: ui/watchstate.c ---------------------------------- */

static void on_record(struct ft_run *run, const struct ft_record *r, void *arg)
{
	struct watch *w = arg;

	(void)run;
	ft_watch_state_record(&w->st, r);
}

static void on_sample(struct ft_run *run, const struct ft_sample *smp, void *arg)
{
	struct watch *w = arg;

	(void)run;
	ft_watch_state_sample(&w->st, smp);
}

static void on_map(struct ft_run *run, const struct ft_map_sample *s, void *arg)
{
	struct watch *w = arg;

	ft_watch_state_map(&w->st, s, s->start - run->tracer.clock.mono_start_ns / 1e9);
}

static void take_snapshot(struct watch *w)
{
	ft_watch_state_snapshot(&w->st, &w->run);
}

/* ---- formatting -------------------------------------------------------- */

static const char *fmt_rate(char *buf, size_t len, double v)
{
	snprintf(buf, len, v < 10 ? "%.1f" : "%.0f", v);
	return buf;
}

static const char *fmt_time(char *buf, size_t len, double secs)
{
	long s = secs > 0 ? (long)secs : 0;

	snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	return buf;
}

static double pct(unsigned long part, unsigned long whole)
{
	return whole ? 100.0 * part / whole : 0;
}

/* ---- the plain fallback ------------------------------------------------- */

static void plain_line(struct watch *w)
{
	const struct ft_stats *st = &w->run.stats;
	const struct ft_watch_hist *h = &w->st.hist;
	char rate[32];

	fprintf(w->run.human, "[%7.1fs] extfrag %lu (+%s/s) compact ok %lu fail %lu lost %lu\n",
		ft_now_mono() - w->run.started, st->by_kind[FT_KIND_EXTFRAG],
		fmt_rate(rate, sizeof(rate), h->rate[(h->n - 1) % HIST_MAX][RATE_EXTFRAG]),
		st->by_kind[FT_KIND_COMPACTION_SUCCESS], st->by_kind[FT_KIND_COMPACTION_FAILURE],
		ft_tracer_lost(&w->run.tracer));
	fflush(w->run.human);
}

/* ---- drawing helpers ----------------------------------------------------- */

/* printf at (y, x), clipped at the right edge: curses would wrap.  ASCII
 * only, so bytes are columns.  Returns the column after the text. */
static int putf(int y, int x, attr_t attr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n, room = COLS - x;

	if (y < 0 || y >= LINES || room <= 0)
		return x;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return x;
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > room)
		n = room;
	attron(attr);
	mvaddnstr(y, x, buf, n);
	attroff(attr);
	return x + n;
}

/* One glyph (possibly multibyte) in one column. */
static void putglyph(int y, int x, attr_t attr, const char *g)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	attron(attr);
	mvaddstr(y, x, g);
	attroff(attr);
}

static attr_t pair(short p)
{
	if (p == PAIR_DIM && COLORS < 256)
		return A_DIM; /* no grey among 8 colours */
	return has_colors() ? COLOR_PAIR(p) : A_NORMAL;
}

static attr_t head_attr(void)
{
	return pair(PAIR_HEAD) | A_BOLD;
}

/* The seed visualizer's severity colours: dark red, light red, yellow,
 * green, as badges behind the markers (white or black text, as it drew). */
static attr_t severity_attr(int sev2)
{
	if (!has_colors())
		return sev2 <= -2 ? A_BOLD : A_NORMAL;
	if (sev2 <= -4)
		return pair(PAIR_SEV_VBAD) | A_BOLD;
	if (sev2 <= -2)
		return pair(PAIR_SEV_BAD) | A_BOLD;
	if (sev2 >= 2)
		return pair(PAIR_SEV_GOOD) | A_BOLD;
	return pair(PAIR_SEV_NEUTRAL) | A_BOLD;
}

static const char *bar_glyph(struct watch *w)
{
	return w->utf8 ? "\u2588" : "#";
}

/* Horizontal bar of len cells out of width; the rest left blank. */
static void draw_bar(struct watch *w, int y, int x, int len, attr_t attr)
{
	for (int i = 0; i < len; i++)
		putglyph(y, x + i, attr, bar_glyph(w));
}

static int bar_len(unsigned long v, unsigned long max, int width)
{
	int len;

	if (!v || !max || width <= 0)
		return 0;
	len = (int)((double)v / max * width + 0.5);
	return len < 1 ? 1 : len > width ? width : len;
}

/* ---- the sparklines ------------------------------------------------------ */

/* Samples averaged into one column so a line covers about SPARK_SPAN s. */
static unsigned long samples_per_col(const struct watch *w, int width)
{
	double per = SPARK_SPAN / w->interval / (width > 0 ? width : 1);
	unsigned long k = (unsigned long)per + (per > (unsigned long)per);

	return k ? k : 1;
}

/*
 * Column c (0 = leftmost of width) covers the samples of bucket b, buckets
 * being k samples aligned on the absolute sample number, so columns do
 * not shimmer as samples arrive.  The rightmost bucket is the current one.
 */
static bool spark_col(const struct ft_watch_hist *h, int row, unsigned long k, int width, int c,
		      double *mean, double *peak)
{
	unsigned long last = (h->n - 1) / k, back = width - 1 - c, from, to;
	double sum = 0;

	if (!h->n || back > last)
		return false;
	from = (last - back) * k;
	to = from + k < h->n ? from + k : h->n;
	if (h->n - from > HIST_MAX)
		return false;
	for (unsigned long i = from; i < to; i++) {
		double v = h->rate[i % HIST_MAX][row];

		sum += v;
		if (v > *peak)
			*peak = v;
	}
	*mean = sum / (to - from);
	return true;
}

/*
 * Draws the graph, height rows of eighth-cell blocks, and returns the peak
 * rate of the samples it shows.  Each graph scales to its own maximum: the
 * shape matters at a glance, the numbers are beside it.
 */
static double draw_spark(struct watch *w, const struct ft_watch_hist *h, int row, int y, int x,
			 int width, int height)
{
	static const char *const utf8[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
					     "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char *const ascii[] = { " ", ".", ":", "-", "=", "+", "*", "#", "@" };
	const char *const *glyphs = w->utf8 ? utf8 : ascii;
	unsigned long k = samples_per_col(w, width);
	double col[MAX_COLS], max = 0, peak = 0;
	bool have[MAX_COLS];

	if (width > MAX_COLS)
		width = MAX_COLS;
	for (int c = 0; c < width; c++) {
		have[c] = spark_col(h, row, k, width, c, &col[c], &peak);
		if (have[c] && col[c] > max)
			max = col[c];
	}
	for (int c = 0; c < width; c++) {
		int level = 0; /* eighths of a cell, over all rows */

		/* anything above zero shows, however small next to the peak */
		if (have[c] && col[c] > 0 && max > 0)
			level = 1 + (int)(col[c] * (8 * height - 1) / max);
		for (int r = 0; r < height; r++) {
			int fill = level - 8 * (height - 1 - r);

			fill = fill < 0 ? 0 : fill > 8 ? 8 : fill;
			putglyph(y + r, x + c, pair(rate_rows[row].pair), glyphs[fill]);
		}
	}
	return peak;
}

/* ---- the screen's parts, top to bottom -------------------------------- */

static void draw_title(struct watch *w, const struct ft_watch_snap *s)
{
	attr_t bar = A_REVERSE;
	char t[32];
	int x;

	move(0, 0);
	attron(bar);
	hline(' ', COLS);
	attroff(bar);
	x = putf(0, 0, bar | A_BOLD, " fragtrack watch");
	putf(0, x, bar, "   run %s   every %gs", fmt_time(t, sizeof(t), s->runtime),
	     w->interval);
	if (w->paused)
		putf(0, COLS - 9, pair(PAIR_PAUSED) | A_BOLD, " PAUSED ");
	else
		putf(0, COLS - 7, bar | A_BOLD, " LIVE ");
}

static void draw_file(struct watch *w, const struct ft_watch_snap *s, int y)
{
	bool stdout_data = strcmp(w->run.output, "-") == 0;
	int x;

	x = putf(y, 0, A_NORMAL, " recording %s", stdout_data ? "to stdout (JSON lines)" :
		 w->run.output);
	x = putf(y, x, A_NORMAL, "   written %lu", s->written);
	putf(y, x, s->lost ? pair(PAIR_FAIL) | A_BOLD : A_NORMAL, "   lost %lu", s->lost);
}

/* The header, then a graph per event kind.  Returns the rows used. */
static int draw_rates(struct watch *w, const struct ft_watch_snap *s, int y, const int *heights)
{
	int gx = 36, gw = COLS - gx - 1, used = 1;
	unsigned long k = samples_per_col(w, gw);
	double span = (double)k * gw * w->interval;
	const struct ft_watch_hist *h = &s->hist;
	char now[32], peak[32];

	putf(y, 0, head_attr(), " RATE /s              now     peak");
	if (span < 100)
		putf(y, gx, head_attr(), "last %.0f s", span);
	else
		putf(y, gx, head_attr(), "last %.1f min", span / 60);
	for (int r = 0; r < NRATES; r++) {
		double cur = h->n ? h->rate[(h->n - 1) % HIST_MAX][r] : 0;
		int ht = heights[r];
		double pk = draw_spark(w, h, r, y + used, gx, gw, ht);

		putf(y + used, 0, pair(rate_rows[r].pair) | A_BOLD, " %-14s",
		     rate_rows[r].label);
		putf(y + used, 15, A_NORMAL, "%9s %8s", fmt_rate(now, sizeof(now), cur),
		     fmt_rate(peak, sizeof(peak), pk));
		used += ht;
	}
	return used;
}

/* Orders 0..top, the buddy allocator's, when they fit: rows that do not
 * move as counts appear.  top: the highest order the zones have. */
static bool pick_all_orders(const struct ft_stats *st, int top, int rows, bool *show)
{
	int n = 0;

	for (int i = 0; i < FT_ORDER_SLOTS; i++) {
		int order = i + FT_ORDER_MIN;

		show[i] = (order >= 0 && order <= top) || st->extfrag_by_order[i];
		n += show[i];
	}
	return n <= rows;
}

/* Otherwise those with counts; the biggest when even these do not fit. */
static void pick_orders(const struct ft_stats *st, int rows, bool *show, int *hidden)
{
	int n = 0;

	*hidden = 0;
	for (int i = 0; i < FT_ORDER_SLOTS; i++) {
		show[i] = st->extfrag_by_order[i] != 0;
		n += show[i];
	}
	while (n > rows) {
		int min = -1;

		for (int i = 0; i < FT_ORDER_SLOTS; i++)
			if (show[i] && (min < 0 ||
					st->extfrag_by_order[i] < st->extfrag_by_order[min]))
				min = i;
		show[min] = false;
		n--;
		(*hidden)++;
	}
}

static int top_order(const struct ft_watch_snap *s)
{
	int norders = 0;

	for (int i = 0; i < s->nzones; i++)
		if (s->zones[i].norders > norders)
			norders = s->zones[i].norders;
	return norders ? norders - 1 : 10; /* NR_PAGE_ORDERS - 1 on x86 */
}

static void draw_order_row(struct watch *w, const struct ft_stats *st, int i, int y, int x,
			   int width, unsigned long max)
{
	unsigned long c = st->extfrag_by_order[i], n = st->by_kind[FT_KIND_EXTFRAG];

	if (!c) {
		putf(y, x, pair(PAIR_DIM), " %3d %8lu      -", i + FT_ORDER_MIN, c);
		return;
	}
	putf(y, x, A_NORMAL, " %3d %8lu %5.1f%% ", i + FT_ORDER_MIN, c, pct(c, n));
	draw_bar(w, y, x + 21, bar_len(c, max, width - 22), pair(PAIR_EXTFRAG));
}

/* rows: the header, then the orders; the last one "+k more" if needed */
static void draw_orders(struct watch *w, const struct ft_watch_snap *s, int y, int x, int width,
			int rows)
{
	const struct ft_stats *st = &s->st;
	unsigned long max = 0;
	bool show[FT_ORDER_SLOTS];
	int hidden = 0, row = 1;

	putf(y, x, head_attr(), " ORD    COUNT      %%");
	if (!st->by_kind[FT_KIND_EXTFRAG] && rows < 13) {
		putf(y + 1, x, pair(PAIR_DIM), "  no extfrag events yet");
		return;
	}
	if (!pick_all_orders(st, top_order(s), rows - 1, show)) {
		pick_orders(st, rows - 1 > 1 ? rows - 1 : 1, show, &hidden);
		if (hidden)
			pick_orders(st, rows - 2 > 1 ? rows - 2 : 1, show, &hidden);
	}
	for (int i = 0; i < FT_ORDER_SLOTS; i++)
		if (show[i] && st->extfrag_by_order[i] > max)
			max = st->extfrag_by_order[i];
	for (int i = 0; i < FT_ORDER_SLOTS; i++)
		if (show[i])
			draw_order_row(w, st, i, y + row++, x, width, max);
	if (hidden)
		putf(y + rows - 1, x, pair(PAIR_DIM), "  +%d more order%s", hidden,
		     hidden > 1 ? "s" : "");
}

/* Worst first, as the seed visualizer sorts its heatmap: stable rows. */
static int by_severity(const void *a, const void *b)
{
	const struct ft_pattern *const *pa = a, *const *pb = b;
	int c;

	if ((*pa)->severity2 != (*pb)->severity2)
		return (*pa)->severity2 - (*pb)->severity2;
	c = strcmp((*pa)->from, (*pb)->from);
	return c ? c : strcmp((*pa)->to, (*pb)->to);
}

static void draw_patterns(const struct ft_watch_snap *s, int y, int x, int rows)
{
	const struct ft_stats *st = &s->st;
	const struct ft_pattern *sorted[FT_MAX_PATTERNS];
	int n = st->npatterns, fit = n > rows - 1 ? rows - 2 : n;

	putf(y, x, head_attr(), "     PATTERN                  COUNT   STEAL   CLAIM");
	for (int i = 0; i < n; i++)
		sorted[i] = &st->patterns[i];
	qsort(sorted, n, sizeof(*sorted), by_severity);
	for (int i = 0; i < fit; i++) {
		const struct ft_pattern *p = sorted[i];
		char name[2 * FT_MT_NAME_LEN + 3];

		snprintf(name, sizeof(name), "%s->%s", p->from, p->to);
		putf(y + 1 + i, x, severity_attr(p->severity2), " %-2s ",
		     ft_severity_marker(p->severity2));
		putf(y + 1 + i, x + 4, A_NORMAL, " %-22s%8lu%8lu%8lu", name, p->count,
		     p->steal, p->claim);
	}
	if (fit < n)
		putf(y + rows - 1, x, pair(PAIR_DIM), "  +%d more pattern%s", n - fit,
		     n - fit > 1 ? "s" : "");
}

static bool compaction_traced(const struct watch *w)
{
	return strcmp(w->run.tracer.compaction_source, "none") != 0;
}

/* The wide screen's third column: compaction outcomes by order. */
static void draw_compaction_orders(struct watch *w, const struct ft_watch_snap *s, int y, int x,
				   int rows)
{
	const struct ft_stats *st = &s->st;
	int row = 1;

	putf(y, x, head_attr(), " COMPACT ORDER     OK   FAIL  SUCCESS");
	if (!compaction_traced(w)) {
		putf(y + 1, x, pair(PAIR_DIM), "  not traced on this kernel");
		return;
	}
	for (int i = 0; i < FT_ORDER_SLOTS && row < rows; i++) {
		unsigned long ok = st->success_by_order[i], fail = st->failure_by_order[i];

		if (!ok && !fail)
			continue;
		putf(y + row, x, A_NORMAL, " %13d %6lu %6lu %7.1f%%", i + FT_ORDER_MIN, ok,
		     fail, pct(ok, ok + fail));
		row++;
	}
	if (row == 1)
		putf(y + 1, x, pair(PAIR_DIM), "  no compaction events yet");
}

/* The counters: a header with the totals, then orders | patterns [| compaction]. */
static void draw_counters(struct watch *w, const struct ft_watch_snap *s, int y, int rows)
{
	const struct ft_stats *st = &s->st;
	bool wide = COLS >= WIDE_COLS;
	int left = wide ? 44 : 29; /* the patterns take 51 columns */
	char t[32];
	int x;

	if (s->since > 0)
		x = putf(y, 0, head_attr(), " COUNTERS since reset at %s",
			 fmt_time(t, sizeof(t), s->since));
	else
		x = putf(y, 0, head_attr(), " COUNTERS since start");
	x = putf(y, x + 3, pair(PAIR_EXTFRAG) | A_BOLD, "extfrag %lu",
		 st->by_kind[FT_KIND_EXTFRAG]);
	x = putf(y, x + 3, pair(PAIR_OK) | A_BOLD, "compact ok %lu",
		 st->by_kind[FT_KIND_COMPACTION_SUCCESS]);
	putf(y, x + 3, pair(PAIR_FAIL) | A_BOLD, "fail %lu",
	     st->by_kind[FT_KIND_COMPACTION_FAILURE]);
	rows--;
	draw_orders(w, s, y + 1, 0, left, rows);
	draw_patterns(s, y + 1, left, rows);
	if (wide && COLS >= left + 51 + 3 + 38)
		draw_compaction_orders(w, s, y + 1, left + 51 + 3, rows);
}

static void draw_steal_claim(struct watch *w, const struct ft_watch_snap *s, int y)
{
	const struct ft_stats *st = &s->st;
	unsigned long n = st->steal + st->claim;
	int bw = COLS >= WIDE_COLS ? 40 : COLS - 62, x, len;

	x = putf(y, 0, head_attr(), " STEAL/CLAIM ");
	x = putf(y, x, pair(PAIR_STEAL) | A_BOLD, " steal %lu (%.1f%%) ", st->steal,
		 pct(st->steal, n));
	if (bw < 4)
		bw = 4;
	len = n ? bar_len(st->steal, n, bw) : 0;
	draw_bar(w, y, x, len, pair(PAIR_STEAL));
	draw_bar(w, y, x + len, n ? bw - len : 0, pair(PAIR_CLAIM));
	if (!n)
		putf(y, x, pair(PAIR_DIM), "%.*s", bw,
		     "----------------------------------------------------------------");
	x = putf(y, x + bw, pair(PAIR_CLAIM) | A_BOLD, " claim %lu (%.1f%%)", st->claim,
		 pct(st->claim, n));
	if (COLS >= WIDE_COLS)
		putf(y, x + 3, A_NORMAL, "fallbacks: bad %lu  good %lu", st->bad, st->good);
}

static void draw_compaction(struct watch *w, const struct ft_watch_snap *s, int y)
{
	const struct ft_stats *st = &s->st;
	unsigned long ok = st->by_kind[FT_KIND_COMPACTION_SUCCESS];
	unsigned long fail = st->by_kind[FT_KIND_COMPACTION_FAILURE];
	int x = putf(y, 0, head_attr(), " COMPACTION  ");

	if (!compaction_traced(w)) {
		putf(y, x, pair(PAIR_DIM), " not traced: no compaction tracepoints on this kernel");
		return;
	}
	x = putf(y, x, A_BOLD, " success rate %s", ok + fail ? "" : "-");
	if (ok + fail)
		x = putf(y, x, A_BOLD, "%.1f%%", pct(ok, ok + fail));
	x = putf(y, x + 2, pair(PAIR_OK), " ok %lu", ok);
	putf(y, x + 1, pair(PAIR_FAIL), " fail %lu", fail);
}

/* ---- the fragmentation index area ---------------------------------------- */

/*
 * The kernel's fragmentation index per zone and order, from the run's
 * fragmentation samples (/proc/buddyinfo, every interval): x1000 in the
 * sample, shown /1000 as /sys/kernel/debug/extfrag/extfrag_index does;
 * -1 (an allocation of that order would succeed now) is a dot.  Where
 * there is room, the unusable free space index beside it: it moves before
 * allocations start failing, so it is the earlier warning.
 */
#define CELL 6
#define LABEL 13

static int frag_rows_wanted(const struct ft_watch_snap *s)
{
	return s->nzones ? 1 + s->nzones : 1;
}

static attr_t frag_attr(int idx)
{
	if (idx < 0)
		return pair(PAIR_DIM);
	if (idx >= 750)
		return pair(PAIR_SEV_VBAD) | A_BOLD;
	if (idx >= 500)
		return pair(PAIR_SEV_BAD) | A_BOLD;
	if (idx >= 250)
		return pair(PAIR_SEV_NEUTRAL);
	return pair(PAIR_SEV_GOOD);
}

static void draw_frag_row(const struct ft_sample *z, bool unusable, int y, int x,
			  bool many_nodes)
{
	char label[32];

	if (many_nodes)
		snprintf(label, sizeof(label), "N%d %s", z->node, z->zone);
	else
		snprintf(label, sizeof(label), "%s", z->zone);
	putf(y, x, A_NORMAL, "  %-10.10s", label);
	for (int o = 0; o < z->norders; o++) {
		int idx = unusable ? z->unusable[o] : z->index[o];
		int cx = x + LABEL + CELL * o;

		if (idx < 0)
			putf(y, cx, frag_attr(idx), "    . ");
		else
			putf(y, cx, frag_attr(idx), " %4.2f ", idx / 1000.0);
	}
}

static void draw_frag_table(const struct ft_watch_snap *s, bool unusable, int y, int x, int rows,
			    int norders)
{
	bool many_nodes = false;

	for (int i = 0; i < s->nzones; i++)
		many_nodes |= s->zones[i].node != s->zones[0].node;
	putf(y, x, head_attr(), unusable ? " UNUSABLE IDX" : " FRAG INDEX");
	for (int o = 0; o < norders; o++)
		putf(y, x + LABEL + CELL * o, head_attr(), "%5d ", o);
	for (int i = 0; i < s->nzones && i < rows - 1; i++)
		draw_frag_row(&s->zones[i], unusable, y + 1 + i, x, many_nodes);
}

/* Rows y..y+rows-1.  Until the first sample, says so on one line. */
static void draw_frag_area(const struct ft_watch_snap *s, int y, int rows)
{
	int norders = 0, width;

	if (!s->nzones || rows < 2) {
		putf(y, 0, head_attr(), " fragmentation index: %s",
		     s->nzones ? "(no room)" : "not sampled");
		return;
	}
	for (int i = 0; i < s->nzones; i++)
		if (s->zones[i].norders > norders)
			norders = s->zones[i].norders;
	width = LABEL + CELL * norders;
	draw_frag_table(s, false, y, 0, rows, norders);
	if (COLS >= 2 * width + 2)
		draw_frag_table(s, true, y, width + 2, rows, norders);
}

/*
 * The memory map on one row: all pageblocks in pfn order, each cell the
 * most common class of its share (the less capable of equals), as its
 * letter on its colour, then the share that could become a huge page.
 */
static void draw_map(const struct ft_watch_snap *s, int y)
{
	const struct ft_watch_map *m = &s->map;
	uint8_t cells[FT_WATCH_MAP_CELLS];
	int x = putf(y, 0, head_attr(), " MEMORY MAP "), width;

	if (!m->have) {
		putf(y, x, pair(PAIR_DIM), "no scan yet (--map-interval; needs /proc/kpageflags)");
		return;
	}
	width = COLS - x - 34;
	if (width > m->ncells)
		width = m->ncells;
	if (width < 8)
		return;
	ft_pm_downsample(m->cells, (size_t)m->ncells, cells, (size_t)width);
	for (int i = 0; i < width; i++)
		putf(y, x + i, pair(PAIR_MAP0 + cells[i]), "%c", ft_pm_letters[cells[i]]);
	putf(y, x + width, A_NORMAL, " %lld/%lld could be huge (%.0f%%)", m->capable, m->blocks,
	     m->blocks ? 100.0 * (double)m->capable / (double)m->blocks : 0.0);
}

/* ---- the whole screen ------------------------------------------------- */

static void draw_keys(struct watch *w, int y)
{
	int x = putf(y, 0, A_NORMAL, " q");
	x = putf(y, x, pair(PAIR_DIM), " quit  ");
	x = putf(y, x, A_NORMAL, "p");
	x = putf(y, x, pair(PAIR_DIM), w->paused ? " resume  " : " pause  ");
	x = putf(y, x, A_NORMAL, "r");
	x = putf(y, x, pair(PAIR_DIM), " reset counters  ");
	x = putf(y, x, A_NORMAL, "?");
	x = putf(y, x, pair(PAIR_DIM), " help");
	if (w->paused)
		putf(y, x + 3, pair(PAIR_PAUSED) | A_BOLD,
		     " PAUSED: recording continues ");
	else if (w->note[0])
		putf(y, x + 3, A_BOLD, "%s", w->note);
}

static void draw_help(void)
{
	static const char *const lines[] = {
		"Keys",
		"  q   quit: stop tracing, close the file, print the summary",
		"  p   pause the display (recording continues)",
		"  r   reset the on-screen counters (the file keeps all)",
		"  ?   this help; any key closes it",
		"",
		"FRAG INDEX: the kernel's fragmentation index per zone and",
		"order; near 0 an allocation fails for lack of memory, near 1",
		"for fragmentation; . it would succeed now",
		"",
		"Fallback severity, as in the seed visualizer:",
	};
	static const struct {
		int sev2;
		const char *what;
	} legend[] = {
		{ -4, "to UNMOVABLE" }, { -2, "MOVABLE->RECLAIMABLE" },
		{ 0, "neutral" }, { 2, "to MOVABLE, from UNMOVABLE" },
	};
	int n = sizeof(lines) / sizeof(*lines), h = n + 4, wd = 64;
	int y = (LINES - h) / 2, x = (COLS - wd) / 2;
	WINDOW *win;

	if (y < 0 || x < 0 || !(win = derwin(stdscr, h, wd, y, x)))
		return;
	werase(win);
	box(win, 0, 0);
	mvwaddstr(win, 0, 2, " help ");
	for (int i = 0; i < n; i++)
		mvwaddnstr(win, 1 + i, 2, lines[i], wd - 4);
	for (int i = 0; i < 4; i++) {
		int ly = 1 + n + i / 2, lx = i % 2 ? 30 : 2;
		attr_t a = severity_attr(legend[i].sev2);

		wattron(win, a);
		mvwprintw(win, ly, lx, " %-2s ", ft_severity_marker(legend[i].sev2));
		wattroff(win, a);
		mvwaddnstr(win, ly, lx + 5, legend[i].what, wd - lx - 6);
	}
	delwin(win);
}

/* Counters rows for stable rows: the header, the column headers, every
 * order the zones have, and whatever else has a count. */
static int counters_rows_wanted(const struct ft_watch_snap *s)
{
	const struct ft_stats *st = &s->st;
	int top = top_order(s), orders = top + 1, compact = 0, rows;

	for (int i = 0; i < FT_ORDER_SLOTS; i++) {
		int order = i + FT_ORDER_MIN;

		orders += st->extfrag_by_order[i] && (order < 0 || order > top);
		compact += st->success_by_order[i] || st->failure_by_order[i];
	}
	rows = orders > st->npatterns ? orders : st->npatterns;
	return 2 + (rows > compact ? rows : compact);
}

/* Spare rows make the graphs taller: extfrag first, up to 8 rows. */
static void graph_heights(int spare, int *heights)
{
	int e = spare / 2 < 7 ? spare / 2 : 7, c;

	e = e > 0 ? e : 0;
	spare -= e;
	c = spare / 2 < 3 ? spare / 2 : 3;
	c = c > 0 ? c : 0;
	heights[RATE_EXTFRAG] = 1 + e;
	heights[RATE_OK] = 1 + c;
	heights[RATE_FAIL] = 1 + c;
}

/*
 * Top down: title, file, rates, counters, then steal/claim, compaction and
 * the index area right below them; the keys on the last row.  What the
 * counters and the index area do not need makes the graphs taller.
 */
static void draw(struct watch *w)
{
	const struct ft_watch_snap *s = &w->st.snap;
	/* rows left once the fixed ones (title, file, blanks, the one-row
	 * graphs, steal/claim, compaction, keys) are counted */
	int rest = LINES - 3 - (1 + NRATES) - 1 - 1 - 2 - 1 - 1;
	int frag = frag_rows_wanted(s), counters, heights[NRATES], y;

	erase();
	if (LINES < MIN_ROWS || COLS < MIN_COLS) {
		putf(0, 0, A_BOLD, "terminal too small");
		putf(1, 0, A_NORMAL, "%dx%d, needs %dx%d", COLS, LINES, MIN_COLS, MIN_ROWS);
		putf(2, 0, A_NORMAL, "q quits");
		refresh();
		return;
	}
	if (frag > rest - 8) /* the counters keep 8 rows */
		frag = rest - 8 > 1 ? rest - 8 : 1;
	counters = counters_rows_wanted(s);
	if (counters > rest - frag)
		counters = rest - frag;
	graph_heights(rest - frag - counters, heights);

	draw_title(w, s);
	draw_file(w, s, 1);
	y = 3 + draw_rates(w, s, 3, heights) + 1;
	draw_counters(w, s, y, counters);
	y += counters + 1;
	draw_steal_claim(w, s, y);
	draw_compaction(w, s, y + 1);
	draw_map(s, y + 2);
	draw_frag_area(s, y + 3, frag);
	draw_keys(w, LINES - 1);
	if (w->help)
		draw_help();
	refresh();
}

/* ---- the terminal ------------------------------------------------------ */

static void init_colours(void)
{
	bool c256;
	short bg;

	start_color(); /* sets COLORS */
	c256 = COLORS >= 256;
	/* -1, the terminal's own background, where it has one to keep */
	bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
	init_pair(PAIR_EXTFRAG, COLOR_YELLOW, bg);
	init_pair(PAIR_OK, COLOR_GREEN, bg);
	init_pair(PAIR_FAIL, COLOR_RED, bg);
	/* #8b0000, #ff6b6b, #ffd43b, #51cf66: nearest xterm-256 colours */
	init_pair(PAIR_SEV_VBAD, COLOR_WHITE, c256 ? 88 : COLOR_RED);
	/* 8 colours have no light red background: red text instead */
	init_pair(PAIR_SEV_BAD, c256 ? COLOR_BLACK : COLOR_RED, c256 ? 203 : bg);
	init_pair(PAIR_SEV_NEUTRAL, COLOR_BLACK, c256 ? 221 : COLOR_YELLOW);
	init_pair(PAIR_SEV_GOOD, COLOR_BLACK, c256 ? 77 : COLOR_GREEN);
	/* the seed's steal blue #3498db and claim orange #e67e22 */
	init_pair(PAIR_STEAL, c256 ? 68 : COLOR_BLUE, bg);
	init_pair(PAIR_CLAIM, c256 ? 208 : COLOR_YELLOW, bg);
	init_pair(PAIR_HEAD, COLOR_CYAN, bg);
	init_pair(PAIR_PAUSED, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_DIM, c256 ? 245 : COLOR_WHITE, bg);
	/* the memory map image's colours (gnuplot/memmap.gp), nearest 256 */
	init_pair(PAIR_MAP0 + FT_PM_HOLE, COLOR_BLACK, c256 ? 252 : COLOR_WHITE);
	init_pair(PAIR_MAP0 + FT_PM_FREE, COLOR_BLACK, c256 ? 150 : COLOR_GREEN);
	init_pair(PAIR_MAP0 + FT_PM_MOVABLE, COLOR_BLACK, c256 ? 70 : COLOR_CYAN);
	init_pair(PAIR_MAP0 + FT_PM_POLLUTED, COLOR_BLACK, c256 ? 215 : COLOR_YELLOW);
	init_pair(PAIR_MAP0 + FT_PM_UNMOVABLE, COLOR_WHITE, c256 ? 162 : COLOR_MAGENTA);
	init_pair(PAIR_MAP0 + FT_PM_HUGE, COLOR_WHITE, c256 ? 25 : COLOR_BLUE);
}

static void screen_end(struct watch *w)
{
	if (!w->curses)
		return;
	w->curses = false;
	endwin();
	delscreen(w->screen);
	w->screen = NULL;
}

/* Whatever way the process leaves, the terminal is given back. */
static void restore_at_exit(void)
{
	if (active && active->curses) {
		active->curses = false;
		endwin();
	}
}

static int screen_start(struct watch *w)
{
	/* LC_CTYPE only: the JSON writer's numbers must keep their '.' */
	setlocale(LC_CTYPE, "");
	w->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	w->screen = newterm(NULL, w->out, w->in);
	if (!w->screen)
		return -1;
	set_term(w->screen);
	w->curses = true;
	cbreak();       /* not raw(): ^C must still raise SIGINT */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (has_colors())
		init_colours();
	return 0;
}

/*
 * Where the screen goes.  With -o - the data owns stdout, so the screen
 * goes to the controlling terminal, /dev/tty, unless stdout is that very
 * terminal: JSON lines and a screen cannot share it.  No terminal at all:
 * the plain lines.  0, or -EINVAL after a message (-o - on a terminal).
 */
static int pick_terminal(struct watch *w, const char *output)
{
	bool data_on_stdout = output && strcmp(output, "-") == 0;

	if (data_on_stdout && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "fragtrack: watch -o - writes JSON lines to stdout, which is the "
				"terminal the screen needs: redirect stdout (-o - > FILE) or use "
				"-o FILE\n");
		return -EINVAL;
	}
	if (data_on_stdout || (isatty(STDOUT_FILENO) && !isatty(STDIN_FILENO)))
		w->tty = fopen("/dev/tty", "r+e");
	if (data_on_stdout) {
		w->out = w->tty;
		w->in = w->tty;
	} else if (isatty(STDOUT_FILENO)) {
		w->out = stdout;
		w->in = isatty(STDIN_FILENO) ? stdin : w->tty;
	}
	w->plain = !w->out || !w->in;
	return 0;
}

/* ---- keys and the run's hooks --------------------------------------------- */

static void handle_key(struct watch *w, int ch)
{
	if (w->help && ch != 'q' && ch != 'Q' && ch != KEY_RESIZE) {
		w->help = false; /* any key closes the help */
		return;
	}
	switch (ch) {
	case 'q':
	case 'Q':
		w->stop = 1;
		break;
	case 'p':
	case 'P':
	case ' ':
		w->paused = !w->paused;
		if (!w->paused)
			take_snapshot(w);
		break;
	case 'r':
	case 'R': {
		char t[32];

		ft_watch_state_reset(&w->st, &w->run);
		take_snapshot(w); /* shows the zeros even while paused */
		snprintf(w->note, sizeof(w->note), "counters reset at %s",
			 fmt_time(t, sizeof(t), w->st.since));
		break;
	}
	case '?':
	case 'h':
	case 'H':
		w->help = true;
		break;
	case 12: /* ^L */
		clearok(curscr, TRUE);
		break;
	default:
		break;
	}
}

/*
 * After every wait for events: keys, and resizes (KEY_RESIZE).  In a burst
 * the loop comes back here thousands of times a second: looking at the
 * terminal every KEY_CHECK seconds is enough, and leaves the CPU to the
 * perf buffers.
 */
static void on_poll(struct ft_run *run, void *arg)
{
	struct watch *w = arg;
	double now = ft_now_mono();
	bool redraw = false;
	int ch;

	(void)run;
	if (!w->curses || now - w->keys_checked < KEY_CHECK)
		return;
	w->keys_checked = now;
	while ((ch = getch()) != ERR) {
		handle_key(w, ch);
		redraw = true;
	}
	if (redraw && !w->stop)
		draw(w);
}

/* Every --interval: a rate sample, then the screen or the plain line. */
static void on_tick(struct ft_run *run, void *arg)
{
	struct watch *w = arg;

	(void)run;
	ft_watch_state_rates(&w->st, &w->run, ft_now_mono());
	if (!w->curses) {
		if (!w->quiet)
			plain_line(w);
		return;
	}
	if (!w->paused)
		take_snapshot(w);
	draw(w);
}

static void watch_init(struct watch *w, const struct ft_run_opts *opts)
{
	memset(w, 0, sizeof(*w));
	w->interval = opts->interval > 0 ? opts->interval : 1.0;
	w->quiet = opts->quiet;
	ft_watch_state_init(&w->st);
	w->run.view = (struct ft_run_view){
		.on_record = on_record,
		.on_sample = on_sample,
		.on_map = on_map,
		.on_tick = on_tick,
		.on_poll = on_poll,
		.arg = w,
	};
}

int ft_watch_run(const struct ft_run_opts *opts)
{
	static struct watch w;
	int ret;

	watch_init(&w, opts);
	ret = pick_terminal(&w, opts->output);
	if (ret)
		return ret;
	ft_install_signal_handlers();
	ret = ft_run_setup(&w.run, opts);
	if (ret)
		goto out;
	w.st.last_sample = w.run.started;
	if (!w.plain) {
		active = &w;
		atexit(restore_at_exit);
		if (screen_start(&w)) {
			fprintf(stderr, "fragtrack: no screen on this terminal (TERM=%s): "
					"plain lines instead\n", getenv("TERM") ? getenv("TERM") : "");
			w.plain = true;
		} else {
			take_snapshot(&w);
			draw(&w);
		}
	}
	ft_run_loop(&w.run, &w.stop);
	screen_end(&w);
	ret = ft_run_finish(&w.run, true);
out:
	if (w.tty)
		fclose(w.tty);
	return ret;
}
