// SPDX-License-Identifier: GPL-2.0
/*
 * Compaction outcomes from the mainline compaction:* tracepoints, for
 * kernels without the out-of-tree page_alloc:mm_compaction_* pair.
 *
 * compact_zone() traces mm_compaction_finished (node, zone, order, verdict)
 * on every loop and mm_compaction_end (zone span, final status) once, in
 * the same thread.  The last "finished" of a thread is kept in a map and
 * joined with its "end" into one event per compacted zone.  The trigger
 * (direct reclaim path, kcompactd, whole-zone compaction) is told apart on
 * the host from the order and the comm.
 */
#include <stdio.h>
#include <string.h>

#include "probes/probe.h"

/* enum compact_result, as the tracepoints' __print_symbolic lists it */
#define COMPACT_COMPLETE 5
#define COMPACT_SUCCESS 8

static const char *const tracepoints[] = {
	"compaction:mm_compaction_finished",
	"compaction:mm_compaction_end",
	NULL,
};

/* compaction_mainline.bpf.c, embedded by the Makefile (scripts/embed.sh) */
extern const char ft_bpf_text_compaction_mainline[];

static const char *const status_names[] = {
	"not_suitable_zone", "skipped", "deferred", "no_suitable_page",
	"continue", "complete", "partial_skipped", "contended", "success",
};

/*
 * A request for an order succeeds when compaction made a block of that
 * order (COMPACT_SUCCESS).  Whole-zone compaction (order -1) has no target
 * order: a write to /proc/sys/vm/compact_memory succeeds when it went
 * through the zone (COMPACT_COMPLETE), proactive compaction when the
 * zone's fragmentation score fell below its watermark (COMPACT_SUCCESS).
 */
static bool is_success(int order, int status)
{
	if (order < 0)
		return status == COMPACT_COMPLETE || status == COMPACT_SUCCESS;
	return status == COMPACT_SUCCESS;
}

static const char *trigger(int order, const char *comm)
{
	bool kcompactd = strncmp(comm, "kcompactd", 9) == 0;

	if (order < 0)
		return kcompactd ? "proactive" : "whole_zone";
	return kcompactd ? "kcompactd" : "direct";
}

static bool decode(const struct ft_event *ev, const struct ft_clock *clk, struct ft_record *r)
{
	bool ok = is_success(ev->order, ev->kernel_value);
	int st = ev->kernel_value;

	ft_record_init(r, ok ? FT_KIND_COMPACTION_SUCCESS : FT_KIND_COMPACTION_FAILURE);
	ft_decode_common(ev, clk, r);
	r->node = ev->node_id;
	if (ev->zone_idx >= 0)
		snprintf(r->zone, sizeof(r->zone), "%s", ft_zone_name(ev->zone_idx));
	r->pfn = (long long)ev->pfn;
	snprintf(r->source, sizeof(r->source), "compaction");
	if (st >= 0 && st < (int)(sizeof(status_names) / sizeof(*status_names)))
		snprintf(r->status, sizeof(r->status), "%s", status_names[st]);
	else
		snprintf(r->status, sizeof(r->status), "status_%d", st);
	snprintf(r->trigger, sizeof(r->trigger), "%s", trigger(ev->order, r->comm));
	return true;
}

const struct ft_probe ft_probe_compaction_mainline = {
	.name = "compaction (mainline)",
	.compaction_source = "compaction",
	.tracepoints = tracepoints,
	.bpf_text = ft_bpf_text_compaction_mainline,
	.decode = decode,
};
