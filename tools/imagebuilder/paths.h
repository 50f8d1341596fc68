// SPDX-License-Identifier: Apache-2.0
/*
 * File names, lexically: ImageBuilder's paths are relative to its root folder (-d), the folder
 * a TFTP server or a boot partition serves, so the U-Boot script names files relative to it,
 * while qemu.sh names them absolutely. Symbolic links are kept as written, never resolved.
 */
#ifndef IB_PATHS_H
#define IB_PATHS_H

#include <stddef.h>

/* base/path, or path when absolute; "." and ".." and repeated "/" removed. 0, or -1 if the
 * result does not fit in size. base must be absolute when path is relative. */
int ib_path_join(const char *base, const char *path, char *out, size_t size);

/* The path of absolute to, relative to the absolute folder from ("../x/y" when needed). */
int ib_path_relative(const char *from, const char *to, char *out, size_t size);

/* path as one shell word: 'path' with any ' written '\''. */
int ib_shell_quote(const char *s, char *out, size_t size);

#endif
