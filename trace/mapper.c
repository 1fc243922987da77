// SPDX-License-Identifier: GPL-2.0
#include "trace/mapper.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

unsigned ft_pageblock_pages(FILE *f)
{
	char line[256];
	unsigned bp;

	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pages per block: %u", &bp) == 1)
			return bp && !(bp & (bp - 1)) ? bp : 0;
	return 0;
}

/* the scanning thread's nice value (the loop keeps the process's) */
#define MAPPER_NICE 10

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* buddyinfo's free pages and free pageblocks (orders >= the pageblock's,
 * in pageblocks) of one zone; false when it is not there */
static bool read_buddy(int node, const char *zone, unsigned block_pages,
		       unsigned long long *pages, unsigned long long *blocks)
{
	struct ft_zone_free zf[FT_MAX_ZONES];
	FILE *f = ft_proc_open("buddyinfo");
	int n = f ? ft_parse_buddyinfo(f, zf, FT_MAX_ZONES) : -1;
	int bo = __builtin_ctz(block_pages);

	if (f)
		fclose(f);
	*pages = *blocks = 0;
	for (int k = 0; k < n; k++) {
		if (zf[k].node != node || strcmp(zf[k].zone, zone))
			continue;
		for (int o = 0; o < zf[k].norders; o++) {
			*pages += (unsigned long long)zf[k].nr_free[o] << o;
			if (o >= bo)
				*blocks += (unsigned long long)zf[k].nr_free[o] << (o - bo);
		}
		return true;
	}
	return false;
}

/*
 * buddyinfo before, during (after every chunk: ~128 KiB of flags, a few
 * ms) and after each zone's scan, its least and most kept: the relations
 * the kernel guarantees at an instant are checked against what the zone
 * went through while it was read, excursions included.
 */
static void buddy_hook(void *arg, const struct ft_pm_zone *z, int idx, int phase)
{
	struct ft_map_sample *s = arg;
	struct ft_map_zone *mz = &s->zones[idx];
	unsigned long long pages, blocks;

	if (!read_buddy(z->node, z->zone, s->block_pages, &pages, &blocks))
		return;
	if (phase == FT_PM_BEFORE || !mz->buddy_reads) {
		mz->buddy_pages[0] = mz->buddy_pages[1] = pages;
		mz->buddy_blocks[0] = mz->buddy_blocks[1] = blocks;
		mz->buddy_reads = 0;
	}
	mz->buddy_reads++;
	if (pages < mz->buddy_pages[0])
		mz->buddy_pages[0] = pages;
	if (pages > mz->buddy_pages[1])
		mz->buddy_pages[1] = pages;
	if (blocks < mz->buddy_blocks[0])
		mz->buddy_blocks[0] = blocks;
	if (blocks > mz->buddy_blocks[1])
		mz->buddy_blocks[1] = blocks;
}

static void sample_zones(struct ft_map_sample *s, const struct ft_pagemap *pm)
{
	s->nzones = pm->nzones;
	for (int z = 0; z < pm->nzones; z++) {
		const struct ft_pm_zone *pz = &pm->zones[z];
		struct ft_map_zone *mz = &s->zones[z];

		mz->node = pz->node;
		memcpy(mz->zone, pz->zone, sizeof(mz->zone));
		mz->start_pfn = pz->start_pfn;
		mz->spanned = pz->spanned;
		mz->nblocks = pz->nblocks;
		memcpy(mz->counts, pz->counts, sizeof(mz->counts));
		mz->polluted_unflagged = pz->polluted_unflagged;
		mz->free_pages = pz->pages[FT_PAGE_FREE];
	}
}

/*
 * Free pages on the per-CPU lists per zone: zoneinfo's "count:" lines
 * under each zone's pagesets.  They read as pages with no flag.
 */
