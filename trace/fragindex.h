/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own fragmentation measures (mm/vmstat.c), computed from a
 * zone's free block counts per order as /proc/buddyinfo shows them.
 * Integer form, x1000, as the kernel computes them and as
 * /sys/kernel/debug/extfrag/{extfrag,unusable}_index print them / 1000.
 */
#ifndef FRAGTRACK_FRAGINDEX_H
#define FRAGTRACK_FRAGINDEX_H

/*
 * fragmentation_index(): for an allocation of 2^order pages that would
 * fail, -1000 when it would not fail (a free block is big enough), 0 when
 * it fails for lack of memory .. 1000 when it fails for fragmentation.
 * 0 as well when the zone has no free block at all.
 */
int ft_fragmentation_index(const unsigned long *nr_free, int norders, int order);

/*
 * unusable_free_index(): the share of free memory (x1000) in blocks too
 * small for 2^order pages; 1000 when nothing is free.
 */
int ft_unusable_index(const unsigned long *nr_free, int norders, int order);

#endif
