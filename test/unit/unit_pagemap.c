// SPDX-License-Identifier: GPL-2.0
/*
 * The memory map: page kinds and pageblock classes of hand-made
 * kpageflags words, the scanner over a file laid out like
 * /proc/kpageflags (holes, zones off pageblock boundaries, a file that
 * ends early), /proc/iomem's RAM, the stored form (round trips, malformed
 * strings), the scanning thread over a fake /proc, and as root one scan of
 * the real /proc/kpageflags.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "trace/mapper.h"
#include "trace/pagemap.h"
#include "json/reader.h"
#include "json/writer.h"
#include "plot/pagemaps.h"
#include "tap.h"

#define F(bit) FT_KPF(FT_KPF_##bit)
#define BP 8 /* pages per block in the hand-made maps */

static enum ft_pm_class class_of(const uint64_t *flags, unsigned n)
{
	struct ft_pm_tally t;

	ft_pm_tally_block(flags, n, 0, 0, n, NULL, &t);
	return ft_pm_block_class(&t);
}

static void fill(uint64_t *b, unsigned n, uint64_t v)
{
	for (unsigned i = 0; i < n; i++)
		b[i] = v;
}

static void test_kinds(void)
{
	ok(ft_page_kind(F(NOPAGE)) == FT_PAGE_HOLE, "NOPAGE: hole");
	ok(ft_page_kind(F(OFFLINE)) == FT_PAGE_HOLE, "OFFLINE: hole");
	ok(ft_page_kind(F(BUDDY)) == FT_PAGE_FREE, "BUDDY: free");
	ok(ft_page_kind(F(SLAB) | F(LOCKED)) == FT_PAGE_KERNEL, "SLAB: kernel");
	ok(ft_page_kind(F(PGTABLE)) == FT_PAGE_KERNEL, "PGTABLE: kernel");
	ok(ft_page_kind(F(RESERVED)) == FT_PAGE_KERNEL, "RESERVED (bit 32): kernel");
	ok(ft_page_kind(F(THP) | F(ZERO_PAGE) | F(COMPOUND_HEAD)) == FT_PAGE_KERNEL,
	   "the huge zero page: kernel, not huge");
	ok(ft_page_kind(F(THP) | F(LRU) | F(ANON) | F(COMPOUND_TAIL)) == FT_PAGE_HUGE,
	   "THP tail on the LRU: huge before movable");
	ok(ft_page_kind(F(HUGE) | F(COMPOUND_HEAD)) == FT_PAGE_HUGE, "hugetlb: huge");
	ok(ft_page_kind(F(LRU)) == FT_PAGE_MOVABLE, "LRU: movable");
	ok(ft_page_kind(F(ANON) | F(MMAP)) == FT_PAGE_MOVABLE, "ANON off the LRU: movable");
	ok(ft_page_kind(F(UPTODATE)) == FT_PAGE_MOVABLE, "page cache state: movable");
	ok(ft_page_kind(0) == FT_PAGE_UNKNOWN, "no flag at all: unknown");
	ok(ft_page_kind(F(MMAP)) == FT_PAGE_UNKNOWN, "mapped but nothing else: unknown");
}

static void test_block_classes(void)
{
	uint64_t b[512];

	fill(b, 512, F(BUDDY));
	ok(class_of(b, 512) == FT_PM_FREE, "512 BUDDY pages: free");
	b[300] = F(LRU) | F(ANON);
	ok(class_of(b, 512) == FT_PM_MOVABLE, "free and one LRU page: movable");
	fill(b, 512, F(LRU) | F(UPTODATE));
	ok(class_of(b, 512) == FT_PM_MOVABLE, "all file LRU pages: movable");
	b[7] = F(SLAB);
	ok(class_of(b, 512) == FT_PM_POLLUTED, "LRU and one slab page: polluted");
	fill(b, 512, F(BUDDY));
	b[511] = F(PGTABLE);
	ok(class_of(b, 512) == FT_PM_POLLUTED, "free and one page table: polluted");
	b[511] = 0;
	ok(class_of(b, 512) == FT_PM_POLLUTED, "free and one unflagged page: polluted");
	b[511] = F(RESERVED);
	ok(class_of(b, 512) == FT_PM_POLLUTED, "free and one reserved page: polluted");
	fill(b, 512, F(SLAB));
	b[0] = F(PGTABLE);
	b[1] = 0;
	ok(class_of(b, 512) == FT_PM_UNMOVABLE, "slab, page table, unflagged: unmovable");
	fill(b, 512, F(THP) | F(ANON) | F(LRU) | F(COMPOUND_TAIL));
	b[0] |= F(COMPOUND_HEAD);
	ok(class_of(b, 512) == FT_PM_HUGE, "one order-9 THP: huge");
	fill(b, 512, F(HUGE) | F(COMPOUND_TAIL));
	ok(class_of(b, 512) == FT_PM_HUGE, "a hugetlb page: huge");
	fill(b + 256, 256, F(LRU));
	ok(class_of(b, 512) == FT_PM_MOVABLE, "half a huge folio, half LRU: movable");
	b[100] = F(SLAB);
	ok(class_of(b, 512) == FT_PM_POLLUTED, "huge and slab: polluted");
	fill(b, 512, F(NOPAGE));
	ok(class_of(b, 512) == FT_PM_HOLE, "all NOPAGE: hole");
	fill(b, 512, F(BUDDY));
	b[5] = F(NOPAGE);
	ok(class_of(b, 512) == FT_PM_HOLE, "one NOPAGE among free: hole (never a huge page)");
	b[5] = F(OFFLINE);
	ok(class_of(b, 512) == FT_PM_HOLE, "one OFFLINE among free: hole");

	ok(ft_pm_huge_capable(FT_PM_FREE) && ft_pm_huge_capable(FT_PM_MOVABLE) &&
	   ft_pm_huge_capable(FT_PM_HUGE) && !ft_pm_huge_capable(FT_PM_POLLUTED) &&
	   !ft_pm_huge_capable(FT_PM_UNMOVABLE) && !ft_pm_huge_capable(FT_PM_HOLE),
	   "huge-capable: free, movable, huge only");
}

