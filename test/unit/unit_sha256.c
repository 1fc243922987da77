// SPDX-License-Identifier: GPL-2.0
/* SHA-256 against the FIPS 180-4 / NIST example vectors, one-shot and
 * fed in pieces that straddle the 64-byte blocks. */
#include <stdlib.h>

#include "util/sha256.h"
#include "tap.h"

static const char *hex_of(const void *data, size_t len)
{
	static char hex[2 * FT_SHA256_LEN + 1];
	unsigned char d[FT_SHA256_LEN];

	ft_sha256(data, len, d);
	ft_sha256_hex(d, hex);
	return hex;
}

/* the same message fed step bytes at a time */
static const char *hex_in_steps(const char *msg, size_t len, size_t step)
{
	static char hex[2 * FT_SHA256_LEN + 1];
	unsigned char d[FT_SHA256_LEN];
	struct ft_sha256 c;

	ft_sha256_init(&c);
	for (size_t off = 0; off < len; off += step)
		ft_sha256_update(&c, msg + off, len - off < step ? len - off : step);
	ft_sha256_final(&c, d);
	ft_sha256_hex(d, hex);
	return hex;
}

static const struct {
	const char *msg, *digest;
} vectors[] = {
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

int main(void)
{
	static const size_t steps[] = { 1, 3, 55, 56, 63, 64, 65 };
	size_t million = 1000000;
	char *a = malloc(million);

	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const char *m = vectors[i].msg;

		is_str(hex_of(m, strlen(m)), vectors[i].digest, "SHA-256 of the %zu-byte vector", strlen(m));
		for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++)
			is_str(hex_in_steps(m, strlen(m), steps[s]), vectors[i].digest,
			       "the %zu-byte vector fed %zu bytes at a time", strlen(m), steps[s]);
	}
	/* one million repetitions of "a" */
	memset(a, 'a', million);
	is_str(hex_of(a, million), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "SHA-256 of a million 'a'");
	is_str(hex_in_steps(a, million, 4093),
	       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "a million 'a' fed 4093 bytes at a time");
	free(a);
	return tap_done();
}
