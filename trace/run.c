// SPDX-License-Identifier: GPL-2.0
#include "trace/run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/text.h"


volatile sig_atomic_t exiting;

static void sig_handler(int sig)
{
	(void)sig;
	exiting = 1;
}

/* Snapshot requests, and who asked with sigqueue (to be answered) */
#define SNAPSHOT_ASKERS 16
static volatile sig_atomic_t snapshot_wanted;
static volatile sig_atomic_t naskers;
static volatile pid_t askers[SNAPSHOT_ASKERS];

static void usr1_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	snapshot_wanted = 1;
	if (si->si_code == SI_QUEUE && si->si_value.sival_int == FT_SNAPSHOT_ASK &&
	    naskers < SNAPSHOT_ASKERS)
		askers[naskers++] = si->si_pid;
}

void ft_install_signal_handlers(void)
{
	struct sigaction sa = { .sa_handler = sig_handler };
	struct sigaction usr1 = { .sa_sigaction = usr1_handler, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: poll() must return so the loop sees the flag */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(&usr1.sa_mask);
	sigaction(SIGUSR1, &usr1, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int ft_snapshot_path(const char *output, char *path, size_t len)
{
	const char *dot = strrchr(output, '.'), *slash = strrchr(output, '/');
	size_t stem = dot && (!slash || dot > slash) && dot != output &&
		      (strcmp(dot, ".json") == 0 || strcmp(dot, ".jsonl") == 0)
		      ? (size_t)(dot - output) : strlen(output);
	int n = snprintf(path, len, "%.*s.snapshot%s", (int)stem, output, output + stem);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

double ft_now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now_real(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CAP_BPF (39) with CAP_PERFMON (38), or CAP_SYS_ADMIN (21), effective. */
static bool may_trace(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long long eff = 0;
	char line[256];

	if (geteuid() == 0)
		return true;
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return (eff >> 21 & 1) || ((eff >> 39 & 1) && (eff >> 38 & 1));
}

static void default_output(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(buf, len, "fragmentation_data_%Y%m%d_%H%M%S.json", &tm);
}

/* how stale buddyinfo may be when an event asks for its zone's index */
#define INDEX_MAX_AGE 0.05

static void on_record(void *ctx, const struct ft_record *raw)
{
	struct ft_run *run = ctx;
	struct ft_record r = *raw;
	int ret;

	ft_sampler_annotate(&run->sampler, &r, ft_now_mono(), INDEX_MAX_AGE);
	ft_stats_add(&run->stats, &r);
	ret = ft_writer_event(run->writer, &r);
	if (ret && !run->write_error)
		run->write_error = -ret;
	if (run->view.on_record)
		run->view.on_record(run, &r, run->view.arg);
}

static void on_sample(void *ctx, const struct ft_sample *smp)
{
	struct ft_run *run = ctx;
	int ret = ft_writer_sample(run->writer, smp);

	if (ret && !run->write_error)
		run->write_error = -ret;
	if (run->view.on_sample)
		run->view.on_sample(run, smp, run->view.arg);
}

static void take_sample(struct ft_run *run, double now)
{
	double rel = (now * 1e9 - run->tracer.clock.mono_start_ns) / 1e9;

	ft_sampler_sample(&run->sampler, rel, now, on_sample, run);
}

/*
 * The memory map: a thread scans /proc/kpageflags (trace/mapper.c); the
 * loop only writes what it queued, so events never wait for a scan.
 * Without kpageflags (not root, a kernel without it) one note and no maps.
 */
static void start_maps(struct ft_run *run)
{
	char err[512];

	if (run->opts.map_interval <= 0)
		return;
	if (ft_mapper_start(&run->mapper, run->opts.map_interval, err, sizeof(err))) {
		fprintf(run->human, "fragtrack: note: %s: recording without the memory map\n", err);
		return;
	}
	run->maps = true;
}

static void write_maps(struct ft_run *run)
{
	struct ft_map_sample *list = run->maps ? ft_mapper_take(&run->mapper) : NULL;
	double t0 = run->tracer.clock.mono_start_ns / 1e9;

	for (struct ft_map_sample *s = list; s; s = s->next) {
		run->map_scans++;
		for (int z = 0; z < s->nzones; z++) {
			struct ft_map_record r;
			int ret;

			ft_map_sample_record(s, z, t0, run->map_scans, &r);
			ret = ft_writer_map(run->writer, &r);
			if (ret && !run->write_error)
				run->write_error = -ret;
		}
		if (run->view.on_map)
			run->view.on_map(run, s, run->view.arg);
	}
	/* a map line is KBs long: out at once, not left half in the buffer
	 * until the next tick (readers of a live file see whole lines) */
	if (list)
		ft_writer_flush(run->writer);
	ft_map_samples_free(list);
}

/* The map at stop (the thread scans once more), then what is queued */
static void stop_maps(struct ft_run *run)
{
	if (!run->maps)
		return;
	ft_mapper_stop(&run->mapper);
	write_maps(run);
	if (run->mapper.failed) {
		fprintf(stderr, "fragtrack: %lu of %lu memory map scans failed: %s\n",
			run->mapper.failed, run->mapper.failed + run->mapper.scans,
			strerror(-run->mapper.error));
	}
}

/* The pid, into the pid file's temporary: committed with the output. */
static int write_pid_file(struct ft_run *run)
{
	char err[1024], pid[24];
	int n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	int fd = ft_outfile_open(&run->pid_file, run->opts.pid_file, err, sizeof(err));
	ssize_t done;
	int e = 0;

	if (fd < 0) {
		fprintf(stderr, "fragtrack: pid file: %s\n", err);
		return fd;
	}
	done = write(fd, pid, n);
	if (done != n)
		e = done < 0 ? errno : ENOSPC; /* short: the disk is full */
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e)
		return 0;
	ft_outfile_remove(&run->pid_file);
	fputs("fragtrack: pid file: cannot write ", stderr);
	ft_term_put(stderr, run->opts.pid_file, 0);
	fprintf(stderr, ": %s\n", strerror(e));
	return -e;
}

/* Tracing runs: the output and the pid file take their names (and an
 * old file of ours at either is replaced only now). */
static int commit_files(struct ft_run *run, char *err, size_t errlen)
{
	int ret = ft_outfile_commit(&run->out, err, errlen);

	if (!ret && run->opts.pid_file)
		ret = ft_outfile_commit(&run->pid_file, err, errlen);
	return ret;
}

/* The output as ft_writer_open wants it: stdout for "-", else a file made
 * by ft_outfile (replacing an old one only at commit). */
static FILE *open_output(struct ft_run *run, char *err, size_t errlen)
{
	FILE *f;
	int fd;

	if (strcmp(run->output, "-") == 0)
		return stdout;
	fd = ft_outfile_open(&run->out, run->output, err, errlen);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write: %s", strerror(errno));
		close(fd);
		ft_outfile_remove(&run->out);
	}
	return f;
}

/* Nothing was traced: leave no half-made file behind, and only ours. */
static void discard_output(struct ft_run *run)
{
	ft_writer_close(run->writer, &run->meta, &run->stats);
	run->writer = NULL;
	ft_outfile_remove(&run->out);
	ft_outfile_remove(&run->pid_file);
}

static int preflight(struct ft_run *run)
{
	char err[512], headers[512];

	if (!may_trace()) {
		fprintf(stderr, "fragtrack: must be run as root (or with CAP_BPF and "
				"CAP_PERFMON): it loads eBPF programs\n");
		return -EPERM;
	}
	if (ft_tracer_detect(&run->tracer, run->opts.tracefs, err, sizeof(err))) {
		fprintf(stderr, "fragtrack: %s\n", err);
		return -ENOENT;
	}
	if (!ft_kernel_headers_present(headers, sizeof(headers))) {
		fprintf(stderr, "fragtrack: kernel headers not found at %s: run `make deps` "
				"(scripts/install-deps.sh)\n", headers);
		return -ENOENT;
	}
	return 0;
}

/* metadata.bpf_object, and one line on stderr when the cache was passed
 * over: a run never hides that it did not use what was cached. */
static void note_bpf_object(struct ft_run *run)
{
	const struct ft_tracer *t = &run->tracer;
	char path[3 * 4096];

	if (t->from_cache || !t->cache_why[0]) {
		snprintf(run->meta.bpf_object, sizeof(run->meta.bpf_object), "%s",
			 t->from_cache ? "cached" : "compiled");
		return;
	}
	snprintf(run->meta.bpf_object, sizeof(run->meta.bpf_object), "compiled (%s: %.200s)",
		 t->cache_refused ? "cache directory refused" : "cache rejected", t->cache_why);
	ft_term_escape(t->cache_path, path, sizeof(path)); /* from the environment */
	if (t->cache_refused)
		fprintf(stderr, "fragtrack: cache directory %s refused (%s): compiled without "
				"a cache\n", path, t->cache_why);
	else
		fprintf(stderr, "fragtrack: cached BPF object %s rejected (%s): compiled afresh\n",
			path, t->cache_why);
}

int ft_run_prepare(const struct ft_run_opts *opts)
{
	static struct ft_run run;
	double start = ft_now_mono();
	struct utsname u;
	char err[1024], path[3 * 4096];
	int ret;

	run.opts = *opts;
	ret = preflight(&run);
	if (ret)
		return ret;
	ret = ft_tracer_prepare(&run.tracer, err, sizeof(err));
	ft_tracer_stop(&run.tracer);
	if (ret) {
		fprintf(stderr, "fragtrack: %s\n", err);
		return -EIO;
	}
	uname(&u);
	ft_term_escape(run.tracer.cache_path, path, sizeof(path));
	printf("BPF object for kernel %s compiled and cached in %s (%.0f ms)\n", u.release, path,
	       (ft_now_mono() - start) * 1000);
	return 0;
}

/* --label key=value (checked by the option parser) */
static void labels_into_meta(const struct ft_run_opts *opts, struct ft_meta *m)
{
	for (int i = 0; i < opts->nlabels && i < FT_META_LABELS; i++) {
		const char *eq = strchr(opts->labels[i], '=');
		struct ft_label *l = &m->labels[m->nlabels++];

		snprintf(l->key, sizeof(l->key), "%.*s", (int)(eq - opts->labels[i]),
			 opts->labels[i]);
		snprintf(l->value, sizeof(l->value), "%s", eq + 1);
	}
}

int ft_run_setup(struct ft_run *run, const struct ft_run_opts *opts)
{
	struct ft_run_view view = run->view; /* the caller's: kept */
	struct utsname u;
	char err[1024];
	FILE *out;
	int ret;

	memset(run, 0, sizeof(*run));
	run->view = view;
	run->opts = *opts;
	run->meta.start_time = now_real();
	ft_stats_init(&run->stats);
	if (opts->output)
		snprintf(run->output, sizeof(run->output), "%s", opts->output);
	else
		default_output(run->output, sizeof(run->output));
	run->human = strcmp(run->output, "-") == 0 ? stderr : stdout;
	run->colour = isatty(fileno(run->human));
	/* a write per event line would slow the reader down in bursts: the
	 * loop flushes after every wait instead */
	setvbuf(run->human, NULL, _IOFBF, 1 << 16);

	ret = preflight(run);
	if (ret)
		return ret;
	uname(&u);
	snprintf(run->meta.kernel_version, sizeof(run->meta.kernel_version), "%s", u.release);
	snprintf(run->meta.hostname, sizeof(run->meta.hostname), "%s", u.nodename);
	labels_into_meta(opts, &run->meta);
	snprintf(run->meta.compaction_source, sizeof(run->meta.compaction_source), "%s",
		 run->tracer.compaction_source);
	run->meta.sample_interval = opts->interval > 0 ? opts->interval : 1.0;
	ft_sampler_init(&run->sampler);
	out = open_output(run, err, sizeof(err));
	run->writer = out ? ft_writer_open(out, run->output, &run->meta, err, sizeof(err)) : NULL;
	if (!run->writer) {
		ft_outfile_remove(&run->out);
		fprintf(stderr, "fragtrack: %s\n", err);
		return -EIO;
	}
	if (opts->pid_file && write_pid_file(run)) {
		discard_output(run);
		return -EIO;
	}

	fprintf(run->human, "Compiling eBPF program...\n");
	/* the upstream tracer's words exactly (log parsers match them); which
	 * compaction tracepoints is in the metadata (compaction_source) */
	if (strcmp(run->tracer.compaction_source, "none") == 0)
		fprintf(run->human, "  Compaction tracepoints: NOT AVAILABLE (will track extfrag only)\n");
	else
		fprintf(run->human, "  Compaction tracepoints: AVAILABLE\n");
	fflush(run->human);
	if (ft_tracer_start(&run->tracer, on_record, run, err, sizeof(err)) ||
	    commit_files(run, err, sizeof(err))) {
		fprintf(stderr, "fragtrack: %s\n", err);
		ft_tracer_stop(&run->tracer);
		discard_output(run);
		return -EIO;
	}
	run->started = ft_now_mono();
	note_bpf_object(run);
	take_sample(run, run->started);
	start_maps(run);
	if (run->view.on_start)
		run->view.on_start(run, run->view.arg);
	fflush(run->human);
	return 0;
}

/* The metadata of now, for a snapshot: the run as it stands. */
static void snapshot_meta(struct ft_run *run, struct ft_meta *m)
{
	*m = run->meta;
	m->end_time = now_real();
	m->total_events = run->stats.total;
	m->lost_events = ft_tracer_lost(&run->tracer);
	m->nlost_pids = 0;   /* known per process only at the end */
	m->has_vmstat = false;
	m->snapshot = true;
}

/* The snapshot a child is writing, and who waits for its answer */
static struct {
	pid_t child;
	pid_t askers[SNAPSHOT_ASKERS];
	int naskers;
	unsigned long nevents;
	char path[4096];
} job;

/* Takes the askers so far (SIGUSR1 held off while the list is read). */
static void take_askers(void)
{
	sigset_t usr1, old;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	job.naskers = naskers;
	for (int i = 0; i < job.naskers; i++)
		job.askers[i] = askers[i];
	naskers = 0;
	snapshot_wanted = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Says how it went, on the console and to each asker (0 or an errno). */
static void answer_askers(struct ft_run *run, int error)
{
	if (error) {
		fputs("fragtrack: no snapshot: ", stderr);
		fputs(error == ESPIPE ? "the output is not a file\n" : strerror(error), stderr);
		if (error != ESPIPE)
			fputc('\n', stderr);
	} else {
		fprintf(run->human, "Snapshot saved to ");
		ft_term_put(run->human, job.path, 0);
		fprintf(run->human, " (%lu events)\n", job.nevents);
	}
	for (int i = 0; i < job.naskers; i++) {
		union sigval answer = { .sival_int = error };

		sigqueue(job.askers[i], SIGUSR1, answer);
	}
	job.naskers = 0;
}

/* In the child: the copy, made as every file record writes (temporary,
 * renamed in); the exit status is 0 or the errno. */
static void write_snapshot(struct ft_run *run, const struct ft_snapshot_mark *mark,
			   const struct ft_meta *m)
{
	struct ft_outfile of = { 0 };
	char err[1024];
	int fd = ft_outfile_open(&of, job.path, err, sizeof(err)), ret;

	if (fd < 0) {
		fprintf(stderr, "fragtrack: snapshot: %s\n", err);
		_exit(-fd);
	}
	ret = ft_writer_snapshot(run->writer, mark, fd, m, &run->stats);
	if (close(fd) != 0 && !ret)
		ret = -errno;
	if (!ret && ft_outfile_commit(&of, err, sizeof(err)) != 0) {
		fprintf(stderr, "fragtrack: snapshot: %s\n", err);
		ret = -EIO;
	}
	if (ret)
		ft_outfile_remove(&of);
	_exit(-ret);
}

/*
 * A snapshot holds every event handed to the writer before the mark.
 * A forked child copies the file up to the mark while this process goes
 * on draining the perf buffers (a copy of a large file in the loop would
 * let them overflow); the child's memory is the statistics at the mark.
 */
static void start_snapshot(struct ft_run *run)
{
	struct ft_snapshot_mark mark;
	struct ft_meta m;
	int ret;

	take_askers();
	if (strcmp(run->output, "-") == 0) {
		answer_askers(run, ESPIPE);
		return;
	}
	ret = ft_snapshot_path(run->output, job.path, sizeof(job.path));
	if (!ret)
		ret = ft_writer_mark(run->writer, &mark);
	if (ret) {
		answer_askers(run, -ret);
		return;
	}
	snapshot_meta(run, &m);
	job.nevents = run->stats.total;
	fflush(NULL); /* nothing buffered twice */
	job.child = fork();
	if (job.child == 0)
		write_snapshot(run, &mark, &m);
	if (job.child < 0) {
		job.child = 0;
		answer_askers(run, errno);
	}
}

/* The child's outcome, once it is there (or waited for). */
static void reap_snapshot(struct ft_run *run, bool wait)
{
	int status;
	pid_t done;

	if (!job.child)
		return;
	do
		done = waitpid(job.child, &status, wait ? 0 : WNOHANG);
	while (done < 0 && errno == EINTR);
	if (done == 0)
		return;
	job.child = 0;
	answer_askers(run, done < 0 ? ECHILD : WIFEXITED(status) ? WEXITSTATUS(status) : EIO);
}

static void serve_snapshots(struct ft_run *run)
{
	reap_snapshot(run, false);
	if (snapshot_wanted && !job.child)
		start_snapshot(run);
}

void ft_run_loop(struct ft_run *run, volatile int *stop)
{
	double deadline = run->opts.duration > 0 ? run->started + run->opts.duration : 0;
	double interval = run->opts.interval > 0 ? run->opts.interval : 1.0;
	double next_tick = run->started + interval;

	while (!exiting && !(stop && *stop) && !run->write_error) {
		double now = ft_now_mono();
		double until = next_tick;
		int timeout_ms;

		if (deadline && deadline < until)
			until = deadline;
		timeout_ms = until > now ? (int)((until - now) * 1000) + 1 : 0;
		if (timeout_ms > 100)
			timeout_ms = 100; /* keep signals and keys responsive */
		if (ft_tracer_poll(&run->tracer, timeout_ms) < 0 && errno != EINTR) {
			fprintf(stderr, "fragtrack: failed to poll perf buffers: %s\n",
				strerror(errno));
			break;
		}
		fflush(run->human);
		serve_snapshots(run);
		if (run->view.on_poll)
			run->view.on_poll(run, run->view.arg);
		write_maps(run);
		now = ft_now_mono();
		if (now >= next_tick) {
			take_sample(run, now);
			/* at least once a second the file holds all we have */
			ft_writer_flush(run->writer);
			fflush(run->human);
			if (run->view.on_tick)
				run->view.on_tick(run, run->view.arg);
			next_tick = now + interval;
		}
		if (deadline && now >= deadline)
			break;
	}
}

/* "Lost events: N", and whose they were when any */
static void print_lost(FILE *f, const struct ft_meta *m)
{
	fprintf(f, "\nLost events: %lu\n", m->lost_events);
	if (!m->nlost_pids)
		return;
	fprintf(f, " by process:");
	for (int i = 0; i < m->nlost_pids; i++)
		fprintf(f, "%s pid %d: %lu", i ? "," : "", m->lost_pids[i].pid,
			m->lost_pids[i].lost);
	fprintf(f, "\n");
}

/* The tracer's final lost counts into the metadata. */
static void take_lost(struct ft_run *run)
{
	const struct ft_tracer *t = &run->tracer;
	struct ft_meta *m = &run->meta;

	m->lost_events = t->lost;
	m->nlost_pids = 0;
	for (int i = 0; i < t->nlost_pids && i < FT_META_LOST_PIDS; i++, m->nlost_pids++) {
		m->lost_pids[i].pid = t->lost_pids[i].pid;
		m->lost_pids[i].lost = t->lost_pids[i].lost;
	}
}

static void summarize(struct ft_run *run)
{
	const struct ft_meta *m = &run->meta;

	ft_stats_print_summary(run->human, &run->stats);
	if (m->has_vmstat)
		fprintf(run->human,
			"\nKernel compaction counters over the run (/proc/vmstat):\n"
			" compact_stall: +%llu  compact_success: +%llu  compact_fail: +%llu\n",
			m->compact_stall, m->compact_success, m->compact_fail);
	print_lost(run->human, m);
}

int ft_run_finish(struct ft_run *run, bool print_summary)
{
	int status = 0, ret;

	/* a snapshot asked for is written and answered before the end */
	reap_snapshot(run, true);
	if (snapshot_wanted) {
		start_snapshot(run);
		reap_snapshot(run, true);
	}
	ft_tracer_stop(&run->tracer);
	take_sample(run, ft_now_mono());
	stop_maps(run);
	ft_sampler_finish(&run->sampler);
	run->meta.end_time = now_real();
	run->meta.total_events = run->stats.total;
	take_lost(run);
	run->meta.has_vmstat = run->sampler.has_vmstat;
	run->meta.compact_stall = run->sampler.vm_end.stall - run->sampler.vm_start.stall;
	run->meta.compact_success = run->sampler.vm_end.success - run->sampler.vm_start.success;
	run->meta.compact_fail = run->sampler.vm_end.fail - run->sampler.vm_start.fail;
	if (print_summary)
		summarize(run);
	ret = ft_writer_close(run->writer, &run->meta, &run->stats);
	if (run->write_error || ret) {
		fputs("fragtrack: failed to write ", stderr);
		ft_term_put(stderr, run->output, 0);
		fprintf(stderr, ": %s\n", strerror(run->write_error ? run->write_error : -ret));
		status = -EIO;
	} else if (print_summary) {
		fputs("\nData saved to ", run->human);
		ft_term_put(run->human, run->output, 0);
		fputc('\n', run->human);
	}
	ft_outfile_remove(&run->pid_file);
	fflush(run->human);
	return status;
}
