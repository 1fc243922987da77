/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BPF side of probes/compaction_mainline.c: the last mm_compaction_finished
 * of a thread, joined with its mm_compaction_end into one event.  Its
 * zone is an enum zone_type (declared in bpf_prog.c).
 */

struct ft_compact_zone {
	__s32 nid;
	__s32 idx;
	__s32 order;
	__s32 ret;
};
BPF_HASH(ft_compacting, __u32, struct ft_compact_zone, 4096);

TRACEPOINT_PROBE(compaction, mm_compaction_finished)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct ft_compact_zone z = {};

	z.nid = args->nid;
	z.idx = args->idx;
	z.order = args->order;
	z.ret = args->ret;
	ft_compacting.update(&tid, &z);
	return 0;
}

TRACEPOINT_PROBE(compaction, mm_compaction_end)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct ft_compact_zone *z = ft_compacting.lookup(&tid);
	struct ft_event ev = {};

	ft_fill_common(&ev, FT_EV_COMPACTION_FAILURE);
	ev.source = FT_SRC_SELF;
	ev.pfn = args->zone_start;
	ev.pfn_end = args->zone_end;
	ev.kernel_value = args->status;
	ev.order = -1;
	if (z) {
		ev.order = z->order;
		ev.node_id = z->nid;
		ev.zone_idx = z->idx;
		ft_compacting.delete(&tid);
	}
	ft_submit(args, &ev);
	return 0;
}
