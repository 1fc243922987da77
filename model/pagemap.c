// SPDX-License-Identifier: GPL-2.0
#include "model/pagemap.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char ft_pm_letters[FT_PM_CLASSES + 1] = "XFMPUH";

static const char *const class_names[FT_PM_CLASSES] = {
	[FT_PM_HOLE] = "hole",         [FT_PM_FREE] = "free",
	[FT_PM_MOVABLE] = "movable",   [FT_PM_POLLUTED] = "polluted",
	[FT_PM_UNMOVABLE] = "unmovable", [FT_PM_HUGE] = "huge",
};

const char *ft_pm_class_name(int cls)
{
	return cls >= 0 && cls < FT_PM_CLASSES ? class_names[cls] : "?";
}

int ft_pm_class_of_letter(char c)
{
	const char *p = c ? strchr(ft_pm_letters, c) : NULL;

	return p ? (int)(p - ft_pm_letters) : -1;
}

bool ft_pm_huge_capable(int cls)
{
	return cls == FT_PM_FREE || cls == FT_PM_MOVABLE || cls == FT_PM_HUGE;
}

static size_t put_run(char *out, size_t run, uint8_t cls)
{
	size_t n = 0;

	if (run > 1)
		n = (size_t)sprintf(out, "%zu", run);
	out[n++] = ft_pm_letters[cls < FT_PM_CLASSES ? cls : FT_PM_HOLE];
	return n;
}

char *ft_pm_encode(const uint8_t *classes, size_t n)
{
	/* worst case, every run 1 long: one letter each */
	char *out = malloc(n + 1), *p = out;
	size_t i = 0;

	if (!out)
		return NULL;
	while (i < n) {
		size_t j = i + 1;

		while (j < n && classes[j] == classes[i])
			j++;
		p += put_run(p, j - i, classes[i]);
		i = j;
	}
	*p = '\0';
	return out;
}

/*
 * Walks s run by run: a run is [1-9][0-9]* then a letter, or a letter
 * alone.  Calls emit (when classes is not NULL) and returns the total, or
 * -EINVAL.  The total is bounded by cap so no count overflows.
 */
static long long walk_runs(const char *s, size_t len, uint8_t *classes, size_t cap,
			   long long *counts)
{
	size_t i = 0, total = 0;

	while (i < len) {
		size_t run = 0;
		int cls;

		if (s[i] == '0')
			return -EINVAL; /* no leading zero, no zero run */
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			run = run * 10 + (size_t)(s[i++] - '0');
			if (run > cap)
				return -EINVAL;
		}
		if (i == len || (cls = ft_pm_class_of_letter(s[i])) < 0)
			return -EINVAL;
		if (run == 1)
			return -EINVAL; /* a run of one is its letter alone */
		run = run ? run : 1;
		i++;
		if (run > cap - total)
			return -EINVAL;
		if (classes)
			memset(classes + total, cls, run);
		if (counts)
			counts[cls] += (long long)run;
		total += run;
	}
	return (long long)total;
}

/* no map holds more pageblocks than this (2^40 pages of 4 KiB / 2^9) */
#define FT_PM_MAX_BLOCKS (1ULL << 40)

long long ft_pm_encoded_blocks(const char *s, size_t len)
{
	return walk_runs(s, len, NULL, FT_PM_MAX_BLOCKS, NULL);
}

int ft_pm_decode(const char *s, size_t len, uint8_t *classes, size_t n)
{
	long long total = walk_runs(s, len, NULL, n, NULL);

	if (total < 0 || (size_t)total != n)
		return -EINVAL;
	walk_runs(s, len, classes, n, NULL);
	return 0;
}

size_t ft_pm_zone_blocks(uint64_t start_pfn, uint64_t spanned, unsigned block_pages)
{
	uint64_t first, end;

	if (!spanned || !block_pages)
		return 0;
	first = start_pfn / block_pages;
	end = (start_pfn + spanned + block_pages - 1) / block_pages;
	return (size_t)(end - first);
}

#define NUM(key, member, req) { key, FT_MAP_DOUBLE, offsetof(struct ft_map_record, member), req }
#define INT(key, member, req) { key, FT_MAP_LLONG, offsetof(struct ft_map_record, member), req }

const struct ft_map_field ft_map_fields[] = {
	NUM("timestamp", timestamp, true),
	INT("scan", scan, true),
	NUM("scan_seconds", scan_seconds, false),
	NUM("scan_cpu_seconds", scan_cpu_seconds, false),
	INT("node", node, true),
	INT("start_pfn", start_pfn, true),
	INT("spanned", spanned, true),
	INT("pageblock_pages", pageblock_pages, true),
	INT("pageblocks", blocks, true),
	INT("class_free", counts[FT_PM_FREE], true),
	INT("class_movable", counts[FT_PM_MOVABLE], true),
	INT("class_polluted", counts[FT_PM_POLLUTED], true),
	INT("class_unmovable", counts[FT_PM_UNMOVABLE], true),
	INT("class_huge", counts[FT_PM_HUGE], true),
	INT("class_hole", counts[FT_PM_HOLE], true),
	INT("polluted_unflagged", polluted_unflagged, false),
	INT("pcp_pages", pcp_pages, false),
	INT("free_pages", free_pages, false),
	INT("buddy_free_pages_min", buddy_pages_min, false),
	INT("buddy_free_pages_max", buddy_pages_max, false),
	INT("buddy_free_blocks_min", buddy_blocks_min, false),
	INT("buddy_free_blocks_max", buddy_blocks_max, false),
	INT("buddy_reads", buddy_reads, false),
};
const size_t ft_map_nfields = sizeof(ft_map_fields) / sizeof(ft_map_fields[0]);

