// SPDX-License-Identifier: GPL-2.0
#include "trace/pagemap.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HOLE_FLAGS (FT_KPF(FT_KPF_NOPAGE) | FT_KPF(FT_KPF_OFFLINE))
#define KERNEL_FLAGS                                                 \
	(FT_KPF(FT_KPF_SLAB) | FT_KPF(FT_KPF_PGTABLE) |              \
	 FT_KPF(FT_KPF_RESERVED) | FT_KPF(FT_KPF_ZERO_PAGE))
#define HUGE_FLAGS (FT_KPF(FT_KPF_HUGE) | FT_KPF(FT_KPF_THP))
#define MOVABLE_FLAGS                                                       \
	(FT_KPF(FT_KPF_LRU) | FT_KPF(FT_KPF_ANON) | FT_KPF(FT_KPF_SWAPCACHE) | \
	 FT_KPF(FT_KPF_SWAPBACKED) | FT_KPF(FT_KPF_UNEVICTABLE) |             \
	 FT_KPF(FT_KPF_MLOCKED) | FT_KPF(FT_KPF_UPTODATE) |                   \
	 FT_KPF(FT_KPF_DIRTY) | FT_KPF(FT_KPF_WRITEBACK))

/*
 * The order matters: a THP page is also LRU and ANON, the huge zero page
 * is THP and ZERO_PAGE; a hole has no other flag worth reading.
 */
enum ft_page_kind ft_page_kind(uint64_t flags)
{
	if (flags & HOLE_FLAGS)
		return FT_PAGE_HOLE;
	if (flags & FT_KPF(FT_KPF_BUDDY))
		return FT_PAGE_FREE;
	if (flags & KERNEL_FLAGS)
		return FT_PAGE_KERNEL;
	if (flags & HUGE_FLAGS)
		return FT_PAGE_HUGE;
	if (flags & MOVABLE_FLAGS)
		return FT_PAGE_MOVABLE;
	return FT_PAGE_UNKNOWN;
}

static int range_cmp(const void *a, const void *b)
{
	const struct ft_pfn_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* "00100000-bfffffff : System RAM" at the top level (no indent) */
int ft_parse_iomem_ram(FILE *f, unsigned page_size, struct ft_pm_ram *ram)
{
	char line[256];
	bool nonzero = false;

	ram->n = 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end;
		int used = 0;

		if (sscanf(line, "%llx-%llx : %n", &start, &end, &used) != 2 || !used ||
		    end < start)
			return -EINVAL;
		if (line[0] == ' ' || strcmp(line + used, "System RAM\n") != 0)
			continue;
		nonzero |= end != 0;
		start = (start + page_size - 1) / page_size;  /* whole pages only */
		end = (end + 1) / page_size;
		if (end <= start)
			continue;
		if (ram->n == FT_PM_RAM_MAX)
			return -E2BIG;
		ram->r[ram->n].lo = start;
		ram->r[ram->n++].hi = end;
	}
	if (!nonzero)
		ram->n = 0;
	qsort(ram->r, ram->n, sizeof(ram->r[0]), range_cmp);
	return (int)ram->n;
}

uint64_t ft_pm_ram_pages(const struct ft_pm_ram *ram, uint64_t lo, uint64_t hi)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < ram->n; i++) {
		uint64_t a = ram->r[i].lo > lo ? ram->r[i].lo : lo;
		uint64_t b = ram->r[i].hi < hi ? ram->r[i].hi : hi;

		if (b > a)
			sum += b - a;
	}
	return sum;
}

/* The RAM range holding pfn, or NULL (binary search) */
static const struct ft_pfn_range *ram_range(const struct ft_pm_ram *ram, uint64_t pfn)
{
	size_t lo = 0, hi = ram->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pfn < ram->r[mid].lo)
			hi = mid;
		else if (pfn >= ram->r[mid].hi)
			lo = mid + 1;
		else
			return &ram->r[mid];
	}
	return NULL;
}

