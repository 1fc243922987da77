/* SPDX-License-Identifier: GPL-2.0 */
/* Finding tracefs and asking it which tracepoints this kernel has. */
#ifndef FRAGTRACK_TRACEFS_H
#define FRAGTRACK_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

#define FT_TRACEFS_ENV "FRAGTRACK_TRACEFS"

/*
 * Fills root with the tracefs mount point: override when non-NULL (as is,
 * never mounted: tests point it at a fake tree), else $FRAGTRACK_TRACEFS,
 * else /sys/kernel/tracing or /sys/kernel/debug/tracing, mounting tracefs
 * at the former when neither is there.  0, or -errno with a message.
 */
int ft_tracefs_find(const char *override, char *root, size_t len, char *err, size_t errlen);

/* "category:event" exists under root/events. */
bool ft_tracefs_has(const char *root, const char *tracepoint);

#endif
