// SPDX-License-Identifier: GPL-2.0
/*
 * The streaming reader: both formats, any key order, any chunking,
 * truncation, unknown records, and one clear error for each bad input.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "jsonr.h"
#include "jsonw.h"
#include "stats.h"
#include "tap.h"

struct sink {
	struct ft_stats stats;
	struct ft_record last;
	unsigned long others;
	char other_type[64];
	int other_fields;
	double other_ts;
	int stop_after;
};

static int on_event(const struct ft_record *r, void *arg)
{
	struct sink *s = arg;

	ft_stats_add(&s->stats, r);
	s->last = *r;
	return s->stop_after && (int)s->stats.total >= s->stop_after ? 7 : 0;
}

static void on_other(const char *type, const struct ft_field *f, int n, void *arg)
{
	struct sink *s = arg;

	s->others++;
	snprintf(s->other_type, sizeof(s->other_type), "%s", type);
	s->other_fields = n;
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i].key, "timestamp") && f[i].type == FT_FIELD_NUMBER)
			s->other_ts = f[i].number;
}

static int run_stop(const char *text, size_t chunk, struct sink *s,
		    struct ft_read_info *info, int stop_after)
{
	struct ft_reader_ops ops = { .event = on_event, .other = on_other, .arg = s,
				     .quiet = true };

	memset(s, 0, sizeof(*s));
	s->stop_after = stop_after;
	ft_stats_init(&s->stats);
	return ft_read_buffer("t.json", text, strlen(text), chunk, &ops, info);
}

static int run(const char *text, size_t chunk, struct sink *s, struct ft_read_info *info)
{
	return run_stop(text, chunk, s, info, 0);
}

#define EXT(ts, from, to, steal) \
	"{\"timestamp\": " #ts ", \"event_type\": \"extfrag\", \"pid\": 1, \"tid\": 1, " \
	"\"comm\": \"x\", \"order\": 0, \"fallback_order\": 9, \"migrate_from\": \"" from \
	"\", \"migrate_to\": \"" to "\", \"is_steal\": " steal ", \"node\": -1, " \
	"\"fragmentation_index\": 100}"
#define OK(ts, fi) \
	"{\"event_type\": \"compaction_success\", \"timestamp\": " #ts ", \"pid\": 2, " \
	"\"comm\": \"thp\", \"order\": 9, \"fragmentation_index\": " #fi ", " \
	"\"zone\": \"Normal\", \"node\": 0}"
#define FAIL(ts) \
	"{\"timestamp\": " #ts ", \"absolute_time\": \"2025-09-03T13:03:33\", \"event_type\": " \
	"\"compaction_failure\", \"pid\": 3, \"comm\": \"kcompactd0\", \"order\": 9, " \
	"\"fragmentation_index\": -1}"

static const char *doc =
	"{\"statistics\": {\"extfrag\": {\"0\": 2}}, \"events\": [\n"
	EXT(1.5, "UNMOVABLE", "MOVABLE", "true") ",\n"
	EXT(2.25, "MOVABLE", "UNMOVABLE", "false") ",\n"
	OK(3.125, 990) ",\n" FAIL(4.0) ",\n" OK(5, null) "\n"
	"], \"metadata\": {\"start_time\": 1756929774.5, \"total_events\": 5,"
	" \"kernel_version\": \"6.17.0\", \"nested\": {\"a\": [1, 2]}}}\n";

static const char *lines =
	"{\"metadata\": {\"start_time\": 1756929774.5, \"end_time\": null}}\n"
	EXT(1.5, "UNMOVABLE", "MOVABLE", "true") "\n"
	"{\"event_type\": \"fragmentation_sample\", \"timestamp\": 1.75, \"node\": 0, "
	"\"free\": [1, 2, 3], \"blocks\": {\"MOVABLE\": 4}}\n"
	EXT(2.25, "MOVABLE", "UNMOVABLE", "false") "\n"
	OK(3.125, 990) "\n" FAIL(4.0) "\n" OK(5, null) "\n"
	"{\"metadata\": {\"start_time\": 1756929774.5, \"end_time\": 1756929780.0, "
	"\"kernel_version\": \"6.18.0\"}, \"statistics\": {}, \"summary\": {\"total\": 5}}\n";

static void check_counts(const struct sink *s, const char *what)
{
	struct ft_metrics m;

	ft_stats_metrics(&s->stats, &m);
	ok(m.total == 5 && m.extfrag == 2 && m.compaction_success == 2 &&
	   m.compaction_failure == 1, "%s: 5 events of the right kinds", what);
	ok(m.steal == 1 && m.claim == 1 && m.bad_migrations == 1 && m.good_migrations == 1,
	   "%s: steal/claim and bad/good", what);
}

static void test_formats(void)
{
	static const size_t chunks[] = { 1, 2, 7, 64, 65536 };
	struct ft_read_info info;
	struct sink s;

	ok(run(doc, 0, &s, &info) == 0, "document (keys in another order) reads");
	check_counts(&s, "document");
	ok(info.format == FT_FORMAT_DOCUMENT && !info.truncated, "document: format, not truncated");
	is_str(info.meta.kernel_version, "6.17.0", "document: metadata read, nested skipped");
	ok(s.last.fragmentation_index == FT_NONE, "null fragmentation_index is FT_NONE");
	for (size_t i = 0; i < sizeof(chunks) / sizeof(*chunks); i++) {
		int ret = run(lines, chunks[i], &s, &info);

		ok(ret == 0 && s.stats.total == 5 && s.others == 1,
		   "JSON lines in chunks of %zu bytes: 5 events, 1 other record", chunks[i]);
	}
	check_counts(&s, "JSON lines");
	ok(info.format == FT_FORMAT_LINES && !info.truncated, "lines: format, closing line seen");
	is_str(info.meta.kernel_version, "6.18.0", "lines: the closing metadata wins");
	is_str(s.other_type, "fragmentation_sample", "unknown type goes to the hook");
	ok(s.other_fields == 3 && s.other_ts == 1.75, "hook gets the top-level scalars (%d)",
	   s.other_fields);
}

static void test_values(void)
{
	struct ft_read_info info;
	struct sink s;
	char buf[1024];

	ok(run("{\"events\": [" FAIL(26.311878648) "]}", 0, &s, &info) == 0 &&
	   s.last.timestamp == strtod("26.311878648", NULL), "timestamps read as strtod does");
	ok(run("{\"events\": [" FAIL(1e2) "]}", 0, &s, &info) == 0 && s.last.timestamp == 100,
	   "exponent timestamps");
	ok(run("{\"events\": [{\"timestamp\": 1, \"event_type\": \"compaction_failure\", "
	       "\"order\": 4294967295}]}", 0, &s, &info) == 0 && s.last.order == -1,
	   "the seed's u32 order -1 reads as -1");
	ok(run("{\"events\": [{\"timestamp\": 1, \"event_type\": \"compaction_failure\", "
	       "\"order\": 9.0}]}", 0, &s, &info) == 0 && s.last.order == 9,
	   "an integral 9.0 is an integer");
	/* a long comm: cut on a character boundary (U+00E9 is 2 bytes) */
	snprintf(buf, sizeof(buf), "{\"events\": [{\"timestamp\": 1, \"event_type\": "
		 "\"compaction_failure\", \"order\": 1, \"comm\": \"%s\"}]}",
		 "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
		 "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
		 "\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9"
		 "\\u00e9\\u00e9\\u00e9x");
	ok(run(buf, 0, &s, &info) == 0 && strlen(s.last.comm) == 62 &&
	   (unsigned char)s.last.comm[61] == 0xa9, "long comm cut between characters (%zu)",
	   strlen(s.last.comm));
	ok(run_stop("{\"events\": [" FAIL(1) "," FAIL(2) "," FAIL(3) "]}", 0, &s, &info, 2) == 7 &&
	   s.stats.total == 2, "a non-zero return of the callback stops the read");
}

