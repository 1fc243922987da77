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

/*
 * One event.  Each member written to or read from JSON has its line in
 * FT_RECORD_FIELDS below: adding a field to the output is a member here,
 * its line there, and the probe that fills it.
 */
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

/* How a field is written for a kind of record. */
enum ft_emit {
	FT_OUT, /* never */
	FT_ALW, /* always */
	FT_OPT, /* left out when absent */
	FT_NUL, /* null when absent */
	FT_DEF, /* the seed's stand-in when absent: -1, or "Unknown" */
};

/* The JSON type of a field, and the member's C type. */
enum ft_ftype {
	FT_T_NUM,   /* double: never absent */
	FT_T_INT,   /* int: FT_NONE is absent */
	FT_T_LLONG, /* long long: negative is absent */
	FT_T_STR,   /* char[]: "" is absent */
	FT_T_BOOL,  /* bool: never absent */
	FT_T_KIND,  /* enum ft_kind, as its name (event_type) */
};

/*
 * The schema: every field of a record as the writer writes it (in this
 * order: the seed tracer's for each kind, fragtrack's additions after),
 * the reader reads it, and the tests and console name it.  Columns: id,
 * JSON key, type, member of struct ft_record, null accepted on input,
 * how extfrag, compaction_success and compaction_failure records write it.
 * AGAIN: a field the seed writes at another place for some kinds (its
 * first line is the one the reader uses).
 */
#define FT_RECORD_FIELDS(F, AGAIN) \
	F(TIMESTAMP, "timestamp", NUM, timestamp, false, ALW, ALW, ALW) \
	F(ABSTIME, "absolute_time", STR, absolute_time, true, ALW, ALW, ALW) \
	F(TYPE, "event_type", KIND, kind, false, ALW, ALW, ALW) \
	F(PID, "pid", INT, pid, true, ALW, ALW, ALW) \
	F(TID, "tid", INT, tid, true, OPT, OPT, OPT) \
	F(COMM, "comm", STR, comm, true, ALW, ALW, ALW) \
	F(ORDER, "order", INT, order, false, ALW, ALW, ALW) \
	F(FALLBACK, "fallback_order", INT, fallback_order, true, NUL, OUT, OUT) \
	F(FROM, "migrate_from", STR, migrate_from, false, ALW, OUT, OUT) \
	F(TO, "migrate_to", STR, migrate_to, false, ALW, OUT, OUT) \
	F(STEAL, "is_steal", BOOL, is_steal, true, ALW, OUT, OUT) \
	F(NODE, "node", INT, node, true, DEF, OUT, OUT) \
	F(FRAGIDX, "fragmentation_index", INT, fragmentation_index, true, NUL, OPT, NUL) \
	F(ZONE, "zone", STR, zone, true, OPT, DEF, OPT) \
	AGAIN(NODE_AFTER_ZONE, NODE, "node", INT, node, true, OUT, DEF, OPT) \
	F(PFN, "pfn", LLONG, pfn, true, OPT, OPT, OPT) \
	F(SOURCE, "source", STR, source, true, OPT, OPT, OPT) \
	F(STATUS, "status", STR, status, true, OPT, OPT, OPT) \
	F(TRIGGER, "trigger", STR, trigger, true, OPT, OPT, OPT)

#define FT_FIELD_ID(id, ...) FT_F_##id,
#define FT_FIELD_ID_AGAIN(id, ...) FT_F_##id,
enum ft_field_id { FT_RECORD_FIELDS(FT_FIELD_ID, FT_FIELD_ID_AGAIN) FT_F_COUNT };
#undef FT_FIELD_ID
#undef FT_FIELD_ID_AGAIN

struct ft_field_def {
	const char *key;
	unsigned char len;            /* strlen(key) */
	enum ft_ftype type;
	size_t offset, size;          /* of the member in struct ft_record */
	bool nullable;                /* input: null leaves it absent */
	enum ft_emit emit[FT_KIND_COUNT];
	enum ft_field_id first;       /* its own id, or the line AGAIN repeats */
};

extern const struct ft_field_def ft_fields[FT_F_COUNT];

/* Whether r's value of field f is absent (see enum ft_ftype). */
bool ft_field_absent(const struct ft_field_def *f, const struct ft_record *r);
/* The member of field f in r. */
static inline void *ft_field_ptr(const struct ft_field_def *f, struct ft_record *r)
{
	return (char *)r + f->offset;
}
static inline const void *ft_field_cptr(const struct ft_field_def *f, const struct ft_record *r)
{
	return (const char *)r + f->offset;
}

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
/* The console's name of a kind (EXTFRAG, COMPACT_OK...) and its colour
 * (an ANSI escape sequence). */
const char *ft_kind_label(enum ft_kind kind);
const char *ft_kind_colour(enum ft_kind kind);
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

/* Zone names by the kernel's zone index, as the seed tracer printed them. */
const char *ft_zone_name(int zone_idx); /* "Unknown" out of range */

#endif
