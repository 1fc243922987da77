/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Files record writes as root (the recording, the pid file), created so
 * that nobody who can write their folder can aim the write elsewhere, and
 * removed only when they are still what fragtrack created.
 *
 * What is at the path decides:
 *  - nothing: a new file;
 *  - a regular file of ours (the caller's uid): replaced, atomically, by
 *    the new one, but only at ft_outfile_commit: a run that fails before
 *    it starts tracing leaves the old file as it was;
 *  - a character device or a FIFO (/dev/null, a pipe): written in place,
 *    never truncated, replaced or removed;
 *  - a symbolic link, another user's file, a directory, a block device or
 *    a socket: refused with one clear message.
 * A new file is first an exclusive temporary (O_CREAT|O_EXCL, never
 * following a link) in the path's own folder, renamed onto the path by
 * ft_outfile_commit; data goes through its descriptor, never the name.
 */
#ifndef FRAGTRACK_OUTFILE_H
#define FRAGTRACK_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ft_outfile {
	char path[4096];  /* the name asked for */
	char temp[4096];  /* the temporary until commit; "" when none */
	bool created;     /* fragtrack made the inode below: it may remove it */
	dev_t dev;
	ino_t ino;
};

/* Opens path for writing as above.  Returns a descriptor (close-on-exec;
 * the caller owns it), or -errno with one line in err. */
int ft_outfile_open(struct ft_outfile *of, const char *path, char *err, size_t errlen);
/* Puts the new file at its path (nothing to do when written in place).
 * 0, or -errno with one line in err. */
int ft_outfile_commit(struct ft_outfile *of, char *err, size_t errlen);
/* Removes the file (temporary or committed) if it still is the one
 * fragtrack created; anything else at the name is left alone. */
void ft_outfile_remove(struct ft_outfile *of);

#endif
