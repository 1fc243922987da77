// SPDX-License-Identifier: GPL-2.0
/*
 * page_alloc:mm_compaction_success / mm_compaction_failure: out-of-tree
 * tracepoints some kernels carry (the seed tracer's only compaction
 * source).  The success one reports the zone's fragmentation index as
 * "ret".
 */
#include <stdio.h>

#include "probes/probe.h"

static const char *const tracepoints[] = {
	"page_alloc:mm_compaction_success",
	"page_alloc:mm_compaction_failure",
	NULL,
};

/* compaction_oot.bpf.c, embedded by the Makefile (scripts/embed.sh) */
extern const char ft_bpf_text_compaction_oot[];

static bool decode(const struct ft_event *ev, const struct ft_clock *clk, struct ft_record *r)
{
	bool ok = ev->event_type == FT_EV_COMPACTION_SUCCESS;

	ft_record_init(r, ok ? FT_KIND_COMPACTION_SUCCESS : FT_KIND_COMPACTION_FAILURE);
	ft_decode_common(ev, clk, r);
	r->tid = FT_NONE; /* the seed's compaction records carry no tid */
	if (ok) {
		r->fragmentation_index = ev->kernel_value;
		snprintf(r->zone, sizeof(r->zone), "%s", ft_zone_name(ev->zone_idx));
		r->node = ev->node_id;
	}
	snprintf(r->source, sizeof(r->source), "page_alloc");
	return true;
}

const struct ft_probe ft_probe_compaction_oot = {
	.name = "compaction (page_alloc)",
	.compaction_source = "page_alloc",
	.tracepoints = tracepoints,
	.bpf_text = ft_bpf_text_compaction_oot,
	.decode = decode,
};
