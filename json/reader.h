/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Streaming input: one yajl callback parser for every recording fragtrack
 * reads back, in bounded memory whatever the file size:
 *
 *  - the seed tracer's document {"metadata", "events": [...], "statistics"}
 *    (and fragtrack's own, which has the same shape), keys in any order;
 *  - fragtrack's JSON lines: a {"metadata": ...} line, one object per event
 *    or other record, a closing {"metadata", "statistics", "summary"} line;
 *  - either of them cut off mid-write (a run killed before it closed its
 *    file): every complete event is delivered, one warning says how many.
 *
 * Events are validated (required fields, types, sane ranges) and delivered
 * as struct ft_record; fragmentation samples (from JSON lines or from the
 * document's "samples" array) are validated the same way and delivered as
 * struct ft_sample; records with an event_type this version does not know
 * go to an optional hook instead.
 */
#ifndef FRAGTRACK_JSONR_H
#define FRAGTRACK_JSONR_H

#include <stdbool.h>
#include <stddef.h>

#include "json/writer.h"
#include "model/pagemap.h"
#include "model/record.h"

/* The largest timestamp taken as "seconds since the run started": past
 * this it is an epoch time or garbage (about 31 years). */
#define FT_TS_MAX 1e9

/*
 * The longest JSON token (a string or a number, as written) the reader
 * takes: yajl rescans a token cut by a chunk boundary from its start on
 * every chunk, so without a bound one huge token costs quadratic time.
 * Nothing fragtrack or the seed tracer writes comes near it.
 */
#define FT_TOKEN_MAX (1 << 20)
#define FT_TOKEN_MAX_TEXT "1 MiB"
/* Nesting past the document's few levels (yajl keeps a byte per level). */
#define FT_NEST_MAX 64
/* Metadata counts: integers a double holds exactly. */
#define FT_COUNT_MAX 9007199254740992.0 /* 2^53 */
/* Metadata times: seconds since the epoch, before the year 5000. */
#define FT_EPOCH_MAX 1e11

/* One top-level scalar of a record of an unknown event_type. */
enum ft_field_type { FT_FIELD_NULL, FT_FIELD_BOOL, FT_FIELD_NUMBER, FT_FIELD_STRING };

#define FT_FIELD_KEY_LEN 48
#define FT_FIELD_VAL_LEN 128
#define FT_FIELDS_MAX 32

struct ft_field {
	char key[FT_FIELD_KEY_LEN];
	enum ft_field_type type;
	char text[FT_FIELD_VAL_LEN]; /* string (truncated), number as written */
	double number;               /* NUMBER; BOOL as 0/1 */
};

/* What a duplicate key makes a consumer forget (see ops->restart). */
enum ft_restart { FT_RESTART_EVENTS, FT_RESTART_SAMPLES };

struct ft_reader_ops {
	/* Each valid event, in file order.  Non-zero stops the reading. */
	int (*event)(const struct ft_record *r, void *arg);
	/* Records of another event_type (NULL: skipped): its top-level
	 * scalars, at most FT_FIELDS_MAX, nested values left out. */
	void (*other)(const char *event_type, const struct ft_field *fields, int nfields,
		      void *arg);
	/*
	 * Each valid "fragmentation_sample" (NULL: validated, then skipped).
	 * Required: timestamp, node (0..1023), zone (1..15 bytes), index
	 * (-1000..1000) and unusable (0..1000), arrays of at most
	 * FT_SAMPLE_ORDERS integers, as many of each; free (>= 0, as many)
	 * and blocks ({"type": count >= 0}, at most FT_SAMPLE_TYPES types
	 * with names of 1..15 bytes) are optional.  Non-zero stops the
	 * reading, as for events.
	 */
	int (*sample)(const struct ft_sample *s, void *arg);
	/*
	 * A document with a second "events" (or "samples") key: Python's
	 * json.load keeps the last one, so everything delivered from the
	 * first array is void.  The reader calls this (events, then samples,
	 * for each class that array delivered) when nothing of that class
	 * came from elsewhere; the consumer forgets all of that class.
	 * NULL, or records of the class from elsewhere: the file is refused.
	 */
	void (*restart)(enum ft_restart what, void *arg);
	/*
	 * Each valid "pageblock_map" (NULL: delivered to other, if any, as
	 * an unknown type).  Valid: every required number of ft_map_fields
	 * a non-negative integer (timestamp a number), a zone name, and a
	 * "map" that decodes to exactly its pageblocks, class by class as
	 * counted (ft_map_record_check).  r->map lives until the callback
	 * returns.  Non-zero stops the reading.
	 */
	int (*map)(const struct ft_map_record *r, void *arg);
	void *arg;
	bool quiet; /* no truncation warning on stderr (tests) */
};

struct ft_read_info {
	enum ft_format format;
	unsigned long events;   /* delivered to ops->event */
	unsigned long samples;  /* fragmentation samples, valid */
	unsigned long others;   /* records of unknown event types */
	unsigned long maps;     /* pageblock_map records, valid */
	bool truncated;         /* cut off mid-write, or no closing line */
	bool have_meta;
	struct ft_meta meta;    /* the closing metadata when there is one */
	double duration;        /* metadata "duration"; 0 unknown */
	char error[512];        /* set when the read failed */
};

/*
 * Reads path ("-": standard input, which may be a pipe); any other path
 * must be a regular file (a FIFO, device or directory is refused without
 * waiting on it).  Returns 0 (also for a truncated file,
 * after the warning), or -EINVAL with one line in info->error
 * (without the "fragtrack: " prefix), or the non-zero value ops->event
 * returned.
 */
int ft_read_file(const char *path, const struct ft_reader_ops *ops, struct ft_read_info *info);

/* The same over a buffer, fed to the parser chunk bytes at a time (0: the
 * file's 64 KiB, at most FT_TOKEN_MAX; tests check that chunk boundaries
 * don't matter); name is used in messages. */
int ft_read_buffer(const char *name, const char *buf, size_t len, size_t chunk,
		   const struct ft_reader_ops *ops, struct ft_read_info *info);

#endif
