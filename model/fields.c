// SPDX-License-Identifier: GPL-2.0
/* The field table, made from FT_RECORD_FIELDS (model/record.h). */
#include <stddef.h>

#include "model/record.h"

#define MEMBER(member) offsetof(struct ft_record, member), sizeof(((struct ft_record *)0)->member)
#define ROW(id, first, key, type, member, nullable, ext, ok, fail) \
	[FT_F_##id] = { key, sizeof(key) - 1, FT_T_##type, MEMBER(member), nullable, \
			{ FT_##ext, FT_##ok, FT_##fail }, FT_F_##first },
#define FIELD(id, ...) ROW(id, id, __VA_ARGS__)
#define AGAIN(id, first, ...) ROW(id, first, __VA_ARGS__)

const struct ft_field_def ft_fields[FT_F_COUNT] = { FT_RECORD_FIELDS(FIELD, AGAIN) };

/* the reader keeps a bit per field */
_Static_assert(FT_F_COUNT <= 32, "more fields than the reader's bit set holds");
_Static_assert(FT_KIND_COUNT == 3, "FT_RECORD_FIELDS has a column per kind");

bool ft_field_absent(const struct ft_field_def *f, const struct ft_record *r)
{
	const void *v = ft_field_cptr(f, r);

	switch (f->type) {
	case FT_T_INT:
		return *(const int *)v == FT_NONE;
	case FT_T_LLONG:
		return *(const long long *)v < 0;
	case FT_T_STR:
		return !*(const char *)v;
	default:
		return false;
	}
}
