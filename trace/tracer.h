/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF session: which probes this kernel supports, the BPF text built
 * from them, compiled with libbcc at start-up, loaded and attached to the
 * tracepoints, and the per-CPU perf buffers that bring the events back
 * as records.
 */
#ifndef FRAGTRACK_TRACER_H
#define FRAGTRACK_TRACER_H

#include <stdbool.h>
#include <stddef.h>

#include "model/record.h"
#include "trace/bpfobj.h"
#include "probes/probe.h"

#define FT_MAX_PROBES 4
#define FT_MAX_TRACEPOINTS 16
#define FT_MAX_CPUS 1024

/* processes named in the breakdown of lost events, most lost first */
#define FT_LOST_TOP 4

typedef void (*ft_record_cb)(void *ctx, const struct ft_record *r);

struct ft_lost_pid {
	int pid;
	unsigned long lost;
};

struct ft_tracer {
	char tracefs[4096];
	const struct ft_probe *probes[FT_MAX_PROBES];
	int srcs[FT_MAX_PROBES]; /* their lines in the registry: their events' source */
	int nprobes;
	const char *compaction_source; /* "page_alloc", "compaction", "none" */
	int events_map_fd;    /* keeps the perf event array filled */
	int lost_map_fd;      /* BPF's count of failed submissions, per CPU */
	int lost_tgid_map_fd; /* the same by process */
	int link_fds[FT_MAX_TRACEPOINTS];
	int nlinks;
	void *readers[FT_MAX_CPUS];
	int cpus[FT_MAX_CPUS];
	int nreaders;
	struct ft_clock clock;
	char *text;             /* the BPF text, once built */
	struct ft_obj_cache cache; /* the compiled object cache; dirfd -1: none */
	char cache_path[4096];  /* its entry for this text, or its directory
				 * when refused; "" no cache */
	bool from_cache;        /* this run loaded it instead of compiling */
	bool cache_refused;     /* the directory is not safe: no cache */
	char cache_why[256];    /* why it was refused, or why the cached object
				 * was rejected; "" */
	int ncpus_possible;     /* values in a per-CPU map entry */
	/*
	 * Lost events: the submissions BPF counted as failed (ft_lost in
	 * bpf_prog.c), as last read.  perf_lost is what the kernel's
	 * PERF_RECORD_LOST records said: the same drops (a full buffer fails
	 * the submission), but written only when a later event fits, so
	 * never more and often less.  Not added: that would count twice;
	 * lost is never below it (should the counter go unread).
	 */
	unsigned long lost;
	unsigned long perf_lost;
	struct ft_lost_pid lost_pids[FT_LOST_TOP]; /* at stop, most first */
	int nlost_pids;
	unsigned long malformed;
	ft_record_cb on_record;
	void *ctx;
};

/* Finds tracefs and picks the probes; nothing is loaded yet.  0 or -errno
 * with one line in err. */
int ft_tracer_detect(struct ft_tracer *t, const char *tracefs_override, char *err,
		     size_t errlen);
/* The BPF text for the chosen probes (malloc'd). */
char *ft_tracer_bpf_text(const struct ft_tracer *t);
/* Compiles, loads, attaches; from here events flow to on_record. */
int ft_tracer_start(struct ft_tracer *t, ft_record_cb cb, void *ctx, char *err,
		    size_t errlen);
/* Compiles the BPF text for this kernel into the object cache (checked
 * by the verifier, nothing attached), so runs start without compiling. */
int ft_tracer_prepare(struct ft_tracer *t, char *err, size_t errlen);
/* Waits up to timeout_ms for events and delivers them.  < 0 on error
 * other than EINTR. */
int ft_tracer_poll(struct ft_tracer *t, int timeout_ms);
/* Detaches, delivers what is still buffered, reads the final lost
 * counts, frees everything. */
void ft_tracer_stop(struct ft_tracer *t);
/* Events lost so far (read from BPF while running; final after stop). */
unsigned long ft_tracer_lost(struct ft_tracer *t);

/* Where bcc looks for kernel headers; false when absent. */
bool ft_kernel_headers_present(char *path, size_t len);

#endif
