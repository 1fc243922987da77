// SPDX-License-Identifier: GPL-2.0
/* kmem:mm_page_alloc_extfrag: an allocation fell back to a pageblock of
 * another migrate type.  Always present; fragtrack's reason to exist. */
#include <stddef.h>

#include "probes/probe.h"

static const char *const tracepoints[] = { "kmem:mm_page_alloc_extfrag", NULL };

/* extfrag.bpf.c, embedded by the Makefile (scripts/embed.sh) */
extern const char ft_bpf_text_extfrag[];

static bool decode(const struct ft_event *ev, const struct ft_clock *clk, struct ft_record *r)
{
	ft_record_init(r, FT_KIND_EXTFRAG);
	ft_decode_common(ev, clk, r);
	r->fallback_order = ev->fallback_order;
	ft_migrate_name(ev->migrate_from, r->migrate_from, sizeof(r->migrate_from));
	ft_migrate_name(ev->migrate_to, r->migrate_to, sizeof(r->migrate_to));
	r->is_steal = ev->is_steal != 0;
	r->node = -1; /* until the pfn is mapped to a zone */
	r->pfn = (long long)ev->pfn;
	return true;
}

const struct ft_probe ft_probe_extfrag = {
	.name = "extfrag",
	.tracepoints = tracepoints,
	.bpf_text = ft_bpf_text_extfrag,
	.decode = decode,
};
