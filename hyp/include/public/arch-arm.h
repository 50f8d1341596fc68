/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest physical memory map every domain sees, as Xen 4.17 lays it out for Arm guests
 * (Xen public ABI: xen/include/public/arch-arm.h, GUEST_* constants), so that guests built
 * for Xen find their devices where they expect them. Written for Tessera from the documented
 * values; checked against the device tree Xen 4.17 gives a dom0less domain.
 */
#ifndef TESSERA_PUBLIC_ARCH_ARM_H
#define TESSERA_PUBLIC_ARCH_ARM_H

/* Virtual GIC. v2: distributor and CPU interface; v3: distributor and redistributors. */
#define GUEST_GICD_BASE	      0x03001000ULL
#define GUEST_GICD_SIZE	      0x00010000ULL
#define GUEST_GICC_BASE	      0x03002000ULL /* v2 */
#define GUEST_GICC_SIZE	      0x00002000ULL
#define GUEST_GICV2_GICD_SIZE 0x00001000ULL
#define GUEST_GICR_BASE	      0x03020000ULL /* v3: 128 KiB per vCPU */
#define GUEST_GICR_SIZE	      0x01000000ULL
#define GUEST_GICR_STRIDE     0x00020000ULL

/* The emulated SBSA UART (vpl011) and its interrupt: SPI 0, INTID 32. */
#define GUEST_VPL011_BASE 0x22000000ULL
#define GUEST_VPL011_SIZE 0x00001000ULL
#define GUEST_VPL011_SPI  32

/* The grant-table window (the /hypervisor node's first reg) and the magic pages. */
#define GUEST_GNTTAB_BASE 0x38000000ULL
#define GUEST_GNTTAB_SIZE 0x01000000ULL
#define GUEST_MAGIC_BASE  0x39000000ULL
#define GUEST_MAGIC_SIZE  0x01000000ULL

/* RAM: bank 0 (3 GiB at 1 GiB), bank 1 (1016 GiB at 8 GiB). */
#define GUEST_RAM0_BASE 0x40000000ULL
#define GUEST_RAM0_SIZE 0xc0000000ULL
#define GUEST_RAM1_BASE 0x0200000000ULL
#define GUEST_RAM1_SIZE 0xfe00000000ULL

/* Per-CPU interrupts a guest sees: the event-channel upcall and the generic timer's. */
#define GUEST_EVTCHN_PPI	31 /* INTID: PPI 15 */
#define GUEST_TIMER_VIRT_PPI	27
#define GUEST_TIMER_PHYS_S_PPI	29
#define GUEST_TIMER_PHYS_NS_PPI 30

/* PSCI as the guest calls it (method "hvc"); PSCI 0.1 ids in the /psci node. */
#define GUEST_PSCI_0_1_CPU_OFF 1
#define GUEST_PSCI_0_1_CPU_ON  2

#endif
