// SPDX-License-Identifier: Apache-2.0
// clang-format off
// UNIT-SOURCES: ../tools/imagebuilder/config.c ../tools/imagebuilder/system.c ../tools/imagebuilder/diag.c
// Verifies: REQ-IMG-001
// clang-format on
/*
 * tessera-imagebuilder reads ImageBuilder's configuration as its users write it: the shell
 * subset (assignments, arrays, quotes, escapes, comments, expansions) and every option with
 * ImageBuilder's defaults; each problem is one line naming the file, the line and the key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "diag.h"
#include "system.h"

/* One run of the parser (and optionally the option reader) with its messages captured. */
struct run {
	struct ib_config cfg;
	struct ib_system sys;
	struct ib_diag d;
	char *msgs;
	size_t len;
	FILE *f;
	int parsed;
	int read;
};

static struct run *parse(const char *text)
{
	struct run *r = calloc(1, sizeof(*r));

	r->f = open_memstream(&r->msgs, &r->len);
	ib_diag_init(&r->d, "t.cfg", r->f);
	r->parsed = ib_config_parse(&r->cfg, text, strlen(text), &r->d);
	fflush(r->f);
	return r;
}

static struct run *read_system(const char *text, const char *load_cmd)
{
	struct run *r = parse(text);

	r->read = ib_system_read(&r->sys, &r->cfg, load_cmd, &r->d);
	fflush(r->f);
	return r;
}

static void done(struct run *r)
{
	fclose(r->f);
	free(r->msgs);
	ib_config_free(&r->cfg);
	free(r);
}

static const char *value(struct run *r, const char *name, int index)
{
	const struct ib_entry *e = ib_config_get(&r->cfg, name, index);

	assert_non_null(e);
	return e->value;
}

static unsigned int line_of(struct run *r, const char *name, int index)
{
	const struct ib_entry *e = ib_config_get(&r->cfg, name, index);

	assert_non_null(e);
	return e->line;
}

/* The messages contain this line (a whole line). */
static void assert_message(struct run *r, const char *line)
{
	char *copy = strdup(r->msgs ? r->msgs : "");
	int found = 0;

	for (char *l = strtok(copy, "\n"); l && !found; l = strtok(NULL, "\n"))
		found = strcmp(l, line) == 0;
	if (!found)
		fail_msg("no message \"%s\" in:\n%s", line, r->msgs ? r->msgs : "");
	free(copy);
}

static void assert_message_count(struct run *r, unsigned int errors)
{
	if (r->d.errors != errors)
		fail_msg("%u errors, expected %u:\n%s", r->d.errors, errors, r->msgs);
}

#define GOOD_HEAD                                                                                 \
	"MEMORY_START=0x40000000\nMEMORY_END=0xC0000000\nDEVICE_TREE=host.dtb\nXEN=tessera.bin\n" \
	"LOAD_CMD=tftpb\n"

/* --------------------------------------------------------------- the shell subset */

static void test_config_reads_assignments_and_array_elements(void **state)
{
	struct run *r = parse("NUM_DOMUS=2\nDOMU_KERNEL[0]=a/Image\nDOMU_KERNEL[1]=b/Image\n");

	(void)state;
	assert_int_equal(r->parsed, 0);
	assert_int_equal(r->cfg.count, 3);
	assert_string_equal(value(r, "NUM_DOMUS", IB_INDEX_NONE), "2");
	assert_string_equal(value(r, "DOMU_KERNEL", 0), "a/Image");
	assert_string_equal(value(r, "DOMU_KERNEL", 1), "b/Image");
	assert_int_equal(line_of(r, "DOMU_KERNEL", 1), 3);
	assert_null(ib_config_get(&r->cfg, "DOMU_KERNEL", IB_INDEX_NONE));
	done(r);
}

