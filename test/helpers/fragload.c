/*
 * fragload - drive Linux external fragmentation and direct compaction.
 *
 * Causes kmem:mm_page_alloc_extfrag events (thousands) and direct
 * compaction (vmstat compact_stall, hundreds) within a time budget, from
 * this process's own allocations, then undoes everything it did.
 * Standalone: no fragtrack code, no library beyond libc.  Run as root.
 *
 *   gcc -O2 -Wall -Wextra -Werror -o fragload test/helpers/fragload.c
 *   fragload [-s SECONDS] [-m MiB] [-d DIR] [-n FILES] [-p MiB] [-t MiB]
 *            [-H] [-w] [-q] [-v]
 *
 * Why it works the way it does.  An extfrag event is an allocation of one
 * migratetype served from a pageblock of another.  Allocations that fall
 * back claim a whole pageblock when they can (one event per 512 pages) and
 * steal single pages only when no free block is at least half free: one
 * event per page.  Direct compaction runs only when no zone has a free huge
 * block left.  So the free memory of the whole machine must be reduced to
 * scattered single pages, and that within seconds.  Touching all of it is
 * far too slow in a VM (~0.2 GiB/s where the host backs memory lazily), and
 * on a kernel with deferred_init=lazy the Normal zone simply grows, by 128
 * MiB free sections, whenever it runs short.  Phases, each bounded by its
 * share of the -s budget:
 *
 *  pin    Take all free memory but what the next phases need into the
 *         hugetlb pool (/proc/sys/vm/nr_hugepages, given back at exit):
 *         pool pages are not zeroed, so 20 GiB take well under a second,
 *         and a lazily initialised zone is grown to full size.
 *  touch  Fault -m MiB of anonymous memory as 4 KiB pages (MADV_NOHUGEPAGE).
 *  holes  Free 15 pages in every 32: order-0 holes, under half of each
 *         pageblock, so nothing can claim those blocks, only steal pages.
 *  repin  Take the huge-sized free blocks still left into the pool as well
 *         (as many as fit above each zone's high watermark).
 *  pipes  Fill pipes (pipe buffers are unmovable order-0 pages): first what
 *         is free in unmovable/reclaimable pageblocks, then -p MiB more, each
 *         page of which is stolen from a movable pageblock: one event each.
 *         That second part is paced over up to a second (a tracer should
 *         not get 200k events per second).  Kept full until cleanup.
 *         Between 8 MiB chunks, free huge blocks made by kswapd/kcompactd
 *         meanwhile are pinned too.
 *  thp    Fault MADV_HUGEPAGE memory, one byte per huge page: no free huge
 *         block anywhere, so each fault compacts directly (compact_stall);
 *         the pages stolen by the pipes make many of them fail.
 *  files  Create up to -n small files in a new directory DIR/fragload.XXXXXX
 *         (reclaimable slab: inodes, dentries, plus page cache).
 *  clean  Give the pool back, munmap, close the pipes, delete the files.
 *
 * Without the pool (-H, or not root) only touch/holes/pipes/thp/files run;
 * on a machine with lots of free memory that causes few events and little
 * compaction.
 *
 * Helper process: a "guardian" is forked at start.  It does no allocation
 * work (all load comes from the main pid, for pid-filtered tracing); it
 * waits on a pipe, is told how many huge pages the main process holds, and
 * should the main process die without cleaning up (SIGKILL, OOM kill) it
 * gives those pages back and removes the directory.  A leaked pool would
 * leave the machine without memory.  Pool changes are relative (we give
 * back what we took), and pinning runs are serialised with a lock on
 * /run/lock/fragload.lock (waited for up to half the budget).
 *
 * Safety: MemAvailable is checked throughout; below a floor (max(256 MiB,
 * MemTotal/96)) pool pages are given back at once and the phase stops.
 * SIGINT/SIGTERM/SIGHUP stop the run and clean up (exit 128+signal);
 * SIGALRM one second after the budget is a backstop.  Exit 0 on success,
 * 1 on error (e.g. mmap failure), 2 on bad usage.
 *
 * -w prints our pid on stdout, then waits for a newline or EOF on stdin,
 * so a harness can set a tracing filter on the pid before the load starts.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR_HUGEPAGES "/proc/sys/vm/nr_hugepages"
#define MIB (1024L * 1024L)

/* ---- options ------------------------------------------------------------ */
static double opt_secs = 20.0;
static long opt_mib = -1;	/* anonymous memory to fragment */
static long opt_files = 10000;	/* max small files */
static long opt_thp_mib = -1;	/* THP-advised memory to fault */
static long opt_pipe_mib = -1;	/* pipe memory beyond free U/R space */
static const char *opt_dir = "/tmp";
static int opt_quiet, opt_wait, opt_verbose, opt_nopool;

