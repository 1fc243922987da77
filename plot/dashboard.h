/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FRAGTRACK_DASHBOARD_H
#define FRAGTRACK_DASHBOARD_H

/*
 * The dashboards: aggregates the recording(s) in C, writes OUT/dashboard.gp
 * (or comparison.gp) built from the gnuplot/ templates plus the .dat files
 * it reads, and runs gnuplot on it.  OUT may also name the image itself
 * (x.png, x.svg, x.pdf): the script and data then sit beside it as x.gp
 * and x-*.dat.
 */
struct ft_plot_opts {
	const char *out;       /* a folder, or the image's path */
	const char *format;    /* png, svg, pdf; NULL: from out, else png */
	const char *paths[2];  /* the recording, and the one compared (or NULL) */
	const char *labels[2]; /* NULL: from the file names */
	double bin;            /* timeline bin width, seconds */
};

/* 0, or -errno after one line on stderr: -EINVAL for bad input (a
 * recording, the output path), -ENOMEM, -EIO (writing, gnuplot). */
int ft_plot(const struct ft_plot_opts *o);

/* "png", "svg" or "pdf" when path ends in one (any case), else NULL. */
const char *ft_plot_image_ext(const char *path);

#endif
