/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Common part of the BPF text; embedded in the binary after event.h and
 * followed by the snippet of each probe whose tracepoint tracefs has.
 *
 * Only tracepoint arguments are read: the kernel headers bcc compiles
 * against may not be the running kernel's, so no kernel struct is ever
 * dereferenced here.
 */
BPF_PERF_OUTPUT(events);

static __always_inline void ft_fill_common(struct ft_event *ev, __u8 type)
{
	__u64 id = bpf_get_current_pid_tgid();

	ev->timestamp_ns = bpf_ktime_get_ns();
	ev->pid = id >> 32;
	ev->tid = (__u32)id;
	ev->event_type = type;
	ev->zone_idx = -1;
	ev->node_id = -1;
	bpf_get_current_comm(&ev->comm, sizeof(ev->comm));
}