static void test_config_double_quotes_keep_blanks_and_expand(void **state)
{
	struct run *r =
		parse("A=x\nB=\"console=ttyAMA0  rdinit=/init $A ${A}\"\nC=\"a\\\"b\\\\c\\$d\"\n");

	(void)state;
	assert_int_equal(r->parsed, 0);
	assert_string_equal(value(r, "B", IB_INDEX_NONE), "console=ttyAMA0  rdinit=/init x x");
	assert_string_equal(value(r, "C", IB_INDEX_NONE), "a\"b\\c$d");
	done(r);
}

static void test_config_single_quotes_are_literal(void **state)
{
	struct run *r = parse("A='$HOME \\n \"x\" # not a comment'\n");

	(void)state;
	assert_int_equal(r->parsed, 0);
	assert_string_equal(value(r, "A", IB_INDEX_NONE), "$HOME \\n \"x\" # not a comment");
	done(r);
}

static void test_config_words_concatenate_and_backslash_escapes(void **state)
{
	struct run *r = parse("A=one\\ two'three'\"four\"\nB=a\\\nb\nC=$\nD=x#y\n");

	(void)state;
	assert_int_equal(r->parsed, 0);
	assert_string_equal(value(r, "A", IB_INDEX_NONE), "one twothreefour");
	assert_string_equal(value(r, "B", IB_INDEX_NONE), "ab");  /* continuation */
	assert_string_equal(value(r, "C", IB_INDEX_NONE), "$");	  /* a lone $ is itself */
	assert_string_equal(value(r, "D", IB_INDEX_NONE), "x#y"); /* # inside a word */
	assert_int_equal(line_of(r, "C", IB_INDEX_NONE), 4);
	done(r);
}

static void test_config_skips_comments_and_blank_lines(void **state)
{
	struct run *r = parse("# a comment\n\n   \t\nA=1 # trailing\n  # indented\nB=2;C=3 D=4\n");

	(void)state;
	assert_int_equal(r->parsed, 0);
	assert_int_equal(r->cfg.count, 4);
	assert_string_equal(value(r, "A", IB_INDEX_NONE), "1");
	assert_string_equal(value(r, "D", IB_INDEX_NONE), "4");
	assert_int_equal(line_of(r, "A", IB_INDEX_NONE), 4);
	assert_int_equal(line_of(r, "D", IB_INDEX_NONE), 6);
	done(r);
}

static void test_config_quoted_value_spans_lines_and_keeps_the_key_line(void **state)
{
	struct run *r = parse("\nA=\"first\nsecond\"\nB='x\ny'\nC=3\n");

	(void)state;
	assert_int_equal(r->parsed, 0);
	assert_string_equal(value(r, "A", IB_INDEX_NONE), "first\nsecond");
	assert_int_equal(line_of(r, "A", IB_INDEX_NONE), 2);
	assert_int_equal(line_of(r, "B", IB_INDEX_NONE), 4);
	assert_int_equal(line_of(r, "C", IB_INDEX_NONE), 6);
	done(r);
}

static void test_config_last_assignment_wins(void **state)
{
	struct run *r = parse("A=1\nA=2\nX[0]=a\nX[0]=b\n");

	(void)state;
	assert_string_equal(value(r, "A", IB_INDEX_NONE), "2");
	assert_int_equal(line_of(r, "A", IB_INDEX_NONE), 2);
	assert_string_equal(value(r, "X", 0), "b");
	done(r);
}

static void test_config_expands_earlier_assignments_and_marks_them_used(void **state)
{
	struct run *r = parse("DIR=/srv/tftp\nK[0]=$DIR/Image\nK[1]=${K[0]}\nE=\"${DIR}x\"\nU=1\n");

	(void)state;
	assert_int_equal(r->parsed, 0);
	assert_string_equal(value(r, "K", 0), "/srv/tftp/Image");
	assert_string_equal(value(r, "K", 1), "/srv/tftp/Image");
	assert_string_equal(value(r, "E", IB_INDEX_NONE), "/srv/tftpx");
	assert_true(ib_config_get(&r->cfg, "DIR", IB_INDEX_NONE)->used);
	assert_false(ib_config_get(&r->cfg, "U", IB_INDEX_NONE)->used);
	done(r);
}

