// SPDX-License-Identifier: Apache-2.0
/*
 * Synchronous exits from a guest, decoded from ESR_EL2 (Arm ARM D23.2.41) and handed to
 * exactly one handler: WFI/WFE, PSCI/SMCCC, hypercalls, trapped system registers, emulated
 * MMIO. Anything else is the guest's problem: it gets the exception real hardware would
 * give (undefined instruction or external abort), and the console says which domain.
 */
#include <asm/guest_trap.h>
#include <asm/sysreg.h>
#include <tessera/domain.h>
#include <tessera/errno.h>
#include <tessera/printk.h>
#include <virt/mmio.h>
#include <virt/vgic.h>
#include <virt/vpsci.h>
#include <virt/vtimer.h>
#include <pv/pv.h>

#define EC_WFX	    0x01
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_SYSREG   0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24

#define HVC_IMM_SMCCC 0x0000
#define HVC_IMM_XEN   0x0ea1

/* Data abort ISS (D23.2.41.6). */
#define DABT_ISV      (1U << 24)
#define DABT_SAS(iss) (((iss) >> 22) & 3)
#define DABT_SSE      (1U << 21)
#define DABT_SRT(iss) (((iss) >> 16) & 31)
#define DABT_SF	      (1U << 15)
#define DABT_WNR      (1U << 6)

/* System register trap ISS: Op0, Op2, Op1, CRn, Rt, CRm, direction (D23.2.41.12). */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
	((op0) << 20 | (op2) << 17 | (op1) << 14 | (crn) << 10 | (crm) << 1)
#define SYSREG_KEY_MASK 0x3ffc1eU
#define SYSREG_RT(iss)	(((iss) >> 5) & 31)
#define SYSREG_READ	1U
#define ICC_SGI1R_KEY	SYSREG_KEY(3U, 0U, 12U, 11U, 5U)
#define ICC_ASGI1R_KEY	SYSREG_KEY(3U, 0U, 12U, 11U, 6U)
#define ICC_SGI0R_KEY	SYSREG_KEY(3U, 0U, 12U, 11U, 7U)
/* CNTP_TVAL_EL0, CNTP_CTL_EL0, CNTP_CVAL_EL0: Op2 0, 1, 2 (D13.8). */
#define CNTP_KEY(op2)	SYSREG_KEY(3U, 3U, 14U, 2U, (op2))
#define SYSREG_OP2(key) (((key) >> 17) & 7U)

/* Steps over the trapped instruction: 4 bytes, or 2 for a 16-bit T32 one (ESR_EL2.IL = 0,
 * Arm ARM D23.2.41), such as an AArch32 EL0 task's Thumb WFI. */
static void skip_instruction(struct vcpu *v)
{
	v->arch.regs.elr += guest_trap_insn_len(v->arch.regs.esr);
}

static uint64_t reg_read(const struct vcpu *v, unsigned int rt)
{
	return rt == 31 ? 0 : v->arch.regs.x[rt];
}

static void reg_write(struct vcpu *v, unsigned int rt, uint64_t value)
{
	if (rt != 31)
		v->arch.regs.x[rt] = value;
}

static void handle_wfx(struct vcpu *v, uint32_t iss)
{
	skip_instruction(v);
	if (iss & 1)
		return; /* WFE: a yield, and with one vCPU per pCPU there is nobody to yield to */
	vcpu_block(v);
}

static void handle_hvc(struct vcpu *v, uint32_t iss)
{
	switch (iss & 0xffff) {
	case HVC_IMM_SMCCC:
		vpsci_handle(v);
		break;
	case HVC_IMM_XEN:
		hypercall_dispatch(v);
		break;
	default:
		inject_undef(v);
		break;
	}
}

