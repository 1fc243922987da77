// SPDX-License-Identifier: GPL-2.0
#include "plot/gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/text.h"

#ifndef FRAGTRACK_DATADIR
#define FRAGTRACK_DATADIR "gnuplot"
#endif

void ft_gp_clean(const char *s, char *out, size_t outlen)
{
	ft_utf8_sanitize(s, strlen(s), out, outlen);
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

bool ft_gp_path_ok(const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

void ft_gp_quote(FILE *f, const char *s)
{
	size_t len = strlen(s) * 3 + 4;
	char *clean = malloc(len);

	if (!clean) {
		fputs("''", f);
		return;
	}
	ft_gp_clean(s, clean, len);
	fputc('\'', f);
	for (const char *p = clean; *p; p++) {
		/*
		 * Not gnuplot's '' escape: it breaks on a leading quote and
		 * on runs of quotes, and the @macro expander counts every
		 * quote of the line to know what is inside a string.  With
		 * no quote inside a literal, both see its true bounds.
		 */
		if (*p == '\'')
			fputs("'.sq.'", f);
		else
			fputc(*p, f);
	}
	fputc('\'', f);
	free(clean);
}

void ft_gp_begin(FILE *f)
{
	/* the one quote character of the script, for ft_gp_quote() */
	fputs("sq = \"'\"\n", f);
}

void ft_gp_setstr(FILE *f, const char *name, const char *s)
{
	fprintf(f, "%s = ", name);
	ft_gp_quote(f, s);
	fputc('\n', f);
}

void ft_gp_setnum(FILE *f, const char *name, double v)
{
	char buf[40];

	if (!isfinite(v))
		v = 0;
	snprintf(buf, sizeof(buf), "%.15g", v);
	if (!strpbrk(buf, ".e"))
		strcat(buf, ".0");
	fprintf(f, "%s = %s\n", name, buf);
}

void ft_gp_setint(FILE *f, const char *name, long long v)
{
	fprintf(f, "%s = %lld\n", name, v);
}

void ft_dat_str(FILE *f, const char *s)
{
	size_t len = strlen(s) * 3 + 4;
	char *clean = malloc(len);

	fputc('"', f);
	if (clean) {
		ft_gp_clean(s, clean, len);
		/* a data column cannot escape its quote: replace it */
		for (char *p = clean; *p; p++)
			fputc(*p == '"' || *p == '\\' ? '\'' : *p, f);
		free(clean);
	}
	fputc('"', f);
}

FILE *ft_dat_open(struct ft_outdir *od, const char *stem, const char *what, char *path,
		  size_t len)
{
	char name[NAME_MAX + 1];

	if (snprintf(name, sizeof(name), "%s-%s.dat", stem, what) >= (int)sizeof(name) ||
	    snprintf(path, len, "%s/%s", od->path, name) >= (int)len) {
		fprintf(stderr, "fragtrack: output path too long\n");
		return NULL;
	}
	return ft_outdir_create(od, name);
}

int ft_dat_close(FILE *f, const char *path)
{
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "fragtrack: cannot write %s\n", path);
		return -EIO;
	}
	return 0;
}

const char *ft_gp_template_dir(void)
{
	const char *dir = getenv("FRAGTRACK_GNUPLOT_DIR");

	return dir && *dir ? dir : FRAGTRACK_DATADIR;
}

int ft_gp_append_template(FILE *f, const char *name)
{
	const char *dir = ft_gp_template_dir();
	char path[4096], buf[8192];
	FILE *in;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "fragtrack: cannot read the gnuplot template %s: %s "
			"(set FRAGTRACK_GNUPLOT_DIR to the gnuplot/ folder of the sources)\n",
			path, strerror(errno));
		return -ENOENT;
	}
	fprintf(f, "\n# ---- template %s ----\n", name);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, f);
	fclose(in);
	return 0;
}

/* The child: in folder dirfd, stdin from /dev/null, then gnuplot SCRIPT. */
static void exec_gnuplot(const char *gnuplot, int dirfd, const char *script)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd >= 0) {
		dup2(fd, 0);
		if (fd > 0)
			close(fd);
	}
	if (fchdir(dirfd) < 0) {
		fprintf(stderr, "fragtrack: cannot enter the staging folder: %s\n", strerror(errno));
		_exit(127);
	}
	/*
	 * -d: no ~/.gnuplot, which $HOME may name in a user's folder; the
	 * data and the image are where the script is (the script's own
	 * datadir, the output folder, is for re-rendering it by hand).
	 */
	execlp(gnuplot, gnuplot, "-d", "-e", "datadir = './'", script, (char *)NULL);
	fprintf(stderr, "fragtrack: cannot run %s: %s\n", gnuplot, strerror(errno));
	_exit(127);
}

/* $FRAGTRACK_GNUPLOT, absolute when it is a relative path: the child
 * changes folder before running it. */
static const char *gnuplot_command(char *buf)
{
	const char *gnuplot = getenv("FRAGTRACK_GNUPLOT");

	if (!gnuplot || !*gnuplot)
		return "gnuplot";
	if (gnuplot[0] != '/' && strchr(gnuplot, '/') && realpath(gnuplot, buf))
		return buf;
	return gnuplot;
}

int ft_gp_run(int dirfd, const char *script, const char *shown)
{
	char buf[PATH_MAX];
	const char *gnuplot = gnuplot_command(buf);
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "fragtrack: fork: %s\n", strerror(errno));
		return -EAGAIN;
	}
	if (pid == 0)
		exec_gnuplot(gnuplot, dirfd, script);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "fragtrack: waitpid: %s\n", strerror(errno));
			return -ECHILD;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return -ENOENT; /* the child said why */
	if (WIFEXITED(status))
		fprintf(stderr, "fragtrack: gnuplot failed (exit %d) on %s\n",
			WEXITSTATUS(status), shown);
	else
		fprintf(stderr, "fragtrack: gnuplot killed by signal %d on %s\n",
			WTERMSIG(status), shown);
	return -EIO;
}
