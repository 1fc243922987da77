// SPDX-License-Identifier: GPL-2.0
/*
 * The streaming reader: both formats, any key order, any chunking,
 * truncation, fragmentation samples, unknown records, and one clear error
 * for each bad input.
 */
#include <math.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "json/reader.h"
#include "json/writer.h"
#include "model/stats.h"
#include "tap.h"

struct sink {
	struct ft_stats stats;
	struct ft_record last;
	unsigned long others;
	char other_type[64];
	int other_fields;
	double other_ts;
	int stop_after;
	unsigned long samples;
	struct ft_sample first_sample, last_sample;
	int stop_samples;
};

static int on_event(const struct ft_record *r, void *arg)
{
	struct sink *s = arg;

	ft_stats_add(&s->stats, r);
	s->last = *r;
	return s->stop_after && (int)s->stats.total >= s->stop_after ? 7 : 0;
}

static int on_sample(const struct ft_sample *smp, void *arg)
{
	struct sink *s = arg;

	if (!s->samples++)
		s->first_sample = *smp;
	s->last_sample = *smp;
	return s->stop_samples && (int)s->samples >= s->stop_samples ? 9 : 0;
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
	struct ft_reader_ops ops = { .event = on_event, .other = on_other, .sample = on_sample,
				     .arg = s, .quiet = true };

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

/* a fragmentation sample of zone Normal, as fragtrack record writes it */
#define SAMPLE(ts, index) \
	"{\"event_type\": \"fragmentation_sample\", \"timestamp\": " ts ", \"node\": 0, " \
	"\"zone\": \"Normal\", \"free\": [17, 2, 0], \"index\": [" index "], " \
	"\"unusable\": [0, 10, 400], \"blocks\": {\"Unmovable\": 59, \"Movable\": 10626, " \
	"\"Reclaimable\": 67}}"

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
	SAMPLE("1.75", "-1000, -1000, 950") "\n"
	"{\"event_type\": \"vmstat_delta\", \"timestamp\": 1.8, \"compact_stall\": 3, "
	"\"nested\": {\"a\": 1}}\n"
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

		ok(ret == 0 && s.stats.total == 5 && s.others == 1 && s.samples == 1 &&
		   info.samples == 1, "JSON lines in chunks of %zu bytes: 5 events, 1 sample, "
		   "1 other record", chunks[i]);
	}
	check_counts(&s, "JSON lines");
	ok(info.format == FT_FORMAT_LINES && !info.truncated, "lines: format, closing line seen");
	is_str(info.meta.kernel_version, "6.18.0", "lines: the closing metadata wins");
	is_str(s.other_type, "vmstat_delta", "unknown type goes to the hook");
	ok(s.other_fields == 3 && s.other_ts == 1.8, "hook gets the top-level scalars (%d)",
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

	ok(ret == -EINVAL && strstr(info.error, want) && !strchr(info.error, '\n'),
	   "%s: exit 2, one line", what);
	if (ret != -EINVAL || !strstr(info.error, want))
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

/* ---- fragmentation samples ---- */

static bool sample_is(const struct ft_sample *m, double ts, int i2)
{
	return m->timestamp == ts && m->node == 0 && !strcmp(m->zone, "Normal") &&
	       m->norders == 3 && m->index[0] == -1000 && m->index[2] == i2 &&
	       m->unusable[1] == 10 && m->unusable[2] == 400 && m->nr_free[0] == 17 &&
	       m->nr_free[2] == 0 && m->ntypes == 3 && !strcmp(m->type_names[1], "Movable") &&
	       m->blocks[0] == 59 && m->blocks[1] == 10626 && m->blocks[2] == 67;
}

static void test_samples(void)
{
	static const size_t chunks[] = { 1, 3, 64, 65536 };
	/* the writer's document: samples after the events, then statistics */
	static const char *sdoc =
		"{\"metadata\": {\"start_time\": 1.0}, \"events\": [" FAIL(1) "],\n"
		"\"samples\": [\n" SAMPLE("0.5", "-1000, -1000, 950") ",\n"
		SAMPLE("1.5", "-1000, 12, 990") "\n], \"statistics\": {}}\n";
	struct ft_read_info info;
	struct sink s;

	for (size_t i = 0; i < sizeof(chunks) / sizeof(*chunks); i++) {
		int ret = run(sdoc, chunks[i], &s, &info);

		ok(ret == 0 && s.stats.total == 1 && s.samples == 2 && info.samples == 2 &&
		   !s.others && sample_is(&s.first_sample, 0.5, 950) &&
		   sample_is(&s.last_sample, 1.5, 990),
		   "document's \"samples\" in chunks of %zu bytes: 2 samples, field for field",
		   chunks[i]);
	}
	run(lines, 5, &s, &info);
	ok(s.samples == 1 && sample_is(&s.last_sample, 1.75, 950),
	   "JSON lines: the sample field for field");
	ok(run("{\"index\": [-1000, 500], \"unusable\": [0, 1000], \"zone\": \"DMA32\", "
	       "\"node\": 1, \"timestamp\": 2, \"event_type\": \"fragmentation_sample\"}\n",
	       0, &s, &info) == 0 && s.samples == 1 && s.last_sample.node == 1 &&
	   !strcmp(s.last_sample.zone, "DMA32") && s.last_sample.norders == 2 &&
	   s.last_sample.index[1] == 500 && s.last_sample.unusable[1] == 1000 &&
	   s.last_sample.ntypes == 0 && s.last_sample.nr_free[0] == 0,
	   "event_type last, no free, no blocks: read");
	ok(run("{\"event_type\": \"fragmentation_sample\", \"timestamp\": 2, \"node\": 0, "
	       "\"zone\": \"Normal\", \"index\": [5], \"unusable\": [5], "
	       "\"blocks\": {\"Movable\": 1, \"Movable\": 7}}", 0, &s, &info) == 0 &&
	   s.last_sample.ntypes == 1 && s.last_sample.blocks[0] == 7,
	   "a repeated blocks key: the last value wins");
	ok(run("{\"events\": [{\"event_type\": \"extfrag\", \"timestamp\": 1, \"order\": 0, "
	       "\"migrate_from\": \"A\", \"migrate_to\": \"B\", \"index\": \"x\", "
	       "\"blocks\": [1], \"unusable\": [99999]}]}", 0, &s, &info) == 0 &&
	   s.stats.total == 1 && !s.samples, "sample fields in an event are not its business");
	memset(&s, 0, sizeof(s));
	s.stop_samples = 1;
	{
		struct ft_reader_ops ops = { .event = on_event, .sample = on_sample, .arg = &s,
					     .quiet = true };

		ok(ft_read_buffer("t", sdoc, strlen(sdoc), 0, &ops, &info) == 9 && s.samples == 1,
		   "a non-zero return of the sample callback stops the read");
		ops.sample = NULL;
		ok(ft_read_buffer("t", sdoc, strlen(sdoc), 0, &ops, &info) == 0 && info.samples == 2,
		   "without a sample callback: validated and counted");
	}
}

/* A document with a valid sample whose field key is replaced by val
 * (NULL: left out). */
static void sample_doc(const char *key, const char *val, char *buf, size_t len)
{
	static const char *const fields[][2] = {
		{ "event_type", "\"fragmentation_sample\"" }, { "timestamp", "3.5" },
		{ "node", "0" }, { "zone", "\"Normal\"" }, { "free", "[4, 0, 1]" },
		{ "index", "[-1000, 0, 1000]" }, { "unusable", "[0, 500, 1000]" },
		{ "blocks", "{\"Unmovable\": 1, \"Movable\": 2}" },
	};
	size_t n = snprintf(buf, len, "{\"events\": [" FAIL(1) "], \"samples\": [{");
	const char *sep = "";

	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
		const char *v = strcmp(fields[i][0], key) ? fields[i][1] : val;

		if (!v)
			continue;
		n += snprintf(buf + n, len - n, "%s\"%s\": %s", sep, fields[i][0], v);
		sep = ", ";
	}
	snprintf(buf + n, len - n, "}]}");
}

