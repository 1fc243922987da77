// SPDX-License-Identifier: GPL-2.0
/* kmem:mm_page_alloc_extfrag: an allocation fell back to a pageblock of
 * another migrate type.  Always present; fragtrack's reason to exist. */
#include <stddef.h>

#include "probe.h"

static const char *const tracepoints[] = { "kmem:mm_page_alloc_extfrag", NULL };

static const char bpf_text[] =
	"TRACEPOINT_PROBE(kmem, mm_page_alloc_extfrag)\n"
	"{\n"
	"	struct ft_event ev = {};\n"
	"\n"
	"	ft_fill_common(&ev, FT_EV_EXTFRAG);\n"
	"	ev.source = FT_SRC_EXTFRAG;\n"
	"	ev.pfn = args->pfn;\n"
	"	ev.order = args->alloc_order;\n"
	"	ev.fallback_order = args->fallback_order;\n"
	"	ev.migrate_from = args->fallback_migratetype;\n"
	"	ev.migrate_to = args->alloc_migratetype;\n"
	"	/* change_ownership: the whole pageblock was claimed */\n"
	"	ev.is_steal = !args->change_ownership;\n"
	"	ft_submit(args, &ev);\n"
	"	return 0;\n"
	"}\n";

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
	.source = FT_SRC_EXTFRAG,
	.tracepoints = tracepoints,
	.bpf_text = bpf_text,
	.decode = decode,
};
