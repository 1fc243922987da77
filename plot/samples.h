/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dashboards' panels of fragmentation samples (zones.h), for one
 * recording or two (A and B):
 *
 *  - the fragmentation index heatmap: x the shared time axis, y the order,
 *    one strip per zone whose index ever leaves -1000 in either recording
 *    (A's strip above B's), order 0 at the bottom of a strip.  Columns are
 *    whole bins of the time grid, at most FT_ZP_COLS of them.  A column
 *    shows the latest sample that fell in it; a column without a sample of
 *    its own shows the previous one (the index holds between samples), up
 *    to the zone's last sample.  Runs of equal columns are written as one
 *    box;
 *  - pageblocks per migrate type summed over the zones, as the change
 *    since the first sample, on the same columns;
 *  - the comparison table's rows: final and peak index at order 9 (THP)
 *    in the zone where it is largest, Unmovable and Reclaimable pageblocks
 *    gained from the first sample to the last.
 *
 * Zone and migrate type names come from the recording: they reach
 * gnuplot only as quoted literals (ft_gp_quote) or data columns.
 */
#ifndef FRAGTRACK_PLOTSAMP_H
#define FRAGTRACK_PLOTSAMP_H

#include <stdbool.h>
#include <stdio.h>

#include "plot/zones.h"
#include "util/outdir.h"

#define FT_ZP_SETS 2
#define FT_ZP_COLS 540 /* about 2 pixels each on the 1080 of the plot */
#define FT_ZP_STRIPS 8

struct ft_zstrip {
	int set;
	const struct ft_zone *z;    /* NULL: a line of text */
	double lo, hi;              /* extent on the y axis (orders) */
	char text[200];             /* the zone's label, or the message */
};

struct ft_ztype {
	char name[FT_SAMPLE_NAME];
	int slot[FT_ZP_SETS];       /* in each recording's zones, -1 */
	bool have[FT_ZP_SETS];      /* that recording counts it */
	long long first[FT_ZP_SETS], last[FT_ZP_SETS]; /* summed over zones */
	unsigned rgb;
};

struct ft_zplot {
	int nsets;
	const struct ft_zones *zs[FT_ZP_SETS];
	double xmin, xmax;          /* the shared axis */
	double g;                   /* the grids' bin width */
	long long k0, m;            /* the first bin, bins per column */
	long ncols;
	int norders;
	struct ft_zstrip strips[FT_ZP_STRIPS + FT_ZP_SETS];
	int nstrips;
	double ytop;
	int hidden;                 /* zones past FT_ZP_STRIPS, not drawn */
	char flat[256];             /* zones at -1000 throughout, not drawn */
	struct ft_ztype types[FT_SAMPLE_TYPES];
	int ntypes;
	double pb_lo, pb_hi;        /* the pageblock panel's y range */
};

/* The zones' grids must be g wide already (ft_zones_coarsen_to). */
void ft_zplot_init(struct ft_zplot *zp, int nsets, const struct ft_zones *const *zs,
		   double xmin, double xmax, double g);
/* Whether either recording has samples, pageblock counts. */
bool ft_zplot_any(const struct ft_zplot *zp);
bool ft_zplot_any_blocks(const struct ft_zplot *zp);
/* The heatmap's height for unit_px pixels per order. */
int ft_zplot_index_px(const struct ft_zplot *zp, int unit_px);

/* Writes STEM-fragidx.dat and STEM-zticks.dat in od (the index panel). */
int ft_zplot_write_index(struct ft_zplot *zp, struct ft_outdir *od, const char *stem);
/* Writes STEM-blocks-a.dat (-b) in od (the pageblock panel). */
int ft_zplot_write_blocks(struct ft_zplot *zp, struct ft_outdir *od, const char *stem);
/* The script's settings for samples.gp. */
void ft_zplot_header(FILE *f, const struct ft_zplot *zp, const char *stem);
/* The comparison table's rows from row on, as plot's table file has
 * them; returns the number written. */
int ft_zplot_table(FILE *f, int row, const struct ft_zplot *zp);

#endif
