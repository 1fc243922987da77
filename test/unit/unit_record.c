// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the record path: decoding, names, summary, JSON output,
 * tracefs detection. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/console.h"
#include "json/writer.h"
#include "model/stats.h"
#include "trace/tracefs.h"
#include "trace/tracer.h"
#include "util/text.h"
#include "tap.h"

/* the probes under test (probes/registry.c lists them), and their lines
 * there: the source their events carry */
extern const struct ft_probe ft_probe_extfrag, ft_probe_compaction_oot,
	ft_probe_compaction_mainline;
enum { FT_SRC_EXTFRAG, FT_SRC_OOT, FT_SRC_MAINLINE };

static struct ft_clock clk = { .mono_start_ns = 1000000000ULL, .real_start = 1756900000.0 };

static struct ft_event raw_extfrag(int order, int fb, int from, int to, int claim)
{
	struct ft_event ev = { 0 };

	ev.timestamp_ns = 1000000000ULL + 26311878648ULL;
	ev.pid = 4242;
	ev.tid = 4243;
	ev.order = order;
	ev.fallback_order = fb;
	ev.migrate_from = from;
	ev.migrate_to = to;
	ev.is_steal = !claim;
	ev.pfn = 0x12345;
	ev.event_type = FT_EV_EXTFRAG;
	ev.source = FT_SRC_EXTFRAG;
	memcpy(ev.comm, "thpcompact", 11);
	return ev;
}

static void test_names(void)
{
	char buf[32];

	ft_migrate_name(0, buf, sizeof(buf));
	is_str(buf, "UNMOVABLE", "migrate type 0");
	ft_migrate_name(2, buf, sizeof(buf));
	is_str(buf, "RECLAIMABLE", "migrate type 2");
	ft_migrate_name(6, buf, sizeof(buf));
	is_str(buf, "ISOLATE", "migrate type 6");
	ft_migrate_name(9, buf, sizeof(buf));
	is_str(buf, "TYPE_9", "unknown migrate type as the seed names it");
	ft_migrate_name(-3, buf, sizeof(buf));
	is_str(buf, "TYPE_-3", "negative migrate type");
	is_str(ft_zone_name(2), "Normal", "zone 2");
	is_str(ft_zone_name(7), "Unknown", "zone out of range");
	ok(ft_kind_from_name("compaction_failure") == FT_KIND_COMPACTION_FAILURE, "kind by name");
	ok(ft_kind_from_name("bogus") == -1, "unknown kind");
}

static void test_severity(void)
{
	ok(ft_severity2("MOVABLE", "UNMOVABLE") == -4, "->UNMOVABLE is very bad");
	ok(ft_severity2("UNMOVABLE", "MOVABLE") == 2, "UNMOVABLE-> is good");
	ok(ft_severity2("RECLAIMABLE", "MOVABLE") == 2, "->MOVABLE is good");
	ok(ft_severity2("MOVABLE", "RECLAIMABLE") == -2, "MOVABLE->RECLAIMABLE is bad");
	ok(ft_severity2("HIGHATOMIC", "RECLAIMABLE") == -1, "->RECLAIMABLE slightly bad");
	ok(ft_severity2("CMA", "HIGHATOMIC") == 0, "neutral");
	is_str(ft_severity_marker(-4), "!!", "marker !!");
	is_str(ft_severity_marker(-2), "!", "marker !");
	is_str(ft_severity_marker(-1), "=", "marker = for slightly bad (seed)");
	is_str(ft_severity_marker(2), "+", "marker +");
}