/* 2^50: more than any count of pages or pfns can be */
#define MAP_INT_MAX 1125899906842624.0

int ft_map_record_set(struct ft_map_record *r, const char *key, double v)
{
	for (size_t i = 0; i < ft_map_nfields; i++) {
		const struct ft_map_field *f = &ft_map_fields[i];
		char *p = (char *)r + f->offset;

		if (strcmp(key, f->key) != 0)
			continue;
		if (f->type == FT_MAP_DOUBLE) {
			if (!(v >= 0 && v < MAP_INT_MAX))
				return -EINVAL;
			memcpy(p, &v, sizeof(v));
			return (int)i;
		}
		if (!(v >= 0 && v <= MAP_INT_MAX) || v != (double)(long long)v)
			return -EINVAL;
		*(long long *)(void *)p = (long long)v;
		return (int)i;
	}
	return -ENOENT;
}

/* The map's runs counted, never decoded: a record cannot make us
 * allocate what its "pageblocks" claims */
static int check_map(const struct ft_map_record *r, char *err, size_t errlen)
{
	long long got[FT_PM_CLASSES] = { 0 };

	if (!r->map)
		return snprintf(err, errlen, "no \"map\""), -EINVAL;
	if (walk_runs(r->map, r->map_len, NULL, (size_t)r->blocks, got) != r->blocks)
		return snprintf(err, errlen, "\"map\" is not %lld pageblocks of XFMPUH runs",
				r->blocks), -EINVAL;
	for (int c = 0; c < FT_PM_CLASSES; c++)
		if (got[c] != r->counts[c])
			return snprintf(err, errlen, "\"map\" has %lld %s pageblocks, \"class_%s\" says %lld",
					got[c], ft_pm_class_name(c), ft_pm_class_name(c),
					r->counts[c]), -EINVAL;
	return 0;
}

int ft_map_record_check(const struct ft_map_record *r, unsigned long long seen, char *err,
			size_t errlen)
{
	long long sum = 0;
	uint64_t bp = (uint64_t)r->pageblock_pages;

	for (size_t i = 0; i < ft_map_nfields; i++)
		if (ft_map_fields[i].required && !(seen >> i & 1))
			return snprintf(err, errlen, "missing \"%s\"", ft_map_fields[i].key),
			       -EINVAL;
	if (!r->zone[0])
		return snprintf(err, errlen, "missing \"zone\""), -EINVAL;
	/* the kernel's zone names: a name is then safe as text anywhere */
	for (const char *c = r->zone; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9') || *c == '_'))
			return snprintf(err, errlen, "\"zone\" is not a zone name"), -EINVAL;
	if (!bp || (bp & (bp - 1)) || bp > (1u << 20))
		return snprintf(err, errlen, "\"pageblock_pages\" %lld is not a power of 2",
				r->pageblock_pages), -EINVAL;
	if ((uint64_t)r->blocks != ft_pm_zone_blocks((uint64_t)r->start_pfn,
						     (uint64_t)r->spanned, (unsigned)bp))
		return snprintf(err, errlen, "\"pageblocks\" %lld is not the span in pageblocks",
				r->blocks), -EINVAL;
	for (int c = 0; c < FT_PM_CLASSES; c++)
		sum += r->counts[c];
	if (sum != r->blocks)
		return snprintf(err, errlen, "the class counts sum to %lld, not %lld blocks", sum,
				r->blocks), -EINVAL;
	return check_map(r, err, errlen);
}

/* classes from the least to the most capable: ties go to the first */
static const uint8_t severity_order[FT_PM_CLASSES] = {
	FT_PM_UNMOVABLE, FT_PM_POLLUTED, FT_PM_HOLE, FT_PM_MOVABLE, FT_PM_FREE, FT_PM_HUGE,
};

void ft_pm_downsample(const uint8_t *classes, size_t n, uint8_t *cells, size_t ncells)
{
	for (size_t c = 0; c < ncells; c++) {
		size_t lo = ncells > n ? c : c * n / ncells;
		size_t hi = ncells > n ? c + 1 : (c + 1) * n / ncells;
		size_t count[FT_PM_CLASSES] = { 0 }, best = 0;
		uint8_t pick = FT_PM_HOLE;

		for (size_t b = lo; b < hi && b < n; b++)
			count[classes[b] < FT_PM_CLASSES ? classes[b] : FT_PM_HOLE]++;
		for (int k = 0; k < FT_PM_CLASSES; k++) {
			uint8_t cls = severity_order[k];

			if (count[cls] > best) {
				best = count[cls];
				pick = cls;
			}
		}
		cells[c] = pick;
	}
}
