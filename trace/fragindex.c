// SPDX-License-Identifier: GPL-2.0
#include "trace/fragindex.h"

struct contig_info {
	unsigned long long free_pages;
	unsigned long long free_blocks_total;
	unsigned long long free_blocks_suitable;
};

/* fill_contig_page_info() */
static void contig_info(const unsigned long *nr_free, int norders, int order,
			struct contig_info *info)
{
	info->free_pages = info->free_blocks_total = info->free_blocks_suitable = 0;
	for (int o = 0; o < norders; o++) {
		unsigned long long blocks = nr_free[o];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << o;
		if (o >= order)
			info->free_blocks_suitable += blocks << (o - order);
	}
}

/* __fragmentation_index() */
int ft_fragmentation_index(const unsigned long *nr_free, int norders, int order)
{
	unsigned long long requested = 1ULL << order;
	struct contig_info info;

	if (order < 0 || order >= norders)
		return 0;
	contig_info(nr_free, norders, order, &info);
	if (!info.free_blocks_total)
		return 0;
	/* the index only makes sense when a request would fail */
	if (info.free_blocks_suitable)
		return -1000;
	return 1000 - (int)((1000 + info.free_pages * 1000ULL / requested) /
			    info.free_blocks_total);
}

/* unusable_free_index() */
int ft_unusable_index(const unsigned long *nr_free, int norders, int order)
{
	struct contig_info info;

	if (order < 0 || order >= norders)
		return 1000;
	contig_info(nr_free, norders, order, &info);
	if (!info.free_pages)
		return 1000;
	return (int)((info.free_pages - (info.free_blocks_suitable << order)) * 1000ULL /
		     info.free_pages);
}
