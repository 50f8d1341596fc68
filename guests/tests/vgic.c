// SPDX-License-Identifier: Apache-2.0
/*
 * vgic: proves the interrupt controller a guest sees delivers what the GIC architecture
 * (IHI 0069H for v3, IHI 0048B for v2) promises:
 *   - an SGI to itself, and SGIs both ways between two vCPUs (when it has two);
 *   - a PPI: the virtual timer's;
 *   - an SPI: the console UART's, raised by enabling its transmit interrupt (PL011 TRM
 *     DDI 0183, UARTRIS.TXRIS: set while the transmit FIFO has room);
 *   - priority order: of two SGIs pending together, the higher priority is taken first,
 *     whichever was sent first;
 *   - the priority mask: with PMR at 0x80, an SGI of priority 0xc0 stays pending while one
 *     of 0x40 is taken; raising PMR releases the first;
 *   - an SGI raised again while the same SGI is active (its handler still running) is taken
 *     again once that handler returns, whether the new one comes from the same vCPU or, with
 *     two vCPUs, from the other (GICv2 keeps one pending state per sender);
 *   - GICv2 with two vCPUs: GICD_ITARGETSR keeps the CPU mask written (IHI 0048B 4.3.12),
 *     bits of CPU interfaces that do not exist read as zero, an SPI targeting both CPUs is
 *     taken by one of them, one targeting none by neither, one targeting CPU 1 by CPU 1.
 * Each check prints "PASS: vgic: ..." or "FAIL: vgic: ..."; the last line is "vgic: done".
 */
#include <guest.h>

#define SGI_SELF    1
#define SGI_LOW	    2
#define SGI_HIGH    3
#define SGI_PING    4 /* cpu 0 -> cpu 1 */
#define SGI_PONG    5 /* cpu 1 -> cpu 0 */
#define SGI_AGAIN   6 /* raised again from its own handler */
#define SGI_ASK	    7 /* cpu 0 -> cpu 1: "send SGI_AGAIN to me now" */
#define PING_ROUNDS 10
#define WAIT_US	    100000
#define QUIET_US    20000
#define PMR_TEST    0x80
#define ORDER_MAX   4

static volatile unsigned int hits[IRQ_MAX];
static volatile unsigned int hit_cpu[IRQ_MAX];
static volatile unsigned int order[ORDER_MAX];
static volatile unsigned int order_len;
static volatile bool partner_ready;
static volatile bool partner_stop;
static volatile bool partner_sent;
static volatile bool again_from_partner;
static unsigned int failures;

static void count_irq(unsigned int intid, void *arg)
{
	(void)arg;
	hit_cpu[intid] = cpu_id();
	if (order_len < ORDER_MAX)
		order[order_len++] = intid;
	hits[intid]++;
}

static void timer_irq(unsigned int intid, void *arg)
{
	timer_disarm();
	count_irq(intid, arg);
}

static void uart_irq(unsigned int intid, void *arg)
{
	console_tx_irq_set(false); /* the level source, before EOI */
	count_irq(intid, arg);
}

/* The partner vCPU answers every ping with a pong. */
static void ping_irq(unsigned int intid, void *arg)
{
	count_irq(intid, arg);
	irq_send_sgi(0, SGI_PONG);
}

/* The partner sends SGI_AGAIN to vCPU 0 when asked. */
static void ask_irq(unsigned int intid, void *arg)
{
	count_irq(intid, arg);
	irq_send_sgi(0, SGI_AGAIN);
	partner_sent = true;
}

/* First hit: raise SGI_AGAIN again while it is active here, from this vCPU or from the
 * partner (waiting until the partner has sent it), then return. */
static void again_irq(unsigned int intid, void *arg)
{
	uint64_t end = timer_now() + timer_us_to_ticks(100000);

	count_irq(intid, arg);
	if (hits[intid] != 1)
		return;
	if (!again_from_partner) {
		irq_send_sgi(cpu_id(), SGI_AGAIN);
		return;
	}
	irq_send_sgi(1, SGI_ASK);
	while (!partner_sent && timer_now() < end)
		;
}

static bool wait_hits(unsigned int intid, unsigned int n, uint64_t us)
{
	uint64_t end = timer_now() + timer_us_to_ticks(us);

	while (hits[intid] < n && timer_now() < end)
		;
	return hits[intid] >= n;
}

