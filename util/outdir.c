// SPDX-License-Identifier: GPL-2.0
#include "util/outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* symlinks followed in one path at most, as the kernel's MAXSYMLINKS */
#define MAX_LINKS 40

/* ---- opening a folder without trusting what others planted ---- */

struct walk {
	const char *path; /* as asked, for messages */
	bool create;
	int links;        /* symlinks followed so far */
};

/*
 * Who runs us: the real user, or under sudo the user who ran sudo.  Their
 * folders and symlinks are theirs to point us at (SUDO_UID is as trusted
 * as the rest of the environment root was given, PATH included).
 */
static uid_t caller_uid(void)
{
	const char *sudo = getenv("SUDO_UID");
	char *end;
	unsigned long uid;

	if (getuid() != 0 || !sudo || !*sudo)
		return getuid();
	errno = 0;
	uid = strtoul(sudo, &end, 10);
	return errno || *end || uid != (uid_t)uid ? 0 : (uid_t)uid;
}

static bool trusted_uid(uid_t uid)
{
	return uid == 0 || uid == geteuid() || uid == caller_uid();
}

/* Whether someone else could replace an entry, owned by owner, of folder dir. */
static bool replaceable(const struct stat *dir, uid_t owner)
{
	if (!trusted_uid(dir->st_uid))
		return true; /* the folder's owner can */
	if (!(dir->st_mode & (S_IWGRP | S_IWOTH)))
		return false;
	/* sticky: others cannot remove or rename what is not theirs */
	return !(dir->st_mode & S_ISVTX) || !trusted_uid(owner);
}

static int walk_fail(const struct walk *w, const char *name, int err)
{
	fprintf(stderr, "fragtrack: cannot open the folder %s: '%s': %s\n", w->path, name,
		strerror(-err));
	return err;
}

static int walk_refuse(const struct walk *w, const char *name, const char *why,
		       const struct stat *dir)
{
	fprintf(stderr, "fragtrack: will not use %s: '%s' %s (its folder: owner uid %u, mode %04o)\n",
		w->path, name, why, (unsigned)dir->st_uid, (unsigned)(dir->st_mode & 07777));
	return -EPERM;
}

static int walk_from(struct walk *w, int at, const char *path);

/* Symlink name in folder fd: walked component by component if it is ours. */
static int follow(struct walk *w, int fd, const char *name, const struct stat *dir,
		  const struct stat *link)
{
	char target[PATH_MAX];
	ssize_t n;

	if (!trusted_uid(link->st_uid) || replaceable(dir, link->st_uid))
		return walk_refuse(w, name, "is a symlink another user could have planted", dir);
	if (++w->links > MAX_LINKS)
		return walk_fail(w, name, -ELOOP);
	n = readlinkat(fd, name, target, sizeof(target));
	if (n < 0)
		return walk_fail(w, name, -errno);
	if (n == sizeof(target))
		return walk_fail(w, name, -ENAMETOOLONG);
	target[n] = '\0';
	return walk_from(w, fd, target);
}

/* Entry name of folder fd, a folder: its fd, or -errno after a message. */
static int step(struct walk *w, int fd, const char *name)
{
	struct stat dir, link;

	if (fstat(fd, &dir) < 0)
		return walk_fail(w, name, -errno);
	/* a few rounds: what we just created or saw may be gone again */
	for (int round = 0; round < 8; round++) {
		int sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (sub >= 0)
			return sub;
		if (errno == ENOENT && w->create) {
			if (replaceable(&dir, geteuid()))
				return walk_refuse(w, name, "is missing, in a folder another user "
						   "owns or can write: create it yourself", &dir);
			if (mkdirat(fd, name, 0777) < 0 && errno != EEXIST)
				return walk_fail(w, name, -errno);
			continue;
		}
		if (errno != ELOOP && errno != ENOTDIR)
			return walk_fail(w, name, -errno);
		if (fstatat(fd, name, &link, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT)
				continue;
			return walk_fail(w, name, -errno);
		}
		if (!S_ISLNK(link.st_mode))
			return walk_fail(w, name, -ENOTDIR);
		return follow(w, fd, name, &dir, &link);
	}
	return walk_fail(w, name, -EAGAIN);
}

/* path from folder at (AT_FDCWD: the working directory), or from / */
static int walk_from(struct walk *w, int at, const char *path)
{
	char *buf = strdup(path), *save = NULL;
	int fd = openat(at, path[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (!buf || fd < 0) {
		int err = buf ? -errno : -ENOMEM;

		free(buf);
		if (fd >= 0)
			close(fd);
		return walk_fail(w, path, err);
	}
	for (char *name = strtok_r(buf, "/", &save); name; name = strtok_r(NULL, "/", &save)) {
		int sub;

		if (!strcmp(name, "."))
			continue;
		sub = step(w, fd, name);
		close(fd);
		if (sub < 0) {
			fd = sub;
			break;
		}
		fd = sub;
	}
	free(buf);
	return fd;
}

int ft_dir_open(const char *path, bool create)
{
	struct walk w = { .path = path, .create = create };

	if (!*path)
		return walk_fail(&w, path, -ENOENT);
	return walk_from(&w, AT_FDCWD, path);
}

/* ---- the staging folder ---- */

void ft_outdir_init(struct ft_outdir *od)
{
	memset(od, 0, sizeof(*od));
	od->dirfd = od->stagefd = -1;
}

/* The folder's path, as the kernel knows the inode we hold. */
static int fd_path(int fd, char *buf, size_t len)
{
	char proc[64];
	ssize_t n;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, buf, len);
	if (n < 0)
		return -errno;
	if ((size_t)n == len)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 0;
}

static void random_name(char *buf, size_t len)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned counter;
	unsigned char r[8];
	size_t n = snprintf(buf, len, ".fragtrack-");

	/* unpredictable is a bonus: the checks of make_stage make it safe */
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		for (size_t i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)((getpid() + counter++) >> (i % 4 * 8));
	for (size_t i = 0; i < sizeof(r) && n + 1 < len; i++)
		buf[n++] = chars[r[i] % (sizeof(chars) - 1)];
	buf[n] = '\0';
}

