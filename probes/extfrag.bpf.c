/* SPDX-License-Identifier: GPL-2.0 */
/* BPF side of probes/extfrag.c: kmem:mm_page_alloc_extfrag as one event. */

TRACEPOINT_PROBE(kmem, mm_page_alloc_extfrag)
{
	struct ft_event ev = {};

	ft_fill_common(&ev, FT_EV_EXTFRAG);
	ev.source = FT_SRC_SELF;
	ev.pfn = args->pfn;
	ev.order = args->alloc_order;
	ev.fallback_order = args->fallback_order;
	ev.migrate_from = args->fallback_migratetype;
	ev.migrate_to = args->alloc_migratetype;
	/* change_ownership: the whole pageblock was claimed */
	ev.is_steal = !args->change_ownership;
	ft_submit(args, &ev);
	return 0;
}
