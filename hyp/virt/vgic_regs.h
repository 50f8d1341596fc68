/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Register offsets of the emulated GIC distributor (GICv2 IHI 0048B 4.3, GICv3 IHI 0069H
 * 12.9) and GICv3 redistributor (12.10, 12.11), as guests see them (vgic_dist.c; the vGIC
 * unit tests program the vGIC through them too).
 */
#ifndef VIRT_VGIC_REGS_H
#define VIRT_VGIC_REGS_H

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IIDR	0x0008
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ISPENDR	0x0200
#define GICD_ICPENDR	0x0280
#define GICD_ISACTIVER	0x0300
#define GICD_ICACTIVER	0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR	0x0800
#define GICD_ICFGR	0x0c00
#define GICD_SGIR	0x0f00
#define GICD_IROUTER	0x6000
#define GICD_PIDR2_V2	0x0fe8
#define GICD_PIDR2_V3	0xffe8

#define GICR_CTLR     0x0000
#define GICR_IIDR     0x0004
#define GICR_TYPER    0x0008
#define GICR_WAKER    0x0014
#define GICR_PIDR2    0xffe8
#define GICR_SGI_BASE 0x10000

#endif