static void test_truncated(void)
{
	struct ft_read_info info;
	struct sink s;
	char *cut = malloc(strlen(doc) + strlen(lines) + 1);

	/* in the middle of the fourth event */
	strcpy(cut, doc);
	*strstr(cut, "\"kcompactd0\"") = '\0';
	ok(run(cut, 0, &s, &info) == 0 && info.truncated && s.stats.total == 3,
	   "truncated document: 3 complete events, flagged");
	strcpy(cut, lines);
	*strstr(cut, "{\"metadata\": {\"start_time\": 1756929774.5, \"end_time\": 17") = '\0';
	ok(run(cut, 0, &s, &info) == 0 && info.truncated && s.stats.total == 5,
	   "JSON lines without the closing line: flagged, all 5 events");
	ok(run("{\"metadata\": {\"start_time\": 1.0}, \"events\": [\n", 0, &s, &info) == 0 &&
	   info.truncated && s.stats.total == 0, "killed right after start: 0 events, no error");
	free(cut);
}

static void bad(const char *text, const char *want, const char *what)
{
	struct ft_read_info info;
	struct sink s;
	int ret = run(text, 0, &s, &info);

	ok(ret == FT_EXIT_BADINPUT && strstr(info.error, want) && !strchr(info.error, '\n'),
	   "%s: exit 2, one line", what);
	if (ret != FT_EXIT_BADINPUT || !strstr(info.error, want))
		printf("#   ret %d, error '%s', want '%s'\n", ret, info.error, want);
}

