// SPDX-License-Identifier: GPL-2.0
#include "json/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/text.h"

#define META_SLOT 1024 /* bytes reserved for the document's metadata */

struct ft_writer {
	FILE *f;
	enum ft_format format;
	yajl_gen g;
	bool seekable;
	FILE *samples;            /* document: samples until close */
	unsigned long nsamples;
	long meta_offset;
	bool fixed_meta;          /* document: hostname and labels before the slot */
	unsigned long nevents;
	int err; /* first errno seen */
};

enum ft_format ft_format_for_path(const char *path)
{
	size_t n = strlen(path);

	if (strcmp(path, "-") == 0 || (n >= 6 && strcmp(path + n - 6, ".jsonl") == 0))
		return FT_FORMAT_LINES;
	return FT_FORMAT_DOCUMENT;
}

void ft_gen_str(yajl_gen g, const char *s)
{
	yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

void ft_gen_key(yajl_gen g, const char *key)
{
	ft_gen_str(g, key);
}

void ft_gen_double(yajl_gen g, double v)
{
	char buf[40];

	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* keep it a float for readers that care, as Python does */
	if (!strpbrk(buf, ".eEn"))
		strncat(buf, ".0", sizeof(buf) - strlen(buf) - 1);
	yajl_gen_number(g, buf, strlen(buf));
}

void ft_gen_int(yajl_gen g, long long v)
{
	yajl_gen_integer(g, v);
}

/* A field's value as it is, or the seed's stand-in (FT_DEF). */
static void gen_value(yajl_gen g, const struct ft_field_def *f, const struct ft_record *r,
		      bool stand_in)
{
	const void *v = ft_field_cptr(f, r);

	switch (f->type) {
	case FT_T_NUM:
		ft_gen_double(g, *(const double *)v);
		break;
	case FT_T_INT:
		ft_gen_int(g, stand_in ? -1 : *(const int *)v);
		break;
	case FT_T_LLONG:
		ft_gen_int(g, stand_in ? -1 : *(const long long *)v);
		break;
	case FT_T_STR:
		ft_gen_str(g, stand_in ? "Unknown" : (const char *)v);
		break;
	case FT_T_BOOL:
		yajl_gen_bool(g, *(const bool *)v);
		break;
	case FT_T_KIND:
		ft_gen_str(g, ft_kind_name(r->kind));
		break;
	}
}

/* The fields of the record's kind, in the table's order (model/record.h). */
void ft_gen_record(yajl_gen g, const struct ft_record *r)
{
	yajl_gen_map_open(g);
	for (int i = 0; i < FT_F_COUNT; i++) {
		const struct ft_field_def *f = &ft_fields[i];
		enum ft_emit how = (unsigned)r->kind < FT_KIND_COUNT ? f->emit[r->kind] : FT_OUT;
		bool absent;

		if (how == FT_OUT)
			continue;
		absent = how != FT_ALW && ft_field_absent(f, r);
		if (absent && how == FT_OPT)
			continue;
		ft_gen_key(g, f->key);
		if (absent && how == FT_NUL)
			yajl_gen_null(g);
		else
			gen_value(g, f, r, absent);
	}
	yajl_gen_map_close(g);
}

void ft_gen_stats(yajl_gen g, const struct ft_stats *s)
{
	char key[16];

	yajl_gen_map_open(g);
	ft_gen_key(g, "extfrag");
	yajl_gen_map_open(g);
	for (int i = 0; i < FT_ORDER_SLOTS; i++) {
		if (!s->extfrag_by_order[i])
			continue;
		snprintf(key, sizeof(key), "%d", i + FT_ORDER_MIN);
		ft_gen_key(g, key);
		ft_gen_int(g, (long long)s->extfrag_by_order[i]);
	}
	yajl_gen_map_close(g);
	ft_gen_key(g, "compaction");
	yajl_gen_map_open(g);
	for (int i = 0; i < FT_ORDER_SLOTS; i++) {
		if (!s->success_by_order[i] && !s->failure_by_order[i])
			continue;
		snprintf(key, sizeof(key), "%d", i + FT_ORDER_MIN);
		ft_gen_key(g, key);
		yajl_gen_map_open(g);
		ft_gen_key(g, "success");
		ft_gen_int(g, (long long)s->success_by_order[i]);
		ft_gen_key(g, "failure");
		ft_gen_int(g, (long long)s->failure_by_order[i]);
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

void ft_gen_metrics(yajl_gen g, const struct ft_metrics *m)
{
	/* the keys of report --json, in the seed table's order */
	static const struct {
		const char *key;
		size_t offset;
	} counts[] = {
		{ "compaction_success", offsetof(struct ft_metrics, compaction_success) },
		{ "compaction_failure", offsetof(struct ft_metrics, compaction_failure) },
		{ "extfrag", offsetof(struct ft_metrics, extfrag) },
		{ "bad_migrations", offsetof(struct ft_metrics, bad_migrations) },
		{ "good_migrations", offsetof(struct ft_metrics, good_migrations) },
		{ "steal", offsetof(struct ft_metrics, steal) },
		{ "claim", offsetof(struct ft_metrics, claim) },
	};
	char one_decimal[32];
	double rate;

	/* one decimal, rounded as the seed's table prints it ("%.1f") */
	snprintf(one_decimal, sizeof(one_decimal), "%.1f", m->compact_success_rate);
	rate = strtod(one_decimal, NULL);

	yajl_gen_map_open(g);
	ft_gen_key(g, "total");
	ft_gen_int(g, (long long)m->total);
	ft_gen_key(g, "compact_success_rate");
	ft_gen_double(g, rate);
	for (size_t i = 0; i < sizeof(counts) / sizeof(*counts); i++) {
		ft_gen_key(g, counts[i].key);
		ft_gen_int(g, (long long)*(const unsigned long *)((const char *)m +
								   counts[i].offset));
	}
	yajl_gen_map_close(g);
}

/* "lost_by_pid": {"PID": lost, ...}, most lost first */
static void gen_lost_pids(yajl_gen g, const struct ft_meta *m)
{
	ft_gen_key(g, "lost_by_pid");
	yajl_gen_map_open(g);
	for (int i = 0; i < m->nlost_pids && i < FT_META_LOST_PIDS; i++) {
		char pid[16];

		snprintf(pid, sizeof(pid), "%d", m->lost_pids[i].pid);
		ft_gen_key(g, pid);
		ft_gen_int(g, (long long)m->lost_pids[i].lost);
	}
	yajl_gen_map_close(g);
}

static bool has_fixed_meta(const struct ft_meta *m)
{
	return m->hostname[0] || m->nlabels > 0;
}

/* "hostname" and "labels" into the metadata map open in g */
static void gen_fixed_meta(yajl_gen g, const struct ft_meta *m)
{
	if (m->hostname[0]) {
		ft_gen_key(g, "hostname");
		ft_gen_str(g, m->hostname);
	}
	if (m->nlabels <= 0)
		return;
	ft_gen_key(g, "labels");
	yajl_gen_map_open(g);
	for (int i = 0; i < m->nlabels && i < FT_META_LABELS; i++) {
		ft_gen_key(g, m->labels[i].key);
		ft_gen_str(g, m->labels[i].value);
	}
	yajl_gen_map_close(g);
}

/* The metadata map; with_fixed: hostname and labels in it too (a
 * document writes them once, before its slot) */
static void gen_meta(yajl_gen g, const struct ft_meta *m, bool with_fixed)
{
	yajl_gen_map_open(g);
	if (with_fixed)
		gen_fixed_meta(g, m);
	ft_gen_key(g, "start_time");
	ft_gen_double(g, m->start_time);
	ft_gen_key(g, "end_time");
	if (m->end_time > 0)
		ft_gen_double(g, m->end_time);
	else
		yajl_gen_null(g);
	ft_gen_key(g, "duration");
	if (m->end_time > 0)
		ft_gen_double(g, m->end_time - m->start_time);
	else
		yajl_gen_null(g);
	ft_gen_key(g, "total_events");
	ft_gen_int(g, (long long)m->total_events);
	ft_gen_key(g, "kernel_version");
	ft_gen_str(g, m->kernel_version);
	ft_gen_key(g, "lost_events");
	ft_gen_int(g, (long long)m->lost_events);
	if (m->nlost_pids > 0)
		gen_lost_pids(g, m);
	ft_gen_key(g, "compaction_source");
	ft_gen_str(g, m->compaction_source);
	if (m->bpf_object[0]) {
		ft_gen_key(g, "bpf_object");
		ft_gen_str(g, m->bpf_object);
	}
	ft_gen_key(g, "sample_interval");
	ft_gen_double(g, m->sample_interval);
	if (m->has_vmstat && m->end_time > 0) {
		ft_gen_key(g, "vmstat_delta");
		yajl_gen_map_open(g);
		ft_gen_key(g, "compact_stall");
		ft_gen_int(g, (long long)m->compact_stall);
		ft_gen_key(g, "compact_success");
		ft_gen_int(g, (long long)m->compact_success);
		ft_gen_key(g, "compact_fail");
		ft_gen_int(g, (long long)m->compact_fail);
		yajl_gen_map_close(g);
	}
	if (m->snapshot) {
		ft_gen_key(g, "snapshot");
		yajl_gen_bool(g, true);
	}
	ft_gen_key(g, "tool");
	ft_gen_str(g, "fragtrack " FRAGTRACK_VERSION);
	ft_gen_key(g, "complete");
	yajl_gen_bool(g, m->end_time > 0);
	yajl_gen_map_close(g);
}

/* Writes what the generator holds, then empties it for the next value. */
static void emit(struct ft_writer *w, const char *sep)
{
	const unsigned char *buf;
	size_t len;

	yajl_gen_get_buf(w->g, &buf, &len);
	if (fwrite(buf, 1, len, w->f) != len || fputs(sep, w->f) == EOF)
		if (!w->err)
			w->err = errno ? errno : EIO;
	yajl_gen_clear(w->g);
	yajl_gen_reset(w->g, NULL);
}

static void put(struct ft_writer *w, const char *s)
{
	if (fputs(s, w->f) == EOF && !w->err)
		w->err = errno ? errno : EIO;
}

static void gen_reset(yajl_gen g)
{
	yajl_gen_clear(g);
	yajl_gen_reset(g, NULL);
}

/* The bytes of the document's metadata slot: the map (without its
 * opening brace when hostname and labels precede the slot), padded. */
static int meta_slot_bytes(struct ft_writer *w, const struct ft_meta *meta,
			   char slot[META_SLOT])
{
	const unsigned char *buf;
	size_t len;

	gen_meta(w->g, meta, false);
	yajl_gen_get_buf(w->g, &buf, &len);
	if (w->fixed_meta) {
		buf++;
		len--;
	}
	if (len > META_SLOT) {
		gen_reset(w->g);
		return -EOVERFLOW;
	}
	memcpy(slot, buf, len);
	memset(slot + len, ' ', META_SLOT - len);
	gen_reset(w->g);
	return 0;
}

/* The document's metadata, padded to its reserved slot. */
static int write_meta_slot(struct ft_writer *w, const struct ft_meta *meta)
{
	char slot[META_SLOT];
	int ret = meta_slot_bytes(w, meta, slot);

	if (ret)
		return ret;
	if (fwrite(slot, 1, META_SLOT, w->f) != META_SLOT && !w->err)
		w->err = errno ? errno : EIO;
	return 0;
}

/* The document's metadata up to its slot: "{", hostname and labels, "," */
static void write_fixed_meta(struct ft_writer *w, const struct ft_meta *meta)
{
	const unsigned char *buf;
	size_t len;

	yajl_gen_map_open(w->g);
	gen_fixed_meta(w->g, meta);
	yajl_gen_map_close(w->g);
	yajl_gen_get_buf(w->g, &buf, &len);
	/* all but the closing brace: the slot's keys follow */
	if (fwrite(buf, 1, len - 1, w->f) != len - 1 && !w->err)
		w->err = errno ? errno : EIO;
	put(w, ",");
	gen_reset(w->g);
	w->fixed_meta = true;
}

/* Frees a writer that never got going; its file too, but never stdout. */
static void drop_writer(struct ft_writer *w)
{
	if (w->f && w->f != stdout)
		fclose(w->f);
	if (w->g)
		yajl_gen_free(w->g);
	free(w);
}

struct ft_writer *ft_writer_open(FILE *f, const char *name, const struct ft_meta *meta,
				 char *err, size_t errlen)
{
	struct ft_writer *w = calloc(1, sizeof(*w));

	if (!w || !(w->g = yajl_gen_alloc(NULL))) {
		snprintf(err, errlen, "out of memory");
		free(w);
		if (f != stdout)
			fclose(f);
		return NULL;
	}
	w->f = f;
	w->format = ft_format_for_path(name);
	w->seekable = ftell(w->f) >= 0;
	if (w->format == FT_FORMAT_LINES) {
		yajl_gen_map_open(w->g);
		ft_gen_key(w->g, "metadata");
		gen_meta(w->g, meta, true);
		yajl_gen_map_close(w->g);
		emit(w, "\n");
	} else {
		put(w, "{\"metadata\": ");
		if (has_fixed_meta(meta))
			write_fixed_meta(w, meta);
		w->meta_offset = ftell(w->f);
		write_meta_slot(w, meta);
		put(w, ",\n\"events\": [\n");
	}
	if (ft_writer_flush(w) < 0) {
		char shown[512];

		ft_term_escape(name, shown, sizeof(shown));
		snprintf(err, errlen, "cannot write %s: %s", shown, strerror(w->err));
		drop_writer(w);
		return NULL;
	}
	return w;
}

int ft_writer_event(struct ft_writer *w, const struct ft_record *r)
{
	if (w->format == FT_FORMAT_DOCUMENT && w->nevents)
		put(w, ",\n");
	ft_gen_record(w->g, r);
	emit(w, w->format == FT_FORMAT_LINES ? "\n" : "");
	w->nevents++;
	return w->err ? -w->err : 0;
}

static void gen_int_array(yajl_gen g, const char *key, const int *v, int n)
{
	ft_gen_key(g, key);
	yajl_gen_array_open(g);
	for (int i = 0; i < n; i++)
		ft_gen_int(g, v[i]);
	yajl_gen_array_close(g);
}

void ft_gen_sample(yajl_gen g, const struct ft_sample *smp)
{
	yajl_gen_map_open(g);
	ft_gen_key(g, "event_type");
	ft_gen_str(g, "fragmentation_sample");
	ft_gen_key(g, "timestamp");
	ft_gen_double(g, smp->timestamp);
	ft_gen_key(g, "node");
	ft_gen_int(g, smp->node);
	ft_gen_key(g, "zone");
	ft_gen_str(g, smp->zone);
	ft_gen_key(g, "free");
	yajl_gen_array_open(g);
	for (int o = 0; o < smp->norders; o++)
		ft_gen_int(g, (long long)smp->nr_free[o]);
	yajl_gen_array_close(g);
	gen_int_array(g, "index", smp->index, smp->norders);
	gen_int_array(g, "unusable", smp->unusable, smp->norders);
	if (smp->ntypes) {
		ft_gen_key(g, "blocks");
		yajl_gen_map_open(g);
		for (int t = 0; t < smp->ntypes; t++) {
			ft_gen_key(g, smp->type_names[t]);
			ft_gen_int(g, (long long)smp->blocks[t]);
		}
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
}

/* Into the document's side file, entries separated as in an array. */
static void spool_sample(struct ft_writer *w)
{
	const unsigned char *buf;
	size_t len;

	if (!w->samples)
		w->samples = tmpfile();
	yajl_gen_get_buf(w->g, &buf, &len);
	if (!w->samples || (w->nsamples && fputs(",\n", w->samples) == EOF) ||
	    fwrite(buf, 1, len, w->samples) != len) {
		if (!w->err)
			w->err = errno ? errno : EIO;
	}
	yajl_gen_clear(w->g);
	yajl_gen_reset(w->g, NULL);
}

/* A generated sample or map goes where samples go: a line each, or the
 * document's "samples" */
static int put_sample_record(struct ft_writer *w)
{
	if (w->format == FT_FORMAT_LINES)
		emit(w, "\n");
	else
		spool_sample(w);
	w->nsamples++;
	return w->err ? -w->err : 0;
}

int ft_writer_sample(struct ft_writer *w, const struct ft_sample *smp)
{
	ft_gen_sample(w->g, smp);
	return put_sample_record(w);
}

void ft_gen_map(yajl_gen g, const struct ft_map_record *r)
{
	yajl_gen_map_open(g);
	ft_gen_key(g, "event_type");
	ft_gen_str(g, FT_MAP_TYPE);
	for (size_t i = 0; i < ft_map_nfields; i++) {
		const struct ft_map_field *f = &ft_map_fields[i];
		const char *v = (const char *)r + f->offset;

		ft_gen_key(g, f->key);
		if (f->type == FT_MAP_DOUBLE)
			ft_gen_double(g, *(const double *)(const void *)v);
		else
			ft_gen_int(g, *(const long long *)(const void *)v);
		if (strcmp(f->key, "node") == 0) { /* the zone beside its node */
			ft_gen_key(g, "zone");
			ft_gen_str(g, r->zone);
		}
	}
	ft_gen_key(g, "map");
	yajl_gen_string(g, (const unsigned char *)r->map, r->map_len);
	yajl_gen_map_close(g);
}

int ft_writer_map(struct ft_writer *w, const struct ft_map_record *r)
{
	ft_gen_map(w->g, r);
	return put_sample_record(w);
}

static void copy_samples(struct ft_writer *w)
{
	char buf[65536];
	size_t n;

	put(w, ",\n\"samples\": [\n");
	rewind(w->samples);
	while ((n = fread(buf, 1, sizeof(buf), w->samples)) > 0)
		if (fwrite(buf, 1, n, w->f) != n && !w->err)
			w->err = errno ? errno : EIO;
	if (ferror(w->samples) && !w->err)
		w->err = EIO;
	put(w, "\n]");
	fclose(w->samples);
	w->samples = NULL;
}

int ft_writer_flush(struct ft_writer *w)
{
	if (fflush(w->f) == EOF && !w->err)
		w->err = errno;
	return w->err ? -w->err : 0;
}

static void close_document(struct ft_writer *w, const struct ft_meta *meta,
			   const struct ft_stats *stats)
{
	put(w, w->nevents ? "\n]" : "]");
	if (w->samples)
		copy_samples(w);
	put(w, ",\n\"statistics\": ");
	ft_gen_stats(w->g, stats);
	emit(w, "\n}\n");
	if (!w->seekable)
		return;
	ft_writer_flush(w);
	if (fseek(w->f, w->meta_offset, SEEK_SET) == 0)
		write_meta_slot(w, meta);
	else if (!w->err)
		w->err = errno;
}

static void close_lines(struct ft_writer *w, const struct ft_meta *meta,
			const struct ft_stats *stats)
{
	struct ft_metrics m;

	ft_stats_metrics(stats, &m);
	yajl_gen_map_open(w->g);
	ft_gen_key(w->g, "metadata");
	gen_meta(w->g, meta, true);
	ft_gen_key(w->g, "statistics");
	ft_gen_stats(w->g, stats);
	ft_gen_key(w->g, "summary");
	ft_gen_metrics(w->g, &m);
	yajl_gen_map_close(w->g);
	emit(w, "\n");
}

int ft_writer_close(struct ft_writer *w, const struct ft_meta *meta,
		    const struct ft_stats *stats)
{
	int err;

	if (w->format == FT_FORMAT_DOCUMENT)
		close_document(w, meta, stats);
	else
		close_lines(w, meta, stats);
	ft_writer_flush(w);
	if (w->f != stdout && fclose(w->f) == EOF && !w->err)
		w->err = errno;
	err = w->err;
	yajl_gen_free(w->g);
	free(w);
	return err ? -err : 0;
}

/* ---- snapshots: a closed copy of the live file, the live file untouched */

static int put_fd(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

/* Bytes [from, to) of src (read with pread: src's offset stays) */
static int copy_range(int src, off_t from, off_t to, int dst)
{
	char buf[65536];

	while (from < to) {
		size_t want = to - from < (off_t)sizeof(buf) ? (size_t)(to - from) : sizeof(buf);
		ssize_t n = pread(src, buf, want, from);
		int ret;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO; /* the file shrank under us */
		ret = put_fd(dst, buf, n);
		if (ret)
			return ret;
		from += n;
	}
	return 0;
}

/* What the generator holds, into dst; the generator emptied */
static int put_gen(struct ft_writer *w, int dst)
{
	const unsigned char *buf;
	size_t len;
	int ret;

	yajl_gen_get_buf(w->g, &buf, &len);
	ret = put_fd(dst, buf, len);
	gen_reset(w->g);
	return ret;
}

int ft_writer_mark(struct ft_writer *w, struct ft_snapshot_mark *mark)
{
	if (ft_writer_flush(w) < 0)
		return -w->err;
	if (!w->seekable || (mark->live_end = ftello(w->f)) < 0)
		return -ESPIPE; /* a pipe or a device: nothing to read back */
	mark->samples_end = 0;
	if (w->samples && (fflush(w->samples) == EOF || (mark->samples_end = ftello(w->samples)) < 0))
		return -errno;
	mark->nevents = w->nevents;
	return 0;
}

/* The live file read back through a descriptor of its own: the same
 * inode as the one being written, never its name (that may have been
 * replaced since). */
static int open_live(struct ft_writer *w)
{
	char self[64];
	int fd;

	snprintf(self, sizeof(self), "/proc/self/fd/%d", fileno(w->f));
	fd = open(self, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static int snapshot_samples(struct ft_writer *w, off_t end, int dst)
{
	static const char head[] = ",\n\"samples\": [\n", tail[] = "\n]";
	int ret;

	if (!w->samples || end <= 0)
		return 0;
	ret = put_fd(dst, head, sizeof(head) - 1);
	if (!ret)
		ret = copy_range(fileno(w->samples), 0, end, dst);
	if (!ret)
		ret = put_fd(dst, tail, sizeof(tail) - 1);
	return ret;
}

static int snapshot_document(struct ft_writer *w, int src, const struct ft_snapshot_mark *mk,
			     int dst, const struct ft_meta *meta, const struct ft_stats *stats)
{
	static const char stats_key[] = ",\n\"statistics\": ", close[] = "\n}\n";
	const char *events_end = mk->nevents ? "\n]" : "]";
	char slot[META_SLOT];
	int ret = meta_slot_bytes(w, meta, slot);

	if (!ret)
		ret = copy_range(src, 0, w->meta_offset, dst);
	if (!ret)
		ret = put_fd(dst, slot, META_SLOT);
	if (!ret)
		ret = copy_range(src, w->meta_offset + META_SLOT, mk->live_end, dst);
	if (!ret)
		ret = put_fd(dst, events_end, strlen(events_end));
	if (!ret)
		ret = snapshot_samples(w, mk->samples_end, dst);
	if (!ret)
		ret = put_fd(dst, stats_key, sizeof(stats_key) - 1);
	if (!ret) {
		ft_gen_stats(w->g, stats);
		ret = put_gen(w, dst);
	}
	if (!ret)
		ret = put_fd(dst, close, sizeof(close) - 1);
	return ret;
}

static int snapshot_lines(struct ft_writer *w, int src, off_t end, int dst,
			  const struct ft_meta *meta, const struct ft_stats *stats)
{
	struct ft_metrics m;
	int ret = copy_range(src, 0, end, dst);

	if (ret)
		return ret;
	ft_stats_metrics(stats, &m);
	yajl_gen_map_open(w->g);
	ft_gen_key(w->g, "metadata");
	gen_meta(w->g, meta, true);
	ft_gen_key(w->g, "statistics");
	ft_gen_stats(w->g, stats);
	ft_gen_key(w->g, "summary");
	ft_gen_metrics(w->g, &m);
	yajl_gen_map_close(w->g);
	ret = put_gen(w, dst);
	return ret ? ret : put_fd(dst, "\n", 1);
}

int ft_writer_snapshot(struct ft_writer *w, const struct ft_snapshot_mark *mark, int dst,
		       const struct ft_meta *meta, const struct ft_stats *stats)
{
	int src = open_live(w), ret;

	if (src < 0)
		return src;
	if (w->format == FT_FORMAT_DOCUMENT)
		ret = snapshot_document(w, src, mark, dst, meta, stats);
	else
		ret = snapshot_lines(w, src, mark->live_end, dst, meta, stats);
	close(src);
	return ret;
}
