// SPDX-License-Identifier: GPL-2.0
/*
 * fragtrack snapshot --pid-file FILE [--timeout S]: asks the recording
 * whose pid FILE holds for a snapshot (SIGUSR1 with FT_SNAPSHOT_ASK, by
 * sigqueue) and waits for its answer, so the copy is complete when this
 * returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "trace/run.h"
#include "util/text.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fragtrack snapshot --pid-file FILE [--timeout S]\n"
		"\n"
		"Asks the recording whose process id FILE holds (record --pid-file) to\n"
		"write a closed copy of everything recorded so far beside its file\n"
		"(X.json: X.snapshot.json), without stopping, and waits until it is written.\n"
		"\n"
		"      --pid-file FILE  the recording's pid file\n"
		"      --timeout S      seconds to wait for the answer (default 60)\n");
}

/* The pid in a pid file (never read through a symbolic link). */
static pid_t read_pid(const char *path)
{
	char buf[32], shown[512];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	char *end;
	long pid;

	ft_term_escape(path, shown, sizeof(shown));
	if (fd >= 0)
		close(fd);
	if (n < 0) {
		fprintf(stderr, "fragtrack: cannot read %s: %s\n", shown, strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	pid = strtol(buf, &end, 10);
	if (end == buf || (*end && *end != '\n') || pid <= 0 || pid > 0x3fffffff) {
		fprintf(stderr, "fragtrack: %s holds no process id\n", shown);
		return -1;
	}
	return (pid_t)pid;
}

/* Only a fragtrack is asked: a stale pid file may name anything now. */
static bool is_fragtrack(pid_t pid)
{
	char path[64], comm[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return strcmp(comm, "fragtrack\n") == 0;
}

/* The answer of pid (SIGUSR1, sigqueue): 0, the errno it reports, or
 * -ETIMEDOUT.  SIGUSR1 is blocked by the caller. */
static int wait_answer(pid_t pid, double timeout)
{
	double end = time(NULL) + timeout;
	sigset_t usr1;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	for (;;) {
		double left = end - time(NULL);
		struct timespec ts = { .tv_sec = left > 0 ? (time_t)left : 0, .tv_nsec = 500000000 };
		siginfo_t si;

		if (left <= 0)
			return -ETIMEDOUT;
		if (sigtimedwait(&usr1, &si, &ts) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		/* someone else's SIGUSR1 is not the answer */
		if (si.si_code == SI_QUEUE && si.si_pid == pid)
			return si.si_value.sival_int;
	}
}

int cmd_snapshot(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pid-file", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *pid_file = NULL;
	union sigval ask = { .sival_int = FT_SNAPSHOT_ASK };
	double timeout = 60;
	sigset_t usr1;
	char *end;
	pid_t pid;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			pid_file = optarg;
			break;
		case 'T':
			timeout = strtod(optarg, &end);
			if (*end || end == optarg || !(timeout > 0) || timeout > 86400) {
				fprintf(stderr, "fragtrack: --timeout wants seconds\n");
				return FT_EXIT_BADINPUT;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return FT_EXIT_BADINPUT;
		}
	}
	if (!pid_file || optind < argc) {
		usage(stderr);
		return FT_EXIT_BADINPUT;
	}
	pid = read_pid(pid_file);
	if (pid < 0)
		return 1;
	if (!is_fragtrack(pid)) {
		fprintf(stderr, "fragtrack: process %d is not a running fragtrack\n", (int)pid);
		return 1;
	}
	/* blocked before asking: the answer waits for sigtimedwait */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	if (sigqueue(pid, SIGUSR1, ask) != 0) {
		fprintf(stderr, "fragtrack: cannot signal process %d: %s\n", (int)pid,
			strerror(errno));
		return 1;
	}
	ret = wait_answer(pid, timeout);
	if (ret == -ETIMEDOUT) {
		fprintf(stderr, "fragtrack: process %d did not answer within %g s\n", (int)pid,
			timeout);
		return 1;
	}
	if (ret) {
		fprintf(stderr, "fragtrack: process %d could not write the snapshot: %s\n",
			(int)pid, strerror(ret < 0 ? -ret : ret));
		return 1;
	}
	printf("snapshot written by process %d\n", (int)pid);
	return 0;
}
