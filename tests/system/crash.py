# SPDX-License-Identifier: Apache-2.0
"""Reading a hypervisor fault report off the console (what the 'C' debug key provokes)."""
import re
from dataclasses import dataclass

from qemu import PREFIX

HEX = r"([0-9a-f]{16})"
ESR_LINE = rf"ESR  {HEX} \(EC 0x([0-9a-f]{{2}}) ISS 0x([0-9a-f]+)\)  FAR {HEX}"
ELR_LINE = rf"ELR  {HEX}  SPSR {HEX}  SP {HEX}"
FRAME_LINE = r"\b([0-9a-f]{16}) (\w+)\+0x([0-9a-f]+)"


@dataclass
class FaultReport:
    cpu: int
    kind: str
    esr: int
    ec: int
    far: int
    elr: int
    registers: dict
    frames: list  # (address, symbol, offset), innermost first


def read_fault_report(console):
    """Waits for a whole fault report ("*** Hypervisor fault ..." to "CPUn halted.") and
    parses it."""
    head = console.expect_re(r"\*\*\* Hypervisor fault on CPU(\d+): ([^*]+?) \*\*\*",
                             fail_on=())
    cpu, kind = int(head.group(1)), head.group(2)
    body = console.expect(f"CPU{cpu} halted.", fail_on=())
    lines = [line.removeprefix(PREFIX).rstrip() for line in body.replace("\r", "").split("\n")]
    text = "\n".join(lines)
    esr = re.search(ESR_LINE, text)
    elr = re.search(ELR_LINE, text)
    assert esr and elr, f"no ESR/ELR lines in the fault report:\n{text}"
    registers = {f"x{n}": int(v, 16) for n, v in re.findall(rf"\bx(\d+)\s+{HEX}", text)}
    after = text.split("Backtrace:", 1)
    assert len(after) == 2, f"no Backtrace: in the fault report:\n{text}"
    frames = [(int(a, 16), name, int(off, 16))
              for a, name, off in re.findall(FRAME_LINE, after[1])]
    return FaultReport(cpu=cpu, kind=kind, esr=int(esr.group(1), 16),
                       ec=int(esr.group(2), 16), far=int(esr.group(4), 16),
                       elr=int(elr.group(1), 16), registers=registers, frames=frames)


EC_DATA_ABORT_SAME_EL = 0x25
ISS_WNR = 1 << 6


def is_permission_fault_on_write(esr):
    """ESR_EL2 of a data abort (Arm ARM D17.2.37): a write (WnR) refused by a permission
    fault (DFSC 0b0011xx, levels 0-3)."""
    iss = esr & 0x1FFFFFF
    return (esr >> 26) == EC_DATA_ABORT_SAME_EL and bool(iss & ISS_WNR) and (iss & 0x3C) == 0x0C


# The hypervisor's idle loops: where an interrupt lands once the boot is over.
IDLE_LOOPS = ("cpu_idle_loop", "sched_loop")
IRQ_ENTRY = "hyp_irq"


def interrupted_function(report):
    """The function an interrupt stopped: the backtrace frame just below the IRQ entry."""
    names = [name for _, name, _ in report.frames]
    assert IRQ_ENTRY in names[:-1], f"no frame below {IRQ_ENTRY} in the backtrace: {names}"
    return names[names.index(IRQ_ENTRY) + 1]
