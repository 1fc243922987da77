// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "watch.h"

int ft_watch_run(const struct ft_run_opts *opts)
{
	(void)opts;
	fprintf(stderr, "fragtrack: watch is not built yet\n");
	return 2;
}

int cmd_watch(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return ft_watch_run(NULL);
}