static void test_tally_outside_zone(void)
{
	uint64_t b[BP];
	struct ft_pm_tally t;

	fill(b, BP, F(BUDDY));
	/* the block is pfns 8..15, the zone starts at 9 */
	ft_pm_tally_block(b, BP, 8, 9, 100, NULL, &t);
	ok(t.pages[FT_PAGE_HOLE] == 1 && t.pages[FT_PAGE_FREE] == 7,
	   "pfn before the zone's start: a hole page");
	ok(ft_pm_block_class(&t) == FT_PM_HOLE, "a block straddling the zone start: hole");
	ft_pm_tally_block(b, BP, 8, 0, 14, NULL, &t);
	ok(t.pages[FT_PAGE_HOLE] == 2, "pfns past the zone's end: hole pages");
}

static const char iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-bfffffff : System RAM\n"
	"  2c000000-2d001fff : Kernel code\n"
	"  2d200000-2db43fff : System RAM\n"
	"c0000000-febfffff : PCI Bus 0000:00\n"
	"100000000-63fffffff : System RAM\n";

static FILE *text(const char *s)
{
	return fmemopen((void *)s, strlen(s), "r");
}

static void test_iomem(void)
{
	struct ft_pm_ram ram;
	struct ft_pm_tally t;
	uint64_t b[512];
	FILE *f = text(iomem);
	int n = ft_parse_iomem_ram(f, 4096, &ram);

	fclose(f);
	ok(n == 3 && ram.r[0].lo == 1 && ram.r[0].hi == 0x9f && ram.r[1].lo == 0x100 &&
	   ram.r[2].hi == 0x640000, "iomem: 3 top-level RAM ranges, whole pages (got %d)", n);
	/* this machine's zoneinfo: DMA present 3998, DMA32 present 782336 */
	ok(ft_pm_ram_pages(&ram, 1, 4096) == 3998, "DMA's RAM pages: its present 3998");
	ok(ft_pm_ram_pages(&ram, 4096, 1048576) == 782336, "DMA32's: its present 782336");
	fill(b, 512, F(RESERVED));
	ft_pm_tally_block(b, 512, 0xbfe00, 4096, 1048576, &ram, &t);
	ok(ft_pm_block_class(&t) == FT_PM_UNMOVABLE, "reserved RAM below the PCI hole: unmovable");
	ft_pm_tally_block(b, 512, 0xc0000, 4096, 1048576, &ram, &t);
	ok(t.pages[FT_PAGE_HOLE] == 512 && ft_pm_block_class(&t) == FT_PM_HOLE,
	   "RESERVED struct pages of the PCI hole: hole");
	fill(b, 512, F(BUDDY));
	ft_pm_tally_block(b, 512, 0, 1, 4096, &ram, &t);
	/* RAM in pfns 0..511: [1, 0x9f) and [0x100, 0x200) */
	ok(t.pages[FT_PAGE_HOLE] == 1 + 0x100 - 0x9f && t.pages[FT_PAGE_FREE] == 0x9e + 0x100,
	   "DMA's first block: pfn 0 and 0x9f..0xff are holes (got %u)", t.pages[FT_PAGE_HOLE]);

	f = text("00000000-00000000 : System RAM\n00000000-00000000 : Reserved\n");
	ok(ft_parse_iomem_ram(f, 4096, &ram) == 0, "zeroed addresses (not root): no ranges");
	fclose(f);
	ft_pm_tally_block(b, 512, 0, 0, 512, &ram, &t);
	ok(t.pages[FT_PAGE_FREE] == 512, "no ranges: RAM unknown, nothing made a hole");
	f = text("garbage\n");
	ok(ft_parse_iomem_ram(f, 4096, &ram) == -EINVAL, "malformed iomem: EINVAL");
	fclose(f);
}

