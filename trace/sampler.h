/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Periodic samples of the allocator's state, and the annotation of each
 * event with its zone, node and the zone's fragmentation index at the
 * event's order.
 */
#ifndef FRAGTRACK_SAMPLER_H
#define FRAGTRACK_SAMPLER_H

#include <stdbool.h>

#include "model/record.h"
#include "trace/procfs.h"

struct ft_sampler {
	struct ft_zone_span spans[FT_MAX_ZONES];
	int nspans;
	struct ft_zone_free free[FT_MAX_ZONES];
	int nfree;
	double free_read_at;          /* monotonic seconds; 0: never */
	struct ft_compact_counts vm_start, vm_end;
	bool has_vmstat;
	bool has_pagetypeinfo;
};

/* Reads the zone spans and the vmstat baseline.  Never fails: what is not
 * readable is left out. */
void ft_sampler_init(struct ft_sampler *s);
/* One ft_sample per populated zone, at relative time t (now: monotonic). */
int ft_sampler_sample(struct ft_sampler *s, double t, double now,
		      void (*emit)(void *arg, const struct ft_sample *smp), void *arg);
/* Fills node, zone and fragmentation index of r from its pfn, from
 * buddyinfo at most max_age seconds old (re-read when older). */
void ft_sampler_annotate(struct ft_sampler *s, struct ft_record *r, double now,
			 double max_age);
/* Reads the vmstat counters at the end of the run. */
void ft_sampler_finish(struct ft_sampler *s);

/* Fills smp's indices from its nr_free. */
void ft_sample_compute(struct ft_sample *smp);

#endif
