/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's log. Levels follow Xen's loglvl= names so that the same command line
 * means the same: none < error < warning < info < debug ("all" is debug).
 */
#ifndef TESSERA_PRINTK_H
#define TESSERA_PRINTK_H

#include <stdarg.h>
#include <tessera/compiler.h>

enum log_level {
	LOG_NONE = 0,
	LOG_ERR = 1,
	LOG_WARN = 2,
	LOG_INFO = 3,
	LOG_DEBUG = 4,
};

void printk(enum log_level level, const char *fmt, ...) __printf(2, 3);
void vprintk(enum log_level level, const char *fmt, va_list ap);
void printk_set_level(enum log_level level);

/*
 * A line about something domain domid's guest did (a trap Tessera could not emulate): held
 * per domain to PRINTK_GUEST_BURST lines at once, then one a second, so that a guest
 * looping on a bad access cannot flood the console through Tessera's own log; when its
 * lines resume, one line says how many were suppressed.
 */
#define PRINTK_GUEST_BURST 10
void printk_guest(unsigned int domid, enum log_level level, const char *fmt, ...) __printf(3, 4);
#define pr_warn_guest(domid, ...) printk_guest(domid, LOG_WARN, __VA_ARGS__)

#define pr_err(...)   printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...)  printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk(LOG_DEBUG, __VA_ARGS__)

/*
 * panic() is for broken hypervisor invariants only, never for guest input.
 * fatal_boot_error() is for bad boot input (device tree, modules): one clear line, then halt.
 */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
void fatal_boot_error(const char *fmt, ...) __printf(1, 2) __noreturn;

#endif