static void test_config_expands_the_environment_and_tilde(void **state)
{
	struct run *r;

	(void)state;
	setenv("IB_TEST_IMAGES", "/images", 1);
	setenv("HOME", "/home/me", 1);
	r = parse("A=$IB_TEST_IMAGES/xen\nB=~/x\nC=a~b\n");
	assert_int_equal(r->parsed, 0);
	assert_string_equal(value(r, "A", IB_INDEX_NONE), "/images/xen");
	assert_string_equal(value(r, "B", IB_INDEX_NONE), "/home/me/x");
	assert_string_equal(value(r, "C", IB_INDEX_NONE), "a~b");
	done(r);
}

static void test_config_accepts_crlf_line_ends(void **state)
{
	struct run *r = parse("A=1\r\nB=\"two\"\r\n");

	(void)state;
	assert_int_equal(r->parsed, 0);
	assert_string_equal(value(r, "A", IB_INDEX_NONE), "1");
	assert_string_equal(value(r, "B", IB_INDEX_NONE), "two");
	done(r);
}

static void test_config_errors_name_their_line(void **state)
{
	struct run *r;

	(void)state;
	unsetenv("UNDEFINED_IB_VARIABLE");
	r = parse("A=1\n"
		  "export B=2\n"
		  "C = 3\n"
		  "D=(x y)\n"
		  "E+=x\n"
		  "F[x]=1\n"
		  "G=$(uname)\n"
		  "H=`date`\n"
		  "I=$UNDEFINED_IB_VARIABLE\n"
		  "J=a|b\n"
		  "K=${A:-z}\n"
		  "L=$1\n"
		  "M=ok\n");
	assert_int_equal(r->parsed, -1);
	assert_message(r, "t.cfg:2: error: export: 'export' is not an assignment: only NAME=value "
			  "and NAME[i]=value lines are read (no spaces around =, no commands)");
	assert_message(r, "t.cfg:3: error: C: 'C' is not an assignment: only NAME=value and "
			  "NAME[i]=value lines are read (no spaces around =, no commands)");
	assert_message(r, "t.cfg:4: error: D: NAME=(...) arrays are not supported: write D[0]=...");
	assert_message(r, "t.cfg:5: error: E: += is not supported: assign the whole value");
	assert_message(r, "t.cfg:6: error: F: an array index must be a number from 0 to 9999: "
			  "F[0]=...");
	assert_message(r, "t.cfg:7: error: $(...) and $((...)) are not supported: write the value");
	assert_message(r, "t.cfg:8: error: `...` command substitution is not supported");
	assert_message(r,
		       "t.cfg:9: error: UNDEFINED_IB_VARIABLE: $UNDEFINED_IB_VARIABLE is not set "
		       "above (nor in the environment)");
	assert_message(r, "t.cfg:10: error: '|' is shell syntax this tool does not run");
	assert_message(r, "t.cfg:11: error: A: only ${NAME} and ${NAME[i]} are supported, not "
			  "other ${...} forms");
	assert_message(r, "t.cfg:12: error: $1: only $NAME, ${NAME} and ${NAME[i]} are supported");
	assert_message_count(r, 11);
	/* The good lines around the bad ones are still read. */
	assert_string_equal(value(r, "A", IB_INDEX_NONE), "1");
	assert_string_equal(value(r, "M", IB_INDEX_NONE), "ok");
	done(r);
}

static void test_config_unterminated_quote_names_the_line_it_opened(void **state)
{
	struct run *r = parse("A=1\nB=\"never closed\nC=2\n");
	struct run *s = parse("A='x\n\n");

	(void)state;
	assert_message(r, "t.cfg:2: error: the \" opened here is never closed");
	assert_message(s, "t.cfg:1: error: the ' opened here is never closed");
	done(r);
	done(s);
}

