// SPDX-License-Identifier: Apache-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <tessera/kernel_image.h>

#include "probe.h"

#define GZIP_PEEK_BYTES KERNEL_IMAGE_HEADER_SIZE

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An arm64 Image as the hypervisor reads it (hyp/lib/kernel_image.c): one parser for both. */
static int is_image(const unsigned char *p, size_t n, struct kernel_image_info *ki)
{
	return kernel_image_probe_inflated(p, n, ki, NULL) == 0;
}

/* cpio(5): the ASCII formats start "070701" (newc), "070702" (crc) or "070707" (odc); the old
 * binary format with the 16-bit magic 070707 in either byte order. */
static int is_cpio(const unsigned char *p, size_t n)
{
	if (n >= 6 && (memcmp(p, "070701", 6) == 0 || memcmp(p, "070702", 6) == 0 ||
		       memcmp(p, "070707", 6) == 0))
		return 1;
	return n >= 2 && ((p[0] == 0xc7 && p[1] == 0x71) || (p[0] == 0x71 && p[1] == 0xc7));
}

/* Inflates the start of a gzip stream into out; returns the bytes produced. */
static size_t gunzip_head(const unsigned char *in, size_t n, unsigned char *out, size_t cap)
{
	z_stream z;
	size_t got;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	while (z.avail_out) {
		int r = inflate(&z, Z_SYNC_FLUSH);

		if (r != Z_OK)
			break;
	}
	got = cap - z.avail_out;
	inflateEnd(&z);
	return got;
}

void ib_probe_buffer(const unsigned char *buf, size_t n, uint64_t size, struct ib_file_info *info)
{
	unsigned char inner[GZIP_PEEK_BYTES];
	struct kernel_image_info ki;
	size_t m;

	memset(info, 0, sizeof(*info));
	info->size = size;
	if (n == 0) {
		info->kind = IB_FILE_EMPTY;
	} else if (is_image(buf, n, &ki)) {
		info->kind = IB_FILE_IMAGE;
		/* The header's values; 0 for a kernel older than 3.17, which has none. */
		info->text_offset = ki.image_size_from_header ? ki.text_offset : 0;
		info->image_size = ki.image_size_from_header ? ki.image_size : 0;
	} else if (n >= 4 && be32(buf) == 0xd00dfeed) {
		info->kind = IB_FILE_DTB;
	} else if (n >= 4 && be32(buf) == 0x27051956) {
		info->kind = IB_FILE_UIMAGE;
	} else if (is_cpio(buf, n)) {
		info->kind = IB_FILE_CPIO;
	} else if (n >= 3 && buf[0] == 0x1f && buf[1] == 0x8b && buf[2] == 8) {
		m = gunzip_head(buf, n, inner, sizeof(inner));
		info->kind = is_image(inner, m, &ki) ? IB_FILE_IMAGE_GZ
			     : is_cpio(inner, m)     ? IB_FILE_CPIO_GZ
						     : IB_FILE_GZIP;
	} else {
		info->kind = IB_FILE_UNKNOWN;
	}
}

void ib_probe_file(const char *path, struct ib_file_info *info)
{
	unsigned char *buf;
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	memset(info, 0, sizeof(*info));
	if (fd < 0 || fstat(fd, &st)) {
		info->kind = IB_FILE_MISSING;
		info->err = errno;
		if (fd >= 0)
			close(fd);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		info->kind = IB_FILE_NOT_REGULAR;
		close(fd);
		return;
	}
	buf = malloc(IB_PROBE_HEAD_BYTES);
	n = buf ? read(fd, buf, IB_PROBE_HEAD_BYTES) : -1;
	if (n < 0) {
		info->kind = IB_FILE_MISSING;
		info->err = buf ? errno : ENOMEM;
	} else {
		ib_probe_buffer(buf, (size_t)n, (uint64_t)st.st_size, info);
	}
	free(buf);
	close(fd);
}

const char *ib_file_kind_name(enum ib_file_kind kind)
{
	switch (kind) {
	case IB_FILE_MISSING:
		return "a file that cannot be read";
	case IB_FILE_NOT_REGULAR:
		return "not a regular file";
	case IB_FILE_EMPTY:
		return "an empty file";
	case IB_FILE_IMAGE:
		return "an arm64 Image";
	case IB_FILE_IMAGE_GZ:
		return "a gzip-compressed arm64 Image";
	case IB_FILE_CPIO:
		return "a cpio archive";
	case IB_FILE_CPIO_GZ:
		return "a gzip-compressed cpio archive";
	case IB_FILE_DTB:
		return "a device tree blob";
	case IB_FILE_UIMAGE:
		return "a U-Boot legacy image (mkimage): give the raw file";
	case IB_FILE_GZIP:
		return "gzip-compressed, but neither an arm64 Image nor a cpio archive";
	case IB_FILE_UNKNOWN:
		break;
	}
	return "none of: arm64 Image, gzip, cpio, device tree blob";
}
