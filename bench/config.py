# SPDX-License-Identifier: Apache-2.0
"""How much to measure: the full benchmark, or the short form that only proves it still works."""
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Config:
    out: Path  # build/bench: the table, the CSV, logs/ and work/
    runs: int = 5  # wall-clock boots per scenario (the median is shown)
    samples: int = 10000  # timer interrupts per latency run
    period_us: int = 100  # between them
    iters: int = 10000  # hypercalls, MMIO reads, SGI round trips
    # Rows not measured (the short form leaves out the slowest, whose code paths the others
    # already exercise: the Linux boot and the busy neighbour under -icount).
    skip: frozenset = frozenset()
    # What each hypervisor's console said about the scheduler it runs.
    schedulers: dict = field(default_factory=dict)

    @classmethod
    def full(cls, out):
        return cls(Path(out))

    @classmethod
    def short(cls, out):
        return cls(Path(out), runs=1, samples=1000, iters=1000, skip=frozenset({"1b", "2b"}))
