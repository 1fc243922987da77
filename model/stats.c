// SPDX-License-Identifier: GPL-2.0
#include "model/stats.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

void ft_stats_init(struct ft_stats *s)
{
	memset(s, 0, sizeof(*s));
}

int ft_stats_pattern(const struct ft_stats *s, const char *from, const char *to)
{
	for (int i = 0; i < s->npatterns; i++)
		if (strcmp(s->patterns[i].from, from) == 0 &&
		    strcmp(s->patterns[i].to, to) == 0)
			return i;
	return -1;
}

static void add_extfrag(struct ft_stats *s, const struct ft_record *r)
{
	int sev = ft_severity2(r->migrate_from, r->migrate_to);
	int i = ft_stats_pattern(s, r->migrate_from, r->migrate_to);

	s->extfrag_by_order[r->order - FT_ORDER_MIN]++;
	if (r->is_steal)
		s->steal++;
	else
		s->claim++;
	if (sev < 0)
		s->bad++;
	else if (sev > 0)
		s->good++;

	if (i < 0 && s->npatterns < FT_MAX_PATTERNS) {
		struct ft_pattern *p = &s->patterns[s->npatterns];

		i = s->npatterns++;
		snprintf(p->from, sizeof(p->from), "%s", r->migrate_from);
		snprintf(p->to, sizeof(p->to), "%s", r->migrate_to);
		p->severity2 = sev;
	}
	if (i < 0) {
		s->pattern_overflow++;
		return;
	}
	s->patterns[i].count++;
	if (r->is_steal)
		s->patterns[i].steal++;
	else
		s->patterns[i].claim++;
}

void ft_stats_add(struct ft_stats *s, const struct ft_record *r)
{
	s->total++;
	s->by_kind[r->kind]++;
	switch (r->kind) {
	case FT_KIND_EXTFRAG:
		add_extfrag(s, r);
		break;
	case FT_KIND_COMPACTION_SUCCESS:
		s->success_by_order[r->order - FT_ORDER_MIN]++;
		break;
	case FT_KIND_COMPACTION_FAILURE:
		s->failure_by_order[r->order - FT_ORDER_MIN]++;
		break;
	default:
		break;
	}
}

void ft_stats_metrics(const struct ft_stats *s, struct ft_metrics *m)
{
	unsigned long compact;

	memset(m, 0, sizeof(*m));
	m->total = s->total;
	m->compaction_success = s->by_kind[FT_KIND_COMPACTION_SUCCESS];
	m->compaction_failure = s->by_kind[FT_KIND_COMPACTION_FAILURE];
	m->extfrag = s->by_kind[FT_KIND_EXTFRAG];
	m->bad_migrations = s->bad;
	m->good_migrations = s->good;
	m->steal = s->steal;
	m->claim = s->claim;
	compact = m->compaction_success + m->compaction_failure;
	m->compact_success_rate = compact ? 100.0 * m->compaction_success / compact : 0;
}

/* Patterns by count, descending; ties keep first-seen order (Python's
 * sorted() is stable). */
static int by_count_desc(const void *a, const void *b)
{
	const struct ft_pattern *const *pa = a, *const *pb = b;

	if ((*pa)->count != (*pb)->count)
		return (*pa)->count < (*pb)->count ? 1 : -1;
	return *pa < *pb ? -1 : (*pa > *pb);
}

static void print_extfrag_section(FILE *out, const struct ft_stats *s, unsigned long n)
{
	const struct ft_pattern *sorted[FT_MAX_PATTERNS];

	fprintf(out, "\nExternal Fragmentation Events by Order:\n");
	fprintf(out, "----------------------------------------\n");
	fprintf(out, "%-8s %-10s %-10s\n", "Order", "Count", "Percentage");
	fprintf(out, "----------------------------------------\n");
	for (int i = 0; i < FT_ORDER_SLOTS; i++) {
		unsigned long c = s->extfrag_by_order[i];

		if (c)
			fprintf(out, "%-8d %-10lu %-10.1f%%\n", i + FT_ORDER_MIN, c,
				(double)c / n * 100);
	}

	for (int i = 0; i < s->npatterns; i++)
		sorted[i] = &s->patterns[i];
	qsort(sorted, s->npatterns, sizeof(*sorted), by_count_desc);
	fprintf(out, "\nMigrate Type Patterns:\n");
	fprintf(out, "----------------------------------------\n");
	for (int i = 0; i < s->npatterns && i < 5; i++) {
		char pattern[2 * FT_MT_NAME_LEN + 3];

		snprintf(pattern, sizeof(pattern), "%s->%s", sorted[i]->from, sorted[i]->to);
		fputs("  ", out);
		ft_term_put(out, pattern, 30);
		fprintf(out, " %5lu (%5.1f%%)\n", sorted[i]->count,
			(double)sorted[i]->count / n * 100);
	}

	fprintf(out, "\nSteal vs Claim:\n");
	fprintf(out, "  Steal (partial): %lu (%.1f%%)\n", s->steal, (double)s->steal / n * 100);
	fprintf(out, "  Claim (whole):   %lu (%.1f%%)\n", s->claim, (double)s->claim / n * 100);
}

static void print_compaction_section(FILE *out, const struct ft_stats *s)
{
	fprintf(out, "\nCompaction Events by Order:\n");
	fprintf(out, "----------------------------------------\n");
	fprintf(out, "%-8s %-10s %-10s %-10s %-10s\n", "Order", "Success", "Failure", "Total",
		"Success%");
	fprintf(out, "----------------------------------------\n");
	for (int i = 0; i < FT_ORDER_SLOTS; i++) {
		unsigned long ok = s->success_by_order[i], fail = s->failure_by_order[i];
		unsigned long total = ok + fail;

		if (total)
			fprintf(out, "%-8d %-10lu %-10lu %-10lu %-10.1f\n", i + FT_ORDER_MIN, ok,
				fail, total, (double)ok / total * 100);
	}
}

void ft_stats_print_summary(FILE *out, const struct ft_stats *s)
{
	unsigned long extfrag = s->by_kind[FT_KIND_EXTFRAG];
	unsigned long ok = s->by_kind[FT_KIND_COMPACTION_SUCCESS];
	unsigned long fail = s->by_kind[FT_KIND_COMPACTION_FAILURE];

	fprintf(out, "\n================================================================================\n");
	fprintf(out, "FRAGMENTATION TRACKING SUMMARY\n");
	fprintf(out, "================================================================================\n");
	fprintf(out, "\nTotal events captured: %lu\n", s->total);
	if (s->total == 0)
		return;

	fprintf(out, "\nEvent breakdown:\n");
	fprintf(out, "  External Fragmentation: %lu\n", extfrag);
	fprintf(out, "  Compaction Success: %lu\n", ok);
	fprintf(out, "  Compaction Failure: %lu\n", fail);
	if (extfrag)
		print_extfrag_section(out, s, extfrag);
	if (ok + fail)
		print_compaction_section(out, s);
}