static void test_decode(void)
{
	struct ft_event ev = raw_extfrag(2, 10, 1, 0, 0);
	struct ft_record r;

	ok(ft_probe_extfrag.decode(&ev, &clk, &r), "extfrag decodes");
	ok(r.kind == FT_KIND_EXTFRAG, "kind extfrag");
	ok(r.timestamp > 26.311878 && r.timestamp < 26.311879, "relative timestamp %.9f",
	   r.timestamp);
	ok(r.pid == 4242 && r.tid == 4243, "pid and tid");
	is_str(r.comm, "thpcompact", "comm");
	is_str(r.migrate_from, "MOVABLE", "migrate_from is the fallback type");
	is_str(r.migrate_to, "UNMOVABLE", "migrate_to is the alloc type");
	ok(r.is_steal, "change_ownership=0 is a steal");
	ok(r.order == 2 && r.fallback_order == 10, "orders");
	ok(r.fragmentation_index == FT_NONE, "no placeholder fragmentation index");
	ok(r.pfn == 0x12345, "pfn kept");
	ok(strncmp(r.absolute_time, "2025-09-", 8) == 0 && strlen(r.absolute_time) == 26,
	   "absolute time is ISO with microseconds: %s", r.absolute_time);

	ev = raw_extfrag(0, 0, 0, 1, 1);
	memcpy(ev.comm, "bad\xff\xfe name", 11);
	ft_probe_extfrag.decode(&ev, &clk, &r);
	ok(!r.is_steal, "change_ownership=1 is a claim");
	is_str(r.comm, "bad\xef\xbf\xbd\xef\xbf\xbd name", "invalid UTF-8 replaced like Python");

	ev.event_type = FT_EV_COMPACTION_SUCCESS;
	ev.source = FT_SRC_OOT;
	ev.order = 9;
	ev.kernel_value = 977;
	ev.zone_idx = 1;
	ev.node_id = 0;
	ok(ft_probe_compaction_oot.decode(&ev, &clk, &r), "oot success decodes");
	ok(r.kind == FT_KIND_COMPACTION_SUCCESS && r.fragmentation_index == 977,
	   "success carries the kernel's index");
	is_str(r.zone, "DMA32", "zone name from idx");
	ok(r.tid == FT_NONE, "seed compaction records have no tid");
	ev.event_type = FT_EV_COMPACTION_FAILURE;
	ft_probe_compaction_oot.decode(&ev, &clk, &r);
	ok(r.kind == FT_KIND_COMPACTION_FAILURE && r.zone[0] == 0, "failure without zone");
}

