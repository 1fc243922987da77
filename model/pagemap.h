/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory map's classes of pageblocks (how trace/pagemap.c assigns
 * them: README, "The memory map") and their stored form, shared by the
 * scanner, the writer, the reader, report and the dashboards.
 */
#ifndef FRAGTRACK_MODEL_PAGEMAP_H
#define FRAGTRACK_MODEL_PAGEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ft_pm_class {
	FT_PM_HOLE,
	FT_PM_FREE,
	FT_PM_MOVABLE,
	FT_PM_POLLUTED,
	FT_PM_UNMOVABLE,
	FT_PM_HUGE,
	FT_PM_CLASSES
};

/* One letter per class in the stored map: "XFMPUH" */
extern const char ft_pm_letters[FT_PM_CLASSES + 1];
/* "hole", "free", "movable", "polluted", "unmovable", "huge" */
const char *ft_pm_class_name(int cls);
/* The class of a letter, -1 when it is none */
int ft_pm_class_of_letter(char c);
/* free, movable or huge: the block could be (or is) a huge page */
bool ft_pm_huge_capable(int cls);

/*
 * The stored form of a map: run-length encoded letters, a run as its
 * length in decimal (omitted when 1) then the letter: "8X2040F3M" .
 * Safe in JSON and on a terminal as it is.
 */
/* A malloc()ed string, NULL on ENOMEM */
char *ft_pm_encode(const uint8_t *classes, size_t n);
/* Decodes s (len bytes) into exactly n classes: 0, or -EINVAL when s is
 * malformed or does not hold exactly n blocks. */
int ft_pm_decode(const char *s, size_t len, uint8_t *classes, size_t n);
/* The number of blocks s holds, or -EINVAL (to size the decode) */
long long ft_pm_encoded_blocks(const char *s, size_t len);

/*
 * n classes shrunk to ncells (a small map: watch): each cell the most
 * common class of its blocks, the less capable one of equals (so a cell
 * half polluted reads polluted).  ncells > n: one block a cell, the rest
 * FT_PM_HOLE.
 */
void ft_pm_downsample(const uint8_t *classes, size_t n, uint8_t *cells, size_t ncells);

/* Pageblocks a zone span touches: zones need not start or end aligned */
size_t ft_pm_zone_blocks(uint64_t start_pfn, uint64_t spanned, unsigned block_pages);

/*
 * One zone's map from one scan, as recorded: a flat JSON object,
 * "event_type": "pageblock_map", its numbers under the keys of
 * FT_MAP_FIELDS and the map itself under "map".  The zones of one scan
 * share its number and timestamp.
 */
#define FT_MAP_TYPE "pageblock_map"
#define FT_MAP_ZONE_LEN 16

struct ft_map_record {
	double timestamp;          /* the scan's start, seconds since the run's */
	double scan_seconds;       /* wall time of the whole scan */
	double scan_cpu_seconds;   /* CPU time of the whole scan */
	long long scan;            /* 1, 2, ... */
	long long node;
	char zone[FT_MAP_ZONE_LEN];
	long long start_pfn, spanned, pageblock_pages, blocks;
	long long counts[FT_PM_CLASSES];
	long long polluted_unflagged; /* polluted by unflagged pages only */
	long long pcp_pages;          /* free pages on per-CPU lists */
	long long free_pages;         /* pages flagged BUDDY */
	/* /proc/buddyinfo read before, during and after the zone's scan
	 * (buddy_reads times), its least and most: free pages, and free
	 * blocks of order >= the pageblock's counted in pageblocks */
	long long buddy_pages_min, buddy_pages_max;
	long long buddy_blocks_min, buddy_blocks_max;
	long long buddy_reads;
	const char *map;              /* ft_pm_encode()d, not owned */
	size_t map_len;
};

enum ft_map_ftype { FT_MAP_DOUBLE, FT_MAP_LLONG };

struct ft_map_field {
	const char *key;
	enum ft_map_ftype type;
	size_t offset;
	bool required;
};

/* Every number of a map record, in the order they are written */
extern const struct ft_map_field ft_map_fields[];
extern const size_t ft_map_nfields;

/* Sets the number of key in r: 0, -ENOENT (not a key of the table), or
 * -EINVAL (not an integer where one is due). */
int ft_map_record_set(struct ft_map_record *r, const char *key, double v);
/*
 * Whether r is whole and consistent: every required field, a zone name of
 * letters, digits and '_' (as the kernel's), counts that
 * sum to blocks, blocks = the span in pageblocks, and a map that decodes
 * to exactly blocks pageblocks of those counts.  0, or -EINVAL with why
 * in err.  seen: a bit per ft_map_fields entry that was set.
 */
int ft_map_record_check(const struct ft_map_record *r, unsigned long long seen, char *err,
			size_t errlen);

#endif
