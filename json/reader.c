// SPDX-License-Identifier: GPL-2.0
/*
 * The streaming reader: yajl's callback parser over 64 KiB chunks, with
 * multiple top-level values allowed so the same state machine reads a
 * document and JSON lines.  Only the event being parsed is kept, so memory
 * does not depend on the file size.
 *
 * Contexts: a top-level object ("wrap") is a document, a metadata or
 * closing line, or itself an event (JSON lines): it becomes an event as
 * soon as it has a key that is not one of the document's.  Values nobody
 * needs (statistics, nested values) are skipped by counting depth.
 *
 * A record's event_type may come after its other keys, so the fields of a
 * fragmentation sample (its arrays and its "blocks" object) are read into
 * the pending record whatever it turns out to be; their errors wait, like
 * the event fields' ones, until the type says whether they matter.
 */
#include "json/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

#include "model/stats.h"
#include "util/text.h"

#define CHUNK (64 * 1024)
#define TYPE_LEN 64
#define ERR_LEN 200

enum ctx { CX_NONE, CX_WRAP, CX_EVENTS, CX_EVENT, CX_META, CX_SARRAY, CX_SBLOCKS };

/* Event fields are the schema's (FT_RECORD_FIELDS, model/record.h). */
#define F_UNKNOWN (-1)

/* The fields of a fragmentation sample that events do not have. */
enum sfid { S_NONE, S_FREE, S_INDEX, S_UNUSABLE, S_BLOCKS, S_COUNT };

static const char *const sample_keys[S_COUNT] = {
	[S_FREE] = "free", [S_INDEX] = "index", [S_UNUSABLE] = "unusable", [S_BLOCKS] = "blocks",
};

/* The fields a sample shares with events: only their errors matter to it. */
#define SAMPLE_FIDS ((1u << FT_F_TIMESTAMP) | (1u << FT_F_TYPE) | (1u << FT_F_NODE) | (1u << FT_F_ZONE))
#define SAMPLE_TYPE "fragmentation_sample"
/* Free blocks and pageblocks of one zone: far more than any machine has,
 * small enough that sums over zones cannot overflow. */
#define SAMPLE_COUNT_MAX (1LL << 40)

/* What the key just read in a wrap object announces. */
enum wkey { WK_FIELD, WK_EVENTS, WK_META, WK_SKIP };

/* The document's arrays of records, and the classes of what they hold. */
enum akey { AK_EVENTS, AK_SAMPLES, AK_COUNT };
enum rclass { RC_EVENTS, RC_SAMPLES, RC_OTHERS, RC_COUNT };
static const char *const akey_names[AK_COUNT] = { "events", "samples" };

enum mkey { MK_OTHER, MK_START, MK_END, MK_DURATION, MK_TOTAL, MK_LOST, MK_KERNEL, MK_SOURCE };

/* The event being parsed. */
struct pending {
	struct ft_record r;
	unsigned seen;              /* bit per enum fid, set when not null */
	bool any;                   /* a wrap that turned out to be an event */
	char type[TYPE_LEN];
	bool type_nul;              /* "extfrag\u0000x": no type of ours */
	char err[ERR_LEN];          /* first type error, reported if the type is known */
	int err_fid;                /* the field err is about */
	struct ft_field kv[FT_FIELDS_MAX];
	int nkv;
	/* a sample's own fields; reset field by field, not memset */
	struct ft_sample smp;
	int na[S_COUNT];            /* entries read of each array */
	unsigned sseen;             /* bit per enum sfid */
	size_t zone_len;            /* "zone" as written, before any cut */
	bool zone_nul;
	char serr[ERR_LEN];         /* first error of a sample field */
};

struct jr {
	yajl_handle h;
	const char *name;
	const struct ft_reader_ops *ops;
	struct ft_read_info *info;
	enum ctx stack[6];          /* deepest: wrap, events, event, sample array */
	int depth;                  /* entries of stack in use */
	int skip;                   /* >0: inside a value being skipped */
	int fid;                    /* event: field of the last key */
	int next_fid;               /* the field that followed it last time */
	int sfid;                   /* enum sfid of the last key */
	int bslot;                  /* "blocks": the type of the last key, -1 */
	char key[FT_FIELD_KEY_LEN]; /* event: the last key, for ops->other */
	enum wkey wkey;             /* wrap: the last key */
	enum akey akey;             /* wrap: which array WK_EVENTS opens */
	unsigned arrays_seen;       /* wrap: bit per enum akey */
	unsigned long arr_base[RC_COUNT];          /* counts when the array opened */
	unsigned long arr_count[AK_COUNT][RC_COUNT]; /* what each array delivered */
	/* token lengths (see token_bound()) */
	const unsigned char *buf;   /* the chunk being parsed */
	size_t buf_len;
	unsigned long long buf_at;  /* its offset in the input */
	bool cb_seen;               /* a callback came in this chunk */
	bool val_seen;              /* a string or number ended in it */
	size_t val_end;             /* the chunk offset after the last one */
	size_t tok_open;            /* bytes of a token cut by the last chunk's end */
	unsigned long long tok_at;  /* the input offset of the token measured */
	unsigned char tok_first;    /* and its first byte: '"' a string */
	enum mkey mkey;             /* metadata: the last key */
	bool wrap_events, wrap_meta, wrap_closing;
	unsigned long nobjects;     /* event objects seen (for messages) */
	unsigned long top_values;   /* completed top-level values */
	bool started;               /* a top-level object was opened */
	bool closing_seen;          /* a lines file's closing line */
	bool failed;
	int stop;                   /* non-zero ops->event return */
	char *map;                  /* a pageblock_map's "map", whole */
	size_t map_len, map_cap;
	bool map_seen;
	struct pending p;
};

static int fail(struct jr *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct jr *j, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!j->failed)
		snprintf(j->info->error, sizeof(j->info->error), "%s: %s", j->name, msg);
	j->failed = true;
	return 0; /* cancels the parse */
}

/* The first type error of an event, kept until its event_type is known. */
static void defer(struct jr *j, const char *fmt, const char *name)
{
	if (j->p.err[0])
		return;
	snprintf(j->p.err, sizeof(j->p.err), fmt, name);
	j->p.err_fid = j->fid;
}

