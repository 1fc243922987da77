// SPDX-License-Identifier: GPL-2.0
/*
 * Which probes exist, and which of them a run takes.  Adding a probe:
 * its NAME.c (tracepoints, decoder) and NAME.bpf.c (the BPF side, which
 * marks its events ev.source = FT_SRC_SELF), and its line here.
 */
#include "probes/probe.h"

extern const struct ft_probe ft_probe_extfrag;
extern const struct ft_probe ft_probe_compaction_oot;
extern const struct ft_probe ft_probe_compaction_mainline;

/*
 * In order of preference.  A required probe must have its tracepoints;
 * of the probes that provide the same thing, the first whose tracepoints
 * this kernel has is taken (the out-of-tree compaction pair where the
 * kernel has it, as the seed did; otherwise what mainline offers).
 */
const struct ft_probe_slot ft_probe_registry[] = {
	{ &ft_probe_extfrag, NULL, true },
	{ &ft_probe_compaction_oot, "compaction", false },
	{ &ft_probe_compaction_mainline, "compaction", false },
	{ NULL, NULL, false },
};
