/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one record that crosses from BPF to the host.  This header is
 * compiled twice: by bcc as part of the embedded BPF text (where the
 * kernel's __u32/__u64 types exist) and by the host compiler, so the two
 * sides can never disagree on the layout.
 */
#ifndef FRAGTRACK_EVENT_H
#define FRAGTRACK_EVENT_H

#ifndef FT_BPF_SIDE
#include <linux/types.h>
#endif

/* event_type values, as in the seed tracer */
#define FT_EV_COMPACTION_SUCCESS 1
#define FT_EV_COMPACTION_FAILURE 2
#define FT_EV_EXTFRAG 3

#define FT_COMM_LEN 16

/* processes whose lost events BPF counts one by one (the total is exact
 * whatever their number) */
#define FT_LOST_TGIDS 1024

struct ft_event {
	__u64 timestamp_ns;   /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u64 pfn;            /* extfrag: the page; compaction: zone start */
	__u64 pfn_end;        /* compaction: zone end (mainline), else 0 */
	__u32 pid;            /* tgid */
	__u32 tid;
	__s32 order;
	__s32 fallback_order;
	__s32 migrate_from;   /* fallback_migratetype */
	__s32 migrate_to;     /* alloc_migratetype */
	__s32 is_steal;       /* !change_ownership */
	__s32 zone_idx;       /* -1 when the tracepoint does not say */
	__s32 node_id;        /* -1 when the tracepoint does not say */
	__s32 kernel_value;   /* OOT success: ret (fragmentation index);
	                         mainline: compaction status */
	__u8 event_type;      /* FT_EV_* */
	__u8 source;          /* the probe's line in probes/registry.c
	                         (FT_SRC_SELF in its NAME.bpf.c) */
	__u8 pad[6];
	char comm[FT_COMM_LEN];
};

#endif
