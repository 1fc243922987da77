/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tracing run, shared by record and watch: the checks made before
 * anything is attached, the tracer, the output file, the running
 * statistics, and the loop that ends on a signal or after -t seconds.
 */
#ifndef FRAGTRACK_RUN_H
#define FRAGTRACK_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "json/writer.h"
#include "model/stats.h"
#include "trace/mapper.h"
#include "trace/sampler.h"
#include "trace/tracer.h"
#include "util/outfile.h"

struct ft_run_opts {
	const char *output;   /* NULL: fragmentation_data_YYYYmmdd_HHMMSS.json */
	double duration;      /* seconds; 0: until a signal */
	double interval;      /* seconds between samples and ticks */
	bool quiet;
	const char *pid_file;
	const char *tracefs;  /* override, for tests */
	bool prepare;         /* only compile the BPF object into the cache */
	/* --label key=value, checked by the option parser, into the metadata */
	const char *labels[FT_META_LABELS];
	int nlabels;
	double map_interval;  /* seconds between memory maps; 0: none */
};

#define FT_MAP_INTERVAL_DEFAULT 30.0

struct ft_run;
/*
 * What shows a run while it records: the console's event lines
 * (ui/console.c) or the live screen (ui/watch.c).  Called once tracing
 * has started, for each record, and each interval, by the loop; NULL
 * hooks are skipped.
 */
struct ft_run_view {
	void (*on_start)(struct ft_run *run, void *arg);
	void (*on_record)(struct ft_run *run, const struct ft_record *r, void *arg);
	void (*on_sample)(struct ft_run *run, const struct ft_sample *smp, void *arg);
	void (*on_tick)(struct ft_run *run, void *arg);
	/* after every wait for events (at most 100 ms): keys, resizes */
	void (*on_poll)(struct ft_run *run, void *arg);
	/* each memory map scan, once written (its zones in order) */
	void (*on_map)(struct ft_run *run, const struct ft_map_sample *s, void *arg);
	void *arg;
};

struct ft_run {
	struct ft_run_opts opts;
	char output[4096];
	struct ft_outfile out;      /* what was created for output, to commit or remove */
	struct ft_outfile pid_file;
	FILE *human;          /* stdout, or stderr when the data goes there */
	bool colour;
	struct ft_tracer tracer;
	struct ft_writer *writer;
	struct ft_meta meta;
	struct ft_stats stats;
	struct ft_sampler sampler;
	struct ft_mapper mapper;   /* memory maps, off the event path */
	bool maps;                 /* the mapper runs */
	long long map_scans;       /* scans written */
	struct ft_run_view view;
	double started;       /* monotonic seconds at "tracking" */
	int write_error;
};

/* Set by SIGINT, SIGTERM and SIGHUP: every loop checks it. */
extern volatile sig_atomic_t exiting;
/* Also SIGUSR1: a snapshot (ft_run_loop writes it between two polls). */
void ft_install_signal_handlers(void);

/*
 * SIGUSR1 asks for a snapshot: a closed copy of the recording so far,
 * beside it (ft_snapshot_path).  Sent with sigqueue() and this value
 * (as `fragtrack snapshot` does), it is answered with SIGUSR1 carrying 0
 * or the errno of the failure; a plain kill(1) gets no answer.
 */
#define FT_SNAPSHOT_ASK 0x66747331 /* "fts1" */
/* X.json -> X.snapshot.json, X.jsonl -> X.snapshot.jsonl, X -> X.snapshot;
 * -ENAMETOOLONG when it does not fit. */
int ft_snapshot_path(const char *output, char *path, size_t len);

/* Everything up to "tracking".  0, or -errno after one line on stderr. */
int ft_run_setup(struct ft_run *run, const struct ft_run_opts *opts);
/* Polls until a signal, -t, or 'stop' becomes true. */
void ft_run_loop(struct ft_run *run, volatile int *stop);
/* Detaches, drains, closes the file: 0, or -EIO after a message. */
int ft_run_finish(struct ft_run *run, bool print_summary);

/* --prepare: the checks, then the BPF object compiled into the cache:
 * 0, or -errno after one line on stderr. */
int ft_run_prepare(const struct ft_run_opts *opts);

double ft_now_mono(void);

#endif
