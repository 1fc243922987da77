// SPDX-License-Identifier: GPL-2.0
/*
 * The record writer's golden files: fixed raw events of every probe and
 * fixed fragmentation samples go through the decoders and the writer, in
 * both formats, and the bytes must equal test/data/golden/record.json and
 * record.jsonl (field order and number formatting included).
 *
 *   unit_golden            compare (TAP), run from the repository root
 *   unit_golden --write D  write D/record.json and D/record.jsonl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json/writer.h"
#include "probes/probe.h"
#include "trace/sampler.h"
#include "model/stats.h"
#include "tap.h"

/* the probes under test (probes/registry.c lists them), and their lines
 * there: the source their events carry */
extern const struct ft_probe ft_probe_extfrag, ft_probe_compaction_oot,
	ft_probe_compaction_mainline;
enum { FT_SRC_EXTFRAG, FT_SRC_OOT, FT_SRC_MAINLINE };

#define GOLDEN_DIR "test/data/golden"

static const struct ft_clock clk = { .mono_start_ns = 5000000000ULL,
				     .real_start = 1756929774.1973147 };

static struct ft_event raw(int type, int source, unsigned long long at_ns, int order)
{
	struct ft_event ev = { 0 };

	ev.timestamp_ns = clk.mono_start_ns + at_ns;
	ev.pid = 4242;
	ev.tid = 4243;
	ev.order = order;
	ev.zone_idx = -1;
	ev.node_id = -1;
	ev.event_type = (unsigned char)type;
	ev.source = (unsigned char)source;
	memcpy(ev.comm, "fragload", 9);
	return ev;
}

static struct ft_event extfrag(unsigned long long at_ns, int order, int from, int to, int steal)
{
	struct ft_event ev = raw(FT_EV_EXTFRAG, FT_SRC_EXTFRAG, at_ns, order);

	ev.fallback_order = 10;
	ev.migrate_from = from;
	ev.migrate_to = to;
	ev.is_steal = steal;
	ev.pfn = 0x12345 + at_ns % 977;
	return ev;
}

/* Every kind of event each probe decodes, in time order. */
static int golden_events(struct ft_record *out)
{
	struct ft_event ev[10];
	const struct ft_probe *by[10];
	int n = 0, m = 0;

	ev[n] = extfrag(26311878648ULL, 2, 1, 0, 1), by[n++] = &ft_probe_extfrag;
	ev[n] = extfrag(26500000000ULL, 0, 0, 2, 0), by[n++] = &ft_probe_extfrag;
	ev[n] = extfrag(27000000001ULL, 9, 2, 1, 1), by[n++] = &ft_probe_extfrag;
	memcpy(ev[n - 1].comm, "bad\xff\xfe q\"`x`", 12);
	ev[n] = raw(FT_EV_COMPACTION_SUCCESS, FT_SRC_OOT, 28000000000ULL, 9);
	ev[n].kernel_value = 977, ev[n].zone_idx = 2, ev[n].node_id = 0;
	by[n++] = &ft_probe_compaction_oot;
	ev[n] = raw(FT_EV_COMPACTION_FAILURE, FT_SRC_OOT, 28500000000ULL, 4);
	by[n++] = &ft_probe_compaction_oot;
	/* mainline: success for an order, whole-zone complete, kcompactd,
	 * proactive, an unknown status */
	ev[n] = raw(FT_EV_COMPACTION_FAILURE, FT_SRC_MAINLINE, 29000000000ULL, 3);
	ev[n].kernel_value = 8, ev[n].zone_idx = 1, ev[n].node_id = 0, ev[n].pfn = 4096;
	by[n++] = &ft_probe_compaction_mainline;
	ev[n] = raw(FT_EV_COMPACTION_FAILURE, FT_SRC_MAINLINE, 29100000000ULL, -1);
	ev[n].kernel_value = 5, ev[n].zone_idx = 2, ev[n].node_id = 0, ev[n].pfn = 1048576;
	by[n++] = &ft_probe_compaction_mainline;
	ev[n] = raw(FT_EV_COMPACTION_FAILURE, FT_SRC_MAINLINE, 29200000000ULL, 2);
	ev[n].kernel_value = 3, ev[n].zone_idx = 2, ev[n].node_id = 0, ev[n].pfn = 1048576;
	memcpy(ev[n].comm, "kcompactd0", 11);
	by[n++] = &ft_probe_compaction_mainline;
	ev[n] = raw(FT_EV_COMPACTION_FAILURE, FT_SRC_MAINLINE, 29300000000ULL, -1);
	ev[n].kernel_value = 8, ev[n].zone_idx = -1, ev[n].node_id = -1, ev[n].pfn = 1048576;
	memcpy(ev[n].comm, "kcompactd0", 11);
	by[n++] = &ft_probe_compaction_mainline;
	ev[n] = raw(FT_EV_COMPACTION_FAILURE, FT_SRC_MAINLINE, 29400000000ULL, 1);
	ev[n].kernel_value = 42, ev[n].zone_idx = 2, ev[n].node_id = 1, ev[n].pfn = 1048576;
	by[n++] = &ft_probe_compaction_mainline;
	for (int i = 0; i < n; i++)
		if (by[i]->decode(&ev[i], &clk, &out[m]))
			m++;
	/* what the sampler adds to an extfrag event once its pfn is mapped */
	out[0].node = 0;
	snprintf(out[0].zone, sizeof(out[0].zone), "Normal");
	out[0].fragmentation_index = 512;
	return m;
}