static void sbad(const char *key, const char *val, const char *want)
{
	char buf[1024], what[200];

	sample_doc(key, val, buf, sizeof(buf));
	snprintf(what, sizeof(what), "sample with \"%s\": %s", key, val ? val : "(missing)");
	bad(buf, want, what);
}

static void test_sample_errors(void)
{
	struct ft_read_info info;
	struct sink sk;
	char buf[1024];

	sample_doc("none", NULL, buf, sizeof(buf));
	ok(run(buf, 0, &sk, &info) == 0 && sk.samples == 1, "the valid sample the errors start from");
	sbad("index", "[-1000, 1001]", "event 2 (fragmentation_sample): \"index\"[1] is 1001, "
	     "outside -1000..1000");
	sbad("index", "[-1001]", "\"index\"[0] is -1001, outside -1000..1000");
	sbad("unusable", "[0, 500, 1001]", "\"unusable\"[2] is 1001, outside 0..1000");
	sbad("unusable", "[-1, 0, 0]", "\"unusable\"[0] is -1, outside 0..1000");
	sbad("free", "[4, -2, 1]", "\"free\"[1] is -2, outside 0..2^40");
	sbad("index", "5", "\"index\" must be an array of integers");
	sbad("index", "{\"0\": 5}", "\"index\" must be an array of integers");
	sbad("index", "[\"-1000\", 0, 0]", "\"index\" must be an array of integers");
	sbad("index", "[1.5, 0, 0]", "\"index\" must be an array of integers");
	sbad("index", "[[1], 0, 0]", "\"index\" must be an array of integers");
	sbad("index", "[null, 0, 0]", "\"index\" must be an array of integers");
	sbad("unusable", "[true, 0, 0]", "\"unusable\" must be an array of integers");
	sbad("index", "[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]", "\"index\" has more than 16 orders");
	sbad("index", "[]", "\"index\" has no orders");
	sbad("unusable", "[0, 0]", "\"unusable\" has 2 orders, \"index\" 3");
	sbad("free", "[1, 2, 3, 4]", "\"free\" has 4 orders, \"index\" 3");
	sbad("index", NULL, "missing \"index\"");
	sbad("unusable", NULL, "missing \"unusable\"");
	sbad("zone", NULL, "missing \"zone\"");
	sbad("node", NULL, "missing \"node\"");
	sbad("node", "null", "missing \"node\"");
	sbad("timestamp", NULL, "missing \"timestamp\"");
	sbad("timestamp", "-1", "\"timestamp\" is -1");
	sbad("node", "-1", "\"node\" is -1, outside 0..1023");
	sbad("node", "5000", "\"node\" is 5000, outside 0..1023");
	sbad("node", "\"0\"", "\"node\" must be an integer");
	sbad("zone", "\"NormalNormalNorma\"", "\"zone\" is not a zone name (17 bytes, not 1..15)");
	sbad("zone", "\"\"", "\"zone\" is not a zone name (0 bytes");
	sbad("zone", "\"No\\u0000rmal\"", "\"zone\" is not a zone name");
	sbad("zone", "7", "\"zone\" must be a string");
	sbad("blocks", "[1, 2]", "\"blocks\" must be an object of pageblock counts");
	sbad("blocks", "3", "\"blocks\" must be an object of pageblock counts");
	sbad("blocks", "{\"Movable\": -1}", "\"blocks\" counts must be integers from 0 to 2^40");
	sbad("blocks", "{\"Movable\": \"7\"}", "\"blocks\" counts must be integers");
	sbad("blocks", "{\"Movable\": {\"a\": 1}}", "\"blocks\" counts must be integers");
	sbad("blocks", "{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1,\"h\":1,"
	     "\"i\":1}", "\"blocks\" has more than 8 migrate types");
	sbad("blocks", "{\"AAAAAAAAAAAAAAAA\": 1}", "\"blocks\" has a migrate type name of 16 "
	     "bytes, not 1..15");
	sbad("blocks", "{\"\": 1}", "\"blocks\" has a migrate type name of 0 bytes");
	bad("{\"event_type\": \"fragmentation_sample\", \"timestamp\": 1, \"node\": 0, "
	    "\"zone\": \"Normal\", \"index\": [0], \"unusable\": [2000]}\n",
	    "event 1 (fragmentation_sample): \"unusable\"[0] is 2000",
	    "JSON lines sample: the same checks");
}

