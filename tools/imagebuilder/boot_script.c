// SPDX-License-Identifier: Apache-2.0
/*
 * The U-Boot script: what ImageBuilder's uboot-script-gen writes, with the device tree edited
 * beforehand instead of by fdt commands at boot. fdt_high = ~0 keeps booti from moving the
 * tree (U-Boot doc/README.fdt-control: "fdt_high ... 0xffffffff ... disables relocation").
 */
#include <errno.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "diag.h"
#include "outputs.h"
#include "paths.h"
#include "plan.h"

extern char **environ;

void ib_module_keys(const struct ib_system *s, const struct ib_plan *p, int module, char *buf,
		    size_t size)
{
	const int *lists[] = { p->kernel, p->ramdisk, p->passthrough };
	const char *names[] = { "DOMU_KERNEL", "DOMU_RAMDISK", "DOMU_PASSTHROUGH_DTB" };
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < s->num_domains; i++) {
		for (unsigned int k = 0; k < 3; k++) {
			if (lists[k][i] != module || len >= size)
				continue;
			len += (size_t)snprintf(buf + len, size - len, "%s%s[%u]", len ? ", " : "",
						names[k], i);
		}
	}
}

int ib_write_boot_source(FILE *f, const struct ib_system *s, const struct ib_plan *p,
			 const char *config)
{
	char keys[512], path[PATH_MAX], rel[PATH_MAX];

	if (ib_path_join(p->out, s->uboot_script, path, sizeof(path)) ||
	    ib_path_relative(p->root, path, rel, sizeof(rel)))
		return -1;
	fprintf(f, "# %s: written by tessera-imagebuilder from %s; run it again to change it.\n",
		s->uboot_source, config);
	fprintf(f, "# Run it from U-Boot: %s %#llx %s; source %#llx\n", s->load_cmd,
		(unsigned long long)p->script_addr, rel, (unsigned long long)p->script_addr);
	fprintf(f, "# XEN\n%s %#llx %s\n", s->load_cmd, (unsigned long long)p->hyp.addr,
		p->hyp.rel);
	for (unsigned int i = 0; i < p->module_count; i++) {
		ib_module_keys(s, p, (int)i, keys, sizeof(keys));
		fprintf(f, "# %s\n%s %#llx %s\n", keys, s->load_cmd,
			(unsigned long long)p->modules[i].addr, p->modules[i].rel);
	}
	fprintf(f, "# DEVICE_TREE with the domains in /chosen\n%s %#llx %s\n", s->load_cmd,
		(unsigned long long)p->dtb.addr, p->dtb.rel);
	fprintf(f, "setenv fdt_high 0xffffffffffffffff\n");
	fprintf(f, "booti %#llx - %#llx\n", (unsigned long long)p->hyp.addr,
		(unsigned long long)p->dtb.addr);
	return ferror(f) ? -1 : 0;
}

int ib_run_mkimage(char *const args[], struct ib_diag *d, const char *key)
{
	posix_spawn_file_actions_t actions;
	pid_t pid;
	int status = 0;
	int r;

	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	r = posix_spawnp(&pid, args[0], &actions, NULL, args, environ);
	posix_spawn_file_actions_destroy(&actions);
	if (r) {
		ib_error(d, 0, key, "cannot run %s: %s (Debian: apt-get install u-boot-tools)",
			 args[0], strerror(r));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		ib_error(d, 0, key, "%s failed (status %d)", args[0], status);
		return -1;
	}
	return 0;
}
