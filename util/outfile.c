// SPDX-License-Identifier: GPL-2.0
#include "util/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/text.h"

/* One line in err naming the path (escaped: it comes from the user);
 * returns -e. */
static int fail(char *err, size_t errlen, const char *path, int e, const char *why)
{
	char name[512];

	ft_term_escape(path, name, sizeof(name));
	snprintf(err, errlen, "cannot write %s: %s", name, why ? why : strerror(e));
	return -e;
}

static bool ours(const struct stat *st)
{
	return S_ISREG(st->st_mode) && st->st_uid == geteuid();
}

static bool same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* What fopen("w") would have given: 0666 less the umask. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

/* "DIR/.NAME.XXXXXX" beside the path, NAME cut to stay a valid name. */
static int temp_name(struct ft_outfile *of)
{
	const char *slash = strrchr(of->path, '/');
	int dirlen = slash ? (int)(slash - of->path) + 1 : 0;
	int n = snprintf(of->temp, sizeof(of->temp), "%.*s.%.200s.XXXXXX", dirlen, of->path,
			 of->path + dirlen);

	return n < (int)sizeof(of->temp) ? 0 : -ENAMETOOLONG;
}

static int open_temp(struct ft_outfile *of, char *err, size_t errlen)
{
	struct stat st;
	int fd, e;

	if (temp_name(of))
		return fail(err, errlen, of->path, ENAMETOOLONG, NULL);
	/* mkostemp: O_CREAT|O_EXCL, so a link planted at the name is never followed */
	fd = mkostemp(of->temp, O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		of->temp[0] = '\0';
		return fail(err, errlen, of->path, e, NULL);
	}
	if (fstat(fd, &st)) { /* unknown identity: left, rather than maybe another's removed */
		e = errno;
		close(fd);
		of->temp[0] = '\0';
		return fail(err, errlen, of->path, e, NULL);
	}
	of->created = true;
	of->dev = st.st_dev;
	of->ino = st.st_ino;
	if (fchmod(fd, new_file_mode())) {
		e = errno;
		close(fd);
		ft_outfile_remove(of);
		return fail(err, errlen, of->path, e, NULL);
	}
	return fd;
}

/* A character device or FIFO: written where it is, as it is. */
static int open_in_place(struct ft_outfile *of, const struct stat *seen, char *err,
			 size_t errlen)
{
	bool fifo = S_ISFIFO(seen->st_mode);
	/* a FIFO nobody reads would block: say so instead */
	int flags = O_WRONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC | (fifo ? O_NONBLOCK : 0);
	int fd = open(of->path, flags), e = errno;
	struct stat st;

	if (fd < 0)
		return fail(err, errlen, of->path, e,
			    fifo && e == ENXIO ? "no process reads that FIFO" : NULL);
	if (fstat(fd, &st) || !same_inode(&st, seen) ||
	    (st.st_mode & S_IFMT) != (seen->st_mode & S_IFMT) ||
	    (fifo && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)) {
		close(fd);
		return fail(err, errlen, of->path, EAGAIN, "it changed while being opened");
	}
	return fd;
}

/* Why what is at the path is not to be replaced by a new file, or NULL. */
static const char *refusal(const struct stat *st)
{
	if (S_ISLNK(st->st_mode))
		return "it is a symbolic link, not followed (name its target, or - for stdout)";
	if (S_ISBLK(st->st_mode))
		return "it is a block device";
	if (S_ISCHR(st->st_mode) || S_ISFIFO(st->st_mode))
		return "a device or FIFO appeared there"; /* since open: not replaced */
	if (S_ISSOCK(st->st_mode))
		return "it is a socket";
	if (S_ISDIR(st->st_mode))
		return strerror(EISDIR);
	if (!ours(st))
		return "it belongs to another user: not replaced (remove it or choose another name)";
	return NULL;
}

int ft_outfile_open(struct ft_outfile *of, const char *path, char *err, size_t errlen)
{
	struct stat st;
	size_t len = strlen(path);

	memset(of, 0, sizeof(*of));
	if (len == 0 || len >= sizeof(of->path))
		return fail(err, errlen, path, len ? ENAMETOOLONG : ENOENT, NULL);
	memcpy(of->path, path, len + 1);
	if (lstat(path, &st) == 0) {
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
			return open_in_place(of, &st, err, errlen);
		if (refusal(&st))
			return fail(err, errlen, path, EEXIST, refusal(&st));
	} else if (errno != ENOENT) {
		return fail(err, errlen, path, errno, NULL);
	}
	if (path[len - 1] == '/')
		return fail(err, errlen, path, EISDIR, NULL);
	return open_temp(of, err, errlen);
}

int ft_outfile_commit(struct ft_outfile *of, char *err, size_t errlen)
{
	struct stat st;

	if (!of->temp[0])
		return 0;
	/* the same rule as at open: nothing but our own file is replaced */
	if (lstat(of->path, &st) == 0 && refusal(&st))
		return fail(err, errlen, of->path, EEXIST, refusal(&st));
	/* rename replaces the name, never writes through a link at it */
	if (rename(of->temp, of->path))
		return fail(err, errlen, of->path, errno, NULL);
	of->temp[0] = '\0';
	if (lstat(of->path, &st) || !ours(&st) || st.st_dev != of->dev || st.st_ino != of->ino)
		return fail(err, errlen, of->path, EEXIST, "it was replaced while starting");
	return 0;
}

void ft_outfile_remove(struct ft_outfile *of)
{
	const char *name = of->temp[0] ? of->temp : of->path;
	struct stat st;

	if (!of->created)
		return;
	/* the owner too: an inode number freed and reused by someone else */
	if (lstat(name, &st) == 0 && ours(&st) && st.st_dev == of->dev && st.st_ino == of->ino)
		unlink(name);
	of->created = false;
	of->temp[0] = '\0';
}
