/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the live view shows, apart from how it draws it (ui/watch.c):
 *  - on-screen counters, a second struct ft_stats that 'r' can reset
 *    without touching the statistics written to the file;
 *  - a history of per-interval event rates, for the sparklines;
 *  - the latest fragmentation sample of each zone, for the index table;
 *  - the latest memory map, shrunk to FT_WATCH_MAP_CELLS cells;
 *  - a snapshot of all that, which the screen is drawn from, so that 'p'
 *    can freeze it while recording goes on.
 */
#ifndef FRAGTRACK_WATCHSTATE_H
#define FRAGTRACK_WATCHSTATE_H

#include "model/stats.h"
#include "trace/procfs.h"
#include "trace/run.h"

#define HIST_MAX 4096   /* rate samples kept: 68 min at 1 s */
#define FT_WATCH_MAP_CELLS 512

/* The latest memory map, small */
struct ft_watch_map {
	bool have;
	double t;                       /* run seconds of the scan */
	long long blocks, capable;      /* capable: free + movable + huge */
	int ncells;
	uint8_t cells[FT_WATCH_MAP_CELLS]; /* enum ft_pm_class, pfn order */
};

/* Rates per kind of record, by enum ft_kind. */
struct ft_watch_hist {
	float rate[HIST_MAX][FT_KIND_COUNT]; /* events/s, ring indexed by n % HIST_MAX */
	unsigned long n;                     /* samples taken since the start */
};

/* Everything a redraw shows: frozen while paused. */
struct ft_watch_snap {
	struct ft_stats st;            /* on-screen counters */
	double since;                  /* run seconds at the last reset */
	double runtime;
	unsigned long written, lost;   /* the file's events, never reset */
	struct ft_watch_hist hist;
	struct ft_sample zones[FT_MAX_ZONES];
	int nzones;
	struct ft_watch_map map;
};

struct ft_watch_state {
	struct ft_stats shown;
	double since;
	struct ft_watch_hist hist;
	unsigned long last_count[FT_KIND_COUNT];
	double last_sample;            /* monotonic seconds */
	struct ft_sample zones[FT_MAX_ZONES];
	int nzones;
	struct ft_watch_map map;
	struct ft_watch_snap snap;
};

void ft_watch_state_init(struct ft_watch_state *st);
/* From the run's hooks. */
void ft_watch_state_record(struct ft_watch_state *st, const struct ft_record *r);
void ft_watch_state_sample(struct ft_watch_state *st, const struct ft_sample *smp);
/* A scan of the memory map (its zones in pfn order); t: run seconds */
void ft_watch_state_map(struct ft_watch_state *st, const struct ft_map_sample *s, double t);
/* One rate sample, from the run's totals (never reset), at now. */
void ft_watch_state_rates(struct ft_watch_state *st, const struct ft_run *run, double now);
void ft_watch_state_snapshot(struct ft_watch_state *st, struct ft_run *run);
/* 'r': the on-screen counters from zero, now. */
void ft_watch_state_reset(struct ft_watch_state *st, const struct ft_run *run);

#endif