static bool is_ram(const struct ft_pm_ram *ram, uint64_t pfn)
{
	return !ram || ram_range(ram, pfn);
}

void ft_pm_tally_block(const uint64_t *flags, unsigned npages, uint64_t first_pfn,
		       uint64_t zone_lo, uint64_t zone_hi, const struct ft_pm_ram *ram,
		       struct ft_pm_tally *t)
{
	const struct ft_pfn_range *r;
	bool all_ram;

	if (ram && !ram->n)
		ram = NULL; /* unknown: all of it */
	r = ram ? ram_range(ram, first_pfn) : NULL;
	/* the common case: the whole block lies in one RAM range */
	all_ram = !ram || (r && r->hi >= first_pfn + npages);

	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < npages; i++) {
		uint64_t pfn = first_pfn + i;

		if (pfn < zone_lo || pfn >= zone_hi || (!all_ram && !is_ram(ram, pfn)))
			t->pages[FT_PAGE_HOLE]++;
		else
			t->pages[ft_page_kind(flags[i])]++;
	}
}

enum ft_pm_class ft_pm_block_class(const struct ft_pm_tally *t)
{
	const unsigned *p = t->pages;
	unsigned kernel = p[FT_PAGE_KERNEL] + p[FT_PAGE_UNKNOWN];
	unsigned usable = p[FT_PAGE_FREE] + p[FT_PAGE_MOVABLE] + p[FT_PAGE_HUGE];

	if (p[FT_PAGE_HOLE] || (!kernel && !usable))
		return FT_PM_HOLE;
	if (!kernel) {
		if (p[FT_PAGE_FREE] == usable)
			return FT_PM_FREE;
		if (p[FT_PAGE_HUGE] == usable)
			return FT_PM_HUGE;
		return FT_PM_MOVABLE;
	}
	return usable ? FT_PM_POLLUTED : FT_PM_UNMOVABLE;
}

static double now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 128 KiB of flags per read: few system calls, little memory */
#define CHUNK_PAGES 16384

/*
 * Reads count flags from pfn on; what lies past the end of the file reads
 * as NOPAGE (the kernel stops at its last section).  0 or -errno.
 */
static int read_flags(int fd, uint64_t pfn, uint64_t *buf, size_t count)
{
	size_t got = 0;

	while (got < count) {
		ssize_t n = pread(fd, (char *)buf + got * 8, (count - got) * 8,
				  (off_t)((pfn + got) * 8));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n / 8;
		if (n % 8)
			return -EIO; /* the kernel only returns whole words */
	}
	for (; got < count; got++)
		buf[got] = FT_KPF(FT_KPF_NOPAGE);
	return 0;
}

static int zone_reserve(struct ft_pm_zone *z, size_t nblocks)
{
	if (nblocks > z->nblocks || !z->classes) {
		uint8_t *c = realloc(z->classes, nblocks ? nblocks : 1);

		if (!c)
			return -ENOMEM;
		z->classes = c;
	}
	z->nblocks = nblocks;
	return 0;
}

static void zone_count(struct ft_pm_zone *z, const struct ft_pm_tally *t,
		       enum ft_pm_class cls, uint64_t pfn, unsigned bp)
{
	uint64_t lo = z->start_pfn, hi = z->start_pfn + z->spanned;
	unsigned outside = (pfn < lo ? (unsigned)(lo - pfn) : 0) +
			   (pfn + bp > hi ? (unsigned)(pfn + bp - hi) : 0);

	z->counts[cls]++;
	if (cls == FT_PM_POLLUTED && !t->pages[FT_PAGE_KERNEL])
		z->polluted_unflagged++;
	for (int k = 0; k < FT_PAGE_KINDS; k++)
		z->pages[k] += t->pages[k];
	z->pages[FT_PAGE_HOLE] -= outside; /* only the span's own pages */
}

