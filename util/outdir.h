/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The folder plot writes into, safe for root when others can write it.
 *
 * In /tmp or a shared folder anyone may plant a symlink named like an
 * output (root would overwrite its target) or swap the script between its
 * write and gnuplot's read (root would run their commands).  So:
 *  - the folder is opened one component at a time (ft_dir_open): a symlink
 *    is followed only where nobody else could have planted it, a missing
 *    folder is created only where nobody else can replace it;
 *  - every file is made in a private staging folder inside it (created
 *    0700 by us, checked, held by fd) with O_CREAT|O_EXCL|O_NOFOLLOW;
 *    gnuplot runs there, reading what we wrote and writing the image we
 *    created, so nothing it opens can be swapped;
 *  - then each file is renamed into the output folder: a symlink planted
 *    under its name is replaced, its target never opened.  The script and
 *    .dat files end where a user re-renders them by hand (gnuplot x.gp).
 * Only what was made here is removed: files still staged, and the staging
 * folder while it is still the one we made.
 */
#ifndef FRAGTRACK_OUTDIR_H
#define FRAGTRACK_OUTDIR_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#define FT_OUTDIR_FILES 32

struct ft_outdir {
	int dirfd;                     /* the output folder, -1 when not open */
	int stagefd;                   /* the staging folder inside it */
	char stage[32];                /* its name */
	char path[PATH_MAX];           /* the output folder's absolute path */
	char *staged[FT_OUTDIR_FILES]; /* files created, not moved yet */
	int nstaged;
};

/*
 * Opens folder path (relative to the working directory unless absolute),
 * creating what is missing of it when create is set: an fd, or -errno
 * after a message.  Refuses (-EPERM) to follow a symlink that someone
 * other than root, us or the user who ran sudo owns, or that sits in a
 * folder others can write (without the sticky bit, or sticky but the link
 * is not ours), and to create a folder inside one others can write
 * (without the sticky bit) or that another user owns.
 */
int ft_dir_open(const char *path, bool create);

/* Marks od as not open, for ft_outdir_close on any path. */
void ft_outdir_init(struct ft_outdir *od);
/* Opens folder path with ft_dir_open(create) and makes the staging folder
 * in it: 0, or -errno after a message. */
int ft_outdir_open(struct ft_outdir *od, const char *path);
/* Creates file name in the staging folder, for writing: NULL after a
 * message (naming it as it will be in the output folder). */
FILE *ft_outdir_create(struct ft_outdir *od, const char *name);
/* Deletes staged file name: it will not be published. */
void ft_outdir_drop(struct ft_outdir *od, const char *name);
/* Renames every staged file into the output folder, replacing what has
 * its name there: 0, or -errno after a message (the rest stays staged). */
int ft_outdir_publish(struct ft_outdir *od);
/* Deletes what is still staged and the staging folder; closes the fds. */
void ft_outdir_close(struct ft_outdir *od);

#endif
