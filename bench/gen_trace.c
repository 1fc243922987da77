// SPDX-License-Identifier: GPL-2.0
/*
 * gen_trace: a synthetic recording in the seed tracer's format (json.dump
 * with indent=2), or fragtrack's JSON lines, for the plot benchmark.
 *
 *   gen_trace [-n EVENTS] [-d SECONDS] [-s SEED] [-l] > trace.json
 *
 * The mix and the shapes follow the two real recordings: compaction
 * successes at a fragmentation index that drifts per zone (and -1000 when a
 * free block existed), failures at index -1, order 9 mostly, extfrag
 * patterns weighted as on a THP-heavy run.  Timestamps arrive slightly out
 * of order, as they do from per-CPU buffers.  Deterministic for a seed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static double frand(void)
{
	return (rng() >> 11) * (1.0 / 9007199254740992.0);
}

static const char *const comms[] = {
	"thpcompact", "thpcompact", "thpcompact", "thpcompact", "kworker/u36:0",
	"kcompactd0", "dd", "mmap_stress", "systemd-journal", "compaction_stre",
};

static const struct {
	const char *from, *to;
	double weight, steal;
} patterns[] = {
	{ "UNMOVABLE", "MOVABLE", 0.50, 0.90 },
	{ "MOVABLE", "UNMOVABLE", 0.20, 0.05 },
	{ "MOVABLE", "RECLAIMABLE", 0.15, 0.05 },
	{ "RECLAIMABLE", "MOVABLE", 0.08, 0.10 },
	{ "UNMOVABLE", "RECLAIMABLE", 0.04, 0.10 },
	{ "RECLAIMABLE", "UNMOVABLE", 0.03, 0.05 },
};

static const char *zones[] = { "Normal", "DMA32" };
static int fi_walk[2] = { 900, 700 };

static int pick_order(void)
{
	double x = frand();

	return x < 0.90 ? 9 : x < 0.95 ? 4 : x < 0.98 ? 2 : 0;
}

static void common(FILE *out, const char *ind, double t, double start, const char *type,
		   int pid)
{
	double abs = start + t;
	long sec = (long)abs;

	fprintf(out, "%s\"timestamp\": %.9f,\n", ind, t);
	fprintf(out, "%s\"absolute_time\": \"2025-09-03T13:%02ld:%02ld.%06ld\",\n", ind,
		(sec / 60) % 60, sec % 60, (long)((abs - sec) * 1e6));
	fprintf(out, "%s\"event_type\": \"%s\",\n", ind, type);
	fprintf(out, "%s\"pid\": %d,\n", ind, pid);
}

static void extfrag(FILE *out, const char *ind, double t, double start, int pid)
{
	double x = frand(), acc = 0;
	size_t p = 0;

	for (p = 0; p < sizeof(patterns) / sizeof(*patterns) - 1; p++) {
		acc += patterns[p].weight;
		if (x < acc)
			break;
	}
	common(out, ind, t, start, "extfrag", pid);
	fprintf(out, "%s\"tid\": %d,\n", ind, pid + (int)(rng() % 8));
	fprintf(out, "%s\"comm\": \"%s\",\n", ind, comms[rng() % 10]);
	fprintf(out, "%s\"order\": %d,\n", ind, frand() < 0.8 ? 0 : pick_order());
	fprintf(out, "%s\"fallback_order\": %d,\n", ind, 8 + (int)(rng() % 3));
	fprintf(out, "%s\"migrate_from\": \"%s\",\n", ind, patterns[p].from);
	fprintf(out, "%s\"migrate_to\": \"%s\",\n", ind, patterns[p].to);
	fprintf(out, "%s\"is_steal\": %s,\n", ind, frand() < patterns[p].steal ? "true" : "false");
	fprintf(out, "%s\"node\": -1,\n", ind);
	fprintf(out, "%s\"fragmentation_index\": %d\n", ind, frand() < 0.8 ? 100 : 700);
}

static void success(FILE *out, const char *ind, double t, double start, int pid)
{
	int z = (int)(rng() % 2);
	int fi;

	/* the index drifts slowly per zone, with some jitter around it */
	fi_walk[z] += (int)(rng() % 5) - 2;
	if (fi_walk[z] < 500)
		fi_walk[z] = 500;
	if (fi_walk[z] > 995)
		fi_walk[z] = 995;
	fi = frand() < 0.15 ? -1000 : fi_walk[z] + (int)(rng() % 7) - 3;
	if (fi > 1000)
		fi = 1000;
	common(out, ind, t, start, "compaction_success", pid);
	fprintf(out, "%s\"comm\": \"%s\",\n", ind, comms[rng() % 10]);
	fprintf(out, "%s\"order\": %d,\n", ind, pick_order());
	fprintf(out, "%s\"fragmentation_index\": %d,\n", ind, fi);
	fprintf(out, "%s\"zone\": \"%s\",\n", ind, zones[z]);
	fprintf(out, "%s\"node\": 0\n", ind);
}