static void check(bool ok, const char *what)
{
	printf("%s: vgic: %s\n", ok ? "PASS" : "FAIL", what);
	if (!ok)
		failures++;
}

static void test_sgi_self(void)
{
	irq_register(SGI_SELF, count_irq, NULL);
	irq_enable(SGI_SELF);
	irq_send_sgi(cpu_id(), SGI_SELF);
	check(wait_hits(SGI_SELF, 1, WAIT_US) && hit_cpu[SGI_SELF] == cpu_id(),
	      "SGI to self delivered");
}

static void test_priority_order(void)
{
	irq_register(SGI_LOW, count_irq, NULL);
	irq_register(SGI_HIGH, count_irq, NULL);
	irq_set_priority(SGI_LOW, IRQ_PRIO_LOW);
	irq_set_priority(SGI_HIGH, IRQ_PRIO_HIGH);
	irq_enable(SGI_LOW);
	irq_enable(SGI_HIGH);

	local_irq_disable();
	order_len = 0;
	irq_send_sgi(cpu_id(), SGI_LOW); /* the lower priority first */
	irq_send_sgi(cpu_id(), SGI_HIGH);
	udelay(QUIET_US); /* both pending now */
	local_irq_enable();
	wait_hits(SGI_LOW, 1, WAIT_US);
	wait_hits(SGI_HIGH, 1, WAIT_US);
	printf("vgic: order taken: %u then %u (of %u)\n", order[0], order[1], order_len);
	check(order_len == 2 && order[0] == SGI_HIGH && order[1] == SGI_LOW,
	      "two pending SGIs: priority 0x40 taken before priority 0xc0");
}

static void test_pmr(void)
{
	unsigned int low = hits[SGI_LOW], high = hits[SGI_HIGH];
	uint8_t pmr = irq_get_pmr();

	irq_set_pmr(PMR_TEST);
	irq_send_sgi(cpu_id(), SGI_LOW);
	udelay(QUIET_US);
	check(hits[SGI_LOW] == low, "PMR 0x80 holds back an SGI of priority 0xc0");
	irq_send_sgi(cpu_id(), SGI_HIGH);
	check(wait_hits(SGI_HIGH, high + 1, WAIT_US) && hits[SGI_LOW] == low,
	      "PMR 0x80 lets an SGI of priority 0x40 through");
	irq_set_pmr(pmr);
	check(wait_hits(SGI_LOW, low + 1, WAIT_US), "restoring PMR releases the held SGI");
}

static void test_ppi_timer(void)
{
	unsigned int t = timer_intid();

	irq_register(t, timer_irq, NULL);
	irq_enable(t);
	timer_arm_at(timer_now() + timer_us_to_ticks(1000));
	check(wait_hits(t, 1, WAIT_US), "PPI: virtual timer interrupt delivered");
	irq_disable(t);
}

static void test_spi_uart(void)
{
	unsigned int spi = rt_platform.uart_intid;

	if (spi < IRQ_SPI_BASE) {
		printf("vgic: SKIP: SPI (the UART has no interrupt in the device tree)\n");
		return;
	}
	irq_register(spi, uart_irq, NULL);
	irq_enable(spi);
	console_tx_irq_set(true);
	check(wait_hits(spi, 1, WAIT_US) && hit_cpu[spi] == cpu_id(),
	      "SPI: UART transmit interrupt delivered");
	console_tx_irq_set(false);
	irq_disable(spi);
}

static void test_sgi_again_self(void)
{
	irq_register(SGI_AGAIN, again_irq, NULL);
	irq_enable(SGI_AGAIN);
	hits[SGI_AGAIN] = 0;
	again_from_partner = false;
	irq_send_sgi(cpu_id(), SGI_AGAIN);
	check(wait_hits(SGI_AGAIN, 2, WAIT_US),
	      "SGI raised by itself while active is taken again after its handler");
}

/* After test_sgi_cross: vCPU 1 is up and answers SGI_ASK. */
static void test_sgi_again_partner(void)
{
	if (!partner_ready)
		return;
	hits[SGI_AGAIN] = 0;
	partner_sent = false;
	again_from_partner = true;
	irq_send_sgi(cpu_id(), SGI_AGAIN);
	check(wait_hits(SGI_AGAIN, 2, WAIT_US) && partner_sent,
	      "SGI raised by the other vCPU while active is taken again after its handler");
}