/* A new folder in the output folder, or -errno after a message. */
static int make_folder(struct ft_outdir *od)
{
	int err = -EEXIST;

	for (int round = 0; round < 100 && err == -EEXIST; round++) {
		random_name(od->stage, sizeof(od->stage));
		if (mkdirat(od->dirfd, od->stage, 0700) == 0)
			return 0;
		err = -errno;
	}
	fprintf(stderr, "fragtrack: cannot write in %s: %s\n", od->path, strerror(-err));
	return err;
}

/* Whether fd is a folder of ours that nobody else can write. */
static bool private_folder(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	       !(st.st_mode & 077);
}

/*
 * Creates the staging folder in the output folder.  Others who can write
 * there may rename it away and put theirs in its place before we open it:
 * what we open must be a folder of ours that nobody else can write, else
 * we make another (the one moved away is theirs to look at: empty).
 */
static int make_stage(struct ft_outdir *od)
{
	for (int round = 0; round < 10; round++) {
		int err = make_folder(od);

		if (err)
			return err;
		od->stagefd = openat(od->dirfd, od->stage,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (od->stagefd >= 0 && private_folder(od->stagefd))
			return 0;
		if (od->stagefd >= 0)
			close(od->stagefd);
		od->stagefd = -1;
	}
	fprintf(stderr, "fragtrack: someone keeps replacing the staging folders made in %s\n",
		od->path);
	return -EPERM;
}

int ft_outdir_open(struct ft_outdir *od, const char *path)
{
	int err;

	ft_outdir_init(od);
	od->dirfd = ft_dir_open(path, true);
	if (od->dirfd < 0)
		return od->dirfd;
	err = fd_path(od->dirfd, od->path, sizeof(od->path));
	if (err) {
		fprintf(stderr, "fragtrack: cannot tell where %s is: %s\n", path, strerror(-err));
		return err;
	}
	return make_stage(od);
}

FILE *ft_outdir_create(struct ft_outdir *od, const char *name)
{
	FILE *f;
	int fd;

	if (od->nstaged == FT_OUTDIR_FILES || !(od->staged[od->nstaged] = strdup(name))) {
		fprintf(stderr, "fragtrack: cannot write %s/%s: %s\n", od->path, name,
			od->nstaged == FT_OUTDIR_FILES ? "too many files" : "out of memory");
		return NULL;
	}
	fd = openat(od->stagefd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0) {
		fprintf(stderr, "fragtrack: cannot write %s/%s: %s\n", od->path, name, strerror(errno));
		free(od->staged[od->nstaged]);
		od->staged[od->nstaged] = NULL;
		return NULL;
	}
	od->nstaged++; /* ours now: deleted at close unless published */
	f = fdopen(fd, "w");
	if (!f) {
		fprintf(stderr, "fragtrack: cannot write %s/%s: %s\n", od->path, name, strerror(errno));
		close(fd);
	}
	return f;
}

/* Forgets staged file i (moved or deleted), keeping the order of the rest:
 * they are published as they were made, the image last. */
static void unlist(struct ft_outdir *od, int i)
{
	free(od->staged[i]);
	memmove(od->staged + i, od->staged + i + 1, (od->nstaged - i - 1) * sizeof(*od->staged));
	od->staged[--od->nstaged] = NULL;
}

void ft_outdir_drop(struct ft_outdir *od, const char *name)
{
	for (int i = 0; i < od->nstaged; i++) {
		if (strcmp(od->staged[i], name))
			continue;
		unlinkat(od->stagefd, name, 0);
		unlist(od, i);
		return;
	}
}

int ft_outdir_publish(struct ft_outdir *od)
{
	while (od->nstaged) {
		const char *name = od->staged[0];

		/* the name in the output folder is replaced, never followed */
		if (renameat(od->stagefd, name, od->dirfd, name) < 0) {
			int err = -errno;

			fprintf(stderr, "fragtrack: cannot put %s in %s: %s\n", name, od->path,
				strerror(-err));
			return err;
		}
		unlist(od, 0);
	}
	return 0;
}

/* The staging folder, by name: only while that name is still our folder. */
static void remove_stage(struct ft_outdir *od)
{
	struct stat held, named;

	if (fstat(od->stagefd, &held) == 0 &&
	    fstatat(od->dirfd, od->stage, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
	    held.st_dev == named.st_dev && held.st_ino == named.st_ino &&
	    unlinkat(od->dirfd, od->stage, AT_REMOVEDIR) == 0)
		return;
	fprintf(stderr, "fragtrack: note: the staging folder %s/%s is not where it was "
		"made or not empty: left alone\n", od->path, od->stage);
}

void ft_outdir_close(struct ft_outdir *od)
{
	while (od->nstaged) {
		unlinkat(od->stagefd, od->staged[0], 0);
		unlist(od, 0);
	}
	if (od->stagefd >= 0) {
		remove_stage(od);
		close(od->stagefd);
	}
	if (od->dirfd >= 0)
		close(od->dirfd);
	ft_outdir_init(od);
}