static void test_config_entry_key_names_the_index(void **state)
{
	struct ib_entry a = { .name = "DOMU_MEM", .index = 3 };
	struct ib_entry b = { .name = "XEN", .index = IB_INDEX_NONE };
	char key[IB_KEY_MAX];

	(void)state;
	ib_entry_key(&a, key, sizeof(key));
	assert_string_equal(key, "DOMU_MEM[3]");
	ib_entry_key(&b, key, sizeof(key));
	assert_string_equal(key, "XEN");
}

/* --------------------------------------------------------------- the options */

static void test_system_reads_every_supported_option(void **state)
{
	struct run *r =
		read_system("MEMORY_START=0x40000000\n"
			    "MEMORY_END=0xC0000000\n"
			    "DEVICE_TREE=\"virt.dtb\"\n"
			    "XEN=\"xen\"\n"
			    "XEN_CMD=\"console=dtuart sched=null\"\n"
			    "LOAD_CMD=\"load mmc 0:1\"\n"
			    "BOOT_CMD=booti\n"
			    "UBOOT_SOURCE=s.source\n"
			    "UBOOT_SCRIPT=s.scr\n"
			    "FDTEDIT=edited.dtb\n"
			    "FIT=boot.fit\n"
			    "NUM_DOMUS=2\n"
			    "DOMU_KERNEL[0]=Image\n"
			    "DOMU_RAMDISK[0]=rd.cpio.gz\n"
			    "DOMU_PASSTHROUGH_DTB[0]=pt.dtb\n"
			    "DOMU_CMD[0]=\"console=ttyAMA0 root=/dev/ram0\"\n"
			    "DOMU_MEM[0]=256\n"
			    "DOMU_VCPUS[0]=2\n"
			    "DOMU_NAME[0]=linux1\n"
			    "DOMU_ENHANCED[0]=1\n"
			    "DOMU_VPL011[0]=1\n"
			    "DOMU_KERNEL[1]=rtos.bin\n"
			    "DOMU_STATIC_MEM[1]=\"0x60000000 0x1000000 0x70000000 0x800000\"\n"
			    "DOMU_DIRECT_MAP[1]=0\n"
			    "DOMU_ENHANCED[1]=2\n"
			    "DOMU_VPL011[1]=0\n",
			    NULL);
	const struct ib_system *s = &r->sys;
	const struct ib_domain *a = &s->domains[0], *b = &s->domains[1];

	(void)state;
	assert_int_equal(r->read, 0);
	assert_message_count(r, 0);
	assert_int_equal(s->memory_start, 0x40000000);
	assert_int_equal(s->memory_end, 0xC0000000);
	assert_string_equal(s->device_tree->value, "virt.dtb");
	assert_string_equal(s->xen->value, "xen");
	assert_string_equal(s->xen_cmd, "console=dtuart sched=null");
	assert_string_equal(s->load_cmd, "load mmc 0:1");
	assert_string_equal(s->uboot_source, "s.source");
	assert_string_equal(s->uboot_script, "s.scr");
	assert_string_equal(s->dtb_name, "edited.dtb");
	assert_string_equal(s->fit_name, "boot.fit");
	assert_int_equal(s->num_domains, 2);

	assert_string_equal(a->name, "linux1");
	assert_string_equal(a->kernel->value, "Image");
	assert_string_equal(a->ramdisk->value, "rd.cpio.gz");
	assert_string_equal(a->passthrough_dtb->value, "pt.dtb");
	assert_string_equal(a->cmd, "console=ttyAMA0 root=/dev/ram0");
	assert_int_equal(a->mem_kib, 256 * 1024);
	assert_int_equal(a->vcpus, 2);
	assert_int_equal(a->enhanced, IB_ENHANCED_ENABLED);
	assert_true(a->vpl011);
	assert_false(a->direct_map);
	assert_int_equal(a->static_mem_count, 0);

	assert_string_equal(b->name, "domU2");
	assert_int_equal(b->static_mem_count, 2);
	assert_int_equal(b->static_mem[1].start, 0x70000000);
	assert_int_equal(b->static_mem[1].size, 0x800000);
	assert_int_equal(b->mem_kib, (0x1000000 + 0x800000) / 1024); /* the regions' sum */
	assert_false(b->direct_map);
	assert_int_equal(b->enhanced, IB_ENHANCED_NO_XENSTORE);
	assert_false(b->vpl011);
	assert_null(b->cmd); /* no vpl011: no console=ttyAMA0 default */
	done(r);
}