static void feed(struct ft_stats *s, int order, const char *from, const char *to, bool steal)
{
	struct ft_record r;

	ft_record_init(&r, FT_KIND_EXTFRAG);
	r.order = order;
	snprintf(r.migrate_from, sizeof(r.migrate_from), "%s", from);
	snprintf(r.migrate_to, sizeof(r.migrate_to), "%s", to);
	r.is_steal = steal;
	ft_stats_add(s, &r);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[1 << 16];
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static void test_summary(void)
{
	static struct ft_stats s;
	struct ft_record r;
	char path[] = "/tmp/ft_unit_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	char *out;

	ft_stats_init(&s);
	feed(&s, 0, "MOVABLE", "UNMOVABLE", true);
	feed(&s, 0, "MOVABLE", "UNMOVABLE", true);
	feed(&s, 2, "UNMOVABLE", "RECLAIMABLE", false);
	feed(&s, 2, "RECLAIMABLE", "MOVABLE", false);
	ft_record_init(&r, FT_KIND_COMPACTION_SUCCESS);
	r.order = 9;
	ft_stats_add(&s, &r);
	r.kind = FT_KIND_COMPACTION_FAILURE;
	ft_stats_add(&s, &r);
	ft_stats_add(&s, &r);
	ok(s.bad == 2 && s.good == 2, "bad/good by the seed's severity");
	ok(s.steal == 2 && s.claim == 2, "steal/claim");
	ft_stats_print_summary(f, &s);
	fclose(f);
	out = slurp(path);
	unlink(path);
	ok(out && strstr(out, "\nTotal events captured: 7\n"), "total line");
	ok(out && strstr(out, "\n  External Fragmentation: 4\n  Compaction Success: 1\n  Compaction Failure: 2\n"),
	   "breakdown");
	ok(out && strstr(out, "0        2          50.0      %\n"), "order line, seed padding");
	ok(out && strstr(out, "\n  MOVABLE->UNMOVABLE                 2 ( 50.0%)\n"
			      "  UNMOVABLE->RECLAIMABLE             1 ( 25.0%)\n"
			      "  RECLAIMABLE->MOVABLE               1 ( 25.0%)\n"),
	   "patterns by count, ties in first-seen order");
	ok(out && strstr(out, "\n  Steal (partial): 2 (50.0%)\n  Claim (whole):   2 (50.0%)\n"),
	   "steal vs claim");
	ok(out && strstr(out, "9        1          2          3          33.3      \n"),
	   "compaction by order with the seed's trailing padding");
}

static void test_console(void)
{
	struct ft_event ev = raw_extfrag(2, 10, 1, 0, 0);
	struct ft_record r;
	char path[] = "/tmp/ft_unit_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	char *out;

	ft_probe_extfrag.decode(&ev, &clk, &r);
	ft_console_event(f, &r, false);
	ft_console_event(f, &r, true);
	fclose(f);
	out = slurp(path);
	unlink(path);
	{
		static const char want[] = "[  26.312s] EXTFRAG    Order= 2 FallbackOrder=10 "
					   "MOVABLE   ->UNMOVABLE  (steal) Process=thpcompact   "
					   "PID=  4242\n";

		ok(out && strncmp(out, want, strlen(want)) == 0,
		   "plain event line as the seed prints it");
	}
	ok(out && strstr(out, "\033[93m[  26.312s] EXTFRAG   \033[0m Order"), "colour on a tty");
}

static const char *escaped(const char *s)
{
	static char buf[256];

	ft_term_escape(s, buf, sizeof(buf));
	return buf;
}

static void test_term_escape(void)
{
	char small[7];

	is_str(escaped("thpcompact"), "thpcompact", "plain ASCII kept");
	is_str(escaped("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x90\xa7"),
	       "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x90\xa7", "printable UTF-8 kept");
	is_str(escaped("\033[31mX\033]0;pwn\007"), "\\x1b[31mX\\x1b]0;pwn\\x07",
	       "ESC and BEL spelled out");
	is_str(escaped("a\tb\nc\rd\x7f"), "a\\x09b\\x0ac\\x0dd\\x7f", "C0 controls and DEL");
	is_str(escaped("\xc2\x9b" "2J\xc2\x80\xc2\x9f\xc2\xa0"), "\\u009b2J\\u0080\\u009f\xc2\xa0",
	       "C1 controls as UTF-8 (U+009B CSI) escaped, U+00A0 kept");
	is_str(escaped("\x9b" "2J\xff\xc3"), "\\x9b2J\\xff\\xc3", "bytes that are not UTF-8 (raw C1)");
	is_str(escaped("\xe0\x80\x9b"), "\\xe0\\x80\\x9b", "an overlong C1 is three bad bytes");
	is_str(escaped("a\\x1b"), "a\\\\x1b", "a backslash doubles: no name passes for an escape");
	ok(ft_term_escape("ab\033", small, 6) == 2 && strcmp(small, "ab") == 0,
	   "cut before an escape that does not fit (%s)", small);
	ok(ft_term_escape("\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5", small, sizeof(small)) == 2 &&
		   strlen(small) == 6, "cut at a character boundary");
}

/* comm from the kernel: escaped in the event line, padded by characters */
static void test_console_hostile(void)
{
	struct ft_event ev = raw_extfrag(2, 10, 1, 0, 0);
	struct ft_record r;
	char path[] = "/tmp/ft_unit_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	char *out;

	memcpy(ev.comm, "\033[31mX\xc2\x9b" "2J", 11);
	ft_probe_extfrag.decode(&ev, &clk, &r);
	ft_console_event(f, &r, false);
	strcpy(r.comm, "\xc3\xa9t\xc3\xa9");
	ft_console_event(f, &r, true);
	fclose(f);
	out = slurp(path);
	unlink(path);
	ok(out && strstr(out, "Process=\\x1b[31mX\\u009b2J    PID=  4242\n"),
	   "ESC and C1 in comm escaped in the event line");
	ok(out && strstr(out, "Process=\xc3\xa9t\xc3\xa9          PID"),
	   "UTF-8 comm kept, padded to 12 characters (not bytes)");
	ok(out && !memchr(out, 0x9b, strlen(out)) && !strstr(out, "\xc2\x9b") &&
		   !strstr(out, "\033[31mX"), "no raw ESC-[ or CSI from comm reaches the output");
}

/* the summary's pattern names go through the same escaping */
static void test_summary_hostile(void)
{
	static struct ft_stats s;
	char path[] = "/tmp/ft_unit_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	char *out;

	ft_stats_init(&s);
	feed(&s, 0, "MOV\033[2J", "UN\xc2\x9b" "1m", true);
	ft_stats_print_summary(f, &s);
	fclose(f);
	out = slurp(path);
	unlink(path);
	ok(out && strstr(out, " MOV\\x1b[2J->UN\\u009b1m" "                " "     1 (100.0%)\n") &&
		   !strchr(out, '\033') && !strstr(out, "\xc2\x9b"),
	   "summary: ESC and C1 in pattern names escaped, column kept");
}

static void write_run(const char *path, int n)
{
	struct ft_meta meta = { .start_time = 1756929774.1973147 };
	static struct ft_stats s;
	struct ft_writer *w;
	char err[256];
	FILE *f;

	strcpy(meta.kernel_version, "6.18-test");
	strcpy(meta.compaction_source, "none");
	ft_stats_init(&s);
	f = fopen(path, "w");
	w = f ? ft_writer_open(f, path, &meta, err, sizeof(err)) : NULL;
	ok(w != NULL, "writer opens %s", path);
	if (!w)
		return;
	for (int i = 0; i < n; i++) {
		struct ft_event ev = raw_extfrag(i % 3, 10, 1, 0, i & 1);
		struct ft_record r;

		ft_probe_extfrag.decode(&ev, &clk, &r);
		if (i == 0)
			strcpy(r.comm, "q\"uo\\te\n`x`");
		ft_stats_add(&s, &r);
		ft_writer_event(w, &r);
	}
	meta.end_time = meta.start_time + 3.5;
	meta.total_events = s.total;
	meta.lost_events = 7;
	ok(ft_writer_close(w, &meta, &s) == 0, "writer closes cleanly");
}

static int run_python(const char *script, const char *path)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "python3 -c '%s' %s", script, path);
	return system(cmd);
}

