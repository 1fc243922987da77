// SPDX-License-Identifier: GPL-2.0
/*
 * The fragmentation measures against hand-computed values, the /proc
 * parsers against fixed tables, and (as root) the computed indices
 * against the kernel's own debugfs files at the same instant.
 */
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include "trace/fragindex.h"
#include "trace/procfs.h"
#include "trace/sampler.h"
#include "tap.h"

static void test_formula(void)
{
	/* free_pages 12, free_blocks_total 7 */
	unsigned long t[11] = { 4, 2, 1 };
	unsigned long none[11] = { 0 };
	unsigned long only_small[11] = { 100 };

	ok(ft_fragmentation_index(t, 11, 0) == -1000, "order 0 would succeed: -1000");
	ok(ft_fragmentation_index(t, 11, 2) == -1000, "order 2 has one block: -1000");
	/* 1000 - (1000 + 12*1000/8) / 7 = 1000 - 2500/7 = 1000 - 357 */
	ok(ft_fragmentation_index(t, 11, 3) == 643, "order 3: 643 (got %d)",
	   ft_fragmentation_index(t, 11, 3));
	/* 1000 - (1000 + 12000/512) / 7 = 1000 - 1023/7 = 1000 - 146 */
	ok(ft_fragmentation_index(t, 11, 9) == 854, "order 9: 854 (got %d)",
	   ft_fragmentation_index(t, 11, 9));
	ok(ft_fragmentation_index(none, 11, 9) == 0, "nothing free: 0");
	/* 100 single pages, order 10: 1000 - (1000 + 100000/1024)/100 = 1000 - 10 */
	ok(ft_fragmentation_index(only_small, 11, 10) == 990, "all free memory in order-0: 990");

	ok(ft_unusable_index(t, 11, 0) == 0, "unusable order 0: 0");
	/* suitable at order 1: 2 + 1*2 = 4 blocks = 8 pages: (12-8)*1000/12 */
	ok(ft_unusable_index(t, 11, 1) == 333, "unusable order 1: 333 (got %d)",
	   ft_unusable_index(t, 11, 1));
	ok(ft_unusable_index(t, 11, 2) == 666, "unusable order 2: 666");
	ok(ft_unusable_index(t, 11, 3) == 1000, "unusable order 3: 1000");
	ok(ft_unusable_index(none, 11, 3) == 1000, "nothing free: unusable 1000");
}

static FILE *text(const char *s)
{
	return fmemopen((void *)s, strlen(s), "r");
}

static void test_parsers(void)
{
	struct ft_zone_free zf[FT_MAX_ZONES];
	struct ft_zone_span zs[FT_MAX_ZONES];
	struct ft_zone_blocks zb[FT_MAX_ZONES];
	struct ft_block_types bt;
	struct ft_compact_counts cc;
	FILE *f;
	int n;

	f = text("Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"
		 "Node 0, zone    DMA32      1      3      0      2      3      2      1      4      4      2    752 \n"
		 "Node 1, zone   Normal   5549    867    450    249    132     93     32     18     10      3     17 \n");
	n = ft_parse_buddyinfo(f, zf, FT_MAX_ZONES);
	fclose(f);
	ok(n == 3, "buddyinfo: 3 zones");
	ok(zf[2].node == 1 && strcmp(zf[2].zone, "Normal") == 0 && zf[2].norders == 11 &&
		   zf[2].nr_free[0] == 5549 && zf[2].nr_free[10] == 17, "buddyinfo: node, zone, counts");
	f = text("garbage\n");
	ok(ft_parse_buddyinfo(f, zf, FT_MAX_ZONES) == -1, "buddyinfo: malformed refused");
	fclose(f);

	f = text("Node 0, zone      DMA\n  per-node stats\n      nr_inactive_anon 393\n"
		 "  pages free     3840\n        spanned  4095\n        present  3998\n"
		 "  start_pfn:           1\n"
		 "Node 0, zone    DMA32\n        spanned  1044480\n  start_pfn:           4096\n"
		 "Node 0, zone   Normal\n        spanned  5505024\n  start_pfn:           1048576\n"
		 "Node 0, zone  Movable\n        spanned  0\n");
	n = ft_parse_zoneinfo(f, zs, FT_MAX_ZONES);
	fclose(f);
	ok(n == 4, "zoneinfo: 4 zones");
	ok(zs[1].start_pfn == 4096 && zs[1].spanned == 1044480, "zoneinfo: DMA32 span");
	ok(ft_zone_of_pfn(zs, n, 0) == -1, "pfn 0 is in no zone");
	ok(ft_zone_of_pfn(zs, n, 1) == 0, "pfn 1: DMA");
	ok(ft_zone_of_pfn(zs, n, 4095) == 0, "pfn 4095: last of DMA");
	ok(ft_zone_of_pfn(zs, n, 4096) == 1, "pfn 4096: first of DMA32");
	ok(ft_zone_of_pfn(zs, n, 1048575) == 1, "pfn 0xfffff: DMA32");
	ok(ft_zone_of_pfn(zs, n, 1048576) == 2, "pfn 0x100000: Normal");
	ok(ft_zone_of_pfn(zs, n, 1048576 + 5505024) == -1, "past the last zone");

	f = text("Page block order: 9\nPages per block:  512\n\n"
		 "Free pages count per migrate type at order       0      1\n"
		 "Node    0, zone      DMA, type    Unmovable      0      0\n\n"
		 "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
		 "Node 0, zone      DMA            1            7            0            0            0 \n"
		 "Node 0, zone   Normal           57        10628           67            0            0 \n");
	n = ft_parse_pagetypeinfo(f, &bt, zb, FT_MAX_ZONES);
	fclose(f);
	ok(n == 2 && bt.ntypes == 5, "pagetypeinfo: 2 zones, 5 types");
	ok(strcmp(bt.names[2], "Reclaimable") == 0 && zb[1].blocks[0] == 57 &&
		   zb[1].blocks[1] == 10628 && zb[1].blocks[2] == 67, "pagetypeinfo: Normal's blocks");

	f = text("nr_free_pages 1\ncompact_stall 395\ncompact_fail 2\ncompact_success 393\n");
	ok(ft_parse_vmstat_compact(f, &cc) == 0 && cc.stall == 395 && cc.fail == 2 &&
		   cc.success == 393, "vmstat compaction counters");
	fclose(f);
}