static void test_system_applies_imagebuilder_defaults(void **state)
{
	struct run *r = read_system(GOOD_HEAD "NUM_DOMUS=2\nDOMU_KERNEL[0]=a\nDOMU_KERNEL[1]=b\n"
					      "DOMU_CMD[1]=\"\"\nDOMU_STATIC_MEM[1]=\"0x60000000 "
					      "0x200000\"\n",
				    NULL);
	const struct ib_system *s = &r->sys;

	(void)state;
	assert_int_equal(r->read, 0);
	assert_null(s->xen_cmd); /* the tree's, else IB_DEFAULT_XEN_CMD */
	assert_string_equal(s->uboot_source, "boot.source");
	assert_string_equal(s->uboot_script, "boot.scr");
	assert_string_equal(s->dtb_name, "host.dtb");
	assert_null(s->fit_name);
	for (unsigned int i = 0; i < 2; i++) {
		char name[8];

		snprintf(name, sizeof(name), "domU%u", i + 1);
		assert_string_equal(s->domains[i].name, name);
		assert_int_equal(s->domains[i].vcpus, 1);
		assert_string_equal(s->domains[i].cmd, "console=ttyAMA0"); /* "" = unset */
		assert_int_equal(s->domains[i].enhanced, IB_ENHANCED_NONE);
		assert_true(s->domains[i].vpl011);
		assert_null(s->domains[i].ramdisk);
	}
	assert_int_equal(s->domains[0].mem_kib, 512 * 1024);
	assert_null(s->domains[0].mem_key);
	assert_false(s->domains[0].direct_map);
	assert_true(s->domains[1].direct_map); /* default 1 with static memory */
	assert_int_equal(s->domains[1].mem_kib, 2048);
	done(r);
}

static void test_system_names_unsupported_imagebuilder_options(void **state)
{
	struct run *r = read_system(GOOD_HEAD "NUM_DOMUS=1\nDOMU_KERNEL[0]=a\n"
					      "DOM0_KERNEL=Image-dom0\n"
					      "DOMU_COLORS[0]=\"6-14\"\n"
					      "NUM_DT_OVERLAY=1\n",
				    NULL);

	(void)state;
	assert_int_equal(r->read, -1);
	assert_message(r, "t.cfg:8: error: DOM0_KERNEL: ImageBuilder option not supported yet: "
			  "Tessera has no dom0: describe every domain as DOMU_*");
	assert_message(r, "t.cfg:9: error: DOMU_COLORS[0]: ImageBuilder option not supported yet: "
			  "cache coloring is not implemented");
	assert_message(r, "t.cfg:10: error: NUM_DT_OVERLAY: ImageBuilder option not supported "
			  "yet: device-tree overlays are not applied yet");
	assert_message_count(r, 3);
	done(r);
}

static void test_system_unknown_option_is_an_error_unless_expanded(void **state)
{
	struct run *r = read_system(GOOD_HEAD "NUM_DOMUS=1\nDIR=/srv\nDOMU_KERNEL[0]=$DIR/a\n"
					      "DOMU_KERNAL[0]=typo\n",
				    NULL);

	(void)state;
	assert_message(r, "t.cfg:9: error: DOMU_KERNAL[0]: unknown option (see "
			  "docs/imagebuilder.md for the options)");
	assert_message_count(r, 1); /* DIR is a helper variable */
	done(r);
}

