/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for the /proc files that describe the page allocator's state:
 * buddyinfo (free blocks per order), zoneinfo (zone pfn spans),
 * pagetypeinfo (pageblocks per migrate type) and vmstat (compaction
 * counters).  Each reads from a FILE so tests can feed fixed tables.
 */
#ifndef FRAGTRACK_PROCFS_H
#define FRAGTRACK_PROCFS_H

#include <stdio.h>

#include "model/record.h"

#define FT_MAX_ORDERS FT_SAMPLE_ORDERS /* NR_PAGE_ORDERS: 11 on x86, up to 14 */
#define FT_MAX_ZONES 32                /* nodes x zones */
#define FT_MAX_MT FT_SAMPLE_TYPES      /* pagetypeinfo's block table columns */
#define FT_NAME_LEN FT_SAMPLE_NAME

struct ft_zone_free {
	int node;
	char zone[FT_NAME_LEN];
	int norders;
	unsigned long nr_free[FT_MAX_ORDERS];
};

struct ft_zone_span {
	int node;
	char zone[FT_NAME_LEN];
	unsigned long long start_pfn;
	unsigned long long spanned;
};

struct ft_zone_blocks {
	int node;
	char zone[FT_NAME_LEN];
	unsigned long blocks[FT_MAX_MT];
};

struct ft_block_types {
	int ntypes;
	char names[FT_MAX_MT][FT_NAME_LEN];
};

struct ft_compact_counts {
	unsigned long long stall, fail, success;
};

/* Each returns the number of zones filled, or -1 on a malformed file. */
int ft_parse_buddyinfo(FILE *f, struct ft_zone_free *zones, int max);
int ft_parse_zoneinfo(FILE *f, struct ft_zone_span *spans, int max);
int ft_parse_pagetypeinfo(FILE *f, struct ft_block_types *types,
			  struct ft_zone_blocks *zones, int max);
/* 0, or -1 when the counters are absent (CONFIG_COMPACTION off). */
int ft_parse_vmstat_compact(FILE *f, struct ft_compact_counts *c);

/* The span holding pfn, or -1.  Empty zones never match. */
int ft_zone_of_pfn(const struct ft_zone_span *spans, int n, unsigned long long pfn);

/* Convenience: open /proc/NAME (or $FRAGTRACK_PROC/NAME, for tests). */
FILE *ft_proc_open(const char *name);

#endif