static void sdefer(struct jr *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The first error in a sample's own fields, kept until the type is known. */
static void sdefer(struct jr *j, const char *fmt, ...)
{
	va_list ap;

	if (j->p.serr[0])
		return;
	va_start(ap, fmt);
	vsnprintf(j->p.serr, sizeof(j->p.serr), fmt, ap);
	va_end(ap);
}

/* A field's type as JSON has it: event_type is a string, pfn an integer. */
static enum ft_ftype jtype(int fid)
{
	switch (ft_fields[fid].type) {
	case FT_T_KIND:
		return FT_T_STR;
	case FT_T_LLONG:
		return FT_T_INT;
	default:
		return ft_fields[fid].type;
	}
}

/* *next: keys come in the same order event after event, try it first.
 * A field the seed writes at two places is known by its first line. */
static int field_id(const unsigned char *k, size_t len, int *next)
{
	int n = *next;

	if (n >= 0 && n < FT_F_COUNT && ft_fields[n].len == len && memcmp(k, ft_fields[n].key, len) == 0) {
		*next = n + 1;
		return ft_fields[n].first;
	}
	for (int i = 0; i < FT_F_COUNT; i++)
		if (ft_fields[i].len == len && memcmp(k, ft_fields[i].key, len) == 0) {
			*next = i + 1;
			return i;
		}
	return F_UNKNOWN;
}

static bool key_is(const unsigned char *k, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(k, s, len) == 0;
}

static void begin_event(struct jr *j)
{
	memset(&j->p, 0, offsetof(struct pending, kv));
	j->p.nkv = 0;
	/* the ~500 bytes of the sample are not cleared for every event */
	memset(j->p.na, 0, sizeof(j->p.na));
	j->p.smp.ntypes = 0;
	j->p.sseen = 0;
	j->p.serr[0] = '\0';
	ft_record_init(&j->p.r, FT_KIND_EXTFRAG);
	j->fid = F_UNKNOWN;
	j->sfid = S_NONE;
	j->bslot = -1;
	j->map_len = 0;
	j->map_seen = false;
}

static enum ctx top(const struct jr *j)
{
	return j->depth ? j->stack[j->depth - 1] : CX_NONE;
}

static void push(struct jr *j, enum ctx c)
{
	j->stack[j->depth++] = c;
}

/* ---- the size of tokens ---- */

/*
 * yajl keeps a token cut by a chunk boundary and rescans it from its
 * start on every chunk until it ends: a 40 MB number took 66 s.  So the
 * reader bounds tokens at FT_TOKEN_MAX as written.  Chunks are at most
 * that long, so only a token cut by a chunk's end needs measuring: it
 * starts after the chunk's last string or number (whose callback knows
 * where it ends) and what may follow that (separators, brackets, short
 * literals), then grows chunk by chunk until its own callback.  Past the
 * bound the read stops: a token costs at most FT_TOKEN_MAX^2 / CHUNK, and
 * the time stays linear in the input.  Callbacks do no more than that
 * (a 300 MB file has 40 million of them).
 */

static int token_too_long(struct jr *j)
{
	return fail(j, "a JSON %s longer than %s (%d bytes) at byte %llu, after %lu events: "
		    "not a recording (the reader takes tokens up to that size)",
		    j->tok_first == '"' ? "string" : "number", FT_TOKEN_MAX_TEXT, FT_TOKEN_MAX,
		    j->tok_at, j->nobjects);
}

/* Any callback: a token ended in this chunk (if the first, the cut one). */
static struct jr *token_seen(void *ctx)
{
	struct jr *j = ctx;

	j->cb_seen = true;
	return j;
}

/* The first callback of a chunk ends the token cut by the last one. */
static bool cut_token_ends(struct jr *j)
{
	j->val_end = yajl_get_bytes_consumed(j->h);
	j->val_seen = j->cb_seen = true;
	return j->tok_open + j->val_end <= FT_TOKEN_MAX || token_too_long(j);
}

/*
 * A string (quote 1: its closing quote) or number of len bytes at s
 * ended.  Returns ctx as the callback's struct jr, NULL when it was the
 * token cut by the last chunk's end and that is too long.  Inline: the
 * string and number callbacks are most of the parse.
 */
static inline __attribute__((always_inline)) struct jr *value_seen(void *ctx, const void *s,
								     size_t len, size_t quote)
{
	struct jr *j = ctx;
	size_t at = (uintptr_t)s - (uintptr_t)j->buf;

	if (__builtin_expect(!j->cb_seen && j->tok_open, 0))
		return cut_token_ends(j) ? j : NULL;
	/* into the chunk, unless yajl copied the string to unescape it */
	j->val_end = at < j->buf_len ? at + len + quote : yajl_get_bytes_consumed(j->h);
	j->val_seen = j->cb_seen = true;
	return j;
}

static bool value_start(unsigned char c)
{
	return c == '"' || c == '-' || (c >= '0' && c <= '9');
}

/* After a chunk of len bytes: the token it ends inside of, if any. */
static bool token_bound(struct jr *j, size_t len)
{
	size_t at;

	if (!j->cb_seen && j->tok_open) {
		j->tok_open += len; /* nothing ended: the cut token went on */
	} else {
		at = j->val_seen ? j->val_end : 0;
		while (at < len && !value_start(j->buf[at]))
			at++;
		j->tok_open = len - at;
		j->tok_at = j->buf_at + at;
		j->tok_first = at < len ? j->buf[at] : 0;
	}
	j->cb_seen = j->val_seen = false;
	return j->tok_open <= FT_TOKEN_MAX || token_too_long(j);
}

/* ---- recording scalar values of an event ---- */

static struct ft_field *kv_add(struct jr *j, enum ft_field_type type)
{
	struct ft_field *f;

	if ((!j->ops->other && !j->ops->map) || j->p.nkv >= FT_FIELDS_MAX)
		return NULL;
	f = &j->p.kv[j->p.nkv++];
	memcpy(f->key, j->key, sizeof(f->key));
	f->type = type;
	f->text[0] = '\0';
	f->number = 0;
	return f;
}

/*
 * Copies a JSON string: yajl has checked that it is UTF-8, so only a cut
 * needs care (back to the start of the character it would split).
 */
static void copy_str(char *dst, size_t dlen, const unsigned char *s, size_t len)
{
	const unsigned char *nul = memchr(s, '\0', len);

	if (nul)
		len = nul - s;
	if (len >= dlen) {
		len = dlen - 1;
		while (len && (s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static const double pow10_tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/*
 * strtod() for the common "123.456789" without exponent: an integer
 * mantissa below 2^53 divided by an exact power of ten is one correctly
 * rounded operation, so the result is strtod's.  Anything else: strtod().
 */
static double parse_double(const char *txt)
{
	unsigned long long m = 0;
	const char *p = txt;
	bool neg = *p == '-';
	int frac = -1;

	p += neg;
	for (; *p; p++) {
		if (*p == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || m >= (1ULL << 53) / 10)
			return strtod(txt, NULL);
		m = m * 10 + (*p - '0');
		frac += frac >= 0;
	}
	if (frac > 22)
		return strtod(txt, NULL);
	return (neg ? -1.0 : 1.0) * (double)m / pow10_tab[frac < 0 ? 0 : frac];
}

static bool parse_int(const char *txt, long long *out)
{
	const char *p = txt;
	bool neg = *p == '-';
	unsigned long long v = 0;
	char *end;
	double d;

	p += neg;
	for (; *p >= '0' && *p <= '9' && v < 100000000000000000ULL; p++)
		v = v * 10 + (*p - '0');
	if (!*p && p > txt + neg) {
		*out = neg ? -(long long)v : (long long)v;
		return true;
	}
	if (!strpbrk(txt, ".eE"))
		return false; /* too long for a long long */
	/* 9.0 is the integer 9; 9.5 is not */
	d = strtod(txt, &end);
	if (*end || !isfinite(d) || d != floor(d) || fabs(d) > 9e18)
		return false;
	*out = (long long)d;
	return true;
}

static void set_int_field(struct jr *j, int fid, long long v)
{
	const struct ft_field_def *f = &ft_fields[fid];
	/* out of range values become INT_MAX so the checks catch them */
	int iv = v > INT_MAX || v < INT_MIN + 1 ? INT_MAX : (int)v;

	/* the seed tracer kept orders in a u32: -1 reads 4294967295 */
	if ((fid == FT_F_ORDER || fid == FT_F_FALLBACK) && v == 4294967295LL)
		iv = -1;
	if (f->type == FT_T_LLONG)
		*(long long *)ft_field_ptr(f, &j->p.r) = v < -1 ? -2 : v;
	else
		*(int *)ft_field_ptr(f, &j->p.r) = iv;
}

static void set_number(struct jr *j, const char *txt)
{
	long long v;

	if (jtype(j->fid) == FT_T_NUM) {
		*(double *)ft_field_ptr(&ft_fields[j->fid], &j->p.r) = parse_double(txt);
	} else if (jtype(j->fid) == FT_T_INT) {
		if (!parse_int(txt, &v)) {
			defer(j, "\"%s\" must be an integer", ft_fields[j->fid].key);
			return;
		}
		set_int_field(j, j->fid, v);
	} else {
		defer(j, jtype(j->fid) == FT_T_STR ? "\"%s\" must be a string" :
			  "\"%s\" must be true or false", ft_fields[j->fid].key);
		return;
	}
	j->p.seen |= 1u << j->fid;
}

static void set_string(struct jr *j, const unsigned char *s, size_t len)
{
	struct ft_record *r = &j->p.r;

	if (jtype(j->fid) != FT_T_STR) {
		defer(j, jtype(j->fid) == FT_T_BOOL ? "\"%s\" must be true or false" :
			  jtype(j->fid) == FT_T_INT ? "\"%s\" must be an integer" :
			  "\"%s\" must be a number", ft_fields[j->fid].key);
		return;
	}
	switch (j->fid) {
	case FT_F_TYPE:
		copy_str(j->p.type, sizeof(j->p.type), s, len);
		j->p.type_nul = memchr(s, '\0', len) != NULL;
		break;
	case FT_F_ZONE:
		copy_str(r->zone, sizeof(r->zone), s, len);
		j->p.zone_len = len;
		j->p.zone_nul = memchr(s, '\0', len) != NULL;
		break;
	case FT_F_FROM:
	case FT_F_TO:
		/* a pattern's identity: never truncated */
		if (len >= FT_MT_NAME_LEN || memchr(s, '\0', len)) {
			defer(j, "\"%s\" is not a migrate type name (too long)", ft_fields[j->fid].key);
			return;
		}
		memcpy(j->fid == FT_F_FROM ? r->migrate_from : r->migrate_to, s, len);
		(j->fid == FT_F_FROM ? r->migrate_from : r->migrate_to)[len] = '\0';
		break;
	default:
		copy_str(ft_field_ptr(&ft_fields[j->fid], r), ft_fields[j->fid].size, s, len);
		break;
	}
	j->p.seen |= 1u << j->fid;
}

/* ---- a fragmentation sample's own fields ---- */

static int sample_field(const unsigned char *k, size_t len)
{
	for (int i = S_FREE; i < S_COUNT; i++)
		if (key_is(k, len, sample_keys[i]))
			return i;
	return S_NONE;
}

/* A scalar (or the wrong container) after a sample's key. */
static void sample_scalar(struct jr *j)
{
	if (j->sfid == S_BLOCKS)
		sdefer(j, "\"blocks\" must be an object of pageblock counts");
	else if (j->sfid != S_NONE)
		sdefer(j, "\"%s\" must be an array of integers", sample_keys[j->sfid]);
}

/* An array or object after a sample's key: read it, or skip it. */
static void sample_container(struct jr *j, bool is_map)
{
	if (is_map == (j->sfid == S_BLOCKS)) {
		j->p.sseen |= 1u << j->sfid;
		push(j, is_map ? CX_SBLOCKS : CX_SARRAY);
		return;
	}
	sample_scalar(j);
	j->skip = 1;
}

static const struct {
	long long lo, hi;
} sample_range[S_COUNT] = {
	[S_FREE] = { 0, SAMPLE_COUNT_MAX }, /* said as 2^40: see sample_entry() */
	[S_INDEX] = { -1000, 1000 },
	[S_UNUSABLE] = { 0, 1000 },
};

/* An entry of free, index or unusable; txt NULL: not a number. */
static void sample_entry(struct jr *j, const char *txt)
{
	struct pending *p = &j->p;
	const char *name = sample_keys[j->sfid];
	int n = p->na[j->sfid];
	long long v;

	if (!txt || !parse_int(txt, &v)) {
		sdefer(j, "\"%s\" must be an array of integers", name);
		return;
	}
	if (v < sample_range[j->sfid].lo || v > sample_range[j->sfid].hi) {
		if (j->sfid == S_FREE)
			sdefer(j, "\"free\"[%d] is %s, outside 0..2^40", n, txt);
		else
			sdefer(j, "\"%s\"[%d] is %s, outside %lld..%lld", name, n, txt,
			       sample_range[j->sfid].lo, sample_range[j->sfid].hi);
		return;
	}
	if (n >= FT_SAMPLE_ORDERS) {
		sdefer(j, "\"%s\" has more than %d orders", name, FT_SAMPLE_ORDERS);
		return;
	}
	if (j->sfid == S_FREE)
		p->smp.nr_free[n] = (unsigned long)v;
	else if (j->sfid == S_INDEX)
		p->smp.index[n] = (int)v;
	else
		p->smp.unusable[n] = (int)v;
	p->na[j->sfid]++;
}

/* A key of "blocks": a migrate type name, kept whole or refused. */
static void blocks_key(struct jr *j, const unsigned char *k, size_t len)
{
	struct ft_sample *smp = &j->p.smp;
	int t;

	j->bslot = -1;
	if (!len || len >= FT_SAMPLE_NAME || memchr(k, '\0', len)) {
		sdefer(j, "\"blocks\" has a migrate type name of %zu bytes, not 1..%d", len,
		       FT_SAMPLE_NAME - 1);
		return;
	}
	/* a repeated key: the last value wins, as in most JSON readers */
	for (t = 0; t < smp->ntypes; t++)
		if (strlen(smp->type_names[t]) == len && !memcmp(smp->type_names[t], k, len))
			break;
	if (t == FT_SAMPLE_TYPES) {
		sdefer(j, "\"blocks\" has more than %d migrate types", FT_SAMPLE_TYPES);
		return;
	}
	memcpy(smp->type_names[t], k, len);
	smp->type_names[t][len] = '\0';
	j->bslot = t;
}

static void blocks_value(struct jr *j, const char *txt)
{
	struct ft_sample *smp = &j->p.smp;
	long long v;

	if (!txt || !parse_int(txt, &v) || v < 0 || v > SAMPLE_COUNT_MAX) {
		sdefer(j, "\"blocks\" counts must be integers from 0 to 2^40");
		j->bslot = -1;
		return;
	}
	if (j->bslot < 0)
		return;
	smp->blocks[j->bslot] = (unsigned long)v;
	if (j->bslot == smp->ntypes)
		smp->ntypes++;
	j->bslot = -1;
}

/* A scalar inside a sample's array or "blocks"; txt NULL: not a number. */
static int sample_value(struct jr *j, const char *txt)
{
	if (top(j) == CX_SARRAY)
		sample_entry(j, txt);
	else
		blocks_value(j, txt);
	return 1;
}

/* ---- yajl callbacks ---- */

/* A scalar in the current context: 0 cancels the parse. */
static int scalar_in_wrap(struct jr *j);

/* Where a scalar goes, by the container it stands in. */
enum route { R_FIELD, R_IGNORE, R_META, R_SAMPLE, R_STOP };

static enum route route_scalar(struct jr *j)
{
	switch (top(j)) {
	case CX_SARRAY:
	case CX_SBLOCKS:
		return R_SAMPLE;
	case CX_EVENT:
		return R_FIELD;
	case CX_WRAP:
		if (!scalar_in_wrap(j))
			return R_STOP;
		return j->wkey == WK_FIELD ? R_FIELD : R_IGNORE;
	case CX_META:
		return R_META;
	case CX_EVENTS:
		fail(j, "event %lu is not an object", j->nobjects + 1);
		return R_STOP;
	default:
		fail(j, "not a fragmentation recording (the top-level value is not an object)");
		return R_STOP;
	}
}

/*
 * The head every scalar callback shares: true when the scalar is a field
 * of the event being read, for the caller to store.  Otherwise *ret is
 * the callback's answer, *meta says the scalar is the metadata's (for the
 * callbacks that keep some), and entries of a sample's arrays went to
 * sample_value() (num: the number's text; NULL, not a number).
 */
static bool scalar_is_field(struct jr *j, const char *num, bool *meta, int *ret)
{
	*meta = false;
	*ret = 1;
	if (j->skip)
		return false;
	switch (route_scalar(j)) {
	case R_FIELD:
		return true;
	case R_META:
		*meta = true;
		return false;
	case R_SAMPLE:
		*ret = sample_value(j, num);
		return false;
	case R_STOP:
		*ret = 0;
		return false;
	default:
		return false;
	}
}

static int on_null(void *ctx)
{
	struct jr *j = token_seen(ctx);
	bool meta;
	int ret;

	if (!scalar_is_field(j, NULL, &meta, &ret))
		return ret;
	kv_add(j, FT_FIELD_NULL);
	if (j->fid == F_UNKNOWN)
		sample_scalar(j);
	else if (!ft_fields[j->fid].nullable)
		defer(j, "\"%s\" is null", ft_fields[j->fid].key);
	else
		j->p.seen &= ~(1u << j->fid);
	if (j->fid == FT_F_FRAGIDX)
		j->p.r.fragmentation_index = FT_NONE;
	return 1;
}

static int on_bool(void *ctx, int b)
{
	struct jr *j = token_seen(ctx);
	struct ft_field *f;
	bool meta;
	int ret;

	if (!scalar_is_field(j, NULL, &meta, &ret))
		return ret;
	f = kv_add(j, FT_FIELD_BOOL);
	if (f) {
		f->number = b;
		snprintf(f->text, sizeof(f->text), "%s", b ? "true" : "false");
	}
	if (j->fid == F_UNKNOWN) {
		sample_scalar(j);
		return 1;
	}
	if (jtype(j->fid) != FT_T_BOOL) {
		defer(j, jtype(j->fid) == FT_T_STR ? "\"%s\" must be a string, not a boolean" :
			  "\"%s\" must be a number, not a boolean", ft_fields[j->fid].key);
		return 1;
	}
	*(bool *)ft_field_ptr(&ft_fields[j->fid], &j->p.r) = b;
	j->p.seen |= 1u << j->fid;
	return 1;
}

/* "total_events" and "lost_events": counts, never converted out of range */
static int meta_count(struct jr *j, const char *name, const char *txt, unsigned long *out)
{
	long long v;

	if (!parse_int(txt, &v) || v < 0 || (double)v > FT_COUNT_MAX)
		return fail(j, "metadata \"%s\" is %s, not a count of events (an integer "
			    "0..2^53)", name, txt);
	*out = (unsigned long)v;
	return 1;
}

/* "start_time" and "end_time": seconds since the epoch (0: unknown) */
static int meta_time(struct jr *j, const char *name, double v, double *out)
{
	if (!isfinite(v) || v < 0 || v > FT_EPOCH_MAX)
		return fail(j, "metadata \"%s\" is %g, not seconds since the epoch (0..%g)",
			    name, v, FT_EPOCH_MAX);
	*out = v;
	return 1;
}

static int meta_number(struct jr *j, const char *txt)
{
	struct ft_meta *m = &j->info->meta;
	double v = strtod(txt, NULL);

	switch (j->mkey) {
	case MK_START:
		return meta_time(j, "start_time", v, &m->start_time);
	case MK_END:
		return meta_time(j, "end_time", v, &m->end_time);
	case MK_DURATION:
		j->info->duration = isfinite(v) ? v : 0;
		return 1;
	case MK_TOTAL:
		return meta_count(j, "total_events", txt, &m->total_events);
	case MK_LOST:
		return meta_count(j, "lost_events", txt, &m->lost_events);
	default:
		return 1;
	}
}

static int on_number(void *ctx, const char *s, size_t len)
{
	struct jr *j = value_seen(ctx, s, len, 0);
	struct ft_field *f;
	char txt[64];
	bool meta;
	int ret;

	if (!j)
		return 0; /* the token was too long */
	if (j->skip)
		return 1;
	if (len >= sizeof(txt))
		len = sizeof(txt) - 1; /* strtod of the prefix: absurd anyway */
	memcpy(txt, s, len);
	txt[len] = '\0';
	if (!scalar_is_field(j, txt, &meta, &ret))
		return meta ? meta_number(j, txt) : ret;
	f = kv_add(j, FT_FIELD_NUMBER);
	if (f) {
		snprintf(f->text, sizeof(f->text), "%s", txt);
		f->number = strtod(txt, NULL);
	}
	if (j->fid != F_UNKNOWN)
		set_number(j, txt);
	else
		sample_scalar(j);
	return 1;
}

static void meta_string(struct jr *j, const unsigned char *s, size_t len)
{
	struct ft_meta *m = &j->info->meta;

	if (j->mkey == MK_KERNEL)
		copy_str(m->kernel_version, sizeof(m->kernel_version), s, len);
	else if (j->mkey == MK_SOURCE)
		copy_str(m->compaction_source, sizeof(m->compaction_source), s, len);
}

/* a map longer than this is not one (2^26 pageblocks: 128 TiB of 2 MiB) */
#define MAP_MAX (64u << 20)

/* A pageblock_map's "map": kept whole (kv cuts strings) until its type is
 * known. */
static int keep_map(struct jr *j, const unsigned char *s, size_t len)
{
	if (len > MAP_MAX)
		return fail(j, "a \"map\" of %zu bytes", len);
	if (len + 1 > j->map_cap) {
		char *n = realloc(j->map, len + 1);

		if (!n)
			return fail(j, "out of memory");
		j->map = n;
		j->map_cap = len + 1;
	}
	memcpy(j->map, s, len);
	j->map[len] = '\0';
	j->map_len = len;
	j->map_seen = true;
	return 1;
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
	struct jr *j = value_seen(ctx, s, len, 1);
	struct ft_field *f;
	bool meta;
	int ret;

	if (!j)
		return 0; /* the token was too long */
	if (!scalar_is_field(j, NULL, &meta, &ret)) {
		if (meta)
			meta_string(j, s, len);
		return ret;
	}
	f = kv_add(j, FT_FIELD_STRING);
	if (f)
		copy_str(f->text, sizeof(f->text), s, len);
	if (j->ops->map && j->fid == F_UNKNOWN && strcmp(j->key, "map") == 0)
		return keep_map(j, s, len);
	if (j->fid != F_UNKNOWN)
		set_string(j, s, len);
	else
		sample_scalar(j);
	return 1;
}

/* A scalar after a wrap key: the document's own keys take no scalars. */
static int scalar_in_wrap(struct jr *j)
{
	if (j->wkey == WK_EVENTS)
		return fail(j, "\"%s\" is not an array", akey_names[j->akey]);
	if (j->wkey == WK_META)
		j->wkey = WK_SKIP; /* "metadata": null and the like: nothing to read */
	return 1;
}

static int on_map_key(void *ctx, const unsigned char *k, size_t len)
{
	struct jr *j = value_seen(ctx, k, len, 1);

	if (!j)
		return 0; /* the token was too long */
	if (j->skip)
		return 1;
	switch (top(j)) {
	case CX_WRAP:
		/* a document's samples are records like its events */
		if (key_is(k, len, "events") || key_is(k, len, "samples")) {
			j->wkey = WK_EVENTS;
			j->akey = k[0] == 'e' ? AK_EVENTS : AK_SAMPLES;
			return 1;
		}
		if (key_is(k, len, "metadata")) {
			j->wkey = WK_META;
			return 1;
		}
		if (key_is(k, len, "statistics") || key_is(k, len, "summary")) {
			j->wkey = WK_SKIP;
			j->wrap_closing = true;
			return 1;
		}
		if (j->wrap_events)
			return fail(j, "an object has both \"events\" and event fields");
		j->wkey = WK_FIELD;
		j->p.any = true;
		/* fall through: an event's field */
		/* FALLTHRU */
	case CX_EVENT:
		j->fid = field_id(k, len, &j->next_fid);
		j->sfid = j->fid == F_UNKNOWN ? sample_field(k, len) : S_NONE;
		if (j->ops->other || j->ops->map)
			copy_str(j->key, sizeof(j->key), k, len);
		return 1;
	case CX_META:
		j->mkey = key_is(k, len, "start_time") ? MK_START :
			  key_is(k, len, "end_time") ? MK_END :
			  key_is(k, len, "duration") ? MK_DURATION :
			  key_is(k, len, "total_events") ? MK_TOTAL :
			  key_is(k, len, "lost_events") ? MK_LOST :
			  key_is(k, len, "kernel_version") ? MK_KERNEL :
			  key_is(k, len, "compaction_source") ? MK_SOURCE : MK_OTHER;
		return 1;
	case CX_SBLOCKS:
		blocks_key(j, k, len);
		return 1;
	default:
		return 1;
	}
}

/* A nested object or array where an event field was expected. */
static void nested_field(struct jr *j, bool is_map)
{
	if (j->sfid != S_NONE) {
		sample_container(j, is_map);
		return;
	}
	if (j->fid != F_UNKNOWN)
		defer(j, "\"%s\" must be a scalar, not an object or array", ft_fields[j->fid].key);
	j->skip = 1;
}

/* The record counts of enum rclass. */
static unsigned long *class_count(struct jr *j, int c)
{
	return c == RC_EVENTS ? &j->info->events : c == RC_SAMPLES ? &j->info->samples :
	       &j->info->others;
}

/*
 * A second "events" (or "samples") key in one object: Python keeps the
 * last, so what the first array delivered must be forgotten.  Possible
 * when each class it delivered came from it alone (the consumer then
 * drops the whole class); else the file is refused.  Unknown records are
 * only counted, unless ops->other saw them.
 */
static int duplicate_array(struct jr *j)
{
	const unsigned long *was = j->arr_count[j->akey];
	const char *key = akey_names[j->akey];

	for (int c = 0; c < RC_COUNT; c++) {
		bool hooked = c == RC_OTHERS ? j->ops->other != NULL : j->ops->restart != NULL;

		if (!was[c])
			continue;
		if (*class_count(j, c) != was[c] || (c == RC_OTHERS ? hooked : !hooked))
			return fail(j, "a second \"%s\" key, after records read from elsewhere: "
				    "JSON readers keep only its last value, which cannot be told "
				    "apart here", key);
	}
	for (int c = 0; c < RC_COUNT; c++) {
		if (!was[c])
			continue;
		if (c != RC_OTHERS)
			j->ops->restart(c == RC_EVENTS ? FT_RESTART_EVENTS : FT_RESTART_SAMPLES,
					j->ops->arg);
		*class_count(j, c) = 0;
	}
	return 1;
}

/* "events": [ or "samples": [ in a wrap object */
static int open_records(struct jr *j)
{
	if (j->p.any)
		return fail(j, "an object has both \"events\" and event fields");
	if ((j->arrays_seen & (1u << j->akey)) && !duplicate_array(j))
		return 0;
	j->arrays_seen |= 1u << j->akey;
	for (int c = 0; c < RC_COUNT; c++)
		j->arr_base[c] = *class_count(j, c);
	j->wrap_events = true;
	j->info->format = FT_FORMAT_DOCUMENT;
	push(j, CX_EVENTS);
	return 1;
}

static void close_records(struct jr *j)
{
	for (int c = 0; c < RC_COUNT; c++)
		j->arr_count[j->akey][c] = *class_count(j, c) - j->arr_base[c];
}

static int container_start(struct jr *j, bool is_map)
{
	if (j->skip) {
		if (j->skip >= FT_NEST_MAX)
			return fail(j, "values nested more than %d deep", FT_NEST_MAX);
		j->skip++;
		return 1;
	}
	switch (top(j)) {
	case CX_NONE:
		if (!is_map)
			return fail(j, "not a fragmentation recording (the top-level value is an array)");
		j->started = true;
		j->wrap_events = j->wrap_meta = j->wrap_closing = false;
		j->arrays_seen = 0;
		memset(j->arr_count, 0, sizeof(j->arr_count));
		begin_event(j);
		push(j, CX_WRAP);
		return 1;
	case CX_WRAP:
		if (j->wkey == WK_EVENTS) {
			if (is_map)
				return fail(j, "\"%s\" is not an array", akey_names[j->akey]);
			return open_records(j);
		} else if (j->wkey == WK_META && is_map) {
			/* a second "metadata" in one object replaces the first */
			if (j->wrap_meta) {
				memset(&j->info->meta, 0, sizeof(j->info->meta));
				j->info->duration = 0;
			}
			j->info->have_meta = true;
			j->wrap_meta = true;
			push(j, CX_META);
		} else if (j->wkey == WK_FIELD) {
			nested_field(j, is_map);
		} else {
			j->skip = 1;
		}
		return 1;
	case CX_EVENTS:
		if (!is_map)
			return fail(j, "event %lu is not an object", j->nobjects + 1);
		begin_event(j);
		push(j, CX_EVENT);
		return 1;
	case CX_EVENT:
		nested_field(j, is_map);
		return 1;
	case CX_SARRAY:
	case CX_SBLOCKS:
		sample_value(j, NULL);
		j->skip = 1;
		return 1;
	default: /* CX_META: nested metadata is not read */
		j->skip = 1;
		return 1;
	}
}

static int on_start_map(void *ctx)
{
	return container_start(token_seen(ctx), true);
}

static int on_start_array(void *ctx)
{
	return container_start(token_seen(ctx), false);
}

static int on_end_array(void *ctx)
{
	struct jr *j = token_seen(ctx);

	if (j->skip) {
		j->skip--;
		return 1;
	}
	if (top(j) == CX_EVENTS)
		close_records(j);
	if (top(j) == CX_EVENTS || top(j) == CX_SARRAY)
		j->depth--;
	return 1;
}

/* ---- finishing an event ---- */

static const char *kind_label(const struct jr *j)
{
	return j->p.type[0] ? j->p.type : "?";
}

#define EFAIL(j, fmt, ...) \
	fail(j, "event %lu (%s): " fmt, (j)->nobjects, kind_label(j), ##__VA_ARGS__)

static int check_required(struct jr *j, int kind)
{
	static const int common[] = { FT_F_TIMESTAMP, FT_F_ORDER };
	static const int extfrag[] = { FT_F_FROM, FT_F_TO };

	for (size_t i = 0; i < sizeof(common) / sizeof(*common); i++)
		if (!(j->p.seen & (1u << common[i])))
			return EFAIL(j, "missing \"%s\"", ft_fields[common[i]].key);
	if (kind != FT_KIND_EXTFRAG)
		return 1;
	for (size_t i = 0; i < sizeof(extfrag) / sizeof(*extfrag); i++) {
		if (!(j->p.seen & (1u << extfrag[i])))
			return EFAIL(j, "missing \"%s\"", ft_fields[extfrag[i]].key);
		if (!(extfrag[i] == FT_F_FROM ? j->p.r.migrate_from : j->p.r.migrate_to)[0])
			return EFAIL(j, "\"%s\" is empty", ft_fields[extfrag[i]].key);
	}
	return 1;
}

static int check_timestamp(struct jr *j)
{
	double t = j->p.r.timestamp;

	if (!isfinite(t) || t < 0 || t > FT_TS_MAX)
		return EFAIL(j, "\"timestamp\" is %g, not seconds since the start (0..%g)", t,
			     FT_TS_MAX);
	return 1;
}

static int check_ranges(struct jr *j)
{
	const struct ft_record *r = &j->p.r;
	bool seen_fb = j->p.seen & (1u << FT_F_FALLBACK);

	if (!check_timestamp(j))
		return 0;
	if (r->order == INT_MAX)
		return EFAIL(j, "\"order\" is far outside %d..%d", FT_ORDER_MIN, FT_ORDER_MAX);
	if (!ft_order_valid(r->order))
		return EFAIL(j, "\"order\" is %d, outside %d..%d", r->order, FT_ORDER_MIN,
			     FT_ORDER_MAX);
	if (seen_fb && !ft_order_valid(r->fallback_order))
		return EFAIL(j, "\"fallback_order\" is outside %d..%d", FT_ORDER_MIN, FT_ORDER_MAX);
	if (r->pid < 0 || r->pid == INT_MAX || (r->tid != FT_NONE && (r->tid < 0 || r->tid == INT_MAX)))
		return EFAIL(j, "\"pid\" or \"tid\" is not a process id");
	if (r->node != FT_NONE && (r->node < -1 || r->node > 1023))
		return EFAIL(j, "\"node\" is %d, outside -1..1023", r->node);
	if (r->fragmentation_index == INT_MAX)
		return EFAIL(j, "\"fragmentation_index\" does not fit an int");
	if (r->pfn < -1)
		return EFAIL(j, "\"pfn\" is negative");
	return 1;
}

static int check_sample(struct jr *j)
{
	static const int common[] = { FT_F_TIMESTAMP, FT_F_NODE, FT_F_ZONE };
	const struct pending *p = &j->p;

	for (size_t i = 0; i < sizeof(common) / sizeof(*common); i++)
		if (!(p->seen & (1u << common[i])))
			return EFAIL(j, "missing \"%s\"", ft_fields[common[i]].key);
	for (int s = S_INDEX; s <= S_UNUSABLE; s++)
		if (!(p->sseen & (1u << s)))
			return EFAIL(j, "missing \"%s\"", sample_keys[s]);
	if (!check_timestamp(j))
		return 0;
	if (p->r.node < 0 || p->r.node > 1023)
		return EFAIL(j, "\"node\" is %d, outside 0..1023", p->r.node);
	if (!p->zone_len || p->zone_len >= FT_SAMPLE_NAME || p->zone_nul)
		return EFAIL(j, "\"zone\" is not a zone name (%zu bytes, not 1..%d)", p->zone_len,
			     FT_SAMPLE_NAME - 1);
	if (!p->na[S_INDEX])
		return EFAIL(j, "\"index\" has no orders");
	for (int s = S_FREE; s <= S_UNUSABLE; s += S_UNUSABLE - S_FREE)
		if ((p->sseen & (1u << s)) && p->na[s] != p->na[S_INDEX])
			return EFAIL(j, "\"%s\" has %d orders, \"index\" %d", sample_keys[s],
				     p->na[s], p->na[S_INDEX]);
	return 1;
}

/* A fragmentation_sample: only its own fields' errors count. */
static int finish_sample(struct jr *j)
{
	struct pending *p = &j->p;

	if (p->err[0] && (SAMPLE_FIDS & (1u << p->err_fid)))
		return EFAIL(j, "%s", p->err);
	if (p->serr[0])
		return EFAIL(j, "%s", p->serr);
	if (!check_sample(j))
		return 0;
	p->smp.timestamp = p->r.timestamp;
	p->smp.node = p->r.node;
	memcpy(p->smp.zone, p->r.zone, sizeof(p->smp.zone));
	p->smp.norders = p->na[S_INDEX];
	if (!(p->sseen & (1u << S_FREE)))
		memset(p->smp.nr_free, 0, sizeof(p->smp.nr_free));
	j->info->samples++;
	if (j->ops->sample) {
		j->stop = j->ops->sample(&p->smp, j->ops->arg);
		if (j->stop)
			return 0;
	}
	return 1;
}

/* A pageblock_map: its scalars from kv, its map kept whole */
static int finish_map(struct jr *j)
{
	struct ft_map_record r = { 0 };
	unsigned long long seen = 0;
	char err[256];

	for (int i = 0; i < j->p.nkv; i++) {
		const struct ft_field *f = &j->p.kv[i];
		int at;

		if (f->type == FT_FIELD_STRING && strcmp(f->key, "zone") == 0) {
			if (strlen(f->text) >= sizeof(r.zone))
				return EFAIL(j, "\"zone\" longer than %zu bytes", sizeof(r.zone) - 1);
			memcpy(r.zone, f->text, strlen(f->text) + 1);
			continue;
		}
		if (f->type != FT_FIELD_NUMBER) {
			if (ft_map_record_set(&r, f->key, 0) >= 0)
				return EFAIL(j, "\"%s\" must be a number", f->key);
			continue;
		}
		at = ft_map_record_set(&r, f->key, f->number);
		if (at == -EINVAL)
			return EFAIL(j, "\"%s\" must be a non-negative integer of sane size", f->key);
		if (at >= 0)
			seen |= 1ULL << at;
	}
	r.map = j->map_seen ? j->map : NULL;
	r.map_len = j->map_len;
	if (ft_map_record_check(&r, seen, err, sizeof(err)))
		return EFAIL(j, "%s", err);
	j->info->maps++;
	if (j->ops->map) {
		j->stop = j->ops->map(&r, j->ops->arg);
		if (j->stop)
			return 0;
	}
	return 1;
}

static int finish_event(struct jr *j)
{
	int kind;

	j->nobjects++;
	if (!(j->p.seen & (1u << FT_F_TYPE)))
		return EFAIL(j, "%s", j->p.err[0] ? j->p.err : "no \"event_type\"");
	/* a NUL cuts the copy: "extfrag\u0000junk" is not "extfrag" */
	kind = j->p.type_nul ? -1 : ft_kind_from_name(j->p.type);
	if (kind < 0 && !j->p.type_nul && strcmp(j->p.type, SAMPLE_TYPE) == 0)
		return finish_sample(j);
	if (kind < 0 && !j->p.type_nul && j->ops->map && strcmp(j->p.type, FT_MAP_TYPE) == 0)
		return finish_map(j);
	if (kind < 0) {
		j->info->others++;
		if (j->ops->other)
			j->ops->other(j->p.type, j->p.kv, j->p.nkv, j->ops->arg);
		return 1;
	}
	if (j->p.err[0])
		return EFAIL(j, "%s", j->p.err);
	if (!check_required(j, kind) || !check_ranges(j))
		return 0;
	j->p.r.kind = kind;
	j->info->events++;
	if (j->ops->event) {
		j->stop = j->ops->event(&j->p.r, j->ops->arg);
		if (j->stop)
			return 0;
	}
	return 1;
}

static int on_end_map(void *ctx)
{
	struct jr *j = token_seen(ctx);
	enum ctx c;

	if (j->skip) {
		j->skip--;
		return 1;
	}
	c = top(j);
	j->depth--;
	if (c == CX_EVENT)
		return finish_event(j);
	if (c != CX_WRAP)
		return 1;
	j->top_values++;
	if (j->wrap_closing)
		j->closing_seen = true;
	if (j->p.any)
		return finish_event(j);
	if (!j->wrap_events && !j->wrap_meta && !j->wrap_closing)
		return fail(j, "not a fragmentation recording (an object with no events, "
			    "metadata or event fields)");
	return 1;
}

static const yajl_callbacks callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_bool,
	.yajl_number = on_number,
	.yajl_string = on_string,
	.yajl_start_map = on_start_map,
	.yajl_map_key = on_map_key,
	.yajl_end_map = on_end_map,
	.yajl_start_array = on_start_array,
	.yajl_end_array = on_end_array,
};

/* ---- driving the parser ---- */

struct feed {
	yajl_handle h;
	struct jr j;
	unsigned long long offset;  /* bytes parsed before this chunk */
	unsigned long long lines;   /* newlines before this chunk */
	bool nonblank;
};

static void syntax_error(struct feed *f, const unsigned char *buf, size_t len)
{
	size_t at = yajl_get_bytes_consumed(f->h);
	unsigned long long line = f->lines + 1;
	unsigned char *msg = yajl_get_error(f->h, 0, buf, len);
	char *nl;

	for (size_t i = 0; i < at && i < len; i++)
		line += buf[i] == '\n';
	nl = strchr((char *)msg, '\n');
	if (nl)
		*nl = '\0';
	nl = strrchr((char *)msg, '.');
	if (nl && !nl[1])
		*nl = '\0';
	if (!f->j.started)
		fail(&f->j, "not JSON (line %llu: %s)", line, (char *)msg);
	else
		fail(&f->j, "invalid JSON at line %llu, byte %llu, after %lu events: %s", line,
		     f->offset + at, f->j.nobjects, (char *)msg);
	yajl_free_error(f->h, msg);
}

static bool blank(const unsigned char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t')
			return false;
	return true;
}

/* One chunk: false when the read must stop. */
static bool feed_chunk(struct feed *f, const unsigned char *buf, size_t len)
{
	yajl_status st;

	f->j.buf = buf;
	f->j.buf_len = len;
	f->j.buf_at = f->offset;
	st = yajl_parse(f->h, buf, len);

	if (!f->nonblank && !blank(buf, len))
		f->nonblank = true;
	if (st == yajl_status_error) {
		syntax_error(f, buf, len);
		return false;
	}
	if (st != yajl_status_ok)
		return false; /* a callback failed or stopped */
	if (!token_bound(&f->j, len))
		return false;
	f->offset += len;
	for (const unsigned char *p = buf; (p = memchr(p, '\n', buf + len - p)); p++)
		f->lines++;
	return true;
}

static int feed_start(struct feed *f, const char *name, const struct ft_reader_ops *ops,
		      struct ft_read_info *info)
{
	memset(info, 0, sizeof(*info));
	memset(f, 0, sizeof(*f));
	info->format = FT_FORMAT_LINES;
	f->j.name = name;
	f->j.ops = ops;
	f->j.info = info;
	f->h = yajl_alloc(&callbacks, NULL, &f->j);
	f->j.h = f->h;
	if (!f->h) {
		snprintf(info->error, sizeof(info->error), "%s: out of memory", name);
		return -EINVAL;
	}
	yajl_config(f->h, yajl_allow_multiple_values, 1);
	return 0;
}

static int feed_end(struct feed *f)
{
	struct jr *j = &f->j;
	int ret = 0;

	if (!j->failed && !j->stop && !f->nonblank)
		fail(j, "empty file");
	/* yajl ends the parse with one more chunk of its own: " " */
	j->buf = (const unsigned char *)" ";
	j->buf_len = 1;
	j->buf_at = f->offset;
	if (!j->failed && !j->stop && yajl_complete_parse(f->h) != yajl_status_ok) {
		if (j->failed) {
			/* a callback failed on the last bytes */
		} else if (!j->started) {
			fail(j, "not JSON (it ends before the first value is complete)");
		} else {
			j->info->truncated = true;
		}
	}
	if (!j->failed && !j->stop && j->info->format == FT_FORMAT_LINES && !j->closing_seen)
		j->info->truncated = true;
	if (!j->failed && !j->stop && j->info->truncated && !j->ops->quiet) {
		fputs("fragtrack: warning: ", stderr);
		ft_term_put(stderr, j->name, 0);
		fprintf(stderr, " is truncated (run killed before it closed?): recovered %lu "
			"complete events\n", j->info->events);
	}
	if (j->stop)
		ret = j->stop;
	else if (j->failed)
		ret = -EINVAL;
	yajl_free(f->h);
	free(j->map);
	return ret;
}

int ft_read_buffer(const char *name, const char *buf, size_t len, size_t chunk,
		   const struct ft_reader_ops *ops, struct ft_read_info *info)
{
	struct feed f;
	int ret = feed_start(&f, name, ops, info);

	if (ret)
		return ret;
	if (!chunk)
		chunk = CHUNK;
	if (chunk > FT_TOKEN_MAX)
		chunk = FT_TOKEN_MAX; /* see token_bound() */
	for (size_t off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;

		if (!feed_chunk(&f, (const unsigned char *)buf + off, n))
			break;
	}
	return feed_end(&f);
}

static const char *file_kind(mode_t mode)
{
	return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" :
	       S_ISCHR(mode) ? "a character device" : S_ISBLK(mode) ? "a block device" :
	       S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

/*
 * Opens a recording: a regular file only.  O_NONBLOCK so that a FIFO
 * nobody writes to is refused at once instead of blocking the open (a
 * regular file ignores the flag).  -1 with info->error set.
 */
static int open_recording(const char *path, struct ft_read_info *info)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;

	if (fd < 0) {
		snprintf(info->error, sizeof(info->error), "%s: cannot open: %s", path,
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(info->error, sizeof(info->error), "%s: cannot stat: %s", path,
			 strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		snprintf(info->error, sizeof(info->error), "%s: %s, not a recording (a pipe can "
			 "be read as standard input: -)", path, file_kind(st.st_mode));
	} else {
		return fd;
	}
	close(fd);
	return -1;
}

int ft_read_file(const char *path, const struct ft_reader_ops *ops, struct ft_read_info *info)
{
	unsigned char buf[CHUNK];
	bool is_stdin = strcmp(path, "-") == 0;
	struct feed f;
	ssize_t n;
	int fd, ret;

	memset(info, 0, sizeof(*info));
	fd = is_stdin ? 0 : open_recording(path, info);
	if (fd < 0)
		return -EINVAL;
	ret = feed_start(&f, path, ops, info);
	if (ret)
		goto out;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail(&f.j, "cannot read: %s", strerror(errno));
			break;
		}
		if (n == 0 || !feed_chunk(&f, buf, (size_t)n))
			break;
	}
	ret = feed_end(&f);
out:
	if (!is_stdin)
		close(fd);
	return ret;
}