static void read_pcp(struct ft_map_sample *s)
{
	FILE *f = ft_proc_open("zoneinfo");
	char line[512];
	int at = -1;

	for (int z = 0; z < s->nzones; z++)
		s->zones[z].pcp_pages = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char name[FT_NAME_LEN];
		unsigned long long v;
		int node;

		if (sscanf(line, "Node %d, zone %15s", &node, name) == 2) {
			at = -1;
			for (int z = 0; z < s->nzones; z++)
				if (s->zones[z].node == node && !strcmp(s->zones[z].zone, name))
					at = z;
		} else if (at >= 0 && sscanf(line, " count: %llu", &v) == 1) {
			s->zones[at].pcp_pages += v;
		}
	}
	if (f)
		fclose(f);
}

/* The zones a scan will have: the non-empty spans, in their order */
static void span_zones(struct ft_map_sample *s, const struct ft_mapper *m)
{
	s->nzones = 0;
	for (int i = 0; i < m->nspans && s->nzones < FT_MAX_ZONES; i++) {
		struct ft_map_zone *mz = &s->zones[s->nzones];

		if (!m->spans[i].spanned)
			continue;
		mz->node = m->spans[i].node;
		memcpy(mz->zone, m->spans[i].zone, sizeof(mz->zone));
		s->nzones++;
	}
}

/* One scan, into a new sample; NULL when it failed (m->error says why) */
static struct ft_map_sample *scan_once(struct ft_mapper *m)
{
	struct ft_map_sample *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return NULL;
	s->block_pages = m->block_pages;
	span_zones(s, m);
	read_pcp(s);
	m->pm.zone_hook = buddy_hook;
	m->pm.hook_arg = s;
	s->start = mono();
	err = ft_pagemap_scan(m->fd, m->spans, m->nspans, m->block_pages, &m->ram, &m->pm);
	s->end = mono();
	s->cpu = m->pm.cpu_seconds;
	sample_zones(s, &m->pm);
	for (int z = 0; !err && z < s->nzones; z++) {
		s->zones[z].map = ft_pm_encode(m->pm.zones[z].classes, m->pm.zones[z].nblocks);
		if (!s->zones[z].map)
			err = -ENOMEM;
	}
	if (err) {
		m->error = err;
		m->failed++;
		ft_map_samples_free(s);
		return NULL;
	}
	return s;
}

static void enqueue(struct ft_mapper *m, struct ft_map_sample *s)
{
	if (!s)
		return;
	*m->tail = s;
	m->tail = &s->next;
	m->scans++;
}

static void wait_until(struct ft_mapper *m, double when)
{
	struct timespec ts;

	ts.tv_sec = (time_t)when;
	ts.tv_nsec = (long)((when - (double)ts.tv_sec) * 1e9);
	pthread_cond_timedwait(&m->cond, &m->lock, &ts);
}

static void *mapper_thread(void *arg)
{
	struct ft_mapper *m = arg;
	struct ft_map_sample *s;
	double next = 0;

	/* a scan is a second or more of CPU: the loop draining the perf
	 * buffers (and the workload) go first, the scan is not starved */
	setpriority(PRIO_PROCESS, (id_t)gettid(), MAPPER_NICE);

	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		if (mono() < next) {
			wait_until(m, next);
			continue;
		}
		next = mono() + m->interval; /* from the start: a steady cadence */
		pthread_mutex_unlock(&m->lock);
		s = scan_once(m);
		pthread_mutex_lock(&m->lock);
		enqueue(m, s);
	}
	pthread_mutex_unlock(&m->lock);
	/* the map at stop */
	s = scan_once(m);
	pthread_mutex_lock(&m->lock);
	enqueue(m, s);
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

