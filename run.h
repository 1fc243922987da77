/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tracing run, shared by record and watch: the checks made before
 * anything is attached, the tracer, the output file, the running
 * statistics, and the loop that ends on a signal or after -t seconds.
 */
#ifndef FRAGTRACK_RUN_H
#define FRAGTRACK_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "jsonw.h"
#include "outfile.h"
#include "sampler.h"
#include "stats.h"
#include "tracer.h"

struct ft_run_opts {
	const char *output;   /* NULL: fragmentation_data_YYYYmmdd_HHMMSS.json */
	double duration;      /* seconds; 0: until a signal */
	double interval;      /* seconds between samples and ticks */
	bool quiet;
	const char *pid_file;
	const char *tracefs;  /* override, for tests */
	bool prepare;         /* only compile the BPF object into the cache */
};

struct ft_run;
/* Called for each record, and each interval, by the loop. */
struct ft_run_view {
	void (*on_record)(struct ft_run *run, const struct ft_record *r, void *arg);
	void (*on_sample)(struct ft_run *run, const struct ft_sample *smp, void *arg);
	void (*on_tick)(struct ft_run *run, void *arg);
	/* after every wait for events (at most 100 ms): keys, resizes */
	void (*on_poll)(struct ft_run *run, void *arg);
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
	struct ft_run_view view;
	double started;       /* monotonic seconds at "tracking" */
	int write_error;
};

/* Everything up to "tracking".  Returns 0, or an exit status after
 * printing one line on stderr. */
int ft_run_setup(struct ft_run *run, const struct ft_run_opts *opts);
/* Polls until a signal, -t, or 'stop' becomes true. */
void ft_run_loop(struct ft_run *run, volatile int *stop);
/* Detaches, drains, closes the file; returns the exit status. */
int ft_run_finish(struct ft_run *run, bool print_summary);

/* --prepare: the checks, then the BPF object compiled into the cache. */
int ft_run_prepare(const struct ft_run_opts *opts);

double ft_now_mono(void);

#endif