static void test_system_checks_the_index_form(void **state)
{
	struct run *r = read_system(GOOD_HEAD "NUM_DOMUS=1\nDOMU_KERNEL[0]=a\nXEN_CMD[0]=x\n"
					      "DOMU_MEM=128\nDOMU_VCPUS[1]=1\n",
				    NULL);

	(void)state;
	assert_message(r, "t.cfg:8: error: XEN_CMD[0]: XEN_CMD takes no index");
	assert_message(r, "t.cfg:9: error: DOMU_MEM: a per-domain option needs an index: "
			  "DOMU_MEM[0]=...");
	assert_message(r, "t.cfg:10: error: DOMU_VCPUS[1]: index 1, but NUM_DOMUS=1 (indexes 0 to "
			  "0)");
	assert_message_count(r, 3);
	done(r);
}

static void test_system_reports_each_missing_required_option(void **state)
{
	struct run *r = read_system("# nothing\n", NULL);

	(void)state;
	assert_int_equal(r->read, -1);
	assert_message(r, "t.cfg: error: MEMORY_START: missing (required): the start of RAM to "
			  "load into");
	assert_message(r, "t.cfg: error: MEMORY_END: missing (required): the end of RAM to load "
			  "into");
	assert_message(r, "t.cfg: error: DEVICE_TREE: missing (required)");
	assert_message(r, "t.cfg: error: XEN: missing (required)");
	assert_message(r, "t.cfg: error: LOAD_CMD: missing: set it (e.g. \"tftpb\", \"load virtio "
			  "0:1\") or pass -t");
	assert_message(r, "t.cfg: error: NUM_DOMUS: missing (required): how many domains to boot");
	assert_message_count(r, 6);
	done(r);
}

static void test_system_missing_kernel_names_the_num_domus_line(void **state)
{
	struct run *r =
		read_system(GOOD_HEAD "NUM_DOMUS=3\nDOMU_KERNEL[0]=a\nDOMU_KERNEL[2]=c\n", NULL);

	(void)state;
	assert_message(r, "t.cfg:6: error: DOMU_KERNEL[1]: missing: NUM_DOMUS=3 needs a kernel for "
			  "each domain");
	assert_message_count(r, 1);
	done(r);
}

static void test_system_rejects_values_of_the_wrong_form(void **state)
{
	struct run *r =
		read_system("MEMORY_START=1G\nMEMORY_END=0xC0000000\nDEVICE_TREE=h\nXEN=x\n"
			    "LOAD_CMD=tftpb\nNUM_DOMUS=2\n"
			    "DOMU_KERNEL[0]=a\nDOMU_MEM[0]=0\nDOMU_VCPUS[0]=0\n"
			    "DOMU_ENHANCED[0]=3\nDOMU_VPL011[0]=yes\n"
			    "DOMU_KERNEL[1]=b\nDOMU_MEM[1]=-5\nDOMU_STATIC_MEM[1]=0x60000000\n",
			    NULL);

	(void)state;
	assert_message(r, "t.cfg:1: error: MEMORY_START: '1G' is not a number (decimal or 0x hex)");
	assert_message(r, "t.cfg:8: error: DOMU_MEM[0]: 0 MiB is not a memory size");
	assert_message(r, "t.cfg:9: error: DOMU_VCPUS[0]: 0 vCPUs: give 1 or more");
	assert_message(r, "t.cfg:10: error: DOMU_ENHANCED[0]: '3' must be 0, 1 or 2");
	assert_message(r, "t.cfg:11: error: DOMU_VPL011[0]: 'yes' must be 0 or 1");
	assert_message(r, "t.cfg:13: error: DOMU_MEM[1]: '-5' is not a number (decimal or 0x hex)");
	assert_message(r, "t.cfg:14: error: DOMU_STATIC_MEM[1]: give pairs of numbers \"base size "
			  "...\" (bytes), not 1 numbers");
	assert_message_count(r, 7);
	done(r);
}

