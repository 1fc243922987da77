/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A compiled BPF program set, as libbcc leaves it: the maps it declared
 * and each function's instructions, whose map references are file
 * descriptor numbers of the compiling process.  Kept on disk between runs
 * so a warm start needs no LLVM at all: the maps are created anew and the
 * references patched to the new descriptors.
 *
 * The cache key covers everything the instructions depend on: the BPF
 * text, the kernel (release and build), the tracepoint formats bcc read
 * to lay out the arguments, and the bcc version.
 */
#ifndef FRAGTRACK_BPFOBJ_H
#define FRAGTRACK_BPFOBJ_H

#include <stddef.h>

#define FT_OBJ_MAX_MAPS 8
#define FT_OBJ_MAX_PROGS 16
#define FT_OBJ_NAME 256

struct ft_obj_map {
	char name[FT_OBJ_NAME];
	int type, key_size, value_size, max_entries, flags;
	int fd; /* in the process that compiled it, or created by load */
};

struct ft_obj_prog {
	char name[FT_OBJ_NAME];
	size_t len;  /* bytes */
	void *insns;
};

struct ft_bpf_obj {
	int nmaps;
	struct ft_obj_map maps[FT_OBJ_MAX_MAPS];
	int nprogs;
	struct ft_obj_prog progs[FT_OBJ_MAX_PROGS];
	char license[64];
	unsigned kern_version;
};

/* The cache file for this text on this kernel, under dir; tracepoints is
 * the NULL-terminated "cat:event" list whose formats shape the code. */
int ft_obj_cache_path(const char *dir, const char *tracefs, const char *text,
		      const char *const *tracepoints, char *path, size_t len);
int ft_obj_save(const struct ft_bpf_obj *obj, const char *path);
int ft_obj_load(struct ft_bpf_obj *obj, const char *path);
/* Creates the maps and rewrites the instructions' references to them. */
int ft_obj_create_maps(struct ft_bpf_obj *obj);
const struct ft_obj_prog *ft_obj_prog(const struct ft_bpf_obj *obj, const char *name);
int ft_obj_map_fd(const struct ft_bpf_obj *obj, const char *name);
void ft_obj_free(struct ft_bpf_obj *obj);

#endif
