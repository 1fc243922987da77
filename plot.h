/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FRAGTRACK_PLOT_H
#define FRAGTRACK_PLOT_H

/* fragtrack plot FILE [--compare FILE2] [-o OUT] [--labels A B] [--bin S] */
int cmd_plot(int argc, char **argv);

#endif
