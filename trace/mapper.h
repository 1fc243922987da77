/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory map samples while recording, off the event path: a thread of its
 * own scans /proc/kpageflags (trace/pagemap.c) once at start, every
 * interval, and once more at stop, and queues each scan's maps for the
 * loop to write.  A scan costs a second or two of CPU on a 24 GiB machine;
 * the loop never waits for one (it takes what is queued), so no event is
 * delayed behind it.
 */
#ifndef FRAGTRACK_MAPPER_H
#define FRAGTRACK_MAPPER_H

#include <pthread.h>
#include <stdbool.h>

#include "trace/pagemap.h"

/* One zone of one scan, as written */
struct ft_map_zone {
	int node;
	char zone[FT_NAME_LEN];
	uint64_t start_pfn, spanned;
	size_t nblocks;
	unsigned long counts[FT_PM_CLASSES];
	unsigned long polluted_unflagged;
	unsigned long long pcp_pages;          /* on per-CPU lists (zoneinfo) */
	unsigned long long free_pages;         /* pages flagged BUDDY */
	/* buddyinfo read before, during (after every chunk) and after the
	 * zone's scan, its least and most: free pages, and free blocks
	 * counted in pageblocks (orders >= the pageblock's) */
	unsigned long long buddy_pages[2], buddy_blocks[2]; /* [0] min, [1] max */
	unsigned long buddy_reads;
	char *map;                             /* ft_pm_encode() */
};

struct ft_map_sample {
	double start, end;      /* monotonic seconds */
	double cpu;             /* CPU seconds of the scan (user + system) */
	unsigned block_pages;
	int nzones;
	struct ft_map_zone zones[FT_MAX_ZONES];
	struct ft_map_sample *next;
};

struct ft_mapper {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool started, stop, joined;
	double interval;
	int fd;                 /* /proc/kpageflags */
	struct ft_zone_span spans[FT_MAX_ZONES];
	int nspans;
	struct ft_pm_ram ram;
	unsigned block_pages;
	struct ft_pagemap pm;   /* the thread's */
	struct ft_map_sample *head, **tail;
	unsigned long scans, failed;
	int error;              /* of the last failed scan, -errno */
};

/*
 * Opens what a scan reads ($FRAGTRACK_PROC or /proc: kpageflags, zoneinfo,
 * iomem, pagetypeinfo) and starts the thread, which scans at once.
 * interval: seconds between scans (> 0).  0, or -errno with why in err
 * (e.g. kpageflags not readable): the run goes on without maps.
 */
int ft_mapper_start(struct ft_mapper *m, double interval, char *err, size_t errlen);
/* The scans finished since the last call, oldest first (NULL: none). */
struct ft_map_sample *ft_mapper_take(struct ft_mapper *m);
/* Scans once more, stops the thread; what is left: ft_mapper_take. */
void ft_mapper_stop(struct ft_mapper *m);
/* Frees a list ft_mapper_take returned. */
void ft_map_samples_free(struct ft_map_sample *s);

/* Zone z of scan s as recorded: timestamps relative to t0 (monotonic
 * seconds at the run's start); scan: its number, from 1.  r->map points
 * into s. */
void ft_map_sample_record(const struct ft_map_sample *s, int z, double t0, long long scan,
			  struct ft_map_record *r);

/* "Pages per block:" of /proc/pagetypeinfo, 0 when absent */
unsigned ft_pageblock_pages(FILE *pagetypeinfo);

#endif