/* ---- state -------------------------------------------------------------- */
static volatile sig_atomic_t g_stop;	/* 1: signal, 2: deadline alarm */
static int g_stop_sig;
static double t_start, t_deadline;
static long page_size, hp_kb;		/* base page, hugetlb page (KiB) */
static long thp_size;			/* PMD THP size in bytes */
static long floor_kb;			/* MemAvailable floor */
static long pool_added;			/* pages we added to the pool */
static int pool_ok;			/* pool usable */
static char tmpdir[PATH_MAX];
static int tmpdir_made;
static long files_made;
static char *anon, *thp_raw;
static size_t anon_len, thp_raw_len;
#define MAX_PIPE_FDS 4096
static int pipe_fds[MAX_PIPE_FDS];
static int npipe_fds;
static int guard_fd = -1;
static pid_t guard_pid = -1;

struct vmsnap {
	long stall, success, fail, thp_alloc, thp_fallback, scan_direct, scan_kswapd;
};

static void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void msg(const char *fmt, ...)
{
	va_list ap;

	if (opt_quiet)
		return;
	va_start(ap, fmt);
	fputs("fragload: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void vmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void vmsg(const char *fmt, ...)
{
	va_list ap;

	if (opt_quiet || !opt_verbose)
		return;
	va_start(ap, fmt);
	fputs("fragload: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Errors are printed even with -q. */
static void err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fragload: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_signal(int sig)
{
	if (sig == SIGALRM) {
		if (!g_stop)
			g_stop = 2;
	} else {
		g_stop = 1;
		g_stop_sig = sig;
	}
}

/* ---- /proc helpers ------------------------------------------------------ */

/* Value of a /proc/meminfo field in kB, or -1. */
static long meminfo_kb(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long val = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			val = strtol(line + klen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return val;
}

static void vmstat_read(struct vmsnap *v)
{
	char name[128];
	long val;
	FILE *f = fopen("/proc/vmstat", "r");

	memset(v, 0, sizeof(*v));
	if (!f)
		return;
	while (fscanf(f, "%127s %ld", name, &val) == 2) {
		if (!strcmp(name, "compact_stall"))
			v->stall = val;
		else if (!strcmp(name, "compact_success"))
			v->success = val;
		else if (!strcmp(name, "compact_fail"))
			v->fail = val;
		else if (!strcmp(name, "thp_fault_alloc"))
			v->thp_alloc = val;
		else if (!strcmp(name, "thp_fault_fallback"))
			v->thp_fallback = val;
		else if (!strcmp(name, "pgscan_direct"))
			v->scan_direct = val;
		else if (!strcmp(name, "pgscan_kswapd"))
			v->scan_kswapd = val;
	}
	fclose(f);
}

static int read_long(const char *path, long *out)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*out = strtol(buf, NULL, 10);
	return 0;
}

static int write_long(const char *path, long val)
{
	char buf[32];
	int len, fd, e = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%ld\n", val);
	if (write(fd, buf, len) != len)
		e = errno ? -errno : -EIO;
	close(fd);
	if (e)
		errno = -e;
	return e;
}

/*
 * How many huge pages the pool can take from free blocks without sending
 * the allocator into reclaim or compaction: per zone other than DMA, the
 * free blocks of at least hugetlb size (/proc/buddyinfo), but no more than
 * keeps the zone's free pages above its high watermark (boost included)
 * plus its lowmem reserve (/proc/zoneinfo).
 */
#define MAX_ZONES 8
static long free_huge_blocks(void)
{
	char line[512], name[32], zname[MAX_ZONES][32];
	long zfree[MAX_ZONES], zhigh[MAX_ZONES], zprot[MAX_ZONES], total = 0;
	int nz = 0, hp_order = 0, hp_pages;
	FILE *f;

	while ((page_size << hp_order) < hp_kb * 1024)
		hp_order++;
	hp_pages = 1 << hp_order;

	f = fopen("/proc/zoneinfo", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *p;
		long v;

		if (sscanf(line, "Node %*d, zone %31s", name) == 1) {
			if (nz == MAX_ZONES)
				break;
			snprintf(zname[nz], sizeof(zname[nz]), "%s", name);
			zfree[nz] = zhigh[nz] = zprot[nz] = 0;
			nz++;
		} else if (nz && sscanf(line, " pages free %ld", &v) == 1) {
			zfree[nz - 1] = v;
		} else if (nz && sscanf(line, " high %ld", &v) == 1) {
			zhigh[nz - 1] = v;
		} else if (nz && (p = strstr(line, "protection: ("))) {
			p += strlen("protection: (");
			for (;;) {
				char *end;

				v = strtol(p, &end, 10);
				if (end == p)
					break;
				if (v > zprot[nz - 1])
					zprot[nz - 1] = v;
				p = end;
				while (*p == ',' || *p == ' ')
					p++;
			}
		}
	}
	fclose(f);

	f = fopen("/proc/buddyinfo", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "zone");
		long zsum = 0, room, n;
		int order = 0, off, z;

		if (!p || sscanf(p, "zone %31s%n", name, &off) != 1)
			continue;
		if (!strcmp(name, "DMA"))
			continue;
		p += off;
		while (sscanf(p, "%ld%n", &n, &off) == 1) {
			if (order >= hp_order)
				zsum += n << (order - hp_order);
			order++;
			p += off;
		}
		for (z = 0; z < nz && strcmp(zname[z], name); z++)
			;
		if (z == nz)
			continue;
		room = (zfree[z] - zhigh[z] - zprot[z] - 2L * hp_pages) / hp_pages;
		if (zsum > room)
			zsum = room;
		if (zsum > 0)
			total += zsum;
	}
	fclose(f);
	return total;
}

/*
 * Free pages per migratetype (0 unmovable, 1 movable, 2 reclaimable) over
 * the zones other than DMA, from /proc/pagetypeinfo (root only).  Returns
 * -1 if unreadable.
 */
static int free_by_type(long out[3])
{
	static const char *types[3] = { "Unmovable", "Movable", "Reclaimable" };
	char line[512], zone[32], type[32];
	FILE *f = fopen("/proc/pagetypeinfo", "r");

	out[0] = out[1] = out[2] = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "zone");
		int off, order = 0, t;
		long n;

		if (!p || sscanf(p, "zone %31[^,], type %31s%n", zone, type, &off) != 2)
			continue;
		if (!strcmp(zone, "DMA"))
			continue;
		for (t = 0; t < 3 && strcmp(type, types[t]); t++)
			;
		if (t == 3)
			continue;
		p += off;
		for (;;) {
			/* the kernel prints ">100000" for long lists */
			while (*p == ' ' || *p == '>')
				p++;
			if (sscanf(p, "%ld%n", &n, &off) != 1)
				break;
			out[t] += n << order;
			order++;
			p += off;
		}
	}
	fclose(f);
	return 0;
}

/* ---- hugetlb pool ------------------------------------------------------- */

/*
 * Pool changes are relative: we remember how many pages we added and give
 * back exactly that many, so overlapping users of nr_hugepages (another
 * fragload, a test) keep theirs.  The guardian is told the amount after
 * every change (and the requested amount before a grow).
 */
static void guardian_tell(long pages);

static long pool_now(void)
{
	long v = -1;

	if (read_long(NR_HUGEPAGES, &v) < 0)
		return -1;
	return v;
}

/* Add up to n pages to the pool; returns how many the kernel gave. */
static long pool_grow(long n)
{
	long before, after;

	if (!pool_ok || n <= 0)
		return 0;
	before = pool_now();
	if (before < 0)
		return 0;
	guardian_tell(pool_added + n);
	/* A partial pool (ENOMEM, or EINTR at the deadline) still counts. */
	write_long(NR_HUGEPAGES, before + n);
	after = pool_now();
	if (after > before + n)		/* someone else grew it meanwhile */
		after = before + n;
	if (after > before)
		pool_added += after - before;
	guardian_tell(pool_added);
	return after > before ? after - before : 0;
}

static void pool_shrink(long n)
{
	long cur;

	if (!pool_ok || pool_added <= 0)
		return;
	if (n > pool_added)
		n = pool_added;
	cur = pool_now();
	if (cur < 0)
		return;
	if (write_long(NR_HUGEPAGES, cur > n ? cur - n : 0) == 0) {
		pool_added -= n;
		guardian_tell(pool_added);
	}
}

static void pool_restore(void)
{
	long n = pool_added;

	if (!pool_ok || n <= 0)
		return;
	pool_shrink(n);
	if (pool_added > 0)
		err("could not give %ld huge pages back (%s): check %s",
		    pool_added, strerror(errno), NR_HUGEPAGES);
}

/*
 * Pressure valve.  Returns 0 if MemAvailable - need_kb stays above the
 * floor; otherwise gives pool memory back and returns -1 so the caller ends
 * its phase.
 */
static int room_for(long need_kb)
{
	long avail = meminfo_kb("MemAvailable");

	if (avail < 0)
		return 0;
	if (avail - need_kb >= floor_kb)
		return 0;
	if (avail < floor_kb && pool_added > 0) {
		long give = (floor_kb - avail) / hp_kb + 128 * 1024 / hp_kb;

		vmsg("MemAvailable %ld MiB below floor %ld MiB: returning %ld MiB of pool",
		     avail / 1024, floor_kb / 1024, give * hp_kb / 1024);
		pool_shrink(give);
	}
	return -1;
}

/* ---- guardian ----------------------------------------------------------- */

static void rm_dir_contents(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
	rmdir(dir);
}

/*
 * The guardian waits for the main process to say it has cleaned up ('D')
 * and exits.  Meanwhile it is told, as "P<pages>\n", how many huge pages
 * the main process holds in the pool.  If the pipe hits EOF before 'D',
 * the main process died: give those pages back and remove the directory.
 */
static void guardian_start(void)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		err("pipe: %s (continuing without guardian)", strerror(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		err("fork: %s (continuing without guardian)", strerror(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		char buf[256];
		long held = 0, num = 0, cur;
		int fd, ppid = getppid(), innum = 0, done = 0;
		ssize_t n;

		close(p[1]);
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGALRM, SIG_IGN);
		prctl(PR_SET_NAME, "fragload-guard", 0, 0, 0);
		fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			if (fd > 2)
				close(fd);
		}
		while (!done) {
			n = read(p[0], buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			for (ssize_t i = 0; i < n; i++) {
				char c = buf[i];

				if (c == 'D') {
					done = 1;
				} else if (c == 'P') {
					innum = 1;
					num = 0;
				} else if (innum && c >= '0' && c <= '9') {
					num = num * 10 + (c - '0');
				} else if (innum && c == '\n') {
					held = num;
					innum = 0;
				}
			}
		}
		if (done)
			_exit(0);
		fprintf(stderr, "fragload-guard: fragload %d died without cleaning up; "
			"giving back %ld huge pages%s%s\n", ppid, held,
			tmpdir_made ? ", removing " : "", tmpdir_made ? tmpdir : "");
		if (held > 0 && read_long(NR_HUGEPAGES, &cur) == 0)
			write_long(NR_HUGEPAGES, cur > held ? cur - held : 0);
		if (tmpdir_made)
			rm_dir_contents(tmpdir);
		_exit(0);
	}
	close(p[0]);
	guard_fd = p[1];
	guard_pid = pid;
}

static void guardian_tell(long pages)
{
	char buf[32];
	int len;

	if (guard_fd < 0)
		return;
	len = snprintf(buf, sizeof(buf), "P%ld\n", pages);
	if (write(guard_fd, buf, len) != len)
		vmsg("guardian pipe: %s", strerror(errno));
}

static void guardian_done(int all_clean)
{
	if (guard_fd >= 0) {
		if (all_clean && write(guard_fd, "D", 1) != 1)
			err("guardian pipe: %s", strerror(errno));
		close(guard_fd);
		guard_fd = -1;
	}
	if (guard_pid > 0) {
		while (waitpid(guard_pid, NULL, 0) < 0 && errno == EINTR)
			;
		guard_pid = -1;
	}
}

/*
 * One pinning fragload at a time: two would fight over the same free
 * memory.  Wait for the other one until `until`, then go on without pool.
 * The guardian inherits the lock and holds it until the pool is back.
 */
static int lock_pool(double until)
{
	const char *path = "/run/lock/fragload.lock";
	int fd, said = 0;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		path = "/tmp/fragload.lock";
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	}
	if (fd < 0) {
		msg("cannot open lock file %s: %s; not using the hugetlb pool", path,
		    strerror(errno));
		return 0;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			msg("flock %s: %s; not using the hugetlb pool", path, strerror(errno));
			close(fd);
			return 0;
		}
		if (g_stop || now() >= until) {
			msg("another fragload still holds %s: running without the hugetlb pool",
			    path);
			close(fd);
			return 0;
		}
		if (!said++)
			msg("waiting for another fragload to finish (%s)", path);
		usleep(100 * 1000);
	}
	return 1;	/* fd stays open (and locked) until exit */
}

