/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running aggregates over a stream of records: everything the seed tracer's
 * summary and the seed visualizer's statistics table show, in bounded
 * memory whatever the number of events.
 */
#ifndef FRAGTRACK_STATS_H
#define FRAGTRACK_STATS_H

#include <stdio.h>

#include "model/record.h"

/* orders -1 (whole-zone compaction) .. FT_ORDER_MAX */
#define FT_ORDER_MIN (-1)
#define FT_ORDER_MAX 62
#define FT_ORDER_SLOTS (FT_ORDER_MAX - FT_ORDER_MIN + 1)
#define FT_MAX_PATTERNS 128

struct ft_pattern {
	char from[FT_MT_NAME_LEN];
	char to[FT_MT_NAME_LEN];
	unsigned long count, steal, claim;
	int severity2;
};

struct ft_stats {
	unsigned long total;
	unsigned long by_kind[FT_KIND_COUNT];
	unsigned long extfrag_by_order[FT_ORDER_SLOTS];
	unsigned long success_by_order[FT_ORDER_SLOTS];
	unsigned long failure_by_order[FT_ORDER_SLOTS];
	unsigned long steal, claim, bad, good;
	/* in order of first appearance, like the seed's dict */
	struct ft_pattern patterns[FT_MAX_PATTERNS];
	int npatterns;
	unsigned long pattern_overflow; /* events past FT_MAX_PATTERNS kinds */
};

/* The seed visualizer's calculate_metrics(), plus the raw counts. */
struct ft_metrics {
	unsigned long total, compaction_success, compaction_failure, extfrag;
	unsigned long bad_migrations, good_migrations, steal, claim;
	double compact_success_rate; /* percent; 0 without compaction */
};

static inline int ft_order_valid(int order)
{
	return order >= FT_ORDER_MIN && order <= FT_ORDER_MAX;
}

void ft_stats_init(struct ft_stats *s);
/* The record's order must be ft_order_valid(). */
void ft_stats_add(struct ft_stats *s, const struct ft_record *r);
void ft_stats_metrics(const struct ft_stats *s, struct ft_metrics *m);
/* Index of the from->to pattern, -1 when absent. */
int ft_stats_pattern(const struct ft_stats *s, const char *from, const char *to);

/* The seed tracer's "FRAGMENTATION TRACKING SUMMARY", byte for byte. */
void ft_stats_print_summary(FILE *out, const struct ft_stats *s);

#endif
