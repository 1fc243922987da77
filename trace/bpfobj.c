// SPDX-License-Identifier: GPL-2.0
#include "trace/bpfobj.h"

#include <bcc/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define MAGIC "fragtrack-bpf-2\n"
#define MAGIC_LEN 16
#define KEY_DOMAIN "fragtrack BPF object key 2"
#define HEADER_LEN (MAGIC_LEN + FT_SHA256_LEN)
#define MAX_PROG_BYTES (1 << 20)
/* the largest file a valid object makes, with room for the small parts */
#define MAX_FILE_BYTES (FT_OBJ_MAX_PROGS * (MAX_PROG_BYTES + FT_OBJ_NAME + 4) + (1 << 16))

/* ---- the key ---- */

/* One part of the key, its length first: no two lists of parts hash alike. */
static void key_part(struct ft_sha256 *c, const void *data, size_t len)
{
	uint64_t n = len;

	ft_sha256_update(c, &n, sizeof(n));
	ft_sha256_update(c, data, len);
}

static void key_str(struct ft_sha256 *c, const char *s)
{
	key_part(c, s, strlen(s));
}

/* A file's contents as one part (its digest); a missing or unreadable
 * file is a part of its own. */
static void key_file(struct ft_sha256 *c, const char *path)
{
	unsigned char digest[FT_SHA256_LEN];
	struct ft_sha256 f;
	char buf[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		key_str(c, "missing");
		return;
	}
	ft_sha256_init(&f);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		ft_sha256_update(&f, buf, (size_t)n);
	close(fd);
	if (n < 0) {
		key_str(c, "unreadable");
		return;
	}
	ft_sha256_final(&f, digest);
	key_part(c, digest, sizeof(digest));
}

void ft_obj_cache_key(const char *tracefs, const char *text, const char *const *tracepoints,
		      unsigned char key[FT_SHA256_LEN])
{
	struct ft_sha256 c;
	struct utsname u;

	uname(&u);
	ft_sha256_init(&c);
	key_str(&c, KEY_DOMAIN);
	key_str(&c, text);
	key_str(&c, u.release);
	key_str(&c, u.version);
	key_str(&c, u.machine);
	key_file(&c, "/usr/include/bcc/bcc_version.h");
	for (const char *const *tp = tracepoints; *tp; tp++) {
		char fmt[4096];
		const char *colon = strchr(*tp, ':');

		key_str(&c, *tp);
		if (!colon)
			continue;
		snprintf(fmt, sizeof(fmt), "%s/events/%.*s/%s/format", tracefs,
			 (int)(colon - *tp), *tp, colon + 1);
		key_file(&c, fmt);
	}
	ft_sha256_final(&c, key);
}

/* ---- the directory ---- */

/* Whether st belongs to the caller alone; why not, otherwise. */
static bool owned_and_private(const struct stat *st, char *why, size_t whylen)
{
	if (st->st_uid != geteuid()) {
		snprintf(why, whylen, "owned by uid %u, not %u", (unsigned)st->st_uid,
			 (unsigned)geteuid());
		return false;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, whylen, "writable by group or others (mode %04o)",
			 (unsigned)(st->st_mode & 07777));
		return false;
	}
	return true;
}

