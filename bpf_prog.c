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

/*
 * bcc builds a probe's args struct from the tracepoint's format, which
 * types compaction's zones as "enum zone_type".  Only its size matters (4
 * bytes, an int-sized enum); declaring it here, once for every probe,
 * spares including <linux/mmzone.h> from headers that may not be the
 * running kernel's.
 */
enum zone_type { FT_ZONE_TYPE_INT_SIZED = 0 };

/*
 * Every event that does not reach the perf buffer is counted here, where
 * it happens: bpf_perf_event_output() fails when the CPU's buffer is full
 * (-ENOSPC), or holds no buffer (-ENOENT, at detach).  The kernel also
 * writes a PERF_RECORD_LOST into the buffer for the full-buffer case, but
 * only with the next event that fits: a burst that overflows at its end
 * leaves it unwritten.  These counters cannot miss; the host reads them
 * after the final drain.  ft_lost is the truth (one slot, per CPU: no
 * contention; added atomically all the same, which costs nothing here);
 * ft_lost_by_tgid says whose events they were, for as many processes as
 * it holds.
 */
BPF_PERCPU_ARRAY(ft_lost, __u64, 1);
BPF_HASH(ft_lost_by_tgid, __u32, __u64, FT_LOST_TGIDS);

static __always_inline void ft_count_lost(__u32 tgid)
{
	__u32 zero = 0;
	__u64 one = 1, *n = ft_lost.lookup(&zero);

	if (n)
		__sync_fetch_and_add(n, 1);
	n = ft_lost_by_tgid.lookup(&tgid);
	if (!n) {
		if (ft_lost_by_tgid.insert(&tgid, &one) == 0)
			return;
		/* another CPU inserted it meanwhile, or the map is full */
		n = ft_lost_by_tgid.lookup(&tgid);
	}
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* The one way an event leaves BPF: every probe submits through here. */
static __always_inline void ft_submit(void *ctx, struct ft_event *ev)
{
	if (events.perf_submit(ctx, ev, sizeof(*ev)) != 0)
		ft_count_lost(ev->pid);
}

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