static void test_errors(void)
{
	bad("", "empty file", "empty");
	bad("  \n\n ", "empty file", "only whitespace");
	bad("hello", "not JSON", "not JSON");
	bad("<html></html>", "not JSON", "HTML");
	bad("[1, 2]", "not a fragmentation recording", "top-level array");
	bad("42", "not a fragmentation recording", "top-level number");
	bad("{\"foo\": 1}", "no \"event_type\"", "object of something else");
	bad("{\"events\": 5}", "\"events\" is not an array", "events not an array");
	bad("{\"events\": [1]}", "event 1 is not an object", "event not an object");
	bad("{\"events\": [" FAIL(1) ", {\"event_type\": \"extfrag\", \"timestamp\": 2, "
	    "\"order\": 0, \"migrate_to\": \"MOVABLE\"}]}", "event 2 (extfrag): missing \"migrate_from\"",
	    "missing field, numbered");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"order\": 1}]}",
	    "missing \"timestamp\"", "missing timestamp");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": \"1\", "
	    "\"order\": 1}]}", "\"timestamp\" must be a number", "string timestamp");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": 1, "
	    "\"order\": \"9\"}]}", "\"order\" must be an integer", "string order");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": 1, "
	    "\"order\": 9.5}]}", "\"order\" must be an integer", "fractional order");
	bad("{\"events\": [{\"event_type\": \"extfrag\", \"timestamp\": 1, \"order\": 1, "
	    "\"migrate_from\": \"A\", \"migrate_to\": \"B\", \"is_steal\": 1}]}",
	    "\"is_steal\" must be true or false", "numeric is_steal");
	bad("{\"events\": [{\"event_type\": 3, \"timestamp\": 1, \"order\": 1}]}",
	    "\"event_type\" must be a string", "numeric event_type");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": 1, "
	    "\"order\": 99}]}", "\"order\" is 99, outside -1..62", "order 99");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": 1, "
	    "\"order\": -5}]}", "outside -1..62", "order -5");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": 1, "
	    "\"order\": 123456789012345}]}", "\"order\" is far outside", "huge order");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": -3, "
	    "\"order\": 1}]}", "\"timestamp\" is -3", "negative timestamp");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": 1e400, "
	    "\"order\": 1}]}", "\"timestamp\" is inf", "infinite timestamp");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": 1756929774.5, "
	    "\"order\": 1}]}", "not seconds since the start", "epoch timestamp");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": NaN, "
	    "\"order\": 1}]}", "invalid JSON", "NaN (Python's json writes it)");
	bad("{\"events\": [{\"event_type\": \"compaction_failure\", \"timestamp\": 1, "
	    "\"order\": 1, \"node\": 70000}]}", "\"node\" is 70000", "absurd node");
	bad("{\"events\": [{\"event_type\": \"extfrag\", \"timestamp\": 1, \"order\": 1, "
	    "\"migrate_from\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\", \"migrate_to\": \"B\"}]}",
	    "not a migrate type name", "absurd migrate type");
	bad("{\"events\": [" FAIL(1) "]} trailing", "invalid JSON at line 1",
	    "garbage after the document");
	bad("{\"events\": [" FAIL(1) ",\n" FAIL(2) ",\n{\"timestamp\": }]}", "line 3",
	    "syntax error: its line");
}

static void test_file(void)
{
	struct ft_reader_ops ops = { .quiet = true };
	struct ft_read_info info;

	ok(ft_read_file("/nonexistent/x.json", &ops, &info) == FT_EXIT_BADINPUT &&
	   strstr(info.error, "/nonexistent/x.json: cannot open: No such file"),
	   "missing file: its name and why");
	ok(ft_read_file("/", &ops, &info) == FT_EXIT_BADINPUT && strstr(info.error, "cannot read"),
	   "a directory: cannot read");
}


/* What fragtrack record writes, read back field for field. */
static struct ft_record roundtrip_rec(int i)
{
	struct ft_record r;

