/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Recognising a guest kernel in memory: a Linux arm64 Image (Linux
 * Documentation/arch/arm64/booting.rst, "Call the kernel image") or a gzip file (RFC 1952)
 * that should hold one. Portable and unit-tested on the host.
 *
 * A domain builder probes the boot module; for gzip it inflates the module with
 * inflate_gzip() into a buffer of gzip_isize bytes and probes the result with
 * kernel_image_probe_inflated(). It then places the Image text_offset bytes above a 2 MiB
 * aligned base and keeps image_size bytes from there for it, after checking that this fits
 * the domain's memory (nothing here bounds text_offset or image_size beyond overflow).
 */
#ifndef TESSERA_KERNEL_IMAGE_H
#define TESSERA_KERNEL_IMAGE_H

#include <tessera/compiler.h>
#include <tessera/types.h>

#define KERNEL_IMAGE_HEADER_SIZE  64
#define KERNEL_IMAGE_MAGIC	  0x644d5241U /* "ARM\x64", little-endian, at offset 0x38 */
#define KERNEL_IMAGE_MAGIC_OFFSET 0x38

/* booting.rst: a kernel older than v3.17 has image_size 0; its text_offset is then 0x80000
 * (the header's value may be in either endianness, so it is not read). */
#define KERNEL_IMAGE_OLD_TEXT_OFFSET 0x80000ULL
/* Such a kernel's file does not include its .bss and initial page tables, and its header
 * does not say how large they are; booting.rst asks the loader to leave as much memory as it
 * can after the image. Tessera reserves the file's size rounded up to 2 MiB plus this much;
 * the domain builder may give it more. */
#define KERNEL_IMAGE_OLD_MARGIN MiB(4)
#define KERNEL_IMAGE_OLD_ALIGN	MiB(2)

/* Header flags (booting.rst), meaningful only when image_size is not 0. */
#define KERNEL_IMAGE_FLAG_BE	     BIT_ULL(0)	 /* kernel is big-endian */
#define KERNEL_IMAGE_FLAG_PAGE_SHIFT 1		 /* bits 1-2: kernel page size */
#define KERNEL_IMAGE_FLAG_PAGE_MASK  (3ULL << 1) /* 0 unspecified, 1 4K, 2 16K, 3 64K */
#define KERNEL_IMAGE_FLAG_PHYS_ANY   BIT_ULL(3)	 /* base may be anywhere, not near DRAM's start */

enum kernel_image_format {
	KERNEL_IMAGE_ARM64, /* a Linux arm64 Image: copy it, jump to its first byte */
	KERNEL_IMAGE_GZIP,  /* gzip: inflate it, then probe what came out */
};

struct kernel_image_info {
	enum kernel_image_format format;
	/* For KERNEL_IMAGE_ARM64: */
	uint64_t text_offset; /* load offset above a 2 MiB aligned base */
	uint64_t image_size;  /* bytes to keep from the load address: the header's image_size,
			       * at least the file's size; for an old kernel see above */
	bool image_size_from_header; /* false: an old kernel, image_size estimated */
	uint64_t flags;		     /* header flags; 0 for an old kernel */
	unsigned int page_size_kib;  /* kernel page size from flags: 4, 16, 64, or 0 unknown */
	bool phys_any;		     /* KERNEL_IMAGE_FLAG_PHYS_ANY */
	bool big_endian;	     /* set even though such a kernel is refused */
	/* For KERNEL_IMAGE_GZIP: the inflated size mod 2^32 (RFC 1952 2.3.1 ISIZE), from the
	 * last four bytes: untrusted until inflate_gzip() has checked it. */
	uint32_t gzip_isize;
};

/*
 * Recognises the kernel at data[0..size) (no alignment needed). Returns 0 with *out filled
 * in, or -EINVAL with *why (if why is not NULL) a short reason: too small, neither an arm64
 * Image nor gzip, a big-endian kernel, a gzip method other than deflate or reserved flags
 * set, an inflated size too small for an Image, sizes that overflow.
 */
int kernel_image_probe(const void *data, size_t size, struct kernel_image_info *out,
		       const char **why);

/* The same for what a gzip module inflated to: only an arm64 Image is accepted (no gzip
 * inside gzip). */
int kernel_image_probe_inflated(const void *data, size_t size, struct kernel_image_info *out,
				const char **why);

#endif
