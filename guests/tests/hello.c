// SPDX-License-Identifier: Apache-2.0
/*
 * hello: proves a guest boots and reads its own device tree: it prints a marker, the memory
 * and CPU count its DT gives, then a heartbeat every 100 ms forever. The quiet neighbour of
 * isolation tests: its heartbeat must keep coming whatever another domain does.
 */
#include <guest.h>

#define HEARTBEAT_MS 100

int main(void)
{
	const struct rt_platform *p = &rt_platform;

	printf("hello: Tessera test guest running on cpu %u\n", cpu_id());
	printf("hello: memory %llu MiB in %u bank(s)\n", (unsigned long long)(p->mem_total >> 20),
	       p->mem_banks);
	for (unsigned int i = 0; i < p->mem_banks; i++)
		printf("hello: bank %u at 0x%llx, %llu MiB\n", i,
		       (unsigned long long)p->mem[i].base,
		       (unsigned long long)(p->mem[i].size >> 20));
	printf("hello: cpus %u\n", cpu_count());
	printf("PASS: hello: booted with %llu MiB and %u CPU(s)\n",
	       (unsigned long long)(p->mem_total >> 20), cpu_count());
	printf("hello: done\n");
	guest_heartbeat("hello", HEARTBEAT_MS);
}