static void failure(FILE *out, const char *ind, double t, double start, int pid)
{
	common(out, ind, t, start, "compaction_failure", pid);
	fprintf(out, "%s\"comm\": \"%s\",\n", ind, comms[rng() % 10]);
	fprintf(out, "%s\"order\": %d,\n", ind, pick_order());
	fprintf(out, "%s\"fragmentation_index\": -1\n", ind);
}

static void event(FILE *out, bool lines, double t, double start)
{
	const char *ind = lines ? "" : "      ";
	int pid = 1000 + (int)(rng() % 50000);
	double x = frand();

	fputs(lines ? "{" : "    {\n", out);
	if (x < 0.34)
		extfrag(out, ind, t, start, pid);
	else if (x < 0.62)
		success(out, ind, t, start, pid);
	else
		failure(out, ind, t, start, pid);
	fputs(lines ? "}\n" : "    }", out);
}

static void usage(void)
{
	fprintf(stderr, "usage: gen_trace [-n EVENTS] [-d SECONDS] [-s SEED] [-l]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n = 1000000;
	double duration = 0, start = 1756929774.1973147;
	bool lines = false;
	int c;

	while ((c = getopt(argc, argv, "n:d:s:l")) != -1) {
		switch (c) {
		case 'n':
			n = strtoul(optarg, NULL, 10);
			break;
		case 'd':
			duration = strtod(optarg, NULL);
			break;
		case 's':
			rng_state ^= strtoull(optarg, NULL, 10) * 0x2545F4914F6CDD1DULL;
			break;
		case 'l':
			lines = true;
			break;
		default:
			usage();
		}
	}
	if (!duration)
		duration = n / 150.0 + 1; /* the load recording's rate, roughly */
	if (lines)
		printf("{\"metadata\": {\"start_time\": %.7f, \"kernel_version\": \"synthetic\"}}\n",
		       start);
	else
		printf("{\n  \"metadata\": {\n    \"start_time\": %.7f,\n    \"end_time\": %.7f,\n"
		       "    \"duration\": %.7f,\n    \"total_events\": %lu,\n"
		       "    \"kernel_version\": \"synthetic\"\n  },\n  \"events\": [\n",
		       start, start + duration, duration, n);
	for (unsigned long i = 0; i < n; i++) {
		/* per-CPU buffers: up to ~3 events' worth out of order */
		double t = (i + 0.5) * duration / n + (frand() - 0.5) * 6 * duration / n;

		if (t < 0)
			t = 0;
		event(stdout, lines, t, start);
		if (!lines)
			fputs(i + 1 < n ? ",\n" : "\n", stdout);
	}
	if (lines)
		printf("{\"metadata\": {\"start_time\": %.7f, \"end_time\": %.7f, "
		       "\"total_events\": %lu}, \"statistics\": {}, \"summary\": {}}\n",
		       start, start + duration, n);
	else
		printf("  ],\n  \"statistics\": {}\n}\n");
	return 0;
}