static int scan_zone(int fd, struct ft_pagemap *pm, int idx, const struct ft_pm_ram *ram,
		     uint64_t *buf, size_t buf_pages)
{
	struct ft_pm_zone *z = &pm->zones[idx];
	unsigned bp = pm->block_pages;
	uint64_t lo = z->start_pfn, hi = z->start_pfn + z->spanned;
	size_t b = 0;

	memset(z->counts, 0, sizeof(z->counts));
	z->polluted_unflagged = 0;
	memset(z->pages, 0, sizeof(z->pages));
	while (b < z->nblocks) {
		size_t nb = z->nblocks - b < buf_pages / bp ? z->nblocks - b : buf_pages / bp;
		uint64_t pfn = (z->first_block + b) * bp;
		int err = read_flags(fd, pfn, buf, nb * bp);

		if (err)
			return err;
		pm->pages_read += nb * bp;
		for (size_t i = 0; i < nb; i++, b++, pfn += bp) {
			struct ft_pm_tally t;

			ft_pm_tally_block(buf + i * bp, bp, pfn, lo, hi, ram, &t);
			z->classes[b] = (uint8_t)ft_pm_block_class(&t);
			zone_count(z, &t, z->classes[b], pfn, bp);
		}
		if (pm->zone_hook)
			pm->zone_hook(pm->hook_arg, z, idx, FT_PM_DURING);
	}
	return 0;
}

static int zones_prepare(struct ft_pagemap *pm, const struct ft_zone_span *spans,
			 int nspans, unsigned bp)
{
	int n = 0;

	for (int i = 0; i < nspans && n < FT_MAX_ZONES; i++) {
		struct ft_pm_zone *z = &pm->zones[n];
		int err;

		if (!spans[i].spanned)
			continue;
		z->node = spans[i].node;
		snprintf(z->zone, sizeof(z->zone), "%s", spans[i].zone);
		z->start_pfn = spans[i].start_pfn;
		z->spanned = spans[i].spanned;
		z->first_block = z->start_pfn / bp;
		err = zone_reserve(z, ft_pm_zone_blocks(z->start_pfn, z->spanned, bp));
		if (err)
			return err;
		n++;
	}
	pm->nzones = n;
	return 0;
}

int ft_pagemap_scan(int fd, const struct ft_zone_span *spans, int nspans,
		    unsigned block_pages, const struct ft_pm_ram *ram,
		    struct ft_pagemap *pm)
{
	double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
	size_t buf_pages;
	uint64_t *buf;
	int err;

	if (!block_pages || (block_pages & (block_pages - 1)))
		return -EINVAL;
	buf_pages = block_pages > CHUNK_PAGES ? block_pages : CHUNK_PAGES;
	err = zones_prepare(pm, spans, nspans, block_pages);
	if (err)
		return err;
	buf = malloc(buf_pages * sizeof(*buf));
	if (!buf)
		return -ENOMEM;
	pm->block_pages = block_pages;
	pm->pages_read = 0;
	for (int i = 0; i < pm->nzones && !err; i++) {
		if (pm->zone_hook)
			pm->zone_hook(pm->hook_arg, &pm->zones[i], i, FT_PM_BEFORE);
		err = scan_zone(fd, pm, i, ram, buf, buf_pages);
		if (pm->zone_hook && !err)
			pm->zone_hook(pm->hook_arg, &pm->zones[i], i, FT_PM_AFTER);
	}
	free(buf);
	pm->wall_seconds = now(CLOCK_MONOTONIC) - t0;
	pm->cpu_seconds = now(CLOCK_THREAD_CPUTIME_ID) - c0;
	return err;
}

void ft_pagemap_free(struct ft_pagemap *pm)
{
	for (int i = 0; i < FT_MAX_ZONES; i++) {
		free(pm->zones[i].classes);
		pm->zones[i].classes = NULL;
	}
	pm->nzones = 0;
}