/* "Node 0, zone   Normal -1.000 0.978 ..." as integers x1000 */
static int read_debugfs(const char *path, int node, const char *zone, int *out, int max)
{
	FILE *f = fopen(path, "r");
	char line[1024], z[32];
	int nd, used, n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p;

		if (sscanf(line, "Node %d, zone %31s%n", &nd, z, &used) != 2 || nd != node ||
		    strcmp(z, zone) != 0)
			continue;
		p = line + used;
		for (n = 0; n < max; n++) {
			char *end;
			double v = strtod(p, &end);

			if (end == p)
				break;
			out[n] = (int)(v * 1000 + (v < 0 ? -0.5 : 0.5));
			p = end;
		}
		break;
	}
	fclose(f);
	return n;
}

static int read_buddy(struct ft_zone_free *zf)
{
	FILE *f = fopen("/proc/buddyinfo", "r");
	int n;

	memset(zf, 0, sizeof(*zf) * FT_MAX_ZONES); /* memcmp'd whole */
	n = f ? ft_parse_buddyinfo(f, zf, FT_MAX_ZONES) : -1;
	if (f)
		fclose(f);
	return n;
}

/* On a quiet system buddyinfo holds still long enough: read it, the
 * debugfs files, and buddyinfo again; compare when nothing moved. */
static void test_against_kernel(void)
{
	const char *ef = "/sys/kernel/debug/extfrag/extfrag_index";
	const char *ui = "/sys/kernel/debug/extfrag/unusable_index";
	struct ft_zone_free before[FT_MAX_ZONES], after[FT_MAX_ZONES];
	int tries;

	if (geteuid() != 0) {
		ok(1, "# SKIP not root: kernel comparison");
		return;
	}
	if (access(ef, R_OK) != 0)
		mount("none", "/sys/kernel/debug", "debugfs", 0, NULL);
	if (access(ef, R_OK) != 0) {
		ok(1, "# SKIP no %s (CONFIG_DEBUG_FS / CONFIG_COMPACTION)", ef);
		return;
	}
	for (tries = 0; tries < 200; tries++) {
		int n = read_buddy(before), matched = 0, compared = 0;
		int kidx[FT_MAX_ZONES][FT_MAX_ORDERS], kun[FT_MAX_ZONES][FT_MAX_ORDERS];
		int ni[FT_MAX_ZONES], nu[FT_MAX_ZONES];

		for (int z = 0; z < n; z++) {
			ni[z] = read_debugfs(ef, before[z].node, before[z].zone, kidx[z], FT_MAX_ORDERS);
			nu[z] = read_debugfs(ui, before[z].node, before[z].zone, kun[z], FT_MAX_ORDERS);
		}
		if (read_buddy(after) != n || memcmp(before, after, sizeof(before[0]) * n) != 0) {
			usleep(10000);
			continue;
		}
		for (int z = 0; z < n; z++) {
			if (ni[z] != before[z].norders || nu[z] != before[z].norders)
				continue;
			for (int o = 0; o < before[z].norders; o++) {
				int fi = ft_fragmentation_index(before[z].nr_free, before[z].norders, o);
				int un = ft_unusable_index(before[z].nr_free, before[z].norders, o);

				compared += 2;
				matched += (fi == kidx[z][o]) + (un == kun[z][o]);
				if (fi != kidx[z][o] || un != kun[z][o])
					printf("# zone %s order %d: index %d vs kernel %d, unusable %d vs %d\n",
					       before[z].zone, o, fi, kidx[z][o], un, kun[z][o]);
			}
		}
		ok(compared > 0 && matched == compared,
		   "computed index and unusable index equal the kernel's debugfs values "
		   "(%d of %d, %d zones, try %d)", matched, compared, n, tries + 1);
		return;
	}
	ok(0, "buddyinfo never held still for the comparison");
}

int main(void)
{
	test_formula();
	test_parsers();
	test_against_kernel();
	return tap_done();
}
