/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A compiled BPF program set, as libbcc leaves it: the maps it declared
 * and each function's instructions, whose map references are file
 * descriptor numbers of the compiling process.  Kept on disk between runs
 * so a warm start needs no LLVM at all: the maps are created anew and the
 * references patched to the new descriptors.
 *
 * The cache key is a SHA-256 of everything the instructions depend on:
 * the BPF text, the kernel (release and build), the tracepoint formats bcc
 * read to lay out the arguments, and the bcc version.  It names the file
 * and is stored in it; a SHA-256 of the whole file seals it.  So an object
 * compiled from other text, copied under this key's name, is rejected, and
 * so is one changed after it was written.  The seal detects, it does not
 * authenticate: what keeps others from writing a matching file is that the
 * directory and the file must belong to the caller's euid and be writable
 * by nobody else.  Files are opened without following symbolic links and
 * written to an exclusively created temporary file, then renamed.
 *
 * The file, in the machine's byte order (the key covers the machine):
 *
 *   "fragtrack-bpf-2\n"                        16 bytes
 *   key                                        32 bytes
 *   u32 nmaps, u32 nprogs, u32 kern_version, char license[64]
 *   nmaps x { char name[256]; i32 type, key_size, value_size,
 *             max_entries, flags, ref }
 *   nprogs x { char name[256]; u32 len; len bytes of instructions }
 *   SHA-256 of every byte above                32 bytes
 */
#ifndef FRAGTRACK_BPFOBJ_H
#define FRAGTRACK_BPFOBJ_H

#include <stdbool.h>
#include <stddef.h>

#include "util/sha256.h"

#define FT_OBJ_MAX_MAPS 8
#define FT_OBJ_MAX_PROGS 16
#define FT_OBJ_NAME 256

struct ft_obj_map {
	char name[FT_OBJ_NAME];
	int type, key_size, value_size, max_entries, flags;
	int ref; /* the descriptor number the instructions carry (compiler's) */
	int fd;  /* a live descriptor: the compiler's own, or one
		  * ft_obj_create_maps made; -1 after loading from a file */
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
	bool maps_created; /* the maps' fds are ft_obj_create_maps's, ours to close */
};

/* An open cache directory and the entry for one key. */
struct ft_obj_cache {
	int dirfd; /* -1: no cache */
	char dir[4096];
	char name[2 * FT_SHA256_LEN + 5]; /* hex of the key, ".bpf" */
	unsigned char key[FT_SHA256_LEN];
};

/* The key for this text on this kernel; tracepoints is the NULL-terminated
 * "cat:event" list whose formats shape the code. */
void ft_obj_cache_key(const char *tracefs, const char *text, const char *const *tracepoints,
		      unsigned char key[FT_SHA256_LEN]);
/* Opens dir (made 0700 when missing) for the entry of key, if dir is a
 * directory, not a symbolic link, owned by the caller's euid and not
 * writable by group or others.  0, or -errno with why it was refused. */
int ft_obj_cache_open(struct ft_obj_cache *c, const char *dir,
		      const unsigned char key[FT_SHA256_LEN], char *why, size_t whylen);
void ft_obj_cache_close(struct ft_obj_cache *c);
/* "dir/name", for messages. */
void ft_obj_cache_path(const struct ft_obj_cache *c, char *path, size_t len);

int ft_obj_save(const struct ft_obj_cache *c, const struct ft_bpf_obj *obj);
/* 0: obj holds the entry.  -ENOENT: there is none.  Any other -errno:
 * the entry was rejected, and why says why in a few words. */
int ft_obj_load(const struct ft_obj_cache *c, struct ft_bpf_obj *obj, char *why, size_t whylen);
/* Removes the entry when it is a regular file of the caller's. */
int ft_obj_discard(const struct ft_obj_cache *c);

/* Creates the maps of a loaded object and rewrites the instructions'
 * references to them.  On failure nothing it created is left open, and
 * why names the map. */
int ft_obj_create_maps(struct ft_bpf_obj *obj, char *why, size_t whylen);
/* Hands a map's fd over to the caller: ft_obj_close_maps leaves it open. */
void ft_obj_release_map(struct ft_bpf_obj *obj, int fd);
/* Closes the maps ft_obj_create_maps made and the caller did not take;
 * never a descriptor it did not make. */
void ft_obj_close_maps(struct ft_bpf_obj *obj);
const struct ft_obj_prog *ft_obj_prog(const struct ft_bpf_obj *obj, const char *name);
int ft_obj_map_fd(const struct ft_bpf_obj *obj, const char *name);
void ft_obj_free(struct ft_bpf_obj *obj);

#endif
