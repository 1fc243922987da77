// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "plot.h"

int cmd_plot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "fragtrack: plot is not built yet\n");
	return 2;
}
