/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The time grid the dashboards bin everything on: bin k covers
 * [k w, (k+1) w) for k in lo..lo+n-1.  Its owner keeps the width (a base
 * width doubled 'shift' times) and halves the grid (ft_bins_halve: bin k
 * goes to k / 2) while a recording would need more than FT_GRID_CAP bins,
 * so memory does not grow with the length of a run.  What a bin holds is
 * the owner's: event counters (aggregate.c), the latest sample of a zone
 * (zones.c).
 */
#ifndef FRAGTRACK_GRID_H
#define FRAGTRACK_GRID_H

#include <stdbool.h>
#include <stddef.h>

#define FT_GRID_CAP 4096

struct ft_bins_ops {
	size_t size;                               /* bytes a bin */
	void (*clear)(void *bins, long long n);    /* n bins: empty */
	void (*merge)(void *dst, const void *src); /* src's bin joins dst's */
};

struct ft_bins {
	const struct ft_bins_ops *ops;
	long long lo;  /* the first bin's k */
	long long n;   /* bins in use */
	long long cap; /* bins allocated */
	void *cells;
};

void ft_bins_init(struct ft_bins *b, const struct ft_bins_ops *ops);
void ft_bins_free(struct ft_bins *b);
/* How many bins the grid would span with bin k in it. */
long long ft_bins_span_with(const struct ft_bins *b, long long k);
/* Doubles the bins' width: bin k goes to k / 2, merged. */
void ft_bins_halve(struct ft_bins *b);
/* Bin k, made part of the grid (empty when new); NULL when out of memory. */
void *ft_bins_reserve(struct ft_bins *b, long long k);
/* Bin k, NULL outside the grid. */
void *ft_bins_at(const struct ft_bins *b, long long k);

#endif