static void test_file(void)
{
	struct ft_reader_ops ops = { .quiet = true };
	struct ft_read_info info;

	ok(ft_read_file("/nonexistent/x.json", &ops, &info) == -EINVAL &&
	   strstr(info.error, "/nonexistent/x.json: cannot open: No such file"),
	   "missing file: its name and why");
	ok(ft_read_file("/", &ops, &info) == -EINVAL &&
	   strstr(info.error, "/: a directory, not a recording"), "a directory: refused as such");
	ok(ft_read_file("/dev/null", &ops, &info) == -EINVAL &&
	   strstr(info.error, "a character device"), "a device: refused as such");
}

/* ---- defect 5: one huge token ---- */

/* An extfrag event whose "comm" (or an unknown key's number) is a token of
 * exactly len bytes as written, quotes included. */
static char *event_with_token(size_t len, bool string)
{
	static const char head[] = "{\"events\": [{\"event_type\": \"extfrag\", \"timestamp\": 1, "
				   "\"order\": 1, \"migrate_from\": \"A\", \"migrate_to\": \"B\", \"x\": ";
	static const char tail[] = "}]}";
	char *buf = malloc(sizeof(head) + len + sizeof(tail));
	char *p = buf + sizeof(head) - 1;

	memcpy(buf, head, sizeof(head) - 1);
	memset(p, string ? 'a' : '7', len);
	if (string)
		p[0] = p[len - 1] = '"';
	memcpy(p + len, tail, sizeof(tail));
	return buf;
}

