// SPDX-License-Identifier: GPL-2.0
#include "plot/zones.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


void ft_zones_init(struct ft_zones *zs, bool binned, double base)
{
	memset(zs, 0, sizeof(*zs));
	zs->binned = binned;
	zs->base = base > 0 ? base : 1;
}

void ft_zones_free(struct ft_zones *zs)
{
	for (int i = 0; i < zs->nzones; i++)
		ft_bins_free(&zs->zones[i].bins);
}

/* ---- the time grid ---- */

double ft_zones_width(const struct ft_zones *zs)
{
	return ldexp(zs->base, zs->shift);
}

static void zcell_clear(void *bins, long long n)
{
	struct ft_zcell *c = bins;

	for (long long i = 0; i < n; i++)
		c[i].t = -1;
}

/* Two bins become one: the later sample wins. */
static void zcell_merge(void *dst, const void *src)
{
	struct ft_zcell *d = dst;
	const struct ft_zcell *s = src;

	if (s->t > d->t)
		*d = *s;
}

static const struct ft_bins_ops zcells = {
	.size = sizeof(struct ft_zcell),
	.clear = zcell_clear,
	.merge = zcell_merge,
};

/* All zones share the width, so that their bins line up. */
static void zones_coarsen(struct ft_zones *zs)
{
	for (int i = 0; i < zs->nzones; i++)
		ft_bins_halve(&zs->zones[i].bins);
	zs->shift++;
}

void ft_zones_coarsen_to(struct ft_zones *zs, double width)
{
	while (ft_zones_width(zs) < width * (1 - 1e-9))
		zones_coarsen(zs);
}

/* The cell of time t in zone z, coarsening every zone as needed. */
static struct ft_zcell *zone_cell_at(struct ft_zones *zs, struct ft_zone *z, double t)
{
	long long k = (long long)floor(t / ft_zones_width(zs));

	while (ft_bins_span_with(&z->bins, k) > FT_GRID_CAP) {
		zones_coarsen(zs);
		k = (long long)floor(t / ft_zones_width(zs));
	}
	return ft_bins_reserve(&z->bins, k);
}

const struct ft_zcell *ft_zone_cell(const struct ft_zone *z, long long k)
{
	const struct ft_zcell *c = ft_bins_at(&z->bins, k);

	return c && c->t >= 0 ? c : NULL;
}

/* ---- zones and types ---- */

static struct ft_zone *zone_find(struct ft_zones *zs, int node, const char *name)
{
	struct ft_zone *z;

	for (int i = 0; i < zs->nzones; i++)
		if (zs->zones[i].node == node && !strcmp(zs->zones[i].name, name))
			return &zs->zones[i];
	if (zs->nzones == FT_ZONES_MAX)
		return NULL;
	z = &zs->zones[zs->nzones++];
	memset(z, 0, sizeof(*z));
	ft_bins_init(&z->bins, &zcells);
	z->node = node;
	snprintf(z->name, sizeof(z->name), "%s", name);
	for (int o = 0; o < FT_SAMPLE_ORDERS; o++)
		z->peak_index[o] = FT_ZINDEX_NONE;
	return z;
}

int ft_zones_type(const struct ft_zones *zs, const char *name)
{
	for (int t = 0; t < zs->ntypes; t++)
		if (!strcasecmp(zs->types[t], name))
			return t;
	return -1;
}

/* The sample's pageblocks by the set's type slots (0 where it has none). */
static void blocks_by_slot(struct ft_zones *zs, const struct ft_sample *s, long long *out)
{
	memset(out, 0, FT_SAMPLE_TYPES * sizeof(*out));
	for (int i = 0; i < s->ntypes; i++) {
		int t = ft_zones_type(zs, s->type_names[i]);

		if (t < 0 && zs->ntypes < FT_SAMPLE_TYPES) {
			t = zs->ntypes++;
			memcpy(zs->types[t], s->type_names[i], FT_SAMPLE_NAME);
		}
		if (t < 0) {
			zs->types_dropped++;
			continue;
		}
		out[t] += (long long)s->blocks[i];
		zs->type_used[t] |= s->blocks[i] != 0;
	}
}

static void add_index(struct ft_zone *z, const struct ft_sample *s)
{
	if (s->norders > z->norders)
		z->norders = s->norders;
	for (int o = 0; o < s->norders; o++) {
		if (s->index[o] > z->peak_index[o]) {
			z->peak_index[o] = s->index[o];
			z->peak_t[o] = s->timestamp;
		}
		if (s->index[o] > -1000)
			z->leaves_min = true;
	}
	if (z->nsamples == 1 || s->timestamp >= z->tlast) {
		for (int o = 0; o < FT_SAMPLE_ORDERS; o++)
			z->last_index[o] = o < s->norders ? s->index[o] : FT_ZINDEX_NONE;
		z->tlast = s->timestamp;
	}
	if (z->nsamples == 1 || s->timestamp < z->tfirst)
		z->tfirst = s->timestamp;
}