/* An open that failed because of what is at the name, in words. */
static void describe_open_error(int dirfd, const char *name, int e, char *why, size_t whylen)
{
	struct stat st;

	if ((e == ELOOP || e == ENOTDIR) && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		snprintf(why, whylen, "%s", S_ISLNK(st.st_mode) ? "a symbolic link" :
					     S_ISDIR(st.st_mode) ? "a directory" :
								   "not a directory");
	else
		snprintf(why, whylen, "%s", strerror(e));
}

int ft_obj_cache_open(struct ft_obj_cache *c, const char *dir,
		      const unsigned char key[FT_SHA256_LEN], char *why, size_t whylen)
{
	char hex[2 * FT_SHA256_LEN + 1];
	struct stat st;
	size_t n;
	int fd, e;

	c->dirfd = -1;
	if (snprintf(c->dir, sizeof(c->dir), "%s", dir) >= (int)sizeof(c->dir)) {
		snprintf(why, whylen, "path too long");
		return -ENAMETOOLONG;
	}
	/* "dir/" would follow a symbolic link named dir whatever the flags */
	n = strlen(c->dir);
	while (n > 1 && c->dir[n - 1] == '/')
		c->dir[--n] = '\0';
	memcpy(c->key, key, FT_SHA256_LEN);
	ft_sha256_hex(key, hex);
	snprintf(c->name, sizeof(c->name), "%s.bpf", hex);
	if (mkdir(c->dir, 0700) != 0 && errno != EEXIST) {
		e = errno;
		snprintf(why, whylen, "cannot be created: %s", strerror(e));
		return -e;
	}
	fd = open(c->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		describe_open_error(AT_FDCWD, c->dir, e, why, whylen);
		return -e;
	}
	if (fstat(fd, &st) != 0) {
		e = errno;
		snprintf(why, whylen, "%s", strerror(e));
		close(fd);
		return -e;
	}
	if (!owned_and_private(&st, why, whylen)) {
		close(fd);
		return -EPERM;
	}
	c->dirfd = fd; /* everything after goes through it: the checked one */
	return 0;
}

void ft_obj_cache_close(struct ft_obj_cache *c)
{
	if (c->dirfd >= 0)
		close(c->dirfd);
	c->dirfd = -1;
}

void ft_obj_cache_path(const struct ft_obj_cache *c, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", c->dir, c->name);
}

/* ---- writing ---- */

static int put(FILE *f, const void *p, size_t n)
{
	return fwrite(p, 1, n, f) == n ? 0 : -1;
}

static int put_u32(FILE *f, uint32_t v)
{
	return put(f, &v, sizeof(v));
}

/* A name in its fixed-size field, zero-padded. */
static int put_name(FILE *f, const char *name, size_t size)
{
	char field[FT_OBJ_NAME] = { 0 };

	snprintf(field, size, "%s", name);
	return put(f, field, size);
}

static int put_body(FILE *f, const struct ft_obj_cache *c, const struct ft_bpf_obj *obj)
{
	int ret = 0;

	ret |= put(f, MAGIC, MAGIC_LEN);
	ret |= put(f, c->key, FT_SHA256_LEN);
	ret |= put_u32(f, (uint32_t)obj->nmaps);
	ret |= put_u32(f, (uint32_t)obj->nprogs);
	ret |= put_u32(f, obj->kern_version);
	ret |= put_name(f, obj->license, sizeof(obj->license));
	for (int i = 0; i < obj->nmaps; i++) {
		const struct ft_obj_map *m = &obj->maps[i];
		int32_t v[6] = { m->type, m->key_size, m->value_size, m->max_entries, m->flags,
				 m->ref };

		ret |= put_name(f, m->name, FT_OBJ_NAME);
		ret |= put(f, v, sizeof(v));
	}
	for (int i = 0; i < obj->nprogs; i++) {
		const struct ft_obj_prog *p = &obj->progs[i];

		ret |= put_name(f, p->name, FT_OBJ_NAME);
		ret |= put_u32(f, (uint32_t)p->len);
		ret |= put(f, p->insns, p->len);
	}
	return ret;
}

/* The file's bytes, sealed with their digest (malloc'd). */
static int serialize(const struct ft_obj_cache *c, const struct ft_bpf_obj *obj,
		     unsigned char **out, size_t *outlen)
{
	char *buf = NULL;
	size_t len = 0;
	unsigned char *sealed;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return -ENOMEM;
	ret = put_body(f, c, obj);
	if (fclose(f) != 0 || ret) {
		free(buf);
		return -ENOMEM;
	}
	sealed = realloc(buf, len + FT_SHA256_LEN);
	if (!sealed) {
		free(buf);
		return -ENOMEM;
	}
	ft_sha256(sealed, len, sealed + len);
	*out = sealed;
	*outlen = len + FT_SHA256_LEN;
	return 0;
}

/* A new file of the caller's in the cache directory, under a name nobody
 * can guess; never anything that was there before. */
static int create_temp(const struct ft_obj_cache *c, char *name, size_t len)
{
	for (int tries = 0; tries < 8; tries++) {
		unsigned char rnd[16];
		char hex[2 * sizeof(rnd) + 1];
		int fd;

		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return -EIO;
		for (size_t i = 0; i < sizeof(rnd); i++)
			snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
		snprintf(name, len, ".%s.%s", c->name, hex);
		fd = openat(c->dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    0600);
		if (fd >= 0 || errno != EEXIST)
			return fd >= 0 ? fd : -errno;
	}
	return -EEXIST;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Written to a temporary file, then renamed: readers never see half. */
int ft_obj_save(const struct ft_obj_cache *c, const struct ft_bpf_obj *obj)
{
	char tmp[sizeof(c->name) + 40];
	unsigned char *buf = NULL;
	size_t len = 0;
	int fd, ret;

	if (c->dirfd < 0)
		return -EBADF;
	ret = serialize(c, obj, &buf, &len);
	if (ret)
		return ret;
	fd = create_temp(c, tmp, sizeof(tmp));
	if (fd < 0) {
		free(buf);
		return fd;
	}
	ret = write_all(fd, buf, len);
	free(buf);
	if (close(fd) != 0 && !ret)
		ret = -errno;
	if (!ret && renameat(c->dirfd, tmp, c->dirfd, c->name) != 0)
		ret = -errno;
	if (ret)
		unlinkat(c->dirfd, tmp, 0); /* ours: created exclusively above */
	return ret;
}

/* ---- reading ---- */

struct cursor {
	const unsigned char *p;
	size_t left;
};

static bool take(struct cursor *cur, void *dst, size_t n)
{
	if (cur->left < n)
		return false;
	memcpy(dst, cur->p, n);
	cur->p += n;
	cur->left -= n;
	return true;
}

/* A name field: terminated, and printable, as the compiler makes them
 * (they end up in messages). */
static bool take_name(struct cursor *cur, char *dst, size_t size)
{
	if (!take(cur, dst, size) || !memchr(dst, '\0', size))
		return false;
	for (const char *s = dst; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

static bool take_maps(struct cursor *cur, struct ft_bpf_obj *obj, uint32_t nmaps)
{
	for (uint32_t i = 0; i < nmaps; i++) {
		struct ft_obj_map *m = &obj->maps[i];
		int32_t v[6];

		if (!take_name(cur, m->name, sizeof(m->name)) || !take(cur, v, sizeof(v)))
			return false;
		m->type = v[0];
		m->key_size = v[1];
		m->value_size = v[2];
		m->max_entries = v[3];
		m->flags = v[4];
		m->ref = v[5];
		m->fd = -1;
		obj->nmaps++;
	}
	return true;
}

static bool take_progs(struct cursor *cur, struct ft_bpf_obj *obj, uint32_t nprogs)
{
	for (uint32_t i = 0; i < nprogs; i++) {
		struct ft_obj_prog *p = &obj->progs[i];
		uint32_t len;

		if (!take_name(cur, p->name, sizeof(p->name)) || !take(cur, &len, sizeof(len)) ||
		    len == 0 || len > MAX_PROG_BYTES || len % sizeof(struct bpf_insn))
			return false;
		p->len = len;
		p->insns = malloc(len);
		if (!p->insns)
			return false;
		obj->nprogs++; /* from here ft_obj_free frees it */
		if (!take(cur, p->insns, len))
			return false;
	}
	return true;
}

static bool parse(struct cursor *cur, struct ft_bpf_obj *obj)
{
	uint32_t nmaps, nprogs, kern_version;

	if (!take(cur, &nmaps, sizeof(nmaps)) || !take(cur, &nprogs, sizeof(nprogs)) ||
	    !take(cur, &kern_version, sizeof(kern_version)) ||
	    !take_name(cur, obj->license, sizeof(obj->license)) || nmaps > FT_OBJ_MAX_MAPS ||
	    nprogs > FT_OBJ_MAX_PROGS)
		return false;
	obj->kern_version = kern_version;
	return take_maps(cur, obj, nmaps) && take_progs(cur, obj, nprogs) && cur->left == 0;
}

static int map_by_ref(const struct ft_bpf_obj *obj, int ref)
{
	for (int m = 0; m < obj->nmaps; m++)
		if (obj->maps[m].ref == ref)
			return m;
	return -1;
}

/*
 * Every reference the loader will rewrite names a declared map, and there
 * is no other kind: an instruction left with a number from the file would
 * name whatever the loading process has open under it.
 */
static bool references_are_maps(const struct ft_bpf_obj *obj)
{
	for (int m = 0; m < obj->nmaps; m++)
		if (map_by_ref(obj, obj->maps[m].ref) != m)
			return false; /* two maps, one number */
	for (int i = 0; i < obj->nprogs; i++) {
		const struct bpf_insn *insn = obj->progs[i].insns;
		size_t n = obj->progs[i].len / sizeof(*insn);

		for (size_t k = 0; k < n; k++) {
			if (insn[k].code != (BPF_LD | BPF_DW | BPF_IMM))
				continue;
			if (k + 1 == n)
				return false; /* half an instruction */
			if (insn[k].src_reg != 0 && (insn[k].src_reg != BPF_PSEUDO_MAP_FD ||
						     map_by_ref(obj, insn[k].imm) < 0))
				return false;
			k++; /* the second half of the 16-byte instruction */
		}
	}
	return true;
}

/* The whole entry, if it is a regular file of the caller's alone. */
static int read_entry(int fd, unsigned char **out, size_t *outlen, char *why, size_t whylen)
{
	struct stat st;
	unsigned char *buf;
	size_t got = 0;

	if (fstat(fd, &st) != 0) {
		int e = errno;

		snprintf(why, whylen, "%s", strerror(e));
		return -e;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "not a regular file");
		return -EINVAL;
	}
	if (!owned_and_private(&st, why, whylen))
		return -EPERM;
	if (st.st_size < HEADER_LEN + FT_SHA256_LEN || st.st_size > MAX_FILE_BYTES) {
		snprintf(why, whylen, "not a fragtrack BPF object (%lld bytes)",
			 (long long)st.st_size);
		return -EINVAL;
	}
	buf = malloc((size_t)st.st_size);
	if (!buf) {
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != (size_t)st.st_size) {
		free(buf);
		snprintf(why, whylen, "could not be read whole");
		return -EIO;
	}
	*out = buf;
	*outlen = got;
	return 0;
}

/* Format, seal, key, then the contents: the first that fails says why. */
static int check_and_parse(const struct ft_obj_cache *c, const unsigned char *buf, size_t len,
			   struct ft_bpf_obj *obj, char *why, size_t whylen)
{
	size_t body = len - FT_SHA256_LEN;
	unsigned char seal[FT_SHA256_LEN];
	struct cursor cur = { buf + HEADER_LEN, body - HEADER_LEN };

	if (memcmp(buf, MAGIC, MAGIC_LEN) != 0) {
		snprintf(why, whylen, "not a fragtrack BPF object of this format");
		return -EINVAL;
	}
	ft_sha256(buf, body, seal);
	if (memcmp(seal, buf + body, FT_SHA256_LEN) != 0) {
		snprintf(why, whylen, "content hash mismatch");
		return -EBADMSG;
	}
	if (memcmp(buf + MAGIC_LEN, c->key, FT_SHA256_LEN) != 0) {
		snprintf(why, whylen, "compiled from other BPF text or for another kernel");
		return -EINVAL;
	}
	if (!parse(&cur, obj) || !references_are_maps(obj)) {
		snprintf(why, whylen, "malformed object");
		return -EINVAL;
	}
	return 0;
}

int ft_obj_load(const struct ft_obj_cache *c, struct ft_bpf_obj *obj, char *why, size_t whylen)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	int fd, ret;

	memset(obj, 0, sizeof(*obj));
	if (c->dirfd < 0)
		return -ENOENT;
	/* O_NONBLOCK: a FIFO there must not hang the run */
	fd = openat(c->dirfd, c->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT)
			return -ENOENT;
		describe_open_error(c->dirfd, c->name, e, why, whylen);
		return -e;
	}
	ret = read_entry(fd, &buf, &len, why, whylen);
	close(fd);
	if (ret)
		return ret;
	ret = check_and_parse(c, buf, len, obj, why, whylen);
	free(buf);
	if (ret)
		ft_obj_free(obj);
	return ret;
}

int ft_obj_discard(const struct ft_obj_cache *c)
{
	struct stat st;

	if (c->dirfd < 0)
		return -EBADF;
	if (fstatat(c->dirfd, c->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid())
		return -EPERM;
	return unlinkat(c->dirfd, c->name, 0) ? -errno : 0;
}

/* ---- loading ---- */

/*
 * Map references are "ld_imm64 rX, fd" with src_reg BPF_PSEUDO_MAP_FD.
 * Each instruction is looked up by the map's number from the file and
 * rewritten once: a new fd may equal another map's old one.
 */
static int relocate(struct ft_bpf_obj *obj)
{
	for (int i = 0; i < obj->nprogs; i++) {
		struct bpf_insn *insn = obj->progs[i].insns;
		size_t n = obj->progs[i].len / sizeof(*insn);

		for (size_t k = 0; k + 1 < n; k++) {
			int m;

			if (insn[k].code != (BPF_LD | BPF_DW | BPF_IMM))
				continue;
			if (insn[k].src_reg == BPF_PSEUDO_MAP_FD) {
				m = map_by_ref(obj, insn[k].imm);
				if (m < 0)
					return -EINVAL;
				insn[k].imm = obj->maps[m].fd;
			}
			k++; /* the second half of the 16-byte instruction */
		}
	}
	return 0;
}

int ft_obj_create_maps(struct ft_bpf_obj *obj, char *why, size_t whylen)
{
	for (int m = 0; m < obj->nmaps; m++)
		obj->maps[m].fd = -1; /* from here, every fd is one made below */
	obj->maps_created = true;
	for (int m = 0; m < obj->nmaps; m++) {
		struct ft_obj_map *map = &obj->maps[m];

		errno = 0;
		map->fd = bcc_create_map(map->type, map->name, map->key_size, map->value_size,
					 map->max_entries, map->flags);
		if (map->fd < 0) {
			int e = errno ? errno : EINVAL;

			map->fd = -1;
			snprintf(why, whylen, "map %s could not be created: %s", map->name,
				 strerror(e));
			ft_obj_close_maps(obj);
			return -e;
		}
	}
	if (relocate(obj)) {
		snprintf(why, whylen, "an instruction refers to no declared map");
		ft_obj_close_maps(obj);
		return -EINVAL;
	}
	return 0;
}

void ft_obj_release_map(struct ft_bpf_obj *obj, int fd)
{
	for (int m = 0; fd >= 0 && m < obj->nmaps; m++)
		if (obj->maps[m].fd == fd)
			obj->maps[m].fd = -1;
}

void ft_obj_close_maps(struct ft_bpf_obj *obj)
{
	if (!obj->maps_created)
		return; /* the compiler's maps, or none at all */
	for (int m = 0; m < obj->nmaps; m++) {
		if (obj->maps[m].fd >= 0)
			close(obj->maps[m].fd);
		obj->maps[m].fd = -1;
	}
}

const struct ft_obj_prog *ft_obj_prog(const struct ft_bpf_obj *obj, const char *name)
{
	for (int i = 0; i < obj->nprogs; i++)
		if (strcmp(obj->progs[i].name, name) == 0)
			return &obj->progs[i];
	return NULL;
}

int ft_obj_map_fd(const struct ft_bpf_obj *obj, const char *name)
{
	for (int m = 0; m < obj->nmaps; m++)
		if (strcmp(obj->maps[m].name, name) == 0)
			return obj->maps[m].fd;
	return -1;
}

void ft_obj_free(struct ft_bpf_obj *obj)
{
	for (int i = 0; i < obj->nprogs; i++) {
		free(obj->progs[i].insns);
		obj->progs[i].insns = NULL;
	}
	obj->nprogs = 0;
}
