/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FRAGTRACK_REPORT_H
#define FRAGTRACK_REPORT_H

/* fragtrack report FILE [--json] */
int cmd_report(int argc, char **argv);

#endif
