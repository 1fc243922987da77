/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The event model shared by record, plot, report and watch: one decoded
 * record per event, whatever produced it (the BPF side, the seed tracer's
 * JSON document, or fragtrack's JSON lines).
 */
#ifndef FRAGTRACK_MODEL_H
#define FRAGTRACK_MODEL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* "this field is absent" (JSON: key left out, or null where noted) */
#define FT_NONE INT_MIN

enum ft_kind {
	FT_KIND_EXTFRAG,
	FT_KIND_COMPACTION_SUCCESS,
	FT_KIND_COMPACTION_FAILURE,
	FT_KIND_COUNT,
};

#define FT_MT_NAME_LEN 24
#define FT_ZONE_LEN 16
#define FT_COMM_MAX 64
#define FT_TIME_LEN 40
#define FT_SOURCE_LEN 24

struct ft_record {
	enum ft_kind kind;
	double timestamp;             /* seconds since the run started */
	char absolute_time[FT_TIME_LEN]; /* ISO 8601, local time */
	int pid;
	int tid;                      /* FT_NONE: absent (seed compaction) */
	char comm[FT_COMM_MAX];
	int order;
	int fallback_order;           /* extfrag only */
	char migrate_from[FT_MT_NAME_LEN]; /* extfrag only */
	char migrate_to[FT_MT_NAME_LEN];
	bool is_steal;
	int node;                     /* FT_NONE: absent */
	char zone[FT_ZONE_LEN];       /* "": absent */
	int fragmentation_index;      /* FT_NONE: null / absent */
	long long pfn;                /* -1: unknown */
	char source[FT_SOURCE_LEN];   /* compaction: which tracepoints; "" none */
	char status[FT_SOURCE_LEN];   /* mainline compaction: compact_result */
	char trigger[FT_SOURCE_LEN];  /* mainline: direct, kcompactd, whole_zone */
};

/*
 * The allocator's state in one zone at one moment: free blocks per order
 * (/proc/buddyinfo), the kernel's fragmentation and unusable-free indices
 * computed from them (x1000, -1000..1000), and the pageblocks per migrate
 * type (/proc/pagetypeinfo).  JSON: "event_type": "fragmentation_sample".
 */
#define FT_SAMPLE_ORDERS 16
#define FT_SAMPLE_TYPES 8
#define FT_SAMPLE_NAME 16

struct ft_sample {
	double timestamp;
	int node;
	char zone[FT_SAMPLE_NAME];
	int norders;
	unsigned long nr_free[FT_SAMPLE_ORDERS];
	int index[FT_SAMPLE_ORDERS];
	int unusable[FT_SAMPLE_ORDERS];
	int ntypes; /* 0: no pageblock counts */
	char type_names[FT_SAMPLE_TYPES][FT_SAMPLE_NAME];
	unsigned long blocks[FT_SAMPLE_TYPES];
};

void ft_record_init(struct ft_record *r, enum ft_kind kind);

const char *ft_kind_name(enum ft_kind kind);     /* JSON event_type */
int ft_kind_from_name(const char *name);         /* -1 when unknown */

/* Migrate type names as the seed tracer wrote them ("TYPE_n" otherwise). */
void ft_migrate_name(int type, char *buf, unsigned len);

/*
 * The seed visualizer's get_migration_severity(): the definition of a
 * "bad" (< 0) and a "good" (> 0) fallback.  Returned doubled, so -0.5 is
 * -1 and the values stay integers.
 */
int ft_severity2(const char *from, const char *to);
/* "!!", "!", "=", "+": the seed's markers for a severity */
const char *ft_severity_marker(int severity2);

/* Copies at most inlen bytes of in, replacing each invalid UTF-8
 * sequence by U+FFFD (as Python's decode("utf-8", "replace")). */
void ft_utf8_sanitize(const char *in, size_t inlen, char *out, size_t outlen);

/* Zone names by the kernel's zone index, as the seed tracer printed them. */
const char *ft_zone_name(int zone_idx); /* "Unknown" out of range */

#endif
