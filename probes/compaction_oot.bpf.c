/* SPDX-License-Identifier: GPL-2.0 */
/* BPF side of probes/compaction_oot.c: the out-of-tree page_alloc pair. */

TRACEPOINT_PROBE(page_alloc, mm_compaction_success)
{
	struct ft_event ev = {};

	ft_fill_common(&ev, FT_EV_COMPACTION_SUCCESS);
	ev.source = FT_SRC_SELF;
	ev.order = args->order;
	ev.kernel_value = args->ret;
	ev.zone_idx = args->idx;
	ev.node_id = args->nid;
	ft_submit(args, &ev);
	return 0;
}

TRACEPOINT_PROBE(page_alloc, mm_compaction_failure)
{
	struct ft_event ev = {};

	ft_fill_common(&ev, FT_EV_COMPACTION_FAILURE);
	ev.source = FT_SRC_SELF;
	ev.order = args->order;
	ft_submit(args, &ev);
	return 0;
}