static void test_system_memory_end_must_be_above_start(void **state)
{
	struct run *r =
		read_system("MEMORY_START=0x80000000\nMEMORY_END=0x40000000\nDEVICE_TREE=h\n"
			    "XEN=x\nLOAD_CMD=tftpb\nNUM_DOMUS=1\nDOMU_KERNEL[0]=a\n",
			    NULL);

	(void)state;
	assert_message(r, "t.cfg:2: error: MEMORY_END: 0x40000000 is not above MEMORY_START "
			  "(0x80000000)");
	assert_message_count(r, 1);
	done(r);
}

static void test_system_num_domus_must_be_in_range(void **state)
{
	struct run *r = read_system(GOOD_HEAD "NUM_DOMUS=0\n", NULL);
	struct run *s = read_system(GOOD_HEAD "NUM_DOMUS=65\n", NULL);

	(void)state;
	assert_message(r, "t.cfg:6: error: NUM_DOMUS: 0: give 1 to 64 domains");
	assert_message(s, "t.cfg:6: error: NUM_DOMUS: 65: give 1 to 64 domains");
	done(r);
	done(s);
}

static void test_system_static_memory_must_agree_with_domu_mem(void **state)
{
	struct run *r =
		read_system(GOOD_HEAD "NUM_DOMUS=2\nDOMU_KERNEL[0]=a\n"
				      "DOMU_STATIC_MEM[0]=\"0x60000000 0x4000000\"\n"
				      "DOMU_MEM[0]=128\n"
				      "DOMU_KERNEL[1]=b\nDOMU_DIRECT_MAP[1]=1\n"
				      "DOMU_STATIC_MEM[0]=\"0x60000000 0x4000000 0x70000100 "
				      "0x1000\"\n",
			    NULL);

	(void)state;
	assert_message(r, "t.cfg:9: error: DOMU_MEM[0]: 128 MiB, but DOMU_STATIC_MEM[0] gives "
			  "65540 KiB");
	assert_message(r, "t.cfg:11: error: DOMU_DIRECT_MAP[1]: only applies with "
			  "DOMU_STATIC_MEM[1] (ImageBuilder README)");
	assert_message(r, "t.cfg:12: error: DOMU_STATIC_MEM[0]: region 0x70000100 size 0x1000: "
			  "base and size must be non-zero multiples of 4 KiB");
	assert_message_count(r, 3);
	done(r);
}

static void test_system_domain_names_are_node_names_and_unique(void **state)
{
	struct run *r = read_system(GOOD_HEAD "NUM_DOMUS=3\nDOMU_KERNEL[0]=a\nDOMU_KERNEL[1]=b\n"
					      "DOMU_KERNEL[2]=c\nDOMU_NAME[0]=\"my domain\"\n"
					      "DOMU_NAME[1]=domU3\n",
				    NULL);

	(void)state;
	assert_message(r, "t.cfg:10: error: DOMU_NAME[0]: 'my domain' is not a device-tree node "
			  "name: 1 to 31 of A-Z a-z 0-9 , . _ + -, starting with a letter");
	assert_message(r, "t.cfg:11: error: DOMU_NAME[1]: domains 1 and 2 would both be named "
			  "'domU3'");
	assert_message_count(r, 2);
	done(r);
}

static void test_system_load_cmd_from_the_command_line(void **state)
{
	struct run *r = read_system(GOOD_HEAD "NUM_DOMUS=1\nDOMU_KERNEL[0]=a\n", "virtio");
	struct run *s = read_system(GOOD_HEAD "NUM_DOMUS=1\nDOMU_KERNEL[0]=a\n", "fatload mmc 1:2");

	(void)state;
	assert_string_equal(r->sys.load_cmd, "load virtio 0:1");
	assert_string_equal(s->sys.load_cmd, "fatload mmc 1:2");
	assert_string_equal(ib_load_cmd_expand("tftp"), "tftpb");
	assert_string_equal(ib_load_cmd_expand("sd"), "load mmc 0:1");
	assert_string_equal(ib_load_cmd_expand("scsi"), "load scsi 0:1");
	assert_string_equal(ib_load_cmd_expand("usb"), "fatload usb 0:1");
	done(r);
	done(s);
}

