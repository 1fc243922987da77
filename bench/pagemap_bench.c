// SPDX-License-Identifier: GPL-2.0
/*
 * The memory map's scan cost and its relation with /proc/buddyinfo, on
 * this machine (root).  Figures only, no pass/fail:
 *
 *   - per scan: wall and CPU seconds (the scanning thread, user + system),
 *     and both per GiB of page frames scanned;
 *   - per zone: the class counts, and the two relations with buddyinfo
 *     read just before and just after the scan:
 *       free pages      pages flagged BUDDY = sum nr_free[o] << o
 *       free blocks     free-class pageblocks =
 *                       sum over o >= pageblock order of
 *                       nr_free[o] << (o - pageblock order)
 *   - what pollutes the polluted blocks (a separate, untimed pass).
 *
 *   build/pagemap_bench [RUNS]     (make bench runs it; default 5)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace/pagemap.h"

static struct ft_pm_ram ram;

static unsigned block_pages(void)
{
	FILE *f = ft_proc_open("pagetypeinfo");
	char line[256];
	unsigned bp = 0;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Pages per block: %u", &bp) == 1)
			break;
	if (f)
		fclose(f);
	return bp;
}

static int buddy(struct ft_zone_free *zf)
{
	FILE *f = ft_proc_open("buddyinfo");
	int n = f ? ft_parse_buddyinfo(f, zf, FT_MAX_ZONES) : -1;

	if (f)
		fclose(f);
	return n;
}

static const struct ft_zone_free *buddy_zone(const struct ft_zone_free *zf, int n,
					     const struct ft_pm_zone *z)
{
	for (int i = 0; i < n; i++)
		if (zf[i].node == z->node && strcmp(zf[i].zone, z->zone) == 0)
			return &zf[i];
	return NULL;
}

static void buddy_sums(const struct ft_zone_free *b, unsigned bp, unsigned long long *pages,
		       unsigned long long *blocks)
{
	int bo = __builtin_ctz(bp);

	*pages = *blocks = 0;
	for (int o = 0; b && o < b->norders; o++) {
		*pages += (unsigned long long)b->nr_free[o] << o;
		if (o >= bo)
			*blocks += (unsigned long long)b->nr_free[o] << (o - bo);
	}
}

static void print_zone(const struct ft_pm_zone *z, const struct ft_zone_free *b0,
		       const struct ft_zone_free *b1, unsigned bp)
{
	unsigned long long p0, k0, p1, k1;

	buddy_sums(b0, bp, &p0, &k0);
	buddy_sums(b1, bp, &p1, &k1);
	printf("  node %d %-8s %6zu blocks:", z->node, z->zone, z->nblocks);
	for (int c = 0; c < FT_PM_CLASSES; c++)
		printf(" %s %lu", ft_pm_class_name(c), z->counts[c]);
	printf("\n    pages: free %llu kernel %llu unknown %llu huge %llu movable %llu hole %llu\n",
	       z->pages[FT_PAGE_FREE], z->pages[FT_PAGE_KERNEL], z->pages[FT_PAGE_UNKNOWN],
	       z->pages[FT_PAGE_HUGE], z->pages[FT_PAGE_MOVABLE], z->pages[FT_PAGE_HOLE]);
	printf("    BUDDY pages %llu; buddyinfo free pages before %llu after %llu\n",
	       z->pages[FT_PAGE_FREE], p0, p1);
	printf("    free-class blocks %lu; buddyinfo blocks of order >= %d before %llu after %llu\n",
	       z->counts[FT_PM_FREE], __builtin_ctz(bp), k0, k1);
}

/* Which kernel pages pollute: unflagged only, or flagged ones */
static void pollution(int fd, const struct ft_pagemap *pm)
{
	unsigned bp = pm->block_pages;
	uint64_t *buf = malloc(bp * sizeof(*buf));

	for (int i = 0; buf && i < pm->nzones; i++) {
		const struct ft_pm_zone *z = &pm->zones[i];
		unsigned long unknown_only = 0, polluted = 0, few = 0;

		for (size_t b = 0; b < z->nblocks; b++) {
			uint64_t pfn = (z->first_block + b) * bp;
			struct ft_pm_tally t;

			if (pread(fd, buf, bp * 8, (off_t)(pfn * 8)) != (ssize_t)(bp * 8))
				break;
			ft_pm_tally_block(buf, bp, pfn, z->start_pfn, z->start_pfn + z->spanned,
					  &ram, &t);
			if (ft_pm_block_class(&t) != FT_PM_POLLUTED)
				continue;
			polluted++;
			unknown_only += !t.pages[FT_PAGE_KERNEL];
			few += t.pages[FT_PAGE_KERNEL] + t.pages[FT_PAGE_UNKNOWN] <= 8;
		}
		printf("  %-8s polluted now %lu: by unflagged pages only %lu, by <= 8 pages %lu\n",
		       z->zone, polluted, unknown_only, few);
	}
	free(buf);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 5;
	struct ft_zone_span spans[FT_MAX_ZONES];
	struct ft_zone_free b0[FT_MAX_ZONES], b1[FT_MAX_ZONES];
	struct ft_pagemap pm = { 0 };
	long page_size = sysconf(_SC_PAGESIZE);
	unsigned bp = block_pages();
	double wall = 1e9, cpu = 1e9;
	FILE *f;
	int fd, n, nb0, nb1;

	fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !bp) {
		fprintf(stderr, "pagemap_bench: /proc/kpageflags or pagetypeinfo: %s (root?)\n",
			strerror(errno));
		return 1;
	}
	f = ft_proc_open("zoneinfo");
	n = f ? ft_parse_zoneinfo(f, spans, FT_MAX_ZONES) : -1;
	if (f)
		fclose(f);
	f = ft_proc_open("iomem");
	if (!f || ft_parse_iomem_ram(f, (unsigned)page_size, &ram) <= 0)
		fprintf(stderr, "pagemap_bench: no RAM ranges from /proc/iomem\n");
	if (f)
		fclose(f);
	printf("pagemap scan: %u pages per block, page size %ld, %zu RAM ranges, %d runs\n", bp,
	       page_size, ram.n, runs);
	for (int r = 0; r < runs; r++) {
		double gib;
		int err;

		nb0 = buddy(b0);
		err = ft_pagemap_scan(fd, spans, n, bp, &ram, &pm);
		nb1 = buddy(b1);
		if (err) {
			fprintf(stderr, "pagemap_bench: scan: %s\n", strerror(-err));
			return 1;
		}
		gib = (double)pm.pages_read * (double)page_size / (1 << 30);
		printf("run %d: %.2f GiB of page frames in %.3f s wall, %.3f s CPU: %.3f s and %.3f CPU s per GiB\n",
		       r + 1, gib, pm.wall_seconds, pm.cpu_seconds, pm.wall_seconds / gib,
		       pm.cpu_seconds / gib);
		for (int i = 0; i < pm.nzones; i++)
			print_zone(&pm.zones[i], buddy_zone(b0, nb0, &pm.zones[i]),
				   buddy_zone(b1, nb1, &pm.zones[i]), bp);
		wall = pm.wall_seconds < wall ? pm.wall_seconds : wall;
		cpu = pm.cpu_seconds < cpu ? pm.cpu_seconds : cpu;
	}
	printf("best of %d: %.3f s wall, %.3f s CPU for %llu page frames\n", runs, wall, cpu,
	       pm.pages_read);
	pollution(fd, &pm);
	ft_pagemap_free(&pm);
	close(fd);
	return 0;
}