/* ---- phases ------------------------------------------------------------- */

static int stop_at(double t)
{
	return g_stop || now() >= t;
}

/* Take all free memory except keep_kb into the pool. */
static long phase_pin(long keep_kb)
{
	long free_kb = meminfo_kb("MemFree");
	long want;

	if (free_kb < 0)
		return 0;
	want = (free_kb - keep_kb) / hp_kb;
	if (want <= 0)
		return 0;
	return pool_grow(want);
}

static long phase_touch(long mib, double until)
{
	long chunk = 64 * MIB, done = 0;

	anon_len = (size_t)mib * MIB;
	anon = mmap(NULL, anon_len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (anon == MAP_FAILED) {
		err("mmap of %ld MiB anonymous memory failed: %s", mib, strerror(errno));
		anon = NULL;
		anon_len = 0;
		return -1;
	}
	/* Base pages only: the point is order-0 holes. */
	if (madvise(anon, anon_len, MADV_NOHUGEPAGE) < 0)
		vmsg("madvise(MADV_NOHUGEPAGE): %s", strerror(errno));
	while ((size_t)done < anon_len && !stop_at(until)) {
		long n = anon_len - done < (size_t)chunk ? (long)(anon_len - done) : chunk;

		if (room_for(n / 1024) < 0) {
			vmsg("touch: stopping, MemAvailable near floor");
			break;
		}
		for (long off = 0; off < n; off += page_size)
			anon[done + off] = 1;
		done += n;
	}
	return done;
}

/*
 * Free 15 pages of every 32: odd pages 1..29, so every hole is order-0
 * (its buddy stays in use), and a pageblock has at most 240 of 512 free:
 * under the half needed to claim it.
 */
static long phase_holes(long touched)
{
	long freed = 0, pages = touched / page_size;

	for (long i = 0; i < pages; i++) {
		long j = i % 32;

		if ((j & 1) && j != 31) {
			if (madvise(anon + i * page_size, page_size, MADV_DONTNEED) == 0)
				freed++;
		}
		if ((i & 0xffff) == 0 && g_stop)
			break;
	}
	return freed * page_size;
}

/* Pin leftover huge-sized free blocks, keeping need_kb + floor available. */
static long phase_repin(long need_kb)
{
	long blocks = free_huge_blocks();
	long avail = meminfo_kb("MemAvailable");
	long allowed = (avail - floor_kb - need_kb) / hp_kb;

	if (blocks > allowed)
		blocks = allowed;
	if (blocks <= 0)
		return 0;
	return pool_grow(blocks);
}

/*
 * Fill pipes with page-sized writes.  Pipe buffer pages are unmovable
 * order-0 allocations (GFP_HIGHUSER): once the unmovable and reclaimable
 * free lists are empty, each one is stolen from a movable pageblock (one
 * extfrag event each).  Every 8 MiB, free huge blocks that reclaim or
 * kcompactd made meanwhile (watermark boosting wakes them) are pinned,
 * else the next allocations would claim them whole instead of stealing.
 * The pipes stay full until cleanup, pinning those pageblocks.
 */
static long phase_pipes(long mib, long fast_mib, double until)
{
	static char buf[65536];
	long want = mib * MIB, done = 0, max_sz = 0, next_repin = 8 * MIB;
	long fast = fast_mib * MIB, paced_from = -1;
	double pace_t0 = 0, rate = 0;
	int sz = 64 * MIB;
	struct rlimit rl;
	int max_fds = MAX_PIPE_FDS;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max && rl.rlim_cur < 4096) {
			rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		if (rl.rlim_cur != RLIM_INFINITY && (long)rl.rlim_cur - 64 < max_fds)
			max_fds = (int)rl.rlim_cur - 64;
	}
	if (max_fds > MAX_PIPE_FDS)
		max_fds = MAX_PIPE_FDS;
	memset(buf, 'p', sizeof(buf));
	read_long("/proc/sys/fs/pipe-max-size", &max_sz);
	while (done < want && npipe_fds + 2 <= max_fds) {
		int p[2];

		if (stop_at(until))
			break;
		if (room_for((sz < want - done ? sz : want - done) / 1024)) {
			vmsg("pipes: stopping, MemAvailable near floor");
			break;
		}
		if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) {
			vmsg("pipe2: %s", strerror(errno));
			break;
		}
		pipe_fds[npipe_fds++] = p[0];
		pipe_fds[npipe_fds++] = p[1];
		/* Beyond pipe-max-size needs CAP_SYS_RESOURCE; else use the max. */
		if (fcntl(p[1], F_SETPIPE_SZ, sz) < 0 && max_sz > 0) {
			sz = (int)max_sz;
			fcntl(p[1], F_SETPIPE_SZ, sz);
		}
		while (done < want && !g_stop) {
			ssize_t n = write(p[1], buf, sizeof(buf));

			if (n <= 0)
				break;	/* EAGAIN: pipe full */
			done += n;
			/*
			 * Past the free unmovable/reclaimable space every page
			 * is an event: spread those over the time left (to
			 * `until` less 10%), so that a tracer reading them is
			 * not handed a 200k-events-per-second burst ...
			 */
			if (done >= fast && paced_from < 0) {
				double left = (until - now()) * 0.9;

				/*
				 * ... but within a second: the longer it
				 * takes, the more kswapd reclaims (woken by
				 * the boosted watermarks) and kcompactd
				 * defragments, and the next allocations
				 * claim whole blocks instead of stealing.
				 */
				if (left > 1.0)
					left = 1.0;

				paced_from = done;
				pace_t0 = now();
				rate = left > 0.05 ? (want - done) / left : 0;
			}
			if (paced_from >= 0 && rate > 0) {
				double due = pace_t0 + (done - paced_from) / rate;
				double wait = due - now();

				if (wait > 0.0005) {
					struct timespec ts = { (time_t)wait,
						(long)((wait - (time_t)wait) * 1e9) };

					nanosleep(&ts, NULL);
				}
			}
			if (done >= next_repin) {
				phase_repin(want - done > 0 ? (want - done) / 1024 : 0);
				next_repin = done + 8 * MIB;
			}
		}
	}
	return done;
}