static void test_json_files(void)
{
	char doc[] = "/tmp/ft_unit_doc_XXXXXX.json", lines[] = "/tmp/ft_unit_l_XXXXXX.jsonl";
	char *out;

	close(mkstemps(doc, 5));
	close(mkstemps(lines, 6));
	ok(ft_format_for_path(doc) == FT_FORMAT_DOCUMENT, ".json is a document");
	ok(ft_format_for_path(lines) == FT_FORMAT_LINES, ".jsonl is lines");
	ok(ft_format_for_path("-") == FT_FORMAT_LINES, "- is lines");

	write_run(doc, 5);
	out = slurp(doc);
	ok(out && strncmp(out, "{\"metadata\": {\"start_time\":1756929774.1973147,", 46) == 0,
	   "document starts with metadata, floats as Python writes them");
	ok(out && strstr(out, "\"comm\":\"q\\\"uo\\\\te\\n`x`\""), "comm escaped by yajl");
	ok(out && strstr(out, "\"fragmentation_index\":null"), "index null, no placeholder");
	ok(out && strstr(out, "\"lost_events\":7"), "lost events in metadata");
	if (system("command -v python3 >/dev/null") == 0) {
		ok(run_python("import json,sys; d=json.load(open(sys.argv[1])); "
			      "assert d[\"metadata\"][\"total_events\"]==5; "
			      "assert d[\"metadata\"][\"duration\"]==3.5; "
			      "assert len(d[\"events\"])==5; "
			      "assert d[\"events\"][1][\"is_steal\"] is False; "
			      "assert d[\"statistics\"][\"extfrag\"]=={\"0\":2,\"1\":2,\"2\":1}",
			      doc) == 0, "python json.load reads the document");
	} else {
		ok(1, "# SKIP python3 absent");
	}
	write_run(lines, 4);
	if (system("command -v python3 >/dev/null") == 0) {
		ok(run_python("import json,sys; L=[json.loads(l) for l in open(sys.argv[1])]; "
			      "assert len(L)==6; assert L[0][\"metadata\"][\"complete\"] is False; "
			      "assert all(l[\"event_type\"]==\"extfrag\" for l in L[1:5]); "
			      "assert L[5][\"summary\"][\"extfrag\"]==4; "
			      "assert L[5][\"metadata\"][\"lost_events\"]==7",
			      lines) == 0, "every line is one JSON object; metadata first, summary last");
	} else {
		ok(1, "# SKIP python3 absent");
	}
	unlink(doc);
	unlink(lines);
}

/* The longest metadata a run can close with still fits the document's
 * reserved slot: the longest kernel release uname gives (64), 19-digit
 * counts, and a full lost_by_pid. */
