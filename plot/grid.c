// SPDX-License-Identifier: GPL-2.0
#include "plot/grid.h"

#include <stdlib.h>
#include <string.h>

static void *bin(const struct ft_bins *b, long long i)
{
	return (char *)b->cells + i * b->ops->size;
}

void ft_bins_init(struct ft_bins *b, const struct ft_bins_ops *ops)
{
	memset(b, 0, sizeof(*b));
	b->ops = ops;
}

void ft_bins_free(struct ft_bins *b)
{
	free(b->cells);
	b->cells = NULL;
	b->n = b->cap = 0;
}

long long ft_bins_span_with(const struct ft_bins *b, long long k)
{
	long long lo = b->n && b->lo < k ? b->lo : k;
	long long hi = b->n && b->lo + b->n - 1 > k ? b->lo + b->n - 1 : k;

	return hi - lo + 1;
}

/* In place: targets never come after their sources. */
void ft_bins_halve(struct ft_bins *b)
{
	long long lo2 = b->lo >> 1;

	for (long long i = 0; i < b->n; i++) {
		long long j = ((b->lo + i) >> 1) - lo2;

		if (j == i)
			continue;
		b->ops->merge(bin(b, j), bin(b, i));
		b->ops->clear(bin(b, i), 1);
	}
	if (b->n)
		b->n = ((b->lo + b->n - 1) >> 1) - lo2 + 1;
	b->lo = lo2;
}

/* Room for bins lo..hi, the old ones moved into place. */
static bool grow(struct ft_bins *b, long long lo, long long hi)
{
	long long need = hi - lo + 1, shift_by;

	if (need > b->cap) {
		long long cap = b->cap ? b->cap : 64;
		void *cells;

		while (cap < need)
			cap *= 2;
		cells = realloc(b->cells, cap * b->ops->size);
		if (!cells)
			return false;
		b->cells = cells;
		b->cap = cap;
	}
	if (!b->n) {
		b->ops->clear(b->cells, need);
	} else {
		/* data comes mostly in time order: moving right is rare */
		shift_by = b->lo - lo;
		if (shift_by > 0)
			memmove(bin(b, shift_by), b->cells, b->n * b->ops->size);
		b->ops->clear(b->cells, shift_by);
		b->ops->clear(bin(b, shift_by + b->n), need - shift_by - b->n);
	}
	b->lo = lo;
	b->n = need;
	return true;
}

void *ft_bins_reserve(struct ft_bins *b, long long k)
{
	long long lo = b->n && b->lo < k ? b->lo : k;
	long long hi = b->n && b->lo + b->n - 1 > k ? b->lo + b->n - 1 : k;

	if ((!b->n || lo < b->lo || hi >= b->lo + b->n) && !grow(b, lo, hi))
		return NULL;
	return bin(b, k - b->lo);
}

void *ft_bins_at(const struct ft_bins *b, long long k)
{
	if (!b->n || k < b->lo || k >= b->lo + b->n)
		return NULL;
	return bin(b, k - b->lo);
}
