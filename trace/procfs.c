// SPDX-License-Identifier: GPL-2.0
#include "trace/procfs.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

FILE *ft_proc_open(const char *name)
{
	const char *dir = getenv("FRAGTRACK_PROC");
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/proc", name);
	return fopen(path, "r");
}

/* "Node 0, zone   Normal   5549    867 ..." */
int ft_parse_buddyinfo(FILE *f, struct ft_zone_free *zones, int max)
{
	char line[1024];
	int n = 0;

	while (n < max && fgets(line, sizeof(line), f)) {
		struct ft_zone_free *z = &zones[n];
		char *p;
		int used;

		if (sscanf(line, "Node %d, zone %15s%n", &z->node, z->zone, &used) != 2)
			return -1;
		p = line + used;
		z->norders = 0;
		while (z->norders < FT_MAX_ORDERS) {
			char *end;
			unsigned long v = strtoul(p, &end, 10);

			if (end == p)
				break;
			z->nr_free[z->norders++] = v;
			p = end;
		}
		if (!z->norders)
			return -1;
		n++;
	}
	return n;
}

/*
 * "Node 0, zone   Normal" starts a zone; "spanned N" and "start_pfn: N"
 * follow.  Empty zones (Movable, Device) print no start_pfn.
 */
int ft_parse_zoneinfo(FILE *f, struct ft_zone_span *spans, int max)
{
	char line[1024];
	int n = -1;

	while (fgets(line, sizeof(line), f)) {
		struct ft_zone_span z = { 0 };
		unsigned long long v;

		if (sscanf(line, "Node %d, zone %15s", &z.node, z.zone) == 2) {
			if (n + 1 >= max)
				break;
			spans[++n] = z;
		} else if (n >= 0 && sscanf(line, " spanned %llu", &v) == 1) {
			spans[n].spanned = v;
		} else if (n >= 0 && sscanf(line, " start_pfn: %llu", &v) == 1) {
			spans[n].start_pfn = v;
		}
	}
	return n + 1;
}

int ft_zone_of_pfn(const struct ft_zone_span *spans, int n, unsigned long long pfn)
{
	for (int i = 0; i < n; i++)
		if (spans[i].spanned && pfn >= spans[i].start_pfn &&
		    pfn < spans[i].start_pfn + spans[i].spanned)
			return i;
	return -1;
}

/*
 * Only the "Number of blocks type" table: its header names the types,
 * then "Node 0, zone   Normal   57  10628  67  0  0" per zone.
 */
int ft_parse_pagetypeinfo(FILE *f, struct ft_block_types *types,
			  struct ft_zone_blocks *zones, int max)
{
	char line[1024];
	int n = 0;
	bool in_table = false;

	types->ntypes = 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "Number of blocks type", 21) == 0) {
			char *tok = strtok(line + 21, " \t\n");

			for (; tok && types->ntypes < FT_MAX_MT; tok = strtok(NULL, " \t\n"))
				snprintf(types->names[types->ntypes++], FT_NAME_LEN, "%s", tok);
			in_table = true;
			continue;
		}
		if (!in_table)
			continue;
		if (n < max) {
			struct ft_zone_blocks *z = &zones[n];
			char *p;
			int used;

			if (sscanf(line, "Node %d, zone %15s%n", &z->node, z->zone, &used) != 2)
				break; /* the table ended */
			p = line + used;
			for (int t = 0; t < types->ntypes; t++)
				z->blocks[t] = strtoul(p, &p, 10);
			n++;
		}
	}
	return in_table ? n : -1;
}

int ft_parse_vmstat_compact(FILE *f, struct ft_compact_counts *c)
{
	char line[256];
	int seen = 0;

	memset(c, 0, sizeof(*c));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "compact_stall %llu", &c->stall) == 1 ||
		    sscanf(line, "compact_fail %llu", &c->fail) == 1 ||
		    sscanf(line, "compact_success %llu", &c->success) == 1)
			seen++;
	}
	return seen == 3 ? 0 : -1;
}
