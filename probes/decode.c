// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <time.h>

#include "probes/probe.h"
#include "util/text.h"

/* datetime.isoformat(): microseconds only when non-zero */
static void iso_time(double t, char *buf, size_t len)
{
	time_t sec = (time_t)t;
	long usec = (long)((t - (double)sec) * 1e6 + 0.5);
	struct tm tm;
	size_t n;

	if (usec >= 1000000) {
		sec++;
		usec -= 1000000;
	}
	localtime_r(&sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	if (usec && n < len)
		snprintf(buf + n, len - n, ".%06ld", usec);
}

void ft_decode_common(const struct ft_event *ev, const struct ft_clock *clk,
		      struct ft_record *r)
{
	long long rel_ns = (long long)(ev->timestamp_ns - clk->mono_start_ns);

	r->timestamp = rel_ns / 1e9;
	iso_time(clk->real_start + r->timestamp, r->absolute_time, sizeof(r->absolute_time));
	r->pid = (int)ev->pid;
	r->tid = (int)ev->tid;
	ft_utf8_sanitize(ev->comm, sizeof(ev->comm), r->comm, sizeof(r->comm));
	r->order = ev->order;
}
