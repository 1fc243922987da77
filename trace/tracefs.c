// SPDX-License-Identifier: GPL-2.0
#include "trace/tracefs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const candidates[] = {
	"/sys/kernel/tracing",
	"/sys/kernel/debug/tracing",
};

static bool has_events(const char *root)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/events", root);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int pick(char *root, size_t len)
{
	for (size_t i = 0; i < sizeof(candidates) / sizeof(*candidates); i++) {
		if (has_events(candidates[i])) {
			snprintf(root, len, "%s", candidates[i]);
			return 0;
		}
	}
	return -ENOENT;
}

int ft_tracefs_find(const char *override, char *root, size_t len, char *err, size_t errlen)
{
	const char *env = getenv(FT_TRACEFS_ENV);

	if (!override && env && *env)
		override = env;
	if (override) {
		snprintf(root, len, "%s", override);
		if (has_events(root))
			return 0;
		snprintf(err, errlen, "no tracefs at %s (no events/ directory)", override);
		return -ENOENT;
	}
	if (pick(root, len) == 0)
		return 0;
	if (mount("nodev", candidates[0], "tracefs", 0, NULL) != 0) {
		int e = errno;

		snprintf(err, errlen,
			 "tracefs is not mounted and mounting it at %s failed: %s",
			 candidates[0], strerror(e));
		return -e;
	}
	if (pick(root, len) == 0)
		return 0;
	snprintf(err, errlen, "tracefs mounted at %s but has no events/", candidates[0]);
	return -ENOENT;
}

bool ft_tracefs_has(const char *root, const char *tracepoint)
{
	char path[4096];
	const char *colon = strchr(tracepoint, ':');

	if (!colon)
		return false;
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/id", root,
		 (int)(colon - tracepoint), tracepoint, colon + 1);
	return access(path, F_OK) == 0;
}
