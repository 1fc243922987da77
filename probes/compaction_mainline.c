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

#include "probe.h"

/* enum compact_result, as the tracepoints' __print_symbolic lists it */
#define COMPACT_COMPLETE 5
#define COMPACT_SUCCESS 8

static const char *const tracepoints[] = {
	"compaction:mm_compaction_finished",
	"compaction:mm_compaction_end",
	NULL,
};

/*
 * bcc builds the args struct from the tracepoint's format, which types the
 * zone as "enum zone_type".  Only its size matters (4 bytes, an int-sized
 * enum); declaring it here spares including <linux/mmzone.h> from headers
 * that may not be the running kernel's.
 */
static const char bpf_text[] =
	"enum zone_type { FT_ZONE_TYPE_INT_SIZED = 0 };\n"
	"\n"
	"struct ft_compact_zone {\n"
	"	__s32 nid;\n"
	"	__s32 idx;\n"
	"	__s32 order;\n"
	"	__s32 ret;\n"
	"};\n"
	"BPF_HASH(ft_compacting, __u32, struct ft_compact_zone, 4096);\n"
	"\n"
	"TRACEPOINT_PROBE(compaction, mm_compaction_finished)\n"
	"{\n"
	"	__u32 tid = (__u32)bpf_get_current_pid_tgid();\n"
	"	struct ft_compact_zone z = {};\n"
	"\n"
	"	z.nid = args->nid;\n"
	"	z.idx = args->idx;\n"
	"	z.order = args->order;\n"
	"	z.ret = args->ret;\n"
	"	ft_compacting.update(&tid, &z);\n"
	"	return 0;\n"
	"}\n"
	"\n"
	"TRACEPOINT_PROBE(compaction, mm_compaction_end)\n"
	"{\n"
	"	__u32 tid = (__u32)bpf_get_current_pid_tgid();\n"
	"	struct ft_compact_zone *z = ft_compacting.lookup(&tid);\n"
	"	struct ft_event ev = {};\n"
	"\n"
	"	ft_fill_common(&ev, FT_EV_COMPACTION_FAILURE);\n"
	"	ev.source = FT_SRC_MAINLINE;\n"
	"	ev.pfn = args->zone_start;\n"
	"	ev.pfn_end = args->zone_end;\n"
	"	ev.kernel_value = args->status;\n"
	"	ev.order = -1;\n"
	"	if (z) {\n"
	"		ev.order = z->order;\n"
	"		ev.node_id = z->nid;\n"
	"		ev.zone_idx = z->idx;\n"
	"		ft_compacting.delete(&tid);\n"
	"	}\n"
	"	ft_submit(args, &ev);\n"
	"	return 0;\n"
	"}\n";

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
	.source = FT_SRC_MAINLINE,
	.tracepoints = tracepoints,
	.bpf_text = bpf_text,
	.decode = decode,
};
