// SPDX-License-Identifier: GPL-2.0
#include "model/record.h"

#include <stdio.h>
#include <string.h>

/* The kinds of records: JSON event_type, console name and colour. */
static const struct {
	const char *name, *label, *colour;
} kinds[] = {
	[FT_KIND_EXTFRAG] = { "extfrag", "EXTFRAG", "\033[93m" },
	[FT_KIND_COMPACTION_SUCCESS] = { "compaction_success", "COMPACT_OK", "\033[92m" },
	[FT_KIND_COMPACTION_FAILURE] = { "compaction_failure", "COMPACT_FAIL", "\033[91m" },
};
_Static_assert(sizeof(kinds) / sizeof(*kinds) == FT_KIND_COUNT, "a kind without its names");

/* The seed's table.  The kernel aliases MIGRATE_HIGHATOMIC to
 * MIGRATE_PCPTYPES (3) and numbers CMA/ISOLATE by config, but fallbacks
 * only ever happen between the first three, so the names stay the seed's
 * for compatibility of the JSON values. */
static const char *const migrate_names[] = {
	"UNMOVABLE", "MOVABLE", "RECLAIMABLE", "PCPTYPES",
	"HIGHATOMIC", "CMA", "ISOLATE",
};

static const char *const zone_names[] = {
	"DMA", "DMA32", "Normal", "Movable", "Device",
};

void ft_record_init(struct ft_record *r, enum ft_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->tid = FT_NONE;
	r->node = FT_NONE;
	r->fallback_order = FT_NONE;
	r->fragmentation_index = FT_NONE;
	r->pfn = -1;
}

const char *ft_kind_name(enum ft_kind kind)
{
	return (unsigned)kind < FT_KIND_COUNT ? kinds[kind].name : "unknown";
}

const char *ft_kind_label(enum ft_kind kind)
{
	return (unsigned)kind < FT_KIND_COUNT ? kinds[kind].label : "UNKNOWN";
}

const char *ft_kind_colour(enum ft_kind kind)
{
	return (unsigned)kind < FT_KIND_COUNT ? kinds[kind].colour : "";
}

int ft_kind_from_name(const char *name)
{
	for (int k = 0; k < FT_KIND_COUNT; k++)
		if (strcmp(name, kinds[k].name) == 0)
			return k;
	return -1;
}

void ft_migrate_name(int type, char *buf, unsigned len)
{
	if (type >= 0 && type < (int)(sizeof(migrate_names) / sizeof(*migrate_names)))
		snprintf(buf, len, "%s", migrate_names[type]);
	else
		snprintf(buf, len, "TYPE_%d", type);
}

int ft_severity2(const char *from, const char *to)
{
	if (strcmp(to, "UNMOVABLE") == 0)
		return -4;
	if (strcmp(from, "UNMOVABLE") == 0)
		return 2;
	if (strcmp(to, "MOVABLE") == 0)
		return 2;
	if (strcmp(from, "MOVABLE") == 0 && strcmp(to, "RECLAIMABLE") == 0)
		return -2;
	if (strcmp(to, "RECLAIMABLE") == 0)
		return -1;
	return 0;
}

const char *ft_severity_marker(int severity2)
{
	if (severity2 <= -4)
		return "!!";
	if (severity2 <= -2)
		return "!";
	if (severity2 >= 2)
		return "+";
	return "=";
}

const char *ft_zone_name(int zone_idx)
{
	if (zone_idx >= 0 && zone_idx < (int)(sizeof(zone_names) / sizeof(*zone_names)))
		return zone_names[zone_idx];
	return "Unknown";
}
