# SPDX-License-Identifier: Apache-2.0
"""Results and the one table they make: markdown for people, CSV for scripts."""
import csv
import statistics
from dataclasses import dataclass, field


@dataclass
class Result:
    """One hypervisor's figure for one row: `value` (a number, the one the ratio uses) and
    `text` (how the cell shows it); `value` None with `text` "n/a (why)" when it could not
    be measured."""

    value: float = None
    text: str = ""
    detail: str = ""

    @classmethod
    def na(cls, why):
        return cls(None, f"n/a ({why})")


@dataclass
class Row:
    key: str  # "1a", "2b", ...
    what: str
    method: str
    unit: str
    results: dict = field(default_factory=dict)  # hypervisor key -> Result

    def ratio(self, a="tessera", b="xen"):
        ra, rb = self.results.get(a), self.results.get(b)
        if ra is None or rb is None or ra.value is None or rb.value is None or rb.value == 0:
            return None
        return ra.value / rb.value


def fmt_num(x, digits=0):
    """1234567 -> "1,234,567"; with digits, that many decimals."""
    return f"{x:,.{digits}f}"


def fmt_ns(ns):
    return f"{fmt_num(ns)} ns"


def fmt_s(seconds):
    return f"{seconds:.2f} s"


def fmt_ratio(r):
    if r is None:
        return "—"
    return f"{r:.2f}×" if r < 10 else f"{r:.1f}×"


def median_result(seconds, unit_fmt=fmt_s):
    """Median of several wall-clock runs, with every run in the detail."""
    if not seconds:
        return Result.na("no run finished")
    med = statistics.median(seconds)
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    text = unit_fmt(med) if len(seconds) == 1 else f"{unit_fmt(med)} (runs: {runs})"
    return Result(med, text, runs)


def stats_result(stats, unit="ns"):
    """min/mean/p99/max (a dict) -> a cell led by the mean, the value the ratio uses."""
    text = (f"mean {fmt_num(stats['mean'])} {unit} (min {fmt_num(stats['min'])}, "
            f"p99 {fmt_num(stats['p99'])}, max {fmt_num(stats['max'])})")
    return Result(stats["mean"], text, " ".join(f"{k}={v}" for k, v in stats.items()))


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(rows, hyps):
    head = ["#", "What", "Method"] + [h.name for h in hyps] + [f"{hyps[0].name} / {hyps[1].name}"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.key, r.what, r.method]
        cells += [r.results.get(h.key, Result.na("not run")).text for h in hyps]
        cells.append(fmt_ratio(r.ratio(hyps[0].key, hyps[1].key)))
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def write_csv(path, rows, hyps):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["row", "what", "method", "unit"]
                   + [f"{h.key}_value" for h in hyps] + [f"{h.key}_text" for h in hyps]
                   + [f"{h.key}_detail" for h in hyps] + ["ratio"])
        for r in rows:
            res = [r.results.get(h.key, Result.na("not run")) for h in hyps]
            ratio = r.ratio(hyps[0].key, hyps[1].key)
            w.writerow([r.key, r.what, r.method, r.unit]
                       + ["" if x.value is None else x.value for x in res]
                       + [x.text for x in res] + [x.detail for x in res]
                       + ["" if ratio is None else f"{ratio:.4f}"])
