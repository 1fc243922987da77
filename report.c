// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "report.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "fragtrack: report is not built yet\n");
	return 2;
}
