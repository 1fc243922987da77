/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fragmentation samples aggregated per zone (node + zone name), in memory
 * that does not depend on the number of samples:
 *
 *  - per zone: samples, time span, the index per order of the latest
 *    sample and its peak (with when), pageblocks per migrate type in the
 *    first and the last sample that has them.  First and last go by
 *    timestamp, not by file order;
 *  - for the dashboards (binned), a time grid per zone on the events'
 *    bins (same base width, doubled past FT_GRID_CAP bins): each bin holds
 *    the LATEST sample that fell in it, i.e. the zone's state at the end
 *    of the bin.  The latest and not the mean: the index of an order is
 *    -1000 or 0..1000, and the mean of -1000 and 800 means nothing.
 *
 * Migrate type names are matched without regard to case (the kernel
 * writes "Unmovable", the seed's events "UNMOVABLE"); a type a sample
 * does not list counts 0 in it.
 */
#ifndef FRAGTRACK_ZONES_H
#define FRAGTRACK_ZONES_H

#include <stdbool.h>

#include "model/record.h"
#include "plot/grid.h"

#define FT_ZONES_MAX 32
/* transparent huge pages: 2 MiB of 4 KiB pages */
#define FT_THP_ORDER 9
/* an order a zone's sample does not have */
#define FT_ZINDEX_NONE (-32768)

struct ft_zcell {
	double t;                          /* latest sample in the bin; < 0: none */
	short index[FT_SAMPLE_ORDERS];     /* FT_ZINDEX_NONE past its orders */
	long long blocks[FT_SAMPLE_TYPES]; /* by the set's type slot */
	bool has_blocks;
};

struct ft_zone {
	int node;
	char name[FT_SAMPLE_NAME];
	unsigned long nsamples;
	int norders;                        /* the most any of its samples had */
	double tfirst, tlast;
	int last_index[FT_SAMPLE_ORDERS];   /* of the sample at tlast */
	int peak_index[FT_SAMPLE_ORDERS];   /* FT_ZINDEX_NONE: order never seen */
	double peak_t[FT_SAMPLE_ORDERS];    /* the first time it peaked */
	bool leaves_min;                    /* an index above -1000, ever */
	bool has_blocks;
	double tb_first, tb_last;           /* of the samples with blocks */
	long long first_blocks[FT_SAMPLE_TYPES], last_blocks[FT_SAMPLE_TYPES];
	/* the time grid (binned only), of struct ft_zcell */
	struct ft_bins bins;
};

struct ft_zones {
	bool binned;
	double base;                 /* the grid's requested bin width */
	int shift;                   /* bins are base * 2^shift wide */
	struct ft_zone zones[FT_ZONES_MAX];
	int nzones;
	unsigned long nsamples;      /* in zones[] */
	unsigned long dropped;       /* samples of zones past FT_ZONES_MAX */
	double tmin, tmax;           /* of the samples in zones[] */
	int norders;                 /* the most of any zone */
	/* migrate types, in order of first appearance, across zones */
	char types[FT_SAMPLE_TYPES][FT_SAMPLE_NAME];
	int ntypes;
	bool type_used[FT_SAMPLE_TYPES]; /* a non-zero count, ever */
	unsigned long types_dropped; /* counts of types past FT_SAMPLE_TYPES */
};

/* binned: keep the time grids (base: their bin width, seconds). */
void ft_zones_init(struct ft_zones *zs, bool binned, double base);
void ft_zones_free(struct ft_zones *zs);
/* Adds a valid sample (as the reader delivers them); false on ENOMEM. */
bool ft_zones_add(struct ft_zones *zs, const struct ft_sample *s);

/* "Normal", or "node 1 Normal" when the samples span several nodes. */
void ft_zone_label(const struct ft_zones *zs, const struct ft_zone *z, char *buf,
		   unsigned len);

/* The zone with the largest latest (peak false) or peak index at order,
 * the one with the most pageblocks among equals; NULL when no zone has
 * the order. */
const struct ft_zone *ft_zones_worst(const struct ft_zones *zs, int order, bool peak);
/* The set's slot of a migrate type (case ignored), -1 when absent. */
int ft_zones_type(const struct ft_zones *zs, const char *name);
/* Pageblocks of type slot t summed over the zones that have blocks, in
 * their first (last false) or last samples.  false: no zone has blocks. */
bool ft_zones_blocks(const struct ft_zones *zs, int t, bool last, long long *sum);

/* The grid's bin width now, seconds. */
double ft_zones_width(const struct ft_zones *zs);
/* Doubles the bins until they are at least width wide. */
void ft_zones_coarsen_to(struct ft_zones *zs, double width);
/* The cell of bin k, NULL when the zone has no sample there. */
const struct ft_zcell *ft_zone_cell(const struct ft_zone *z, long long k);

#endif
