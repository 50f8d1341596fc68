// SPDX-License-Identifier: Apache-2.0
/*
 * What a file is, from its first bytes: what ImageBuilder asks file(1) for, without it.
 * A kernel must be an arm64 Image or a gzip of one, a ramdisk a cpio archive or a gzip of one,
 * a device tree a flattened device tree blob, the hypervisor an arm64 Image.
 */
#ifndef IB_PROBE_H
#define IB_PROBE_H

#include <stddef.h>
#include <stdint.h>

#define IB_PROBE_HEAD_BYTES (64 * 1024) /* read to probe; enough to inflate a header */

enum ib_file_kind {
	IB_FILE_MISSING, /* cannot be opened or read (info.err says why) */
	IB_FILE_NOT_REGULAR,
	IB_FILE_EMPTY,
	IB_FILE_IMAGE,	  /* arm64 Image */
	IB_FILE_IMAGE_GZ, /* gzip-compressed arm64 Image (Image.gz) */
	IB_FILE_CPIO,	  /* cpio archive (newc, crc, odc or binary) */
	IB_FILE_CPIO_GZ,
	IB_FILE_DTB,	 /* flattened device tree (magic d00dfeed) */
	IB_FILE_UIMAGE,	 /* a U-Boot legacy image made by mkimage */
	IB_FILE_GZIP,	 /* gzip-compressed, of something else */
	IB_FILE_UNKNOWN, /* none of these */
};

struct ib_file_info {
	enum ib_file_kind kind;
	uint64_t size;	      /* bytes in the file */
	uint64_t text_offset; /* IB_FILE_IMAGE: from the header */
	uint64_t image_size; /* IB_FILE_IMAGE: memory the image occupies (header), 0 if not given */
	int err;	     /* IB_FILE_MISSING: errno */
};

/* Classifies the first n bytes of a file (inflating them if gzip); size is the file's. */
void ib_probe_buffer(const unsigned char *buf, size_t n, uint64_t size, struct ib_file_info *info);

/* Classifies the file at path. */
void ib_probe_file(const char *path, struct ib_file_info *info);

/* "an arm64 Image", "a gzip-compressed cpio archive", ... for messages. */
const char *ib_file_kind_name(enum ib_file_kind kind);

#endif