static int read_token(size_t len, bool string, size_t chunk, struct ft_read_info *info)
{
	struct ft_reader_ops ops = { .quiet = true };
	char *buf = event_with_token(len, string);
	int ret = ft_read_buffer("t.json", buf, strlen(buf), chunk, &ops, info);

	free(buf);
	return ret;
}

static void test_token_bound(void)
{
	/* whole, the reader's own, odd, and chunks that cut the token often */
	static const size_t chunks[] = { 4 << 20, 0, 65537, 16384 };
	struct ft_read_info info;

	for (size_t c = 0; c < sizeof(chunks) / sizeof(*chunks); c++) {
		for (int str = 0; str < 2; str++) {
			const char *what = str ? "string" : "number";
			int ret = read_token(2 << 20, str, chunks[c], &info);

			ok(ret == -EINVAL && strstr(info.error, what) &&
			   strstr(info.error, "longer than 1 MiB (1048576 bytes) at byte 111"),
			   "a 2 MB %s, chunks of %zu: refused, the limit in the message", what,
			   chunks[c]);
			if (ret != -EINVAL)
				printf("#   ret %d, error '%s'\n", ret, info.error);
			/* the bound is on the token as written, whatever the chunking */
			ok(read_token(FT_TOKEN_MAX, str, chunks[c], &info) == 0 && info.events == 1 &&
			   read_token(FT_TOKEN_MAX + 1, str, chunks[c], &info) == -EINVAL,
			   "a %s of exactly 1 MiB is read, one byte more is not (chunks of %zu)",
			   what, chunks[c]);
		}
	}
}

/* ---- defect 8: metadata counts past what an integer holds ---- */

