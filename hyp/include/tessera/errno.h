/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Error values. Functions that can fail return 0 or a negative one of these. The numbers are
 * Linux's (and so Xen's guest ABI's, "Xen public ABI: errno.h"), so a value can be handed to
 * a guest unchanged.
 */
#ifndef TESSERA_ERRNO_H
#define TESSERA_ERRNO_H

#define EPERM	  1
#define ENOENT	  2
#define ESRCH	  3
#define EIO	  5
#define E2BIG	  7
#define ENOMEM	  12
#define EFAULT	  14
#define EBUSY	  16
#define EEXIST	  17
#define ENODEV	  19
#define EINVAL	  22
#define ENOSPC	  28
#define EDOM	  33
#define ERANGE	  34
#define ENOSYS	  38
#define EOVERFLOW 75
#define EILSEQ	  84
#define ENOTSUP	  95

const char *errno_name(int err);

#endif
