/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory map: every pageblock of every zone classified from the flags
 * of its pages in /proc/kpageflags (root), and the map stored as one short
 * string per zone.
 *
 * Page flags (the kernel's KPF_* bit numbers: include/uapi/linux/
 * kernel-page-flags.h and, for RESERVED, include/linux/kernel-page-flags.h;
 * what they mean: Documentation/admin-guide/mm/pagemap.rst).  Each page
 * falls in the first of these that matches:
 *
 *   hole      the pfn is not RAM: outside every "System RAM" range of
 *             /proc/iomem (the zone's spanned - present pages: the kernel
 *             gives holes inside a memory section struct pages marked
 *             RESERVED, so the flags alone would call them kernel memory),
 *             or NOPAGE (no struct page) or OFFLINE, or outside the zone
 *             (a zone that does not start or end on a pageblock boundary)
 *   free      BUDDY.  The kernel sets BUDDY on every page of a free block,
 *             not only on its first (fs/proc/page.c: "page_count(page) == 0
 *             && is_free_buddy_page(page)"; every kernel fragtrack supports
 *             has it, pagemap.rst's "only the first page" is older text)
 *   kernel    SLAB, PGTABLE, RESERVED or ZERO_PAGE: kernel memory that
 *             compaction cannot move
 *   huge      HUGE (hugetlbfs) or THP: part of a huge page folio
 *   movable   LRU, ANON, SWAPCACHE, SWAPBACKED, UNEVICTABLE or MLOCKED, or
 *             page-cache state (UPTODATE, DIRTY, WRITEBACK): user or file
 *             memory that compaction and reclaim can move
 *   unknown   anything else, mostly pages with no flag at all: kernel
 *             allocations that set none (vmalloc, stacks, buffers), but
 *             also free pages parked on a per-CPU list (kpageflags cannot
 *             tell them apart).  Counted as kernel: it is not movable as far
 *             as anybody can see
 *
 * A pageblock's class, from its pages:
 *
 *   hole       at least one hole page: it can never become a huge page
 *   free       every page free
 *   huge       every page part of a huge page (THP or hugetlb folio)
 *   movable    no kernel page: free, movable and huge pages only (at least
 *              one not free)
 *   polluted   kernel pages among free, movable or huge ones: the block
 *              could form a huge page but for a few unmovable pages
 *   unmovable  kernel pages only
 *
 * "Could become a huge page": free, movable or huge (huge ones already
 * are).  The scan reads without any zone lock: each page's flags are
 * exact when read, the pageblock is not a snapshot of one instant.
 */
#ifndef FRAGTRACK_PAGEMAP_H
#define FRAGTRACK_PAGEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/pagemap.h"
#include "trace/procfs.h"

/* /proc/kpageflags bits (stable ABI) */
#define FT_KPF_LOCKED 0
#define FT_KPF_UPTODATE 3
#define FT_KPF_DIRTY 4
#define FT_KPF_LRU 5
#define FT_KPF_SLAB 7
#define FT_KPF_WRITEBACK 8
#define FT_KPF_BUDDY 10
#define FT_KPF_MMAP 11
#define FT_KPF_ANON 12
#define FT_KPF_SWAPCACHE 13
#define FT_KPF_SWAPBACKED 14
#define FT_KPF_COMPOUND_HEAD 15
#define FT_KPF_COMPOUND_TAIL 16
#define FT_KPF_HUGE 17
#define FT_KPF_UNEVICTABLE 18
#define FT_KPF_NOPAGE 20
#define FT_KPF_THP 22
#define FT_KPF_OFFLINE 23
#define FT_KPF_ZERO_PAGE 24
#define FT_KPF_PGTABLE 26
/* "kernel hacking assistances" past 31, exported all the same */
#define FT_KPF_RESERVED 32
#define FT_KPF_MLOCKED 33

#define FT_KPF(bit) (1ULL << (bit))

enum ft_page_kind {
	FT_PAGE_HOLE,
	FT_PAGE_FREE,
	FT_PAGE_KERNEL,
	FT_PAGE_HUGE,
	FT_PAGE_MOVABLE,
	FT_PAGE_UNKNOWN,
	FT_PAGE_KINDS
};

/* One page's kind from its kpageflags word */
enum ft_page_kind ft_page_kind(uint64_t flags);

/* The pfn ranges of RAM, [lo, hi), sorted: /proc/iomem's "System RAM" */
#define FT_PM_RAM_MAX 1024
struct ft_pm_ram {
	size_t n;
	struct ft_pfn_range {
		uint64_t lo, hi;
	} r[FT_PM_RAM_MAX];
};

/*
 * Reads the top-level "System RAM" lines of /proc/iomem into whole pages
 * of page_size bytes.  The number of ranges (0 when the addresses read as
 * zero: not root), or -EINVAL on a malformed file, -E2BIG past
 * FT_PM_RAM_MAX ranges.
 */
int ft_parse_iomem_ram(FILE *f, unsigned page_size, struct ft_pm_ram *ram);
/* Pages of [lo, hi) that are RAM */
uint64_t ft_pm_ram_pages(const struct ft_pm_ram *ram, uint64_t lo, uint64_t hi);

/* Pages of one pageblock by kind */
struct ft_pm_tally {
	unsigned pages[FT_PAGE_KINDS];
};

/*
 * Tallies the npages flags of the pageblock starting at first_pfn; pages
 * outside [zone_lo, zone_hi) or outside ram (NULL: all is RAM) count as
 * holes.
 */
void ft_pm_tally_block(const uint64_t *flags, unsigned npages, uint64_t first_pfn,
		       uint64_t zone_lo, uint64_t zone_hi, const struct ft_pm_ram *ram,
		       struct ft_pm_tally *t);
/* The block's class from its tally (rules above) */
enum ft_pm_class ft_pm_block_class(const struct ft_pm_tally *t);

/* One zone's map from one scan */
struct ft_pm_zone {
	int node;
	char zone[FT_NAME_LEN];
	uint64_t start_pfn, spanned;
	uint64_t first_block;          /* start_pfn / block_pages */
	size_t nblocks;                /* pageblocks the span touches */
	uint8_t *classes;              /* nblocks, enum ft_pm_class */
	unsigned long counts[FT_PM_CLASSES];
	/* polluted only by unknown pages: per-CPU free pages or unflagged
	 * kernel allocations, kpageflags cannot tell which */
	unsigned long polluted_unflagged;
	unsigned long long pages[FT_PAGE_KINDS]; /* inside the span only */
};

enum { FT_PM_BEFORE, FT_PM_DURING, FT_PM_AFTER };

struct ft_pagemap {
	unsigned block_pages;          /* pages per pageblock */
	int nzones;
	struct ft_pm_zone zones[FT_MAX_ZONES];
	/* called (when set) just before each zone's scan, after each chunk
	 * of it and just after it: what must be read while the zone is */
	void (*zone_hook)(void *arg, const struct ft_pm_zone *z, int idx, int phase);
	void *hook_arg;
	double wall_seconds;           /* of the last scan */
	double cpu_seconds;            /* user + system of the scanning thread */
	unsigned long long pages_read;
};

/*
 * Scans every non-empty zone of spans (as ft_parse_zoneinfo gives them)
 * from fd, an open /proc/kpageflags (or a file laid out like it), into pm,
 * whose arrays are reused from scan to scan.  pm must be zeroed before the
 * first scan; block_pages a power of two; ram NULL when unknown (then only
 * NOPAGE, OFFLINE and pfns past the end of the file are holes).  0, or
 * -errno (the map is then incomplete).
 */
int ft_pagemap_scan(int fd, const struct ft_zone_span *spans, int nspans,
		    unsigned block_pages, const struct ft_pm_ram *ram,
		    struct ft_pagemap *pm);
void ft_pagemap_free(struct ft_pagemap *pm);

#endif
