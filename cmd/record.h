/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FRAGTRACK_RECORD_H
#define FRAGTRACK_RECORD_H

#include <signal.h>
#include <stdbool.h>

/* Set by SIGINT, SIGTERM and SIGHUP: every loop checks it. */
extern volatile sig_atomic_t exiting;
void ft_install_signal_handlers(void);

int cmd_record(int argc, char **argv);

#endif