static void add_blocks(struct ft_zone *z, const struct ft_sample *s, const long long *b)
{
	size_t size = FT_SAMPLE_TYPES * sizeof(*b);

	if (!s->ntypes)
		return;
	if (!z->has_blocks || s->timestamp < z->tb_first) {
		memcpy(z->first_blocks, b, size);
		z->tb_first = s->timestamp;
	}
	if (!z->has_blocks || s->timestamp >= z->tb_last) {
		memcpy(z->last_blocks, b, size);
		z->tb_last = s->timestamp;
	}
	z->has_blocks = true;
}

static bool add_cell(struct ft_zones *zs, struct ft_zone *z, const struct ft_sample *s,
		     const long long *b)
{
	struct ft_zcell *c = zone_cell_at(zs, z, s->timestamp);

	if (!c)
		return false;
	if (c->t >= 0 && s->timestamp < c->t)
		return true; /* a later sample is already there */
	c->t = s->timestamp;
	for (int o = 0; o < FT_SAMPLE_ORDERS; o++)
		c->index[o] = o < s->norders ? (short)s->index[o] : FT_ZINDEX_NONE;
	memcpy(c->blocks, b, sizeof(c->blocks));
	c->has_blocks = s->ntypes > 0;
	return true;
}

bool ft_zones_add(struct ft_zones *zs, const struct ft_sample *s)
{
	struct ft_zone *z = zone_find(zs, s->node, s->zone);
	long long b[FT_SAMPLE_TYPES];

	if (!z) {
		zs->dropped++;
		return true;
	}
	if (!zs->nsamples || s->timestamp < zs->tmin)
		zs->tmin = s->timestamp;
	if (!zs->nsamples || s->timestamp > zs->tmax)
		zs->tmax = s->timestamp;
	zs->nsamples++;
	z->nsamples++;
	add_index(z, s);
	if (z->norders > zs->norders)
		zs->norders = z->norders;
	blocks_by_slot(zs, s, b);
	add_blocks(z, s, b);
	return !zs->binned || add_cell(zs, z, s, b);
}

/* ---- what the table and the report show ---- */

void ft_zone_label(const struct ft_zones *zs, const struct ft_zone *z, char *buf, unsigned len)
{
	bool multi = false;

	for (int i = 0; i < zs->nzones; i++)
		multi |= zs->zones[i].node != zs->zones[0].node;
	if (multi || z->node != 0)
		snprintf(buf, len, "node %d %s", z->node, z->name);
	else
		snprintf(buf, len, "%s", z->name);
}

/* The zone's size in pageblocks (its last counts), 0 when unknown. */
static long long zone_blocks(const struct ft_zone *z)
{
	long long n = 0;

	for (int t = 0; z->has_blocks && t < FT_SAMPLE_TYPES; t++)
		n += z->last_blocks[t];
	return n;
}

const struct ft_zone *ft_zones_worst(const struct ft_zones *zs, int order, bool peak)
{
	const struct ft_zone *best = NULL;

	if (order < 0 || order >= FT_SAMPLE_ORDERS)
		return NULL;
	for (int i = 0; i < zs->nzones; i++) {
		const struct ft_zone *z = &zs->zones[i];
		int v = peak ? z->peak_index[order] : z->last_index[order];
		int bv;

		if (order >= z->norders || v == FT_ZINDEX_NONE)
			continue;
		bv = best ? (peak ? best->peak_index[order] : best->last_index[order]) : 0;
		/* a tie (all at -1000, say): the biggest zone speaks for the
		 * machine, not the 16 MiB of DMA */
		if (!best || v > bv || (v == bv && zone_blocks(z) > zone_blocks(best)))
			best = z;
	}
	return best;
}

bool ft_zones_blocks(const struct ft_zones *zs, int t, bool last, long long *sum)
{
	bool any = false;

	*sum = 0;
	if (t < 0 || t >= zs->ntypes)
		return false;
	for (int i = 0; i < zs->nzones; i++) {
		const struct ft_zone *z = &zs->zones[i];

		if (!z->has_blocks)
			continue;
		*sum += last ? z->last_blocks[t] : z->first_blocks[t];
		any = true;
	}
	return any;
}
