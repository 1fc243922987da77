// SPDX-License-Identifier: GPL-2.0
/* Unit tests of ft_outfile: how record creates, replaces and removes the
 * files it writes as root.  (The attacks as user nobody, end to end, are
 * in 13-files.t.) */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/outfile.h"
#include "tap.h"

static char dir[] = "/tmp/ft_unit_outfile_XXXXXX";
static char err[1024];

static const char *at(const char *name)
{
	static char buf[2][4096];
	static int i;

	i ^= 1;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static const char *content(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return f ? buf : "(missing)";
}

static bool write_str(int fd, const char *s)
{
	return write(fd, s, strlen(s)) == (ssize_t)strlen(s);
}

/* Nothing there: a temporary beside it, the name only at commit. */
static void test_new_file(void)
{
	struct ft_outfile of;
	struct stat st;
	int fd = ft_outfile_open(&of, at("new.json"), err, sizeof(err));

	ok(fd >= 0 && of.created && of.temp[0] && access(at("new.json"), F_OK) != 0,
	   "new file: written into an exclusive temporary first (%s)", of.temp);
	ok(fd >= 0 && write_str(fd, "new") && close(fd) == 0, "written through the descriptor");
	ok(ft_outfile_commit(&of, err, sizeof(err)) == 0 && !of.temp[0] &&
		   strcmp(content(at("new.json")), "new") == 0, "commit: the file has its name");
	ok(stat(at("new.json"), &st) == 0 && (st.st_mode & 0777) == (0666 & ~022),
	   "mode 0666 less the umask, as fopen made it (%o)", st.st_mode & 0777);
	ft_outfile_remove(&of);
	ok(access(at("new.json"), F_OK) != 0, "remove: ours, so removed");
}

/* An old file of ours: kept until commit, so an early failure keeps it. */
static void test_replace(void)
{
	struct ft_outfile of;
	int fd;

	put(at("old.json"), "old");
	fd = ft_outfile_open(&of, at("old.json"), err, sizeof(err));
	ok(fd >= 0 && strcmp(content(at("old.json")), "old") == 0,
	   "an old file of ours is untouched at open");
	if (fd >= 0)
		close(fd);
	ft_outfile_remove(&of);
	ok(strcmp(content(at("old.json")), "old") == 0 && access(of.temp, F_OK) != 0,
	   "a failure before commit: the old file stays, the temporary goes");
	fd = ft_outfile_open(&of, at("old.json"), err, sizeof(err));
	ok(fd >= 0 && write_str(fd, "new") && close(fd) == 0 &&
		   ft_outfile_commit(&of, err, sizeof(err)) == 0 &&
		   strcmp(content(at("old.json")), "new") == 0, "commit replaces it");
	/* another file at the name since (ours kept aside: no inode reuse) */
	rename(at("old.json"), at("aside"));
	put(at("old.json"), "theirs");
	ft_outfile_remove(&of);
	ok(strcmp(content(at("old.json")), "theirs") == 0,
	   "remove leaves a file that is no longer the one created");
}

static void test_refused(void)
{
	struct ft_outfile of;
	int fd;

	put(at("target"), "precious");
	ok(symlink(at("target"), at("link.json")) == 0, "a symbolic link planted");
	fd = ft_outfile_open(&of, at("link.json"), err, sizeof(err));
	ok(fd == -EEXIST && strstr(err, "symbolic link") &&
		   strcmp(content(at("target")), "precious") == 0,
	   "a symbolic link is refused, its target untouched: %s", err);
	ft_outfile_remove(&of);
	ok(access(at("target"), F_OK) == 0 && readlink(at("link.json"), err, 1) == 1,
	   "and nothing removed");
	ok(symlink(at("nowhere"), at("dangling.json")) == 0 &&
		   ft_outfile_open(&of, at("dangling.json"), err, sizeof(err)) < 0 &&
		   access(at("nowhere"), F_OK) != 0,
	   "a dangling link is refused too (not created through): %s", err);
	ok(ft_outfile_open(&of, dir, err, sizeof(err)) == -EEXIST && strstr(err, "directory"),
	   "a directory: %s", err);
	ok(ft_outfile_open(&of, at("new/"), err, sizeof(err)) < 0, "a name ending in /: %s", err);
	ok(ft_outfile_open(&of, "/nonexistent/dir/x.json", err, sizeof(err)) == -ENOENT &&
		   strstr(err, "cannot write /nonexistent/dir/x.json: No such file"),
	   "a missing folder: %s", err);
	ok(ft_outfile_open(&of, "/nonexistent/\033]0;x\007.json", err, sizeof(err)) < 0 &&
		   !strchr(err, '\033') && strstr(err, "/nonexistent/\\x1b]0;x\\x07.json"),
	   "control characters of the name escaped in messages: %s", err);
	if (geteuid() == 0) {
		put(at("nobodys.json"), "theirs");
		fd = chown(at("nobodys.json"), 65534, 65534);
		ok(fd == 0 && ft_outfile_open(&of, at("nobodys.json"), err, sizeof(err)) == -EEXIST &&
			   strstr(err, "another user") &&
			   strcmp(content(at("nobodys.json")), "theirs") == 0,
		   "another user's file is not replaced: %s", err);
	} else {
		ok(1, "# SKIP another user's file: not root");
	}
}

/* Devices and FIFOs: written in place, never truncated, replaced, removed. */
static void test_special(void)
{
	struct ft_outfile of;
	struct stat st;
	int fd = ft_outfile_open(&of, "/dev/null", err, sizeof(err));

	ok(fd >= 0 && !of.created && !of.temp[0] && write_str(fd, "x"), "/dev/null: written in place");
	if (fd >= 0)
		close(fd);
	ok(ft_outfile_commit(&of, err, sizeof(err)) == 0, "commit: nothing to do");
	ft_outfile_remove(&of);
	ok(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode), "/dev/null is still a device");
	ok(mkfifo(at("fifo"), 0600) == 0, "a FIFO");
	fd = ft_outfile_open(&of, at("fifo"), err, sizeof(err));
	ok(fd == -ENXIO && strstr(err, "no process reads that FIFO"),
	   "a FIFO nobody reads: refused at once, no hang: %s", err);
	{
		int rd = open(at("fifo"), O_RDONLY | O_NONBLOCK);

		fd = ft_outfile_open(&of, at("fifo"), err, sizeof(err));
		ok(rd >= 0 && fd >= 0 && !of.created && !(fcntl(fd, F_GETFL) & O_NONBLOCK) &&
			   write_str(fd, "hi"), "a FIFO with a reader: written, blocking as usual");
		ft_outfile_remove(&of);
		ok(stat(at("fifo"), &st) == 0 && S_ISFIFO(st.st_mode), "the FIFO stays");
		if (fd >= 0)
			close(fd);
		if (rd >= 0)
			close(rd);
	}
}

int main(void)
{
	char cmd[256];

	umask(022);
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_new_file();
	test_replace();
	test_refused();
	test_special();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ok(system(cmd) == 0, "cleanup");
	return tap_done();
}