static void test_meta_values(void)
{
	struct ft_read_info info;
	struct sink s;

	bad("{\"metadata\": {\"total_events\": 1e20}, \"events\": []}",
	    "metadata \"total_events\" is 1e20, not a count of events (an integer 0..2^53)",
	    "total_events 1e20");
	bad("{\"metadata\": {\"lost_events\": 18446744073709551616}, \"events\": []}",
	    "metadata \"lost_events\" is 18446744073709551616", "lost_events 2^64");
	bad("{\"metadata\": {\"lost_events\": -1}, \"events\": []}",
	    "\"lost_events\" is -1", "negative lost_events");
	bad("{\"metadata\": {\"total_events\": 2.5}, \"events\": []}",
	    "\"total_events\" is 2.5", "fractional total_events");
	bad("{\"metadata\": {\"start_time\": 1e300}, \"events\": []}",
	    "metadata \"start_time\" is 1e+300, not seconds since the epoch", "start_time 1e300");
	ok(run("{\"metadata\": {\"total_events\": 9007199254740992, \"lost_events\": 7.0, "
	       "\"start_time\": 1756929774.5, \"end_time\": null}, \"events\": []}", 0, &s,
	       &info) == 0 && info.meta.total_events == 9007199254740992UL &&
	   info.meta.lost_events == 7 && info.meta.start_time == 1756929774.5,
	   "counts up to 2^53 (7.0 is 7) and epoch times are read");
}

/* ---- defect 9: what Python's json.load makes of odd keys and strings ---- */

struct restarts {
	struct sink s;
	int events, samples;
};

static void on_restart(enum ft_restart what, void *arg)
{
	struct restarts *r = arg;

	if (what == FT_RESTART_EVENTS) {
		ft_stats_init(&r->s.stats);
		r->events++;
	} else {
		r->s.samples = 0;
		r->samples++;
	}
}

static int read_restart(const char *text, size_t chunk, struct restarts *r,
			struct ft_read_info *info)
{
	struct ft_reader_ops ops = { .event = on_event, .sample = on_sample,
				     .restart = on_restart, .arg = r, .quiet = true };

	memset(r, 0, sizeof(*r));
	ft_stats_init(&r->s.stats);
	return ft_read_buffer("t.json", text, strlen(text), chunk, &ops, info);
}

static void test_duplicate_keys(void)
{
	static const char *dup_events =
		"{\"events\": [" EXT(1, "MOVABLE", "UNMOVABLE", "true") ", " FAIL(2) "], "
		"\"metadata\": {\"kernel_version\": \"a\", \"total_events\": 3}, "
		"\"samples\": [" SAMPLE("1.5", "-1000, -1000, 950") "], "
		"\"metadata\": {\"kernel_version\": \"b\"}, "
		"\"events\": [" OK(3, 500) "]}";
	static const char *dup_samples =
		"{\"samples\": [" SAMPLE("1", "-1000, -1000, 1") ", " SAMPLE("2", "-1000, -1000, 2")
		"], \"events\": [" FAIL(2) "], \"samples\": [" SAMPLE("3", "-1000, -1000, 3") "]}";
	static const char *mixed =
		"{\"events\": [" FAIL(1) "], \"samples\": [" FAIL(2) "], \"events\": []}";
	struct ft_read_info info;
	struct restarts r;
	struct ft_metrics m;

	for (size_t chunk = 0; chunk <= 7; chunk += 7) {
		ok(read_restart(dup_events, chunk, &r, &info) == 0 && r.events == 1 &&
		   r.samples == 0 && info.events == 1 && info.samples == 1,
		   "a second \"events\": the first array forgotten, samples kept (chunk %zu)",
		   chunk);
		ft_stats_metrics(&r.s.stats, &m);
		ok(m.total == 1 && m.compaction_success == 1 && m.extfrag == 0,
		   "only the last \"events\" array counts, as in Python");
		ok(!strcmp(info.meta.kernel_version, "b") && info.meta.total_events == 0,
		   "a second \"metadata\" replaces the first");
		ok(read_restart(dup_samples, chunk, &r, &info) == 0 && r.samples == 1 &&
		   r.events == 0 && r.s.samples == 1 && r.s.last_sample.timestamp == 3 &&
		   info.samples == 1 && info.events == 1,
		   "a second \"samples\": only its samples count");
	}
	ok(read_restart(mixed, 0, &r, &info) == -EINVAL &&
	   strstr(info.error, "a second \"events\" key, after records read from elsewhere"),
	   "events from both arrays: refused, not guessed");
	bad(dup_events, "a second \"events\" key", "no restart hook: refused");
}