static long phase_files(long max, double until)
{
	char path[PATH_MAX + 32], data[256];
	int len;

	memset(data, 'x', sizeof(data));
	len = snprintf(data, sizeof(data), "fragload pid %d\n", (int)getpid());
	data[len] = 'x';
	for (files_made = 0; files_made < max;) {
		int fd;

		if ((files_made & 255) == 0) {
			/* leave time to delete them: budget ~200 us a file */
			if (stop_at(until) ||
			    now() + 0.5 + files_made * 200e-6 >= t_deadline)
				break;
			/* page cache + inode + dentry: ~8 KiB a file, ask 256 ahead */
			if (room_for(256 * 8)) {
				vmsg("files: stopping, MemAvailable near floor");
				break;
			}
			if (pool_ok && (files_made & 1023) == 0)
				phase_repin((max - files_made) * 8);
		}
		snprintf(path, sizeof(path), "%s/f%07ld", tmpdir, files_made);
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			err("cannot create %s: %s", path, strerror(errno));
			return -1;
		}
		files_made++;
		if (write(fd, data, 100 + files_made % 150) < 0 && errno != EINTR) {
			err("write %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		close(fd);
	}
	return files_made;
}

static long phase_thp(long mib, double until)
{
	long done = 0;
	char *p;

	thp_raw_len = (size_t)mib * MIB + thp_size;
	thp_raw = mmap(NULL, thp_raw_len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (thp_raw == MAP_FAILED) {
		err("mmap of %ld MiB THP memory failed: %s", mib, strerror(errno));
		thp_raw = NULL;
		thp_raw_len = 0;
		return -1;
	}
	p = (char *)(((unsigned long)thp_raw + thp_size - 1) & ~(thp_size - 1));
	if (madvise(p, (size_t)mib * MIB, MADV_HUGEPAGE) < 0) {
		msg("madvise(MADV_HUGEPAGE): %s: no THP phase", strerror(errno));
		return 0;
	}
	/*
	 * One byte per huge page: each first touch is a THP fault, which
	 * compacts directly when no free huge block is left.  If THP
	 * allocation fails, only one 4 KiB page per 2 MiB is used.
	 */
	while (done < mib * MIB && !stop_at(until)) {
		if (room_for(thp_size / 1024)) {
			vmsg("thp: stopping, MemAvailable near floor");
			break;
		}
		/* keep kcompactd's work from feeding the faults directly */
		if (pool_ok && (done / thp_size) % 16 == 0)
			phase_repin(0);
		p[done] = 1;
		done += thp_size;
	}
	return done;
}

static void cleanup(void)
{
	sigset_t all;

	/* No interruptions from here on: the pool must go back. */
	alarm(0);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);

	for (int i = 0; i < 3 && pool_added > 0; i++)
		pool_restore();
	if (thp_raw) {
		munmap(thp_raw, thp_raw_len);
		thp_raw = NULL;
	}
	if (anon) {
		munmap(anon, anon_len);
		anon = NULL;
	}
	while (npipe_fds > 0)
		close(pipe_fds[--npipe_fds]);
	if (tmpdir_made) {
		char path[PATH_MAX + 32];

		for (long i = 0; i < files_made; i++) {
			snprintf(path, sizeof(path), "%s/f%07ld", tmpdir, i);
			unlink(path);
		}
		if (rmdir(tmpdir) < 0) {	/* stray files? sweep */
			rm_dir_contents(tmpdir);
			if (rmdir(tmpdir) < 0 && errno != ENOENT)
				err("cannot remove %s: %s", tmpdir, strerror(errno));
		}
		if (access(tmpdir, F_OK) < 0)
			tmpdir_made = 0;
	}
	/* If anything is left, the guardian gets a last try at it. */
	guardian_done(pool_added == 0 && !tmpdir_made);
}

/* ---- main --------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: fragload [-s SECONDS] [-m MiB] [-d DIR] [-n FILES] [-p MiB] [-t MiB] [-H] [-w] [-q] [-v]\n"
		"  -s SECONDS  time budget (default 20); exits within SECONDS+2\n"
		"  -m MiB      anonymous memory to touch and fragment\n"
		"              (default MemTotal/8, clamped to 256..3072 MiB; touching stops\n"
		"              at 45%% of the budget)\n"
		"  -d DIR      create the small files in a new DIR/fragload.XXXXXX (default /tmp)\n"
		"  -n FILES    at most this many small files (default 10000)\n"
		"  -p MiB      unmovable pipe memory beyond what is free in unmovable/reclaimable\n"
		"              pageblocks: ~256 extfrag events per MiB (default 64)\n"
		"  -t MiB      THP-advised memory to fault (default: half the holes, <= 512)\n"
		"  -H          do not use the hugetlb pool to pin free memory\n"
		"  -w          print our pid on stdout, then wait for a newline/EOF on stdin\n"
		"  -q          quiet: no summary\n"
		"  -v          verbose: per-phase progress\n");
}

static long parse_long(const char *s, const char *what, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min) {
		err("bad %s '%s'", what, s);
		usage(stderr);
		exit(2);
	}
	return v;
}

static void phase_report(const char *name, double t0, const struct vmsnap *a)
{
	struct vmsnap b;
	long ft[3];

	if (!opt_verbose || opt_quiet)
		return;
	vmstat_read(&b);
	free_by_type(ft);
	vmsg("%-6s %5.2fs  MemAvail %5ld MiB  free U/M/R %ld/%ld/%ld MiB  compact stall +%ld success +%ld fail +%ld"
	     "  thp alloc +%ld fallback +%ld  pgscan direct +%ld kswapd +%ld",
	     name, now() - t0, meminfo_kb("MemAvailable") / 1024,
	     ft[0] * page_size / MIB, ft[1] * page_size / MIB, ft[2] * page_size / MIB,
	     b.stall - a->stall, b.success - a->success, b.fail - a->fail,
	     b.thp_alloc - a->thp_alloc, b.thp_fallback - a->thp_fallback,
	     b.scan_direct - a->scan_direct, b.scan_kswapd - a->scan_kswapd);
}

int main(int argc, char **argv)
{
	struct vmsnap v0, v1, vp;
	struct sigaction sa;
	long total_kb, avail_kb, touched = 0, holes = 0, thp_done = 0, pinned = 0,
	     repinned = 0, thp_mib, extra_mib, piped = 0, ur_mib = 0, ft[3],
	     pipe_mib, room_mib, thp_res;
	double t_phase;
	char phases[128] = "";
	int c, rc = 0;

	while ((c = getopt(argc, argv, "s:m:d:n:p:t:Hwqvh")) != -1) {
		switch (c) {
		case 's': {
			char *end;

			opt_secs = strtod(optarg, &end);
			if (*end || end == optarg || !(opt_secs >= 1 && opt_secs <= 86400)) {
				err("bad seconds '%s' (1..86400)", optarg);
				return 2;
			}
			break;
		}
		case 'm': opt_mib = parse_long(optarg, "MiB", 16); break;
		case 'd': opt_dir = optarg; break;
		case 'n': opt_files = parse_long(optarg, "file count", 0); break;
		case 'p': opt_pipe_mib = parse_long(optarg, "pipe MiB", 0); break;
		case 't': opt_thp_mib = parse_long(optarg, "THP MiB", 0); break;
		case 'H': opt_nopool = 1; break;
		case 'w': opt_wait = 1; break;
		case 'q': opt_quiet = 1; break;
		case 'v': opt_verbose = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: interrupt waits */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);

	if (opt_wait) {
		char ch;
		ssize_t n;

		printf("%d\n", (int)getpid());
		fflush(stdout);
		do
			n = read(0, &ch, 1);
		while (n == 1 && ch != '\n' && !g_stop);
		if (g_stop) {
			msg("interrupted while waiting; nothing done");
			return 128 + (g_stop_sig ? g_stop_sig : SIGINT);
		}
	}

	t_start = now();
	t_deadline = t_start + opt_secs;
	alarm((unsigned)opt_secs + 1);
	page_size = sysconf(_SC_PAGESIZE);
	hp_kb = meminfo_kb("Hugepagesize");
	if (read_long("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", &thp_size) < 0 ||
	    thp_size <= 0)
		thp_size = 2 * MIB;
	total_kb = meminfo_kb("MemTotal");
	if (total_kb <= 0 || meminfo_kb("MemAvailable") < 0) {
		err("cannot read MemTotal/MemAvailable from /proc/meminfo");
		return 1;
	}
	/* What stays available to everyone else, whatever we do. */
	floor_kb = total_kb / 96;
	if (floor_kb < 256 * 1024)
		floor_kb = 256 * 1024;

	/* Pool only if we can write it (root, CONFIG_HUGETLBFS). */
	if (!opt_nopool && hp_kb > 0 && pool_now() >= 0 &&
	    access(NR_HUGEPAGES, W_OK) == 0) {
		pool_ok = lock_pool(t_start + 0.5 * opt_secs);
	} else if (!opt_nopool) {
		msg("hugetlb pool not usable (not root or no hugetlbfs): running without pin phase");
	}

	/* touch stops at 45% of the budget anyway, when memory faults slowly */
	if (opt_mib < 0) {
		opt_mib = total_kb / 1024 / 8;
		if (opt_mib < 256)
			opt_mib = 256;
		if (opt_mib > 3072)
			opt_mib = 3072;
	}
	/* Never plan to use more than half of what is available now. */
	avail_kb = meminfo_kb("MemAvailable");
	if (opt_mib * 1024 > (avail_kb - floor_kb) / 2) {
		long m = (avail_kb - floor_kb) / 2 / 1024;

		if (m < 16) {
			err("only %ld MiB available (floor %ld MiB): refusing to load the machine",
			    avail_kb / 1024, floor_kb / 1024);
			return 1;
		}
		msg("-m %ld MiB reduced to %ld MiB (MemAvailable %ld MiB)", opt_mib, m,
		    avail_kb / 1024);
		opt_mib = m;
	}

	snprintf(tmpdir, sizeof(tmpdir), "%s/fragload.XXXXXX", opt_dir);
	if (!mkdtemp(tmpdir)) {
		err("cannot create directory under %s: %s", opt_dir, strerror(errno));
		return 1;
	}
	tmpdir_made = 1;
	guardian_start();

	vmstat_read(&v0);

	/* pin: keep what touch needs, the floor, and some room for the rest */
	if (pool_ok && !g_stop) {
		t_phase = now();
		vmstat_read(&vp);
		pinned = phase_pin((opt_mib + 128) * 1024 + floor_kb);
		strcat(phases, "pin,");
		vmsg("pin: %ld MiB taken into the hugetlb pool", pinned * hp_kb / 1024);
		phase_report("pin", t_phase, &vp);
	}

	/* touch: until 45% of the budget (holes take ~0.25 s per GiB more) */
	if (!g_stop) {
		t_phase = now();
		vmstat_read(&vp);
		touched = phase_touch(opt_mib, t_start + 0.45 * opt_secs);
		if (touched < 0) {
			rc = 1;
			goto out;
		}
		strcat(phases, "touch,");
		vmsg("touch: %ld MiB faulted as 4 KiB pages", touched / MIB);
		phase_report("touch", t_phase, &vp);
	}

	if (!g_stop && touched > 0) {
		t_phase = now();
		vmstat_read(&vp);
		holes = phase_holes(touched);
		strcat(phases, "holes,");
		vmsg("holes: %ld MiB freed as order-0 holes", holes / MIB);
		phase_report("holes", t_phase, &vp);
	}

	/*
	 * pipes will fill what is free in unmovable/reclaimable pageblocks
	 * (no events while that lasts), then -p MiB more, all stolen from
	 * movable pageblocks.
	 */
	extra_mib = opt_pipe_mib >= 0 ? opt_pipe_mib : 64;	/* ~16k events */
	/*
	 * repin: free huge blocks go into the pool, so that what stays free
	 * is holes.  Free huge blocks would be claimed whole by the unmovable
	 * allocations below: few events.
	 */
	if (free_by_type(ft) == 0)
		ur_mib = (ft[0] + ft[2]) * page_size / MIB;
	if (pool_ok && !g_stop) {
		t_phase = now();
		vmstat_read(&vp);
		/* ... but not what the pipes and the THP faults will need */
		repinned = phase_repin((ur_mib + extra_mib + 64) * 1024);
		strcat(phases, "repin,");
		vmsg("repin: %ld MiB more taken into the pool", repinned * hp_kb / 1024);
		phase_report("repin", t_phase, &vp);
	}
	if (free_by_type(ft) == 0)
		ur_mib = (ft[0] + ft[2]) * page_size / MIB;
	/*
	 * Pipes get what is above the floor, less up to 64 MiB kept for THP
	 * faults that succeed; the events matter more, so that reserve
	 * shrinks first (to 16 MiB) when the pipes need it.
	 */
	pipe_mib = ur_mib + extra_mib;
	room_mib = (meminfo_kb("MemAvailable") - floor_kb) / 1024;
	thp_res = room_mib - pipe_mib;
	if (thp_res > 64)
		thp_res = 64;
	if (thp_res < 16)
		thp_res = 16;
	if (pipe_mib > room_mib - thp_res)
		pipe_mib = room_mib - thp_res > 0 ? room_mib - thp_res : 0;

	/* pipes: until 70% of the budget, the stealing part paced */
	if (!g_stop && pipe_mib > 0) {
		t_phase = now();
		vmstat_read(&vp);
		piped = phase_pipes(pipe_mib, ur_mib > 16 ? ur_mib - 16 : 0,
				    t_start + 0.70 * opt_secs);
		strcat(phases, "pipes,");
		vmsg("pipes: %ld MiB in %d pipes (%ld MiB were free in U/R blocks)",
		     piped / MIB, npipe_fds / 2, ur_mib);
		phase_report("pipes", t_phase, &vp);
	}

	/* thp: until 80% of the budget (usually well under a second) */
	thp_mib = opt_thp_mib;
	if (thp_mib < 0) {
		thp_mib = holes / MIB / 2;
		if (thp_mib > 512)
			thp_mib = 512;
		if (thp_mib < 32)
			thp_mib = 32;
	}
	thp_mib = (thp_mib * MIB / thp_size) * thp_size / MIB;
	if (!g_stop && thp_mib > 0) {
		t_phase = now();
		vmstat_read(&vp);
		thp_done = phase_thp(thp_mib, t_start + 0.80 * opt_secs);
		if (thp_done < 0) {
			rc = 1;
			goto out;
		}
		strcat(phases, "thp,");
		vmsg("thp: %ld MiB of MADV_HUGEPAGE memory faulted", thp_done / MIB);
		phase_report("thp", t_phase, &vp);
	}

	/* files: until 90% of the budget, and early enough to delete them */
	if (!g_stop && opt_files > 0) {
		t_phase = now();
		vmstat_read(&vp);
		if (phase_files(opt_files, t_start + 0.90 * opt_secs) < 0) {
			rc = 1;
			goto out;
		}
		strcat(phases, "files,");
		vmsg("files: %ld created in %s", files_made, tmpdir);
		phase_report("files", t_phase, &vp);
	}

out:
	t_phase = now();
	cleanup();
	strcat(phases, "clean");
	vmstat_read(&v1);
	if (g_stop == 1)
		msg("stopped by signal %d", g_stop_sig);
	else if (g_stop == 2)
		msg("time budget hit (alarm)");
	msg("done in %.1fs (clean %.1fs): phases %s; pinned %ld MiB; touched %ld MiB, "
	    "holes %ld MiB; pipes %ld MiB; %ld files; THP %ld MiB; compact_stall +%ld "
	    "success +%ld fail +%ld; thp_fault_alloc +%ld fallback +%ld",
	    now() - t_start, now() - t_phase, phases,
	    (pinned + repinned) * hp_kb / 1024, touched / MIB, holes / MIB,
	    piped / MIB, files_made, thp_done / MIB, v1.stall - v0.stall, v1.success - v0.success,
	    v1.fail - v0.fail, v1.thp_alloc - v0.thp_alloc,
	    v1.thp_fallback - v0.thp_fallback);
	if (g_stop == 1)
		return 128 + g_stop_sig;
	return rc;
}
