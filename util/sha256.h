/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SHA-256 (FIPS 180-4), small and dependency-free: it names and seals the
 * cached BPF objects.  Incremental: init, any number of updates, final.
 */
#ifndef FRAGTRACK_SHA256_H
#define FRAGTRACK_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define FT_SHA256_LEN 32

struct ft_sha256 {
	uint32_t state[8];
	uint64_t bytes;        /* message length so far */
	unsigned char block[64];
	size_t used;           /* bytes waiting in block */
};

void ft_sha256_init(struct ft_sha256 *c);
void ft_sha256_update(struct ft_sha256 *c, const void *data, size_t len);
void ft_sha256_final(struct ft_sha256 *c, unsigned char digest[FT_SHA256_LEN]);
/* One call for a whole buffer. */
void ft_sha256(const void *data, size_t len, unsigned char digest[FT_SHA256_LEN]);
/* Lower-case hex, 64 characters and a NUL. */
void ft_sha256_hex(const unsigned char digest[FT_SHA256_LEN], char hex[2 * FT_SHA256_LEN + 1]);

#endif