static void test_zone_blocks(void)
{
	ok(ft_pm_zone_blocks(1, 4095, 512) == 8, "DMA 1+4095: 8 pageblocks");
	ok(ft_pm_zone_blocks(4096, 1044480, 512) == 2040, "DMA32: 2040 pageblocks");
	ok(ft_pm_zone_blocks(1048576, 5505024, 512) == 10752, "Normal: 10752 pageblocks");
	ok(ft_pm_zone_blocks(100, 1, 512) == 1, "one page: one block");
	ok(ft_pm_zone_blocks(511, 2, 512) == 2, "two pages across a boundary: two blocks");
	ok(ft_pm_zone_blocks(5, 0, 512) == 0, "empty zone: none");
	ok(ft_pm_zone_blocks(0, 1 << 20, 1024) == 1024, "order 10 blocks (ARM64 64K)");
}

/* A file laid out like /proc/kpageflags: 8 bytes per pfn */
static int flags_file(const uint64_t *w, size_t n)
{
	char path[] = "/tmp/unit_pagemap.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	unlink(path);
	if (write(fd, w, n * 8) != (ssize_t)(n * 8)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * pfns 0..79 (10 blocks of 8), the file ends at pfn 72:
 *   zone A [3, 35): block 0 straddles its start, 1 free, 2 movable,
 *           3 polluted, 4 straddles its end (pfn 32..39, zone ends at 35)
 *   zone B [40, 80): 5 a NOPAGE gap, 6 unmovable, 7 huge, 8 free, 9 past
 *           the end of the file (holes)
 */
static void test_scan_file(void)
{
	uint64_t w[72];
	struct ft_zone_span spans[3] = {
		{ .node = 0, .zone = "A", .start_pfn = 3, .spanned = 32 },
		{ .node = 0, .zone = "Empty", .start_pfn = 0, .spanned = 0 },
		{ .node = 1, .zone = "B", .start_pfn = 40, .spanned = 40 },
	};
	struct ft_pagemap pm = { 0 };
	char *enc;
	int fd, err;

	fill(w, 72, F(BUDDY));
	fill(w + 16, 8, F(LRU) | F(ANON));
	fill(w + 24, 8, F(LRU));
	w[27] = F(SLAB);
	fill(w + 40, 8, F(NOPAGE));
	fill(w + 48, 8, 0);
	fill(w + 56, 8, F(THP) | F(COMPOUND_TAIL));
	fd = flags_file(w, 72);
	ok(fd >= 0, "flags file written");
	if (fd < 0)
		return;
	err = ft_pagemap_scan(fd, spans, 3, BP, NULL, &pm);
	ok(err == 0, "scan: 0 (got %d)", err);
	ok(pm.nzones == 2, "two zones, the empty one skipped (got %d)", pm.nzones);
	ok(pm.zones[0].nblocks == 5 && pm.zones[1].nblocks == 5,
	   "blocks per zone: its span in pageblocks (5, 5)");
	ok(pm.zones[0].first_block == 0 && pm.zones[1].first_block == 5, "first blocks 0, 5");
	enc = ft_pm_encode(pm.zones[0].classes, pm.zones[0].nblocks);
	is_str(enc, "XFMPX", "zone A: hole at both unaligned ends, free, movable, polluted");
	free(enc);
	enc = ft_pm_encode(pm.zones[1].classes, pm.zones[1].nblocks);
	is_str(enc, "XUHFX", "zone B: NOPAGE gap, unmovable, huge, free, past EOF");
	free(enc);
	ok(pm.zones[0].polluted_unflagged == 0, "zone A: its polluted block has a slab page");
	ok(pm.zones[0].counts[FT_PM_HOLE] == 2 && pm.zones[0].counts[FT_PM_FREE] == 1,
	   "zone A counts: 2 hole, 1 free");
	ok(pm.zones[0].pages[FT_PAGE_FREE] == 5 + 8 + 3 && pm.zones[0].pages[FT_PAGE_HOLE] == 0,
	   "zone A pages: only the span's own (16 free, no hole)");
	ok(pm.zones[1].pages[FT_PAGE_HOLE] == 16, "zone B: 16 hole pages (gap and past EOF)");
	ok(pm.pages_read == 80, "80 pfns read (got %llu)", pm.pages_read);

	spans[2].spanned = 36; /* B shrinks: the arrays are reused */
	err = ft_pagemap_scan(fd, spans, 3, BP, NULL, &pm);
	ok(err == 0 && pm.zones[1].nblocks == 5 && pm.zones[1].classes[4] == FT_PM_HOLE,
	   "rescan with a zone ending mid-block");
	ok(ft_pagemap_scan(fd, spans, 3, 6, NULL, &pm) == -EINVAL, "block size not a power of 2: EINVAL");
	close(fd);
	ok(ft_pagemap_scan(fd, spans, 3, BP, NULL, &pm) == -EBADF, "a closed fd: -EBADF");
	ft_pagemap_free(&pm);
}

static void test_encode(void)
{
	uint8_t c[4096] = { 0 }, d[4096];
	char *s;
	unsigned seed = 7;

	s = ft_pm_encode(c, 0);
	is_str(s, "", "no blocks: empty string");
	ok(ft_pm_decode(s, 0, d, 0) == 0, "empty decodes to none");
	free(s);
	memset(c, FT_PM_FREE, 10);
	c[10] = FT_PM_POLLUTED;
	memset(c + 11, FT_PM_MOVABLE, 2);
	s = ft_pm_encode(c, 13);
	is_str(s, "10FP2M", "runs: 10F P 2M");
	ok(ft_pm_decode(s, strlen(s), d, 13) == 0 && memcmp(c, d, 13) == 0, "decodes back");
	free(s);

	for (int round = 0; round < 20; round++) {
		size_t n = 1 + rand_r(&seed) % 4096;
		bool same;

		for (size_t i = 0; i < n; i++) /* runs of random length */
			c[i] = i && rand_r(&seed) % 4 ? c[i - 1] : rand_r(&seed) % FT_PM_CLASSES;
		s = ft_pm_encode(c, n);
		same = s && strlen(s) <= n && ft_pm_encoded_blocks(s, strlen(s)) == (long long)n &&
		       ft_pm_decode(s, strlen(s), d, n) == 0 && memcmp(c, d, n) == 0;
		free(s);
		if (!same) {
			ok(0, "random round trip %d (n %zu)", round, n);
			return;
		}
	}
	ok(1, "20 random maps round-trip, never longer than one letter per block");

	const char *bad[] = { "0F", "1F", "F2", "12", "Z", "01F", "f", "3F-",
			      "99999999999999999999999F", "2F ", " 2F" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ok(ft_pm_decode(bad[i], strlen(bad[i]), d, 2) == -EINVAL &&
		   ft_pm_encoded_blocks(bad[i], strlen(bad[i])) == -EINVAL,
		   "malformed '%s': EINVAL", bad[i]);
	ok(ft_pm_decode("3F", 2, d, 2) == -EINVAL, "3 blocks where 2 are expected: EINVAL");
	ok(ft_pm_decode("FX", 2, d, 3) == -EINVAL, "2 blocks where 3 are expected: EINVAL");
	ok(ft_pm_decode("2FX", 3, d, 3) == 0 && d[0] == FT_PM_FREE && d[2] == FT_PM_HOLE,
	   "2FX: free free hole");
	ok(ft_pm_decode("2F\0X", 4, d, 3) == -EINVAL, "an embedded NUL: EINVAL");

	uint8_t cells[4];
	ok(ft_pm_decode("4F2P2U", 6, d, 8) == 0, "8 blocks");
	ft_pm_downsample(d, 8, cells, 4);
	ok(cells[0] == FT_PM_FREE && cells[1] == FT_PM_FREE && cells[2] == FT_PM_POLLUTED &&
	   cells[3] == FT_PM_UNMOVABLE, "8 blocks in 4 cells: F F P U");
	ok(ft_pm_decode("FUMP", 4, d, 4) == 0, "4 blocks");
	ft_pm_downsample(d, 4, cells, 2);
	ok(cells[0] == FT_PM_UNMOVABLE && cells[1] == FT_PM_POLLUTED,
	   "ties go to the less capable class: U, P");
	ft_pm_downsample(d, 2, cells, 4);
	ok(cells[1] == FT_PM_UNMOVABLE && cells[3] == FT_PM_HOLE, "more cells than blocks: padded");
}

/* zoneinfo's "present" per zone, in the order of ft_parse_zoneinfo */
static int parse_present(unsigned long long *present, int max)
{
	FILE *f = ft_proc_open("zoneinfo");
	char line[512];
	int n = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v;

		if (strncmp(line, "Node ", 5) == 0 && n + 1 < max)
			present[++n] = 0;
		else if (n >= 0 && sscanf(line, " present %llu", &v) == 1)
			present[n] = v;
	}
	fclose(f);
	return n + 1;
}

/* As root: the real map's shape equals the zones' spans, RAM their present */
static void test_real_scan(void)
{
	struct ft_zone_span spans[FT_MAX_ZONES];
	unsigned long long present[FT_MAX_ZONES];
	static struct ft_pm_ram ram;
	struct ft_pagemap pm = { 0 };
	FILE *f = ft_proc_open("zoneinfo");
	int fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	int n, err, shape_ok = 1, present_ok = 1, z_at = 0;

	if (fd < 0 || !f) {
		printf("ok %d # SKIP /proc/kpageflags not readable (not root?)\n", ++tap_n);
		if (fd >= 0)
			close(fd);
		if (f)
			fclose(f);
		return;
	}
	n = ft_parse_zoneinfo(f, spans, FT_MAX_ZONES);
	fclose(f);
	f = ft_proc_open("iomem");
	ok(f && ft_parse_iomem_ram(f, (unsigned)sysconf(_SC_PAGESIZE), &ram) > 0,
	   "/proc/iomem: %zu RAM ranges", ram.n);
	if (f)
		fclose(f);
	ok(parse_present(present, FT_MAX_ZONES) == n, "zoneinfo: present of %d zones", n);
	err = ft_pagemap_scan(fd, spans, n, 512, &ram, &pm);
	close(fd);
	ok(err == 0 && pm.nzones > 0, "real scan: %d zones in %.3f s (cpu %.3f s)", pm.nzones,
	   pm.wall_seconds, pm.cpu_seconds);
	for (int i = 0; i < pm.nzones; i++) {
		struct ft_pm_zone *z = &pm.zones[i];
		unsigned long sum = 0;
		unsigned long long pages = 0;

		for (int c = 0; c < FT_PM_CLASSES; c++)
			sum += z->counts[c];
		for (int k = 0; k < FT_PAGE_KINDS; k++)
			pages += z->pages[k];
		printf("# %s: %zu blocks: free %lu movable %lu polluted %lu unmovable %lu huge %lu hole %lu\n",
		       z->zone, z->nblocks, z->counts[FT_PM_FREE], z->counts[FT_PM_MOVABLE],
		       z->counts[FT_PM_POLLUTED], z->counts[FT_PM_UNMOVABLE],
		       z->counts[FT_PM_HUGE], z->counts[FT_PM_HOLE]);
		if (sum != z->nblocks || pages != z->spanned)
			shape_ok = 0;
		while (z_at < n && (spans[z_at].node != z->node || strcmp(spans[z_at].zone, z->zone)))
			z_at++;
		if (z_at == n || pages - z->pages[FT_PAGE_HOLE] != present[z_at])
			present_ok = 0;
		if (z_at < n)
			printf("# %s: %llu pages not holes, present %llu\n", z->zone,
			       pages - z->pages[FT_PAGE_HOLE], present[z_at]);
	}
	ok(shape_ok, "every zone: class counts sum to its blocks, page kinds to its span");
	ok(present_ok, "every zone: pages that are not holes = its present pages");
	ft_pagemap_free(&pm);
}

static void put_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

static struct ft_map_sample *take_wait(struct ft_mapper *m)
{
	struct ft_map_sample *s = NULL;

	for (int i = 0; i < 500 && !(s = ft_mapper_take(m)); i++)
		usleep(10000);
	return s;
}

/* A record as the reader fills it: field by field, then checked */
static void test_record(void)
{
	struct ft_map_record r = { 0 };
	unsigned long long seen = 0;
	char err[256] = "";
	static const struct {
		const char *key;
		double v;
	} nums[] = { { "timestamp", 1.5 }, { "scan", 1 },       { "node", 0 },
		     { "start_pfn", 3 },   { "spanned", 40 },   { "pageblock_pages", 8 },
		     { "pageblocks", 6 },  { "class_free", 2 },       { "class_movable", 0 },
		     { "class_polluted", 1 }, { "class_unmovable", 1 }, { "class_huge", 0 },
		     { "class_hole", 2 } };
	int i;

	for (size_t k = 0; k < sizeof(nums) / sizeof(*nums); k++) {
		i = ft_map_record_set(&r, nums[k].key, nums[k].v);
		if (i >= 0)
			seen |= 1ULL << i;
	}
	snprintf(r.zone, sizeof(r.zone), "Normal");
	r.map = "X2FUPX";
	r.map_len = 6;
	ok(ft_map_record_check(&r, seen, err, sizeof(err)) == 0, "a whole record checks (%s)", err);
	ok(ft_map_record_set(&r, "nope", 1) == -ENOENT, "an unknown key: ENOENT");
	ok(ft_map_record_set(&r, "pageblocks", 1.5) == -EINVAL, "a fraction where an integer is due");
	ok(ft_map_record_set(&r, "class_free", -1) == -EINVAL, "a negative count");
	ok(ft_map_record_set(&r, "timestamp", 1e300) == -EINVAL, "an absurd timestamp");
	r.map = "X2FUFX";
	ok(ft_map_record_check(&r, seen, err, sizeof(err)) == -EINVAL && strstr(err, "free"),
	   "map and counts disagree: '%s'", err);
	r.map = "X2FUPXX";
	r.map_len = 7;
	ok(ft_map_record_check(&r, seen, err, sizeof(err)) == -EINVAL, "a block too many: '%s'", err);
	r.map = "X2FUPX";
	r.map_len = 6;
	r.blocks = 7;
	ok(ft_map_record_check(&r, seen, err, sizeof(err)) == -EINVAL && strstr(err, "span"),
	   "blocks not the span: '%s'", err);
	r.blocks = 6;
	r.pageblock_pages = 6;
	ok(ft_map_record_check(&r, seen, err, sizeof(err)) == -EINVAL, "pageblock not 2^n: '%s'", err);
	r.pageblock_pages = 8;
	ok(ft_map_record_check(&r, seen & ~2ULL, err, sizeof(err)) == -EINVAL &&
	   strstr(err, "scan"), "a required key missing: '%s'", err);
	snprintf(r.zone, sizeof(r.zone), "Nor\x1bmal");
	ok(ft_map_record_check(&r, seen, err, sizeof(err)) == -EINVAL, "ESC in a zone name: '%s'",
	   err);
	r.zone[0] = 0;
	ok(ft_map_record_check(&r, seen, err, sizeof(err)) == -EINVAL, "no zone: '%s'", err);
}

static void map_rec(struct ft_map_record *r, long long scan, double t, const char *zone,
		    long long start, const char *map)
{
	uint8_t cls[64];
	long long n = ft_pm_encoded_blocks(map, strlen(map));

	memset(r, 0, sizeof(*r));
	r->scan = scan;
	r->timestamp = t;
	snprintf(r->zone, sizeof(r->zone), "%s", zone);
	r->start_pfn = start;
	r->pageblock_pages = 8;
	r->blocks = n;
	r->spanned = n * 8;
	ft_pm_decode(map, strlen(map), cls, (size_t)n);
	for (long long b = 0; b < n; b++)
		r->counts[cls[b]]++;
	r->map = map;
	r->map_len = strlen(map);
}

/* Scans stream by: first, worst (fewest capable), last, the totals */
static void test_maps(void)
{
	static const struct {
		long long scan;
		double t;
		const char *zone;
		long long start;
		const char *map;
	} recs[] = {
		{ 1, 0, "Normal", 64, "4F" }, { 1, 0, "DMA", 0, "X3F" },
		{ 2, 30, "DMA", 0, "X3P" },   { 2, 30, "Normal", 64, "2P2F" },
		{ 3, 60, "DMA", 0, "XFPU" },  { 3, 60, "Normal", 64, "FMHU" },
	};
	struct ft_maps m;
	char buf[4096] = "";
	FILE *f;

	ft_maps_init(&m);
	for (size_t i = 0; i < sizeof(recs) / sizeof(*recs); i++) {
		struct ft_map_record r;

		map_rec(&r, recs[i].scan, recs[i].t, recs[i].zone, recs[i].start, recs[i].map);
		ft_maps_add(&m, &r);
	}
	ok(ft_maps_finish(&m) == 0 && m.nscans == 3, "3 scans");
	ok(m.first.scan == 1 && m.worst.scan == 2 && m.last.scan == 3,
	   "first 1, worst 2 (2 capable), last 3 (got %lld %lld %lld)", m.first.scan, m.worst.scan,
	   m.last.scan);
	ok(!strcmp(m.first.zones[0].zone, "DMA") && m.first.zones[0].start_pfn == 0,
	   "zones sorted by their start pfn");
	ok(m.points[2].counts[FT_PM_UNMOVABLE] == 2 && m.points[2].blocks == 8 &&
	   ft_maps_capable(m.points[2].counts) == 4, "last scan totals: 2 unmovable, 4 capable of 8");
	ok(!strcmp(m.last.zones[1].map, "FMHU"), "the last scan's maps kept");
	f = fmemopen(buf, sizeof(buf) - 1, "w");
	ft_maps_report(f, &m);
	fclose(f);
	ok(strstr(buf, "start, scan 1 at 0.0 s: 7 of 8") && strstr(buf, "worst, scan 2 at 30.0 s: 2 of 8") &&
	   strstr(buf, "end, scan 3 at 60.0 s: 4 of 8"), "report: start, worst, end");
	if (!strstr(buf, "worst, scan 2"))
		printf("%s", buf);
	ft_maps_free(&m);
	ft_maps_init(&m);
	f = fmemopen(buf, sizeof(buf) - 1, "w");
	ft_maps_report(f, &m);
	fclose(f);
	ok(strstr(buf, "no pageblock_map records") != NULL, "report without maps says so");
	ft_maps_free(&m);

	/* valid, and far too big to draw: refused before anything is decoded */
	struct ft_map_record big;
	const struct ft_maps *sets[1] = { &m };
	const char *labels[1] = { "big" };
	char shown[256];

	map_rec(&big, 1, 0, "Normal", 0, "X");
	big.map = "549755813888F";
	big.map_len = strlen(big.map);
	big.blocks = 549755813888LL;
	big.spanned = big.blocks * 8;
	big.counts[FT_PM_HOLE] = 0;
	big.counts[FT_PM_FREE] = big.blocks;
	ok(ft_map_record_check(&big, ~0ULL, shown, sizeof(shown)) == 0,
	   "2^39 pageblocks in 13 bytes: a valid record (%s)", shown);
	ft_maps_init(&m);
	ft_maps_add(&m, &big);
	ft_maps_finish(&m);
	ok(ft_maps_plot(sets, labels, 1, NULL, "x", "png", shown, sizeof(shown)) == -EINVAL,
	   "plot refuses to draw it (no folder touched)");
	ft_maps_free(&m);
}

static int got_map(const struct ft_map_record *r, void *arg)
{
	struct ft_maps *m = arg;

	return ft_maps_add(m, r);
}

/* A JSON lines recording around map records, as the reader takes it */
static int read_maps(const char *lines, struct ft_maps *m, struct ft_read_info *info)
{
	static const char head[] = "{\"metadata\":{\"start_time\":1.0}}\n";
	static const char tail[] = "{\"metadata\":{\"start_time\":1.0,\"end_time\":2.0}}\n";
	struct ft_reader_ops ops = { .map = got_map, .arg = m, .quiet = true };
	size_t len = strlen(head) + strlen(lines) + strlen(tail);
	char *buf = malloc(len + 1);
	int ret;

	snprintf(buf, len + 1, "%s%s%s", head, lines, tail);
	ft_maps_init(m);
	ret = ft_read_buffer("maps.jsonl", buf, len, 7, &ops, info);
	ft_maps_finish(m);
	free(buf);
	return ret;
}

/* The writer's record, read back; and what the reader refuses */
static void test_map_json(void)
{
	struct ft_map_record r;
	struct ft_read_info info;
	struct ft_maps m;
	const unsigned char *out;
	char line[4096], bad[4096];
	size_t len;
	yajl_gen g = yajl_gen_alloc(NULL);

	map_rec(&r, 1, 0.5, "Normal", 64, "X2FUPX");
	r.pcp_pages = 7;
	ft_gen_map(g, &r);
	yajl_gen_get_buf(g, &out, &len);
	snprintf(line, sizeof(line), "%.*s\n", (int)len, (const char *)out);
	yajl_gen_free(g);
	ok(strstr(line, "\"event_type\":\"pageblock_map\"") && strstr(line, "\"map\":\"X2FUPX\"") &&
	   strstr(line, "\"class_free\":2"), "written: %.120s...", line);
	ok(read_maps(line, &m, &info) == 0 && info.maps == 1 && m.nscans == 1 &&
	   !strcmp(m.last.zones[0].map, "X2FUPX") && m.last.zones[0].counts[FT_PM_UNMOVABLE] == 1,
	   "read back: one map, same classes (%s)", info.error);
	ft_maps_free(&m);

	static const struct {
		const char *from, *to, *why;
	} edits[] = {
		{ "\"map\":\"X2FUPX\"", "\"map\":\"X2FUFX\"", "counted" },
		{ "\"map\":\"X2FUPX\"", "\"map\":\"X2FUPXX\"", "pageblocks" },
		{ "\"map\":\"X2FUPX\"", "\"map\":7", "map" },
		{ "\"pageblocks\":6", "\"pageblocks\":-6", "integer" },
		{ "\"scan\":1,", "", "scan" },
		{ "\"zone\":\"Normal\"", "\"zone\":\"Nor mal\"", "zone" },
		{ "\"class_free\":2", "\"class_free\":\"2\"", "number" },
	};
	for (size_t i = 0; i < sizeof(edits) / sizeof(*edits); i++) {
		const char *at = strstr(line, edits[i].from);
		int ret;

		if (!at) {
			ok(0, "edit %zu applies", i);
			continue;
		}
		snprintf(bad, sizeof(bad), "%.*s%s%s", (int)(at - line), line, edits[i].to,
			 at + strlen(edits[i].from));
		ret = read_maps(bad, &m, &info);
		ok(ret == -EINVAL && strstr(info.error, "pageblock_map"), "refused (%s): %s",
		   edits[i].why, info.error);
		ft_maps_free(&m);
	}
}

/* The thread over a fake /proc ($FRAGTRACK_PROC): at start, at stop */
static void test_mapper(void)
{
	char dir[] = "/tmp/unit_mapper.XXXXXX";
	static const char zoneinfo[] = "Node 0, zone   Normal\n  pages free 1\n"
				       "        spanned  40\n  pagesets\n    cpu: 0\n"
				       "              count:    5\n    cpu: 1\n"
				       "              count:    2\n  start_pfn:           3\n"
				       "Node 0, zone  Movable\n        spanned  0\n";
	static const char buddy[] = "Node 0, zone   Normal      0      1      0      2\n";
	static const char pti[] = "Page block order: 3\nPages per block:  8\n";
	static const char iomem[] = "00000000-0002bfff : System RAM\n";
	uint64_t w[48];
	struct ft_mapper m;
	struct ft_map_sample *s, *t;
	char err[256] = "";
	uint8_t cls[8];
	int ret;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	setenv("FRAGTRACK_PROC", dir, 1);
	ret = ft_mapper_start(&m, 3600, err, sizeof(err));
	ok(ret == -ENOENT && strstr(err, "kpageflags"), "no kpageflags: -ENOENT, '%s'", err);

	fill(w, 48, F(BUDDY));
	fill(w + 24, 8, F(SLAB));
	w[34] = 0; /* block 4: free but one unflagged page */
	put_file(dir, "kpageflags", w, sizeof(w));
	put_file(dir, "zoneinfo", zoneinfo, strlen(zoneinfo));
	put_file(dir, "buddyinfo", buddy, strlen(buddy));
	put_file(dir, "pagetypeinfo", pti, strlen(pti));
	put_file(dir, "iomem", iomem, strlen(iomem));
	ret = ft_mapper_start(&m, 3600, err, sizeof(err));
	ok(ret == 0, "mapper started over the fake /proc (%s)", ret ? err : "ok");
	if (ret)
		goto out;
	s = take_wait(&m);
	ok(s && !s->next && s->nzones == 1 && s->block_pages == 8, "one scan at start, one zone");
	if (s) {
		struct ft_map_zone *z = &s->zones[0];

		ok(z->nblocks == 6 && ft_pm_decode(z->map, strlen(z->map), cls, 6) == 0,
		   "6 blocks of the span 3..43, the map decodes ('%s')", z->map);
		/* RAM ends at pfn 44: block 5 (40..47) is partly a hole anyway */
		is_str(z->map, "X2FUPX", "classes: ends hole, slab block unmovable, one unflagged");
		ok(z->polluted_unflagged == 1 && z->pcp_pages == 7,
		   "1 block polluted by an unflagged page; 7 pcp pages (got %lu, %llu)",
		   z->polluted_unflagged, z->pcp_pages);
		ok(z->buddy_pages[0] == 2 + 16 && z->buddy_pages[1] == 18 && z->buddy_blocks[0] == 2 &&
		   z->buddy_blocks[1] == 2 && z->buddy_reads >= 3,
		   "buddyinfo around and during the scan (%lu reads): 18 pages, 2 blocks of order >= 3",
		   z->buddy_reads);
		ok(z->free_pages == 40 - 8 - 1, "BUDDY pages in the span: 31");
		ok(s->end >= s->start && s->cpu >= 0, "scan times recorded");
	}
	ft_map_samples_free(s);
	ft_mapper_stop(&m);
	t = ft_mapper_take(&m);
	ok(t && !t->next && m.scans == 2, "one more scan at stop (%lu scans)", m.scans);
	ft_map_samples_free(t);
out:
	unsetenv("FRAGTRACK_PROC");
	for (const char *const *n = (const char *const[]){ "kpageflags", "zoneinfo", "buddyinfo",
							   "pagetypeinfo", "iomem", NULL };
	     *n; n++) {
		char path[512];

		snprintf(path, sizeof(path), "%s/%s", dir, *n);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	test_kinds();
	test_block_classes();
	test_tally_outside_zone();
	test_iomem();
	test_zone_blocks();
	test_scan_file();
	test_encode();
	test_record();
	test_maps();
	test_map_json();
	test_mapper();
	test_real_scan();
	return tap_done();
}