static void golden_sample(struct ft_sample *s, double t, int node, const char *zone, int shift)
{
	static const char *const types[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic" };

	memset(s, 0, sizeof(*s));
	s->timestamp = t;
	s->node = node;
	snprintf(s->zone, sizeof(s->zone), "%s", zone);
	s->norders = 11;
	for (int o = 0; o < s->norders; o++)
		s->nr_free[o] = o < 10 - shift ? (unsigned long)(1000 >> o) + shift : 0;
	ft_sample_compute(s);
	s->ntypes = shift ? 0 : 4;
	for (int t = 0; t < s->ntypes; t++) {
		snprintf(s->type_names[t], sizeof(s->type_names[t]), "%s", types[t]);
		s->blocks[t] = 100 * (t + 1) + shift;
	}
}

static int write_run(const char *path)
{
	struct ft_meta meta = { .start_time = 1756929774.1973147 };
	static struct ft_stats s;
	struct ft_record recs[16];
	struct ft_writer *w;
	struct ft_sample smp;
	FILE *f;
	char err[256];
	int n = golden_events(recs);

	strcpy(meta.kernel_version, "6.18-golden");
	strcpy(meta.compaction_source, "compaction");
	strcpy(meta.bpf_object, "cached");
	meta.sample_interval = 1.0;
	ft_stats_init(&s);
	f = fopen(path, "w");
	w = f ? ft_writer_open(f, path, &meta, err, sizeof(err)) : NULL;
	if (!w) {
		printf("# %s\n", err);
		return -1;
	}
	golden_sample(&smp, 0.0015, 0, "DMA32", 0);
	ft_writer_sample(w, &smp);
	golden_sample(&smp, 0.0016, 0, "Normal", 3);
	ft_writer_sample(w, &smp);
	for (int i = 0; i < n; i++) {
		ft_stats_add(&s, &recs[i]);
		ft_writer_event(w, &recs[i]);
		if (i == 4) {
			golden_sample(&smp, 28.75, 0, "Normal", 5);
			ft_writer_sample(w, &smp);
		}
	}
	meta.end_time = meta.start_time + 31.25;
	meta.total_events = s.total;
	meta.lost_events = 3;
	meta.lost_pids[0].pid = 4242;
	meta.lost_pids[0].lost = 2;
	meta.lost_pids[1].pid = 77;
	meta.lost_pids[1].lost = 1;
	meta.nlost_pids = 2;
	meta.has_vmstat = true;
	meta.compact_stall = 12;
	meta.compact_success = 9;
	meta.compact_fail = 3;
	return ft_writer_close(w, &meta, &s);
}

static int same_file(const char *a, const char *b)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", a, b);
	return system(cmd) == 0;
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "record.json", "record.jsonl" };
	char dir[] = "/tmp/ft_golden_XXXXXX", path[512], want[512], cmd[1200];
	const char *out = dir;

	/* absolute_time is local time: the goldens are in UTC */
	setenv("TZ", "UTC", 1);
	tzset();
	if (argc == 3 && strcmp(argv[1], "--write") == 0)
		out = argv[2];
	else if (!mkdtemp(dir))
		return 1;
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", out, names[i]);
		ok(write_run(path) == 0, "writer writes %s", names[i]);
		if (out != dir)
			continue;
		snprintf(want, sizeof(want), "%s/%s", GOLDEN_DIR, names[i]);
		ok(same_file(path, want), "%s byte for byte as %s", names[i], want);
		if (!same_file(path, want)) {
			snprintf(cmd, sizeof(cmd), "diff -u %s %s | head -40 | sed 's/^/# /'", want,
				 path);
			if (system(cmd) != 0)
				printf("# diff failed\n");
		}
		unlink(path);
	}
	if (out == dir)
		rmdir(dir);
	return tap_done();
}
