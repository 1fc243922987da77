// SPDX-License-Identifier: GPL-2.0
#include "ui/watchstate.h"

#include <stdlib.h>
#include <string.h>

void ft_watch_state_init(struct ft_watch_state *st)
{
	memset(st, 0, sizeof(*st));
	ft_stats_init(&st->shown);
}

void ft_watch_state_record(struct ft_watch_state *st, const struct ft_record *r)
{
	ft_stats_add(&st->shown, r);
}

/* Keeps the latest sample of each zone: the index table shows "now". */
void ft_watch_state_sample(struct ft_watch_state *st, const struct ft_sample *smp)
{
	int i;

	for (i = 0; i < st->nzones; i++)
		if (st->zones[i].node == smp->node && strcmp(st->zones[i].zone, smp->zone) == 0)
			break;
	if (i == FT_MAX_ZONES)
		return;
	if (i == st->nzones)
		st->nzones++;
	st->zones[i] = *smp;
}

/* Every zone's map decoded end to end, then shrunk to the cells */
void ft_watch_state_map(struct ft_watch_state *st, const struct ft_map_sample *s, double t)
{
	struct ft_watch_map *m = &st->map;
	size_t total = 0, at = 0;
	uint8_t *all;

	for (int z = 0; z < s->nzones; z++)
		total += s->zones[z].nblocks;
	all = malloc(total ? total : 1);
	if (!all)
		return; /* the screen keeps the previous map */
	m->capable = 0;
	for (int z = 0; z < s->nzones; z++) {
		const struct ft_map_zone *mz = &s->zones[z];

		if (ft_pm_decode(mz->map, strlen(mz->map), all + at, mz->nblocks)) {
			free(all);
			return;
		}
		at += mz->nblocks;
		for (int c = 0; c < FT_PM_CLASSES; c++)
			if (ft_pm_huge_capable(c))
				m->capable += (long long)mz->counts[c];
	}
	m->ncells = total < FT_WATCH_MAP_CELLS ? (int)total : FT_WATCH_MAP_CELLS;
	ft_pm_downsample(all, total, m->cells, (size_t)m->ncells);
	free(all);
	m->blocks = (long long)total;
	m->t = t;
	m->have = true;
}

void ft_watch_state_rates(struct ft_watch_state *st, const struct ft_run *run, double now)
{
	struct ft_watch_hist *h = &st->hist;
	double dt = now - st->last_sample;

	for (int k = 0; k < FT_KIND_COUNT; k++) {
		unsigned long c = run->stats.by_kind[k];

		h->rate[h->n % HIST_MAX][k] = dt > 0 ? (c - st->last_count[k]) / dt : 0;
		st->last_count[k] = c;
	}
	h->n++;
	st->last_sample = now;
}

void ft_watch_state_snapshot(struct ft_watch_state *st, struct ft_run *run)
{
	struct ft_watch_snap *s = &st->snap;

	s->st = st->shown;
	s->since = st->since;
	s->runtime = ft_now_mono() - run->started;
	s->written = run->stats.total;
	s->lost = ft_tracer_lost(&run->tracer);
	s->hist = st->hist;
	memcpy(s->zones, st->zones, sizeof(s->zones));
	s->nzones = st->nzones;
	s->map = st->map;
}

void ft_watch_state_reset(struct ft_watch_state *st, const struct ft_run *run)
{
	ft_stats_init(&st->shown);
	st->since = ft_now_mono() - run->started;
}
