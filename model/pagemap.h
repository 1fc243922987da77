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

#endif