static int open_inputs(struct ft_mapper *m, char *err, size_t errlen)
{
	const char *dir = getenv("FRAGTRACK_PROC");
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/kpageflags", dir && *dir ? dir : "/proc");
	m->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (m->fd < 0) {
		int e = errno;

		snprintf(err, errlen, "no memory map: %s: %s", path, strerror(e));
		return -e;
	}
	f = ft_proc_open("pagetypeinfo");
	m->block_pages = f ? ft_pageblock_pages(f) : 0;
	if (f)
		fclose(f);
	f = ft_proc_open("zoneinfo");
	m->nspans = f ? ft_parse_zoneinfo(f, m->spans, FT_MAX_ZONES) : 0;
	if (f)
		fclose(f);
	if (!m->block_pages || m->nspans <= 0) {
		snprintf(err, errlen, "no memory map: %s", !m->block_pages
			 ? "no \"Pages per block\" in pagetypeinfo" : "no zones in zoneinfo");
		close(m->fd);
		return -ENOENT;
	}
	f = ft_proc_open("iomem");
	if (!f || ft_parse_iomem_ram(f, (unsigned)sysconf(_SC_PAGESIZE), &m->ram) <= 0)
		m->ram.n = 0; /* holes: only NOPAGE and OFFLINE ones */
	if (f)
		fclose(f);
	return 0;
}

int ft_mapper_start(struct ft_mapper *m, double interval, char *err, size_t errlen)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	int ret;

	memset(m, 0, sizeof(*m));
	m->fd = -1;
	m->interval = interval;
	m->tail = &m->head;
	ret = open_inputs(m, err, errlen);
	if (ret)
		return ret;
	pthread_mutex_init(&m->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&m->cond, &ca);
	pthread_condattr_destroy(&ca);
	/* signals stay with the loop's thread: its poll() must see them */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&m->thread, NULL, mapper_thread, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		snprintf(err, errlen, "no memory map: thread: %s", strerror(ret));
		close(m->fd);
		return -ret;
	}
	m->started = true;
	return 0;
}

struct ft_map_sample *ft_mapper_take(struct ft_mapper *m)
{
	struct ft_map_sample *s;

	if (!m->started)
		return NULL;
	pthread_mutex_lock(&m->lock);
	s = m->head;
	m->head = NULL;
	m->tail = &m->head;
	pthread_mutex_unlock(&m->lock);
	return s;
}

void ft_mapper_stop(struct ft_mapper *m)
{
	if (!m->started || m->joined)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = true;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	close(m->fd);
	m->fd = -1;
	ft_pagemap_free(&m->pm);
	m->joined = true; /* the queue stays for ft_mapper_take */
}

void ft_map_sample_record(const struct ft_map_sample *s, int z, double t0, long long scan,
			  struct ft_map_record *r)
{
	const struct ft_map_zone *mz = &s->zones[z];

	memset(r, 0, sizeof(*r));
	r->timestamp = s->start - t0 > 0 ? s->start - t0 : 0;
	r->scan_seconds = s->end - s->start;
	r->scan_cpu_seconds = s->cpu;
	r->scan = scan;
	r->node = mz->node;
	snprintf(r->zone, sizeof(r->zone), "%s", mz->zone);
	r->start_pfn = (long long)mz->start_pfn;
	r->spanned = (long long)mz->spanned;
	r->pageblock_pages = s->block_pages;
	r->blocks = (long long)mz->nblocks;
	for (int c = 0; c < FT_PM_CLASSES; c++)
		r->counts[c] = (long long)mz->counts[c];
	r->polluted_unflagged = (long long)mz->polluted_unflagged;
	r->pcp_pages = (long long)mz->pcp_pages;
	r->free_pages = (long long)mz->free_pages;
	r->buddy_pages_min = (long long)mz->buddy_pages[0];
	r->buddy_pages_max = (long long)mz->buddy_pages[1];
	r->buddy_blocks_min = (long long)mz->buddy_blocks[0];
	r->buddy_blocks_max = (long long)mz->buddy_blocks[1];
	r->buddy_reads = (long long)mz->buddy_reads;
	r->map = mz->map;
	r->map_len = strlen(mz->map);
}

void ft_map_samples_free(struct ft_map_sample *s)
{
	while (s) {
		struct ft_map_sample *next = s->next;

		for (int z = 0; z < s->nzones; z++)
			free(s->zones[z].map);
		free(s);
		s = next;
	}
}
