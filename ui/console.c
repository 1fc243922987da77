// SPDX-License-Identifier: GPL-2.0
#include "ui/console.h"

#include "util/text.h"

#define RESET "\033[0m"

void ft_console_event(FILE *out, const struct ft_record *r, bool colour)
{
	fprintf(out, "%s[%8.3fs] %-10s%s ", colour ? ft_kind_colour(r->kind) : "", r->timestamp,
		ft_kind_label(r->kind), colour ? RESET : "");
	switch (r->kind) {
	case FT_KIND_EXTFRAG:
		fprintf(out, "Order=%2d FallbackOrder=%2d ", r->order, r->fallback_order);
		ft_term_put(out, r->migrate_from, 10);
		fputs("->", out);
		ft_term_put(out, r->migrate_to, 10);
		fprintf(out, " (%s) ", r->is_steal ? "steal" : "claim");
		break;
	case FT_KIND_COMPACTION_SUCCESS:
		fprintf(out, "Order=%2d FragIdx=%5d Zone=", r->order,
			r->fragmentation_index == FT_NONE ? -1 : r->fragmentation_index);
		ft_term_put(out, r->zone[0] ? r->zone : "Unknown", 8);
		fprintf(out, " Node=%2d ", r->node == FT_NONE ? -1 : r->node);
		break;
	default:
		fprintf(out, "Order=%2d ", r->order);
		break;
	}
	fputs("Process=", out);
	ft_term_put(out, r->comm, 12);
	fprintf(out, " PID=%6d\n", r->pid);
}

void ft_console_banner(FILE *out, const char *save_file)
{
	fprintf(out, "\nStarting fragmentation event tracking...\n");
	fprintf(out, "Primary focus: mm_page_alloc_extfrag events\n");
	fputs("Data will be saved to: ", out);
	ft_term_put(out, save_file, 0);
	fprintf(out, "\nPress Ctrl+C to stop and see summary\n\n");
	fprintf(out, "--------------------------------------------------------------------------------\n");
	fprintf(out, "%10s %12s %s\n", "Time", "Event", "Details");
	fprintf(out, "--------------------------------------------------------------------------------\n");
}

static void on_start(struct ft_run *run, void *arg)
{
	(void)arg;
	ft_console_banner(run->human, run->output);
}

static void on_record(struct ft_run *run, const struct ft_record *r, void *arg)
{
	(void)arg;
	if (!run->opts.quiet)
		ft_console_event(run->human, r, run->colour);
}

struct ft_run_view ft_console_view(void)
{
	return (struct ft_run_view){ .on_start = on_start, .on_record = on_record };
}
