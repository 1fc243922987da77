// SPDX-License-Identifier: GPL-2.0
#include "model/pagemap.h"

#include <errno.h>
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
static long long walk_runs(const char *s, size_t len, uint8_t *classes, size_t cap)
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
		total += run;
	}
	return (long long)total;
}

/* no map holds more pageblocks than this (2^40 pages of 4 KiB / 2^9) */
#define FT_PM_MAX_BLOCKS (1ULL << 40)

long long ft_pm_encoded_blocks(const char *s, size_t len)
{
	return walk_runs(s, len, NULL, FT_PM_MAX_BLOCKS);
}

int ft_pm_decode(const char *s, size_t len, uint8_t *classes, size_t n)
{
	long long total = walk_runs(s, len, NULL, n);

	if (total < 0 || (size_t)total != n)
		return -EINVAL;
	walk_runs(s, len, classes, n);
	return 0;
}
