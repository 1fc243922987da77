/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory map samples of a recording, aggregated as they stream by:
 * the totals of every scan (the strip over time), and three whole scans
 * kept: the first, the worst (the fewest pageblocks that could become a
 * huge page, summed over zones; the earliest of equals) and the last.
 * Memory grows with the number of scans by ~80 bytes each (one every
 * 30 s by default), and with the maps of three scans.
 */
#ifndef FRAGTRACK_PAGEMAPS_H
#define FRAGTRACK_PAGEMAPS_H

#include <stdbool.h>
#include <stdio.h>

#include "model/pagemap.h"
#include "util/outdir.h"

#define FT_MAPS_ZONES 32

struct ft_maps_zone {
	long long node;
	char zone[FT_MAP_ZONE_LEN];
	long long start_pfn, spanned, blocks, block_pages;
	long long counts[FT_PM_CLASSES];
	long long polluted_unflagged;
	char *map;                      /* the stored form, owned */
};

/* One whole scan: its zones in pfn order of their start */
struct ft_maps_scan {
	long long scan;
	double t;
	double seconds, cpu;
	int nzones;
	struct ft_maps_zone zones[FT_MAPS_ZONES];
};

/* A scan's totals over its zones */
struct ft_maps_point {
	double t;
	long long counts[FT_PM_CLASSES];
	long long polluted_unflagged;
	long long blocks;
};

struct ft_maps {
	struct ft_maps_scan cur;        /* being filled */
	bool have_cur;
	struct ft_maps_scan first, worst, last;
	unsigned long nscans;
	struct ft_maps_point *points;   /* nscans of them */
	size_t cap;
	double seconds_sum, cpu_sum, seconds_max;
	unsigned long dropped;          /* records past FT_MAPS_ZONES zones */
};

void ft_maps_init(struct ft_maps *m);
void ft_maps_free(struct ft_maps *m);
/* A checked record (the reader's): 0 or -ENOMEM */
int ft_maps_add(struct ft_maps *m, const struct ft_map_record *r);
/* After the last record: closes the scan being filled.  0 or -ENOMEM */
int ft_maps_finish(struct ft_maps *m);

/* free + movable + huge: could become (or is) a huge page */
long long ft_maps_capable(const long long counts[FT_PM_CLASSES]);

/* report: class counts per zone at the first, worst and last scans */
void ft_maps_report(FILE *out, const struct ft_maps *m);

/*
 * Draws sets[0] (and sets[1]: a comparison) into od as STEM.EXT, with
 * STEM.gp and STEM-*.dat beside it, staged (the caller publishes): one
 * run's maps at start, worst and end and its strip; a comparison's two end
 * maps and two strips.  Every set needs a scan.  labels: as plot has them
 * (only ever quoted in the script).  0, or -errno after a message; shown:
 * the image's path.
 */
int ft_maps_plot(const struct ft_maps *const *sets, const char *const *labels, int nsets,
		 struct ft_outdir *od, const char *stem, const char *ext, char *shown,
		 size_t shownlen);

#endif
