/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FRAGTRACK_PLOT_H
#define FRAGTRACK_PLOT_H

/*
 * fragtrack plot FILE [--compare FILE2] [-o OUT] [--labels A B] [--bin S]
 *                     [--format png|svg|pdf]
 *
 * Aggregates the recording(s) in C, writes OUT/dashboard.gp (or
 * comparison.gp) built from the gnuplot/ templates plus the .dat files it
 * reads, and runs gnuplot on it.  OUT may also name the image itself
 * (x.png, x.svg, x.pdf): the script and data then sit beside it as x.gp
 * and x-*.dat.
 */
int cmd_plot(int argc, char **argv);

#endif