static void handle_sysreg(struct vcpu *v, uint32_t iss)
{
	unsigned int rt = SYSREG_RT(iss);
	uint32_t key = iss & SYSREG_KEY_MASK;

	if (vcpu_debug_trap_id_reg(v, iss))
		return;
	if (!(iss & SYSREG_READ) && (key == ICC_SGI1R_KEY || key == ICC_ASGI1R_KEY)) {
		vgic_v3_sgi1r(v, reg_read(v, rt));
		skip_instruction(v);
		return;
	}
	if (!(iss & SYSREG_READ) && key == ICC_SGI0R_KEY) {
		skip_instruction(v); /* Group 0 does not exist for a guest: ignored */
		return;
	}
	if (key == CNTP_KEY(VTIMER_CNTP_TVAL) || key == CNTP_KEY(VTIMER_CNTP_CTL) ||
	    key == CNTP_KEY(VTIMER_CNTP_CVAL)) {
		/* The EL1 physical timer, trapped by CNTHCTL_EL2.EL1PCEN = 0: emulated. */
		uint64_t value = reg_read(v, rt);

		vtimer_phys_access(v, SYSREG_OP2(key), (iss & SYSREG_READ) != 0, &value);
		if (iss & SYSREG_READ)
			reg_write(v, rt, value);
		skip_instruction(v);
		return;
	}
	pr_warn_guest(
		v->domain->id,
		"d%u vCPU%u: trapped system register access (ISS 0x%x) at 0x%llx: undefined\n",
		v->domain->id, v->id, iss, (unsigned long long)v->arch.regs.elr);
	inject_undef(v);
}

static void handle_data_abort(struct vcpu *v, uint32_t iss)
{
	uint64_t ipa = (v->arch.hpfar & GENMASK_ULL(43, 4)) << 8 | (v->arch.regs.far & 0xfff);
	unsigned int size = 1U << DABT_SAS(iss);
	unsigned int rt = DABT_SRT(iss);
	bool write = (iss & DABT_WNR) != 0;
	uint64_t value = write ? reg_read(v, rt) : 0;

	if ((iss & DABT_ISV) && mmio_dispatch(v, ipa, size, write, &value) == 0) {
		if (!write) {
			if ((iss & DABT_SSE) && size < 8 && (value & (1ULL << (size * 8 - 1))))
				value |= ~0ULL << (size * 8);
			if (!(iss & DABT_SF))
				value &= 0xffffffffULL;
			reg_write(v, rt, value);
		}
		skip_instruction(v);
		return;
	}
	pr_warn_guest(v->domain->id,
		      "d%u vCPU%u: %s at IPA 0x%llx (pc 0x%llx): nothing there, abort injected\n",
		      v->domain->id, v->id, write ? "write" : "read", (unsigned long long)ipa,
		      (unsigned long long)v->arch.regs.elr);
	inject_data_abort(v, v->arch.regs.far, write);
}

void guest_trap_sync(struct vcpu *v)
{
	uint64_t esr = v->arch.regs.esr;
	unsigned int ec = (unsigned int)(esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	uint32_t iss = (uint32_t)(esr & ESR_ISS_MASK);

	switch (ec) {
	case EC_WFX:
		handle_wfx(v, iss);
		break;
	case EC_HVC64:
		handle_hvc(v, iss);
		break;
	case EC_SMC64:
		/* Trapped by HCR_EL2.TSC before executing: ELR is the SMC itself (D1.16.4). */
		skip_instruction(v);
		if ((iss & 0xffff) == 0)
			vpsci_handle(v);
		else
			v->arch.regs.x[0] = (uint64_t)-1; /* SMCCC: unknown function */
		break;
	case EC_SYSREG:
		handle_sysreg(v, iss);
		break;
	case EC_DABT_LOW:
		handle_data_abort(v, iss);
		break;
	case EC_IABT_LOW:
		pr_warn_guest(v->domain->id,
			      "d%u vCPU%u: instruction fetch at 0x%llx outside its memory: abort "
			      "injected\n",
			      v->domain->id, v->id, (unsigned long long)v->arch.regs.far);
		inject_instr_abort(v, v->arch.regs.far);
		break;
	default:
		pr_warn_guest(
			v->domain->id,
			"d%u vCPU%u: unhandled trap (EC 0x%02x, ISS 0x%x) at 0x%llx: undefined\n",
			v->domain->id, v->id, ec, iss, (unsigned long long)v->arch.regs.elr);
		inject_undef(v);
		break;
	}
}
