/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A probe: the tracepoints it needs, the BPF snippet that turns them into
 * struct ft_event, and the decoder that turns those into records.  One
 * file each in probes/.
 */
#ifndef FRAGTRACK_PROBE_H
#define FRAGTRACK_PROBE_H

#include <stdbool.h>

#include "probes/event.h"
#include "model/record.h"

/* How raw BPF timestamps become the seed's relative and absolute times. */
struct ft_clock {
	unsigned long long mono_start_ns; /* CLOCK_MONOTONIC at "tracking" */
	double real_start;                /* CLOCK_REALTIME at the same moment */
};

struct ft_probe {
	const char *name;
	/* what the run's metadata says when this probe traces compaction
	 * ("compaction_source"), NULL for other probes */
	const char *compaction_source;
	/* NULL-terminated "category:event" list; all must exist */
	const char *const *tracepoints;
	const char *bpf_text;
	/* Fills r from ev; false to drop the event. */
	bool (*decode)(const struct ft_event *ev, const struct ft_clock *clk,
		       struct ft_record *r);
};

/* A line of the registry (probes/registry.c). */
struct ft_probe_slot {
	const struct ft_probe *probe;
	/* probes that provide the same thing: the first available is taken */
	const char *provides;
	bool required; /* the run fails without its tracepoints */
};

/* Every probe, in order of preference; ends with a NULL probe.  A probe's
 * index here is the source of its events (FT_SRC_SELF). */
extern const struct ft_probe_slot ft_probe_registry[];

/* Fields every probe decodes the same way. */
void ft_decode_common(const struct ft_event *ev, const struct ft_clock *clk,
		      struct ft_record *r);

#endif
