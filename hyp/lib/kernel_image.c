// SPDX-License-Identifier: Apache-2.0
/*
 * Recognising a guest kernel: the Linux arm64 Image header (Linux
 * Documentation/arch/arm64/booting.rst) or a gzip file (RFC 1952). Only the header is read
 * here; inflating is inflate.c's.
 */
#include <string.h>
#include <tessera/errno.h>
#include <tessera/inflate.h>
#include <tessera/kernel_image.h>

/* booting.rst: the 64-byte header, all fields little-endian. */
#define HDR_TEXT_OFFSET 0x08
#define HDR_IMAGE_SIZE	0x10
#define HDR_FLAGS	0x18

static int fail(const char **why, const char *reason)
{
	if (why != NULL)
		*why = reason;
	return -EINVAL;
}

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t load_le64(const uint8_t *p)
{
	return load_le32(p) | (uint64_t)load_le32(p + 4) << 32;
}

static bool is_gzip(const uint8_t *p, size_t size)
{
	return size >= 2 && p[0] == INFLATE_GZIP_ID1 && p[1] == INFLATE_GZIP_ID2;
}

static bool has_image_magic(const uint8_t *p, size_t size)
{
	return size >= KERNEL_IMAGE_HEADER_SIZE &&
	       load_le32(p + KERNEL_IMAGE_MAGIC_OFFSET) == KERNEL_IMAGE_MAGIC;
}

/* The header of an arm64 Image whose magic has been checked. */
static int probe_image(const uint8_t *p, size_t size, struct kernel_image_info *out,
		       const char **why)
{
	uint64_t image_size = load_le64(p + HDR_IMAGE_SIZE);
	uint64_t page_size_code;

	out->format = KERNEL_IMAGE_ARM64;
	if (image_size == 0) {
		/* Before v3.17 (booting.rst): text_offset 0x80000, flags not defined. */
		if ((uint64_t)size > UINT64_MAX - KERNEL_IMAGE_OLD_ALIGN - KERNEL_IMAGE_OLD_MARGIN)
			return fail(why, "kernel image size overflows");
		out->text_offset = KERNEL_IMAGE_OLD_TEXT_OFFSET;
		out->image_size =
			ALIGN_UP((uint64_t)size, KERNEL_IMAGE_OLD_ALIGN) + KERNEL_IMAGE_OLD_MARGIN;
		return 0;
	}

	out->text_offset = load_le64(p + HDR_TEXT_OFFSET);
	out->flags = load_le64(p + HDR_FLAGS);
	out->image_size_from_header = true;
	/* A module larger than the header says (padding added by whoever made it) is copied
	 * whole, so it is all kept. */
	out->image_size = MAX(image_size, (uint64_t)size);
	page_size_code = (out->flags & KERNEL_IMAGE_FLAG_PAGE_MASK) >> KERNEL_IMAGE_FLAG_PAGE_SHIFT;
	out->page_size_kib = page_size_code == 0 ? 0 : 1U << (2 * page_size_code);
	out->phys_any = (out->flags & KERNEL_IMAGE_FLAG_PHYS_ANY) != 0;
	out->big_endian = (out->flags & KERNEL_IMAGE_FLAG_BE) != 0;
	if (out->big_endian)
		return fail(why, "big-endian kernel");
	if (out->text_offset + out->image_size < out->text_offset)
		return fail(why, "kernel text_offset + image_size overflows");
	return 0;
}

/* What probing can tell of a gzip file without inflating it: its header's fixed part and
 * the inflated size its trailer announces. */
static int probe_gzip(const uint8_t *p, size_t size, struct kernel_image_info *out,
		      const char **why)
{
	out->format = KERNEL_IMAGE_GZIP;
	if (size < INFLATE_GZIP_MIN)
		return fail(why, "too small for a gzip file");
	if (p[2] != INFLATE_GZIP_DEFLATE)
		return fail(why, "gzip method is not deflate");
	if (p[3] & INFLATE_GZIP_FRESERVED)
		return fail(why, "gzip header has reserved flags set");
	out->gzip_isize = load_le32(p + size - 4);
	if (out->gzip_isize < KERNEL_IMAGE_HEADER_SIZE)
		return fail(why, "gzip file inflates to less than an arm64 Image header");
	return 0;
}

int kernel_image_probe(const void *data, size_t size, struct kernel_image_info *out,
		       const char **why)
{
	const uint8_t *p = data;

	memset(out, 0, sizeof(*out));
	if (is_gzip(p, size))
		return probe_gzip(p, size, out, why);
	if (size < KERNEL_IMAGE_HEADER_SIZE)
		return fail(why, "too small for an arm64 Image header");
	if (!has_image_magic(p, size))
		return fail(why, "not an arm64 Image (no ARM\\x64 magic) nor gzip");
	return probe_image(p, size, out, why);
}

int kernel_image_probe_inflated(const void *data, size_t size, struct kernel_image_info *out,
				const char **why)
{
	const uint8_t *p = data;

	memset(out, 0, sizeof(*out));
	if (is_gzip(p, size))
		return fail(why, "inflated gzip is gzip again (nested gzip is not supported)");
	if (size < KERNEL_IMAGE_HEADER_SIZE)
		return fail(why, "inflated gzip is too small for an arm64 Image header");
	if (!has_image_magic(p, size))
		// cppcheck-suppress misra-c2012-4.1 ; false positive: "\\x64" is no escape
		return fail(why, "inflated gzip is not an arm64 Image (no ARM\\x64 magic)");
	return probe_image(p, size, out, why);
}