static void partner(void *arg)
{
	(void)arg;
	irq_register(SGI_PING, ping_irq, NULL);
	irq_enable(SGI_PING);
	irq_register(SGI_ASK, ask_irq, NULL);
	irq_enable(SGI_ASK);
	partner_ready = true;
	while (!partner_stop)
		wfi();
}

static void test_sgi_cross(void)
{
	uint64_t end;
	int err;

	if (cpu_count() < 2) {
		printf("vgic: SKIP: SGIs between vCPUs (one vCPU)\n");
		return;
	}
	irq_register(SGI_PONG, count_irq, NULL);
	irq_enable(SGI_PONG);
	err = cpu_start(1, partner, NULL);
	end = timer_now() + timer_us_to_ticks(WAIT_US * 10);
	while (err == PSCI_SUCCESS && !partner_ready && timer_now() < end)
		;
	if (!partner_ready) {
		check(false, "SGIs between vCPUs: vCPU 1 did not start");
		return;
	}
	for (unsigned int i = 1; i <= PING_ROUNDS; i++) {
		irq_send_sgi(1, SGI_PING);
		if (!wait_hits(SGI_PONG, i, WAIT_US))
			break;
	}
	printf("vgic: %u pings taken on cpu %u, %u pongs on cpu %u\n", hits[SGI_PING],
	       hit_cpu[SGI_PING], hits[SGI_PONG], hit_cpu[SGI_PONG]);
	check(hits[SGI_PING] == PING_ROUNDS && hits[SGI_PONG] == PING_ROUNDS &&
		      hit_cpu[SGI_PING] == 1 && hit_cpu[SGI_PONG] == 0,
	      "SGIs between vCPU 0 and vCPU 1, 10 round trips");
}

/* GICD_ITARGETSR (IHI 0048B 4.3.12) of the UART's SPI, one byte per interrupt. */
#define GICD_ITARGETSR 0x800

static void test_spi_targets(void)
{
	unsigned int spi = rt_platform.uart_intid;
	volatile uint8_t *targets;
	unsigned int n;

	if (gic_version() != 2 || !partner_ready || spi < IRQ_SPI_BASE) {
		printf("vgic: SKIP: GICD_ITARGETSR (GICv2, two vCPUs and the UART's SPI)\n");
		return;
	}
	targets = (volatile uint8_t *)(uintptr_t)(rt_platform.gicd_base + GICD_ITARGETSR + spi);
	irq_enable(spi);
	*targets = 0x03;
	check(*targets == 0x03, "GICD_ITARGETSR keeps a mask of two CPUs");
	n = hits[spi];
	console_tx_irq_set(true);
	check(wait_hits(spi, n + 1, WAIT_US), "SPI targeting both CPUs taken by one of them");

	*targets = 0x00;
	check(*targets == 0x00, "GICD_ITARGETSR keeps a mask of no CPU");
	n = hits[spi];
	console_tx_irq_set(true);
	udelay(QUIET_US);
	check(hits[spi] == n, "SPI targeting no CPU is taken by none");
	*targets = 0x02; /* the UART still asks */
	check(wait_hits(spi, n + 1, WAIT_US) && hit_cpu[spi] == 1,
	      "SPI targeting CPU 1 taken there");

	*targets = 0xff;
	if (rt_platform.hypervisor)
		check(*targets == 0x03, "GICD_ITARGETSR bits of CPUs that do not exist read as 0");
	else
		printf("vgic: GICD_ITARGETSR 0xff reads back 0x%02x\n", *targets);
	console_tx_irq_set(false);
	irq_disable(spi);
	*targets = 0x01;
}

static void stop_partner(void)
{
	if (!partner_ready)
		return;
	partner_stop = true;
	irq_send_sgi(1, SGI_PING); /* wake it from WFI */
}

int main(void)
{
	printf("vgic: GICv%u, %u vCPU(s)\n", gic_version(), cpu_count());
	test_sgi_self();
	test_priority_order();
	test_pmr();
	test_ppi_timer();
	test_spi_uart();
	test_sgi_again_self();
	test_sgi_cross();
	test_sgi_again_partner();
	test_spi_targets();
	stop_partner();
	printf("vgic: %u check(s) failed\n", failures);
	printf("vgic: done\n");
	return 0;
}