static void test_nul_type(void)
{
	struct ft_read_info info;
	struct sink s;

	ok(run("{\"events\": [{\"event_type\": \"extfrag\\u0000junk\", \"timestamp\": 1, "
	       "\"order\": 1, \"migrate_from\": \"A\", \"migrate_to\": \"B\"}, "
	       "{\"event_type\": \"fragmentation_sample\\u0000\", \"timestamp\": 1}]}",
	       0, &s, &info) == 0 && s.stats.total == 0 && info.events == 0 &&
	   info.samples == 0 && info.others == 2,
	   "\"extfrag\\u0000junk\" is not extfrag (a type of its own, as in Python)");
}

static void test_nesting(void)
{
	char text[300] = "{\"statistics\": ";
	size_t n = strlen(text);

	for (int i = 0; i < 100; i++)
		text[n++] = '[';
	text[n] = '\0';
	bad(text, "values nested more than 64 deep", "nesting 100 deep");
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
	int nsamples;
	struct ft_sample smp;
};

static int rt_sample(const struct ft_sample *smp, void *arg)
{
	struct rt *rt = arg;

	rt->nsamples++;
	rt->smp = *smp;
	return 0;
}

/* What ft_writer_sample wrote, as the reader delivers it. */
static bool same_sample(const struct ft_sample *a, const struct ft_sample *b)
{
	if (a->timestamp != b->timestamp || a->node != b->node || strcmp(a->zone, b->zone) ||
	    a->norders != b->norders || a->ntypes != b->ntypes)
		return false;
	for (int o = 0; o < a->norders; o++)
		if (a->nr_free[o] != b->nr_free[o] || a->index[o] != b->index[o] ||
		    a->unusable[o] != b->unusable[o])
			return false;
	for (int t = 0; t < a->ntypes; t++)
		if (strcmp(a->type_names[t], b->type_names[t]) || a->blocks[t] != b->blocks[t])
			return false;
	return true;
}

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
	struct ft_reader_ops ops = { .event = rt_event, .sample = rt_sample, .quiet = true };
	struct ft_sample smp = {
		.timestamp = 0.300000123, .node = 1, .zone = "DMA32", .norders = 3,
		.nr_free = { 17413, 2567, 0 }, .index = { -1000, -1000, 987 },
		.unusable = { 0, 3, 999 }, .ntypes = 3,
		.type_names = { "Unmovable", "Movable", "Reclaimable" }, .blocks = { 59, 10626, 67 },
	};
	struct ft_read_info info;
	struct ft_stats st;
	struct ft_writer *w;
	FILE *f;
	struct rt rt = { .n = 0 };
	char path[64], err[256];
	int ret;

	snprintf(path, sizeof(path), "/tmp/unit_reader.%d.%s", (int)getpid(), ext);
	ft_stats_init(&st);
	f = fopen(path, "w");
	w = f ? ft_writer_open(f, path, &meta, err, sizeof(err)) : NULL;
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
		ok(info.samples == 1 && !info.others && rt.nsamples == 1 &&
		   same_sample(&rt.smp, &smp) && !strcmp(info.meta.kernel_version, "6.18.0"),
		   "%s: the sample reads back field for field, the metadata is read", ext);
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
	test_token_bound();
	test_meta_values();
	test_duplicate_keys();
	test_nul_type();
	test_nesting();
	test_samples();
	test_sample_errors();
	test_roundtrip("json", true);
	test_roundtrip("jsonl", true);
	test_roundtrip("json", false);
	test_roundtrip("jsonl", false);
	return tap_done();
}