static void test_system_outputs_are_plain_distinct_file_names(void **state)
{
	struct run *r = read_system(GOOD_HEAD "NUM_DOMUS=1\nDOMU_KERNEL[0]=a\n"
					      "UBOOT_SCRIPT=../boot.scr\nBOOT_CMD=bootm\n"
					      "UBOOT_SOURCE=host.dtb\n",
				    NULL);

	(void)state;
	assert_message(r, "t.cfg:8: error: UBOOT_SCRIPT: '../boot.scr': give a file name; it is "
			  "written in the output folder (-o)");
	assert_message(r, "t.cfg:9: error: BOOT_CMD: 'bootm' is not supported yet: only booti");
	assert_message(r, "t.cfg: error: UBOOT_SOURCE: UBOOT_SOURCE, UBOOT_SCRIPT and FDTEDIT must "
			  "differ");
	assert_message_count(r, 3);
	done(r);
}

static void test_system_numbers_read_as_bash_literals(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(ib_parse_u64("0x40000000", &v), 0);
	assert_int_equal(v, 0x40000000);
	assert_int_equal(ib_parse_u64("0XC0000000", &v), 0);
	assert_int_equal(v, 0xC0000000);
	assert_int_equal(ib_parse_u64("512", &v), 0);
	assert_int_equal(v, 512);
	assert_int_equal(ib_parse_u64("010", &v), 0); /* octal, as in bash */
	assert_int_equal(v, 8);
	assert_int_equal(ib_parse_u64("", &v), -1);
	assert_int_equal(ib_parse_u64("12k", &v), -1);
	assert_int_equal(ib_parse_u64("-1", &v), -1);
	assert_int_equal(ib_parse_u64(" 1", &v), -1);
	assert_int_equal(ib_parse_u64("0x1ffffffffffffffff", &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_reads_assignments_and_array_elements),
		cmocka_unit_test(test_config_double_quotes_keep_blanks_and_expand),
		cmocka_unit_test(test_config_single_quotes_are_literal),
		cmocka_unit_test(test_config_words_concatenate_and_backslash_escapes),
		cmocka_unit_test(test_config_skips_comments_and_blank_lines),
		cmocka_unit_test(test_config_quoted_value_spans_lines_and_keeps_the_key_line),
		cmocka_unit_test(test_config_last_assignment_wins),
		cmocka_unit_test(test_config_expands_earlier_assignments_and_marks_them_used),
		cmocka_unit_test(test_config_expands_the_environment_and_tilde),
		cmocka_unit_test(test_config_accepts_crlf_line_ends),
		cmocka_unit_test(test_config_errors_name_their_line),
		cmocka_unit_test(test_config_unterminated_quote_names_the_line_it_opened),
		cmocka_unit_test(test_config_entry_key_names_the_index),
		cmocka_unit_test(test_system_reads_every_supported_option),
		cmocka_unit_test(test_system_applies_imagebuilder_defaults),
		cmocka_unit_test(test_system_names_unsupported_imagebuilder_options),
		cmocka_unit_test(test_system_unknown_option_is_an_error_unless_expanded),
		cmocka_unit_test(test_system_checks_the_index_form),
		cmocka_unit_test(test_system_reports_each_missing_required_option),
		cmocka_unit_test(test_system_missing_kernel_names_the_num_domus_line),
		cmocka_unit_test(test_system_rejects_values_of_the_wrong_form),
		cmocka_unit_test(test_system_memory_end_must_be_above_start),
		cmocka_unit_test(test_system_num_domus_must_be_in_range),
		cmocka_unit_test(test_system_static_memory_must_agree_with_domu_mem),
		cmocka_unit_test(test_system_domain_names_are_node_names_and_unique),
		cmocka_unit_test(test_system_load_cmd_from_the_command_line),
		cmocka_unit_test(test_system_outputs_are_plain_distinct_file_names),
		cmocka_unit_test(test_system_numbers_read_as_bash_literals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