static void test_meta_slot(void)
{
	char doc[] = "/tmp/ft_unit_slot_XXXXXX.json";
	struct ft_meta meta = { .start_time = 1796102563.0998591 };
	static struct ft_stats s;
	const unsigned long big = 1000000000000000000UL;
	struct ft_writer *w;
	char err[256];
	FILE *f;

	close(mkstemps(doc, 5));
	memset(meta.kernel_version, '9', 64);
	strcpy(meta.compaction_source, "page_alloc");
	strcpy(meta.bpf_object, "compiled");
	meta.sample_interval = 0.123456789012345;
	ft_stats_init(&s);
	f = fopen(doc, "w");
	w = f ? ft_writer_open(f, doc, &meta, err, sizeof(err)) : NULL;
	ok(w != NULL, "writer opens %s", doc);
	if (!w)
		return;
	meta.end_time = meta.start_time + 86400.123456789;
	meta.total_events = meta.lost_events = big;
	meta.has_vmstat = true;
	meta.compact_stall = meta.compact_success = meta.compact_fail = big;
	for (int i = 0; i < FT_META_LOST_PIDS; i++) {
		meta.lost_pids[i].pid = 4194304 - i;
		meta.lost_pids[i].lost = big - (unsigned long)i;
	}
	meta.nlost_pids = FT_META_LOST_PIDS;
	ok(ft_writer_close(w, &meta, &s) == 0, "writer closes cleanly");
	if (system("command -v python3 >/dev/null") == 0)
		ok(run_python("import json,sys; m=json.load(open(sys.argv[1]))[\"metadata\"]; "
			      "assert m[\"complete\"] is True; "
			      "assert m[\"lost_by_pid\"][\"4194301\"]==999999999999999997; "
			      "assert list(m[\"lost_by_pid\"])==[\"4194304\",\"4194303\",\"4194302\",\"4194301\"]",
			      doc) == 0, "the longest final metadata fits its slot, lost_by_pid most first");
	else
		ok(1, "# SKIP python3 absent");
	unlink(doc);
}

static void mkfake(const char *root, const char *tp)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "mkdir -p %s/events/%s && touch %s/events/%s/id", root, tp,
		 root, tp);
	if (system(cmd) != 0)
		printf("# mkfake failed\n");
}

static void test_tracefs(void)
{
	char root[] = "/tmp/ft_fake_XXXXXX", found[4096], err[512];
	struct ft_tracer t;

	ok(mkdtemp(root) != NULL, "fake tracefs");
	ok(ft_tracefs_find(root, found, sizeof(found), err, sizeof(err)) != 0 &&
		   strstr(err, "no tracefs at"), "a tree without events/ is refused: %s", err);
	mkfake(root, "kmem/mm_page_alloc");
	ok(ft_tracefs_find(root, found, sizeof(found), err, sizeof(err)) == 0, "override used");
	ok(ft_tracer_detect(&t, root, err, sizeof(err)) != 0 &&
		   strstr(err, "kmem:mm_page_alloc_extfrag not found"), "missing extfrag: %s", err);
	mkfake(root, "kmem/mm_page_alloc_extfrag");
	ok(ft_tracer_detect(&t, root, err, sizeof(err)) == 0 && t.nprobes == 1 &&
		   strcmp(t.compaction_source, "none") == 0, "extfrag only");
	mkfake(root, "page_alloc/mm_compaction_success");
	ok(ft_tracer_detect(&t, root, err, sizeof(err)) == 0 && t.nprobes == 1,
	   "half of the out-of-tree pair is not enough");
	mkfake(root, "page_alloc/mm_compaction_failure");
	ok(ft_tracer_detect(&t, root, err, sizeof(err)) == 0 && t.nprobes == 2 &&
		   strcmp(t.compaction_source, "page_alloc") == 0, "out-of-tree compaction found");
	{
		char *text = ft_tracer_bpf_text(&t);

		ok(text && strstr(text, "TRACEPOINT_PROBE(page_alloc, mm_compaction_success)") &&
			   strstr(text, "struct ft_event {"), "BPF text has event.h and the probes");
		free(text);
	}
	setenv(FT_TRACEFS_ENV, root, 1);
	ok(ft_tracefs_find(NULL, found, sizeof(found), err, sizeof(err)) == 0 &&
		   strcmp(found, root) == 0, "$FRAGTRACK_TRACEFS honoured");
	unsetenv(FT_TRACEFS_ENV);
	{
		char cmd[256];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
		ok(system(cmd) == 0, "cleanup");
	}
}

int main(void)
{
	test_names();
	test_severity();
	test_decode();
	test_summary();
	test_console();
	test_term_escape();
	test_console_hostile();
	test_summary_hostile();
	test_json_files();
	test_meta_slot();
	test_tracefs();
	return tap_done();
}
