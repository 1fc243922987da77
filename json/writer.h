/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Streaming JSON output, generated with yajl, in the two formats:
 *
 *  - document: the seed tracer's {"metadata", "events", "statistics"}
 *    object, written as events arrive (one event per line) and closed at
 *    exit.  The metadata sits first, in a fixed reserved slot that is
 *    rewritten in place at close, so a run killed before closing still
 *    leaves its start metadata and every flushed event readable;
 *  - lines: one JSON object per line; a {"metadata": ...} line first,
 *    then events and fragmentation samples, then a closing
 *    {"metadata": ..., "statistics": ..., "summary": ...} line.
 */
#ifndef FRAGTRACK_JSONW_H
#define FRAGTRACK_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <yajl/yajl_gen.h>

#include "model/pagemap.h"
#include "model/record.h"
#include "model/stats.h"

enum ft_format { FT_FORMAT_DOCUMENT, FT_FORMAT_LINES };

/* bounded: the document's metadata has a fixed slot */
#define FT_META_LOST_PIDS 4
/* --label key=value: how many, and how long (checked by the option parser) */
#define FT_META_LABELS 16
#define FT_LABEL_KEY_MAX 32
#define FT_LABEL_VALUE_MAX 128

struct ft_label {
	char key[FT_LABEL_KEY_MAX + 1];
	char value[FT_LABEL_VALUE_MAX + 1];
};

struct ft_meta {
	double start_time;       /* seconds since the epoch */
	double end_time;         /* 0 while running */
	unsigned long total_events;
	unsigned long lost_events;
	/* the processes that lost the most ("lost_by_pid"), at close */
	struct { int pid; unsigned long lost; } lost_pids[FT_META_LOST_PIDS];
	int nlost_pids;
	char kernel_version[128];
	char compaction_source[32]; /* "page_alloc", "compaction", "none" */
	double sample_interval;  /* seconds; 0: no samples */
	char bpf_object[320];    /* "cached", "compiled" or "compiled (why the
				  * cache was not used)"; "" before start */
	bool has_vmstat;         /* /proc/vmstat compaction counters, deltas */
	unsigned long long compact_stall, compact_success, compact_fail;
	/* Known at the start and never changed: written before the slot in
	 * a document (so they do not take its room); "" and 0: none. */
	char hostname[256];
	struct ft_label labels[FT_META_LABELS];
	int nlabels;
	bool snapshot;           /* a copy taken while recording goes on */
};

struct ft_writer;

/* The format of a path: ".jsonl" and "-" are lines, anything else is a
 * document (the seed's default). */
enum ft_format ft_format_for_path(const char *path);

/* Starts writing into f (the writer owns it and closes it, except stdout),
 * in the format of name (ft_format_for_path; name is also used in
 * messages).  NULL with a message in err on failure. */
struct ft_writer *ft_writer_open(FILE *f, const char *name, const struct ft_meta *meta,
				 char *err, size_t errlen);
int ft_writer_event(struct ft_writer *w, const struct ft_record *r);
/* A fragmentation sample: a line of its own in JSON lines; in a document,
 * kept in a temporary file and written as a "samples" array at close
 * (the seed's readers count everything in "events"). */
int ft_writer_sample(struct ft_writer *w, const struct ft_sample *smp);
/* One zone's memory map (model/pagemap.h), beside the samples */
int ft_writer_map(struct ft_writer *w, const struct ft_map_record *r);
int ft_writer_flush(struct ft_writer *w);
/* Where a snapshot ends: the live file and the samples flushed, and how
 * much of each is written. */
struct ft_snapshot_mark {
	off_t live_end, samples_end;
	unsigned long nevents;
};
/* Flushes and marks (in the recording process, before it forks the
 * snapshot's writer).  0 or -errno (-ESPIPE: not a file). */
int ft_writer_mark(struct ft_writer *w, struct ft_snapshot_mark *mark);
/* A closed, valid copy of everything written up to mark, in the writer's
 * format, into dst (a new file; closed by the caller): the live file's
 * bytes, the metadata given (with "snapshot": true) and what closing
 * adds.  Reads the live file through a descriptor of its own and writes
 * nothing to it, so it may run in a forked child while the parent goes
 * on recording.  0 or -errno. */
int ft_writer_snapshot(struct ft_writer *w, const struct ft_snapshot_mark *mark, int dst,
		       const struct ft_meta *meta, const struct ft_stats *stats);
/* Writes the closing parts, closes, frees.  0 or -errno. */
int ft_writer_close(struct ft_writer *w, const struct ft_meta *meta,
		    const struct ft_stats *stats);

/* Helpers shared with other generators. */
void ft_gen_str(yajl_gen g, const char *s);
void ft_gen_key(yajl_gen g, const char *key);
/* The shortest decimal that reads back as the same double, as Python's
 * json module writes floats. */
void ft_gen_double(yajl_gen g, double v);
void ft_gen_int(yajl_gen g, long long v);
void ft_gen_record(yajl_gen g, const struct ft_record *r);
void ft_gen_sample(yajl_gen g, const struct ft_sample *smp);
void ft_gen_map(yajl_gen g, const struct ft_map_record *r);
void ft_gen_stats(yajl_gen g, const struct ft_stats *s);
void ft_gen_metrics(yajl_gen g, const struct ft_metrics *m);

#endif