	ft_record_init(&r, (enum ft_kind)(i % FT_KIND_COUNT));
	r.timestamp = 0.1 * i + 1e-9 * i;
	snprintf(r.absolute_time, sizeof(r.absolute_time), "2025-09-03T13:03:%02d.5", i);
	r.pid = 100 + i;
	r.tid = i % 2 ? 200 + i : FT_NONE;
	snprintf(r.comm, sizeof(r.comm), "c\"o'm`m %d\xc3\xa9", i);
	r.order = i % 5 - 1;
	if (r.kind == FT_KIND_EXTFRAG) {
		r.fallback_order = 10;
		strcpy(r.migrate_from, i % 3 ? "MOVABLE" : "UNMOVABLE");
		strcpy(r.migrate_to, "RECLAIMABLE");
		r.is_steal = i % 4 == 0;
		r.node = 0;
	}
	r.fragmentation_index = i % 3 ? 17 * i : FT_NONE;
	if (r.kind == FT_KIND_COMPACTION_SUCCESS) {
		strcpy(r.zone, "DMA32");
		r.node = 1;
	}
	r.pfn = i % 2 ? 123456789LL * i : -1;
	if (r.kind != FT_KIND_EXTFRAG) {
		strcpy(r.source, "compaction");
		strcpy(r.status, i % 2 ? "complete" : "success");
		strcpy(r.trigger, "kcompactd");
	}
	return r;
}

static bool same(const struct ft_record *a, const struct ft_record *b)
{
	/* ft_record_init zeroes the padding of both */
	return a->kind == b->kind && a->timestamp == b->timestamp &&
	       !strcmp(a->absolute_time, b->absolute_time) && a->pid == b->pid &&
	       a->tid == b->tid && !strcmp(a->comm, b->comm) && a->order == b->order &&
	       (a->kind != FT_KIND_EXTFRAG || (a->fallback_order == b->fallback_order &&
	       !strcmp(a->migrate_from, b->migrate_from) && !strcmp(a->migrate_to, b->migrate_to) &&
	       a->is_steal == b->is_steal)) &&
	       a->fragmentation_index == b->fragmentation_index && !strcmp(a->zone, b->zone) &&
	       a->pfn == b->pfn && !strcmp(a->source, b->source) && !strcmp(a->status, b->status) &&
	       !strcmp(a->trigger, b->trigger);
}

struct rt {
	int n, bad;
};

static int rt_event(const struct ft_record *r, void *arg)
{
	struct rt *rt = arg;
	struct ft_record want = roundtrip_rec(rt->n++);

	if (!same(r, &want) && !rt->bad++)
		printf("#   record %d differs (kind %d, comm '%s')\n", rt->n - 1, r->kind, r->comm);
	return 0;
}

static void test_roundtrip(const char *ext, bool close)
{
	struct ft_meta meta = { .start_time = 1756929774.25, .kernel_version = "6.18.0" };
	struct ft_reader_ops ops = { .event = rt_event, .quiet = true };
	struct ft_sample smp = { .timestamp = 0.3, .node = 0, .zone = "Normal", .norders = 2 };
	struct ft_read_info info;
	struct ft_stats st;
	struct ft_writer *w;
	struct rt rt = { 0, 0 };
	char path[64], err[256];
	int ret;

	snprintf(path, sizeof(path), "/tmp/unit_reader.%d.%s", (int)getpid(), ext);
	ft_stats_init(&st);
	w = ft_writer_open(path, &meta, err, sizeof(err));
	if (!w) {
		ok(0, "open %s: %s", path, err);
		return;
	}
	for (int i = 0; i < 40; i++) {
		struct ft_record r = roundtrip_rec(i);

		ft_writer_event(w, &r);
		ft_stats_add(&st, &r);
		if (i == 5)
			ft_writer_sample(w, &smp);
	}
	ft_writer_flush(w);
	if (close) {
		meta.end_time = meta.start_time + 5;
		ft_writer_close(w, &meta, &st);
	}
	ops.arg = &rt;
	ret = ft_read_file(path, &ops, &info);
	ok(ret == 0 && rt.n == 40 && !rt.bad && info.truncated == !close,
	   "fragtrack's own %s, %s: 40 records read back field for field (%d read, %d differ)",
	   ext, close ? "closed" : "killed before closing", rt.n, rt.bad);
	if (close)
		ok(info.others == 1 && !strcmp(info.meta.kernel_version, "6.18.0"),
		   "%s: the sample is another record, the metadata is read", ext);
	if (!close)
		ft_writer_close(w, &meta, &st);
	unlink(path);
}

int main(void)
{
	test_formats();
	test_values();
	test_truncated();
	test_errors();
	test_file();
	test_roundtrip("json", true);
	test_roundtrip("jsonl", true);
	test_roundtrip("json", false);
	test_roundtrip("jsonl", false);
	return tap_done();
}
