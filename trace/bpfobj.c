// SPDX-License-Identifier: GPL-2.0
#include "trace/bpfobj.h"

#include <bcc/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define MAGIC "fragtrack-bpf-1\n"

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t hash_file(uint64_t h, const char *path)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return fnv1a(h, "missing", 7);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		h = fnv1a(h, buf, n);
	fclose(f);
	return h;
}

int ft_obj_cache_path(const char *dir, const char *tracefs, const char *text,
		      const char *const *tracepoints, char *path, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	struct utsname u;

	uname(&u);
	h = fnv1a(h, text, strlen(text));
	h = fnv1a(h, u.release, strlen(u.release));
	h = fnv1a(h, u.version, strlen(u.version));
	h = fnv1a(h, u.machine, strlen(u.machine));
	h = hash_file(h, "/usr/include/bcc/bcc_version.h");
	for (const char *const *tp = tracepoints; *tp; tp++) {
		char fmt[4096];
		const char *colon = strchr(*tp, ':');

		snprintf(fmt, sizeof(fmt), "%s/events/%.*s/%s/format", tracefs,
			 (int)(colon - *tp), *tp, colon + 1);
		h = hash_file(h, fmt);
	}
	snprintf(path, len, "%s/%016llx.bpf", dir, (unsigned long long)h);
	return 0;
}

static int put(FILE *f, const void *p, size_t n)
{
	return fwrite(p, 1, n, f) == n ? 0 : -1;
}

static int get(FILE *f, void *p, size_t n)
{
	return fread(p, 1, n, f) == n ? 0 : -1;
}

/* Written to a temporary name, then renamed: readers never see half. */
int ft_obj_save(const struct ft_bpf_obj *obj, const char *path)
{
	char tmp[4200], dir[4096], *slash;
	FILE *f;
	int ret = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -errno;
	}
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	ret |= put(f, MAGIC, strlen(MAGIC));
	ret |= put(f, obj, offsetof(struct ft_bpf_obj, progs));
	ret |= put(f, obj->license, sizeof(obj->license));
	ret |= put(f, &obj->kern_version, sizeof(obj->kern_version));
	for (int i = 0; i < obj->nprogs; i++) {
		ret |= put(f, obj->progs[i].name, sizeof(obj->progs[i].name));
		ret |= put(f, &obj->progs[i].len, sizeof(obj->progs[i].len));
		ret |= put(f, obj->progs[i].insns, obj->progs[i].len);
	}
	if (fclose(f) != 0)
		ret = -1;
	if (ret || rename(tmp, path) != 0) {
		unlink(tmp);
		return -EIO;
	}
	return 0;
}

int ft_obj_load(struct ft_bpf_obj *obj, const char *path)
{
	char magic[sizeof(MAGIC)];
	FILE *f = fopen(path, "r");
	int ret = 0;

	memset(obj, 0, sizeof(*obj));
	if (!f)
		return -errno;
	ret |= get(f, magic, strlen(MAGIC));
	if (ret || memcmp(magic, MAGIC, strlen(MAGIC)) != 0)
		goto bad;
	ret |= get(f, obj, offsetof(struct ft_bpf_obj, progs));
	ret |= get(f, obj->license, sizeof(obj->license));
	ret |= get(f, &obj->kern_version, sizeof(obj->kern_version));
	if (ret || obj->nmaps < 0 || obj->nmaps > FT_OBJ_MAX_MAPS || obj->nprogs < 0 ||
	    obj->nprogs > FT_OBJ_MAX_PROGS)
		goto bad;
	for (int i = 0; i < obj->nprogs; i++) {
		struct ft_obj_prog *p = &obj->progs[i];

		if (get(f, p->name, sizeof(p->name)) || get(f, &p->len, sizeof(p->len)) ||
		    p->len == 0 || p->len > (1 << 20) || p->len % sizeof(struct bpf_insn))
			goto bad;
		p->insns = malloc(p->len);
		if (!p->insns || get(f, p->insns, p->len))
			goto bad;
	}
	fclose(f);
	return 0;
bad:
	fclose(f);
	obj->nprogs = FT_OBJ_MAX_PROGS; /* free what was allocated */
	ft_obj_free(obj);
	return -EINVAL;
}

int ft_obj_create_maps(struct ft_bpf_obj *obj)
{
	int fds[FT_OBJ_MAX_MAPS];

	for (int m = 0; m < obj->nmaps; m++) {
		struct ft_obj_map *map = &obj->maps[m];

		fds[m] = bcc_create_map(map->type, map->name, map->key_size, map->value_size,
					map->max_entries, map->flags);
		if (fds[m] < 0) {
			int e = errno;

			while (m--)
				close(fds[m]);
			return -e;
		}
	}
	/*
	 * Map references are "ld_imm64 rX, fd" with src_reg
	 * BPF_PSEUDO_MAP_FD.  One pass, each instruction rewritten once: a
	 * new fd may equal another map's old one.
	 */
	for (int i = 0; i < obj->nprogs; i++) {
		struct bpf_insn *insn = obj->progs[i].insns;
		size_t n = obj->progs[i].len / sizeof(*insn);

		for (size_t k = 0; k + 1 < n; k++) {
			if (insn[k].code != (BPF_LD | BPF_DW | BPF_IMM))
				continue;
			for (int m = 0; m < obj->nmaps; m++) {
				if (insn[k].src_reg == BPF_PSEUDO_MAP_FD &&
				    insn[k].imm == obj->maps[m].fd) {
					insn[k].imm = fds[m];
					break;
				}
			}
			k++; /* the second half of the 16-byte instruction */
		}
	}
	for (int m = 0; m < obj->nmaps; m++)
		obj->maps[m].fd = fds[m];
	return 0;
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
