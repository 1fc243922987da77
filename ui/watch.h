/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FRAGTRACK_WATCH_H
#define FRAGTRACK_WATCH_H

#include "trace/run.h"

/* A run shown on the live full-screen view (or plain lines without a
 * terminal), then its summary: 0, or -errno after a message. */
int ft_watch_run(const struct ft_run_opts *opts);

#endif
