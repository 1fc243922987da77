// SPDX-License-Identifier: GPL-2.0
#include "trace/sampler.h"

#include <string.h>

#include "trace/fragindex.h"

static void read_vmstat(struct ft_compact_counts *c, bool *ok)
{
	FILE *f = ft_proc_open("vmstat");

	*ok = f && ft_parse_vmstat_compact(f, c) == 0;
	if (f)
		fclose(f);
}

static void read_buddyinfo(struct ft_sampler *s, double now)
{
	FILE *f = ft_proc_open("buddyinfo");
	int n = f ? ft_parse_buddyinfo(f, s->free, FT_MAX_ZONES) : -1;

	if (f)
		fclose(f);
	s->nfree = n > 0 ? n : 0;
	s->free_read_at = now;
}

void ft_sampler_init(struct ft_sampler *s)
{
	FILE *f;

	memset(s, 0, sizeof(*s));
	f = ft_proc_open("zoneinfo");
	if (f) {
		s->nspans = ft_parse_zoneinfo(f, s->spans, FT_MAX_ZONES);
		fclose(f);
	}
	if (s->nspans < 0)
		s->nspans = 0;
	read_vmstat(&s->vm_start, &s->has_vmstat);
	s->has_pagetypeinfo = true;
}

void ft_sampler_finish(struct ft_sampler *s)
{
	bool ok;

	read_vmstat(&s->vm_end, &ok);
	s->has_vmstat = s->has_vmstat && ok;
}

void ft_sample_compute(struct ft_sample *smp)
{
	for (int o = 0; o < smp->norders; o++) {
		smp->index[o] = ft_fragmentation_index(smp->nr_free, smp->norders, o);
		smp->unusable[o] = ft_unusable_index(smp->nr_free, smp->norders, o);
	}
}

static const struct ft_zone_free *find_free(const struct ft_sampler *s, int node,
					    const char *zone)
{
	for (int i = 0; i < s->nfree; i++)
		if (s->free[i].node == node && strcmp(s->free[i].zone, zone) == 0)
			return &s->free[i];
	return NULL;
}

static void add_blocks(struct ft_sample *smp, const struct ft_block_types *types,
		       const struct ft_zone_blocks *blocks, int nblocks)
{
	for (int i = 0; i < nblocks; i++) {
		if (blocks[i].node != smp->node || strcmp(blocks[i].zone, smp->zone) != 0)
			continue;
		smp->ntypes = types->ntypes;
		for (int t = 0; t < types->ntypes; t++) {
			memcpy(smp->type_names[t], types->names[t], FT_SAMPLE_NAME);
			smp->blocks[t] = blocks[i].blocks[t];
		}
		return;
	}
}

int ft_sampler_sample(struct ft_sampler *s, double t, double now,
		      void (*emit)(void *arg, const struct ft_sample *smp), void *arg)
{
	struct ft_zone_blocks blocks[FT_MAX_ZONES];
	struct ft_block_types types = { 0 };
	int nblocks = 0;
	FILE *f;

	read_buddyinfo(s, now);
	if (s->has_pagetypeinfo) {
		f = ft_proc_open("pagetypeinfo");
		nblocks = f ? ft_parse_pagetypeinfo(f, &types, blocks, FT_MAX_ZONES) : -1;
		if (f)
			fclose(f);
		if (nblocks < 0) {
			s->has_pagetypeinfo = false; /* not readable here: stop asking */
			nblocks = 0;
		}
	}
	for (int i = 0; i < s->nfree; i++) {
		struct ft_sample smp = { .timestamp = t, .node = s->free[i].node };

		memcpy(smp.zone, s->free[i].zone, sizeof(smp.zone));
		smp.norders = s->free[i].norders;
		memcpy(smp.nr_free, s->free[i].nr_free, sizeof(smp.nr_free));
		ft_sample_compute(&smp);
		add_blocks(&smp, &types, blocks, nblocks);
		emit(arg, &smp);
	}
	return s->nfree;
}

void ft_sampler_annotate(struct ft_sampler *s, struct ft_record *r, double now,
			 double max_age)
{
	const struct ft_zone_free *zf;
	int z;

	if (r->pfn < 0 || !s->nspans)
		return;
	z = ft_zone_of_pfn(s->spans, s->nspans, (unsigned long long)r->pfn);
	if (z < 0)
		return;
	r->node = s->spans[z].node;
	memcpy(r->zone, s->spans[z].zone, sizeof(r->zone) < FT_NAME_LEN ? sizeof(r->zone) :
	       FT_NAME_LEN);
	r->zone[sizeof(r->zone) - 1] = '\0';
	/* the out-of-tree success tracepoint brings the kernel's own index */
	if (r->fragmentation_index != FT_NONE || r->order < 0)
		return;
	if (!s->free_read_at || now - s->free_read_at > max_age)
		read_buddyinfo(s, now);
	zf = find_free(s, r->node, r->zone);
	if (zf && r->order < zf->norders)
		r->fragmentation_index = ft_fragmentation_index(zf->nr_free, zf->norders,
								r->order);
}
