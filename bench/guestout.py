# SPDX-License-Identifier: Apache-2.0
"""What the measuring guests print, parsed: guests/tests/latency.c and guests/tests/bench.c."""
import re

NUM = r"(\d+)"
# pexpect matches a pattern as soon as the output so far allows: a pattern ending in a number
# must also take the end of the line, or it may match before the last digits arrived.
EOL = r"\r*\n"  # the pty may turn a guest's "\r\n" into "\r\r\n"
# latency.c: "latency: ns min=.. mean=.. p99=.. max=.."
LATENCY_NS_RE = rf"latency: ns min={NUM} mean={NUM} p99={NUM} max={NUM}{EOL}"
LATENCY_DONE_RE = r"latency: done"
# bench.c: "bench: start cntpct=N freq_hz=F vcpus=V"
BENCH_START_RE = rf"bench: start cntpct={NUM} freq_hz={NUM} vcpus={NUM}{EOL}"
BENCH_DONE_RE = r"bench: done"
# bench.c: "BENCH: <name> iters=N min_ns=.. mean_ns=.. p99_ns=.. max_ns=..[ ret=..| value=..]"
BENCH_LINE_RE = (r"BENCH: (\w+) iters=(\d+) min_ns=(\d+) mean_ns=(\d+) p99_ns=(\d+) "
                 r"max_ns=(\d+)(?: ret=(-?\d+))?(?: value=(0x[0-9a-f]+))?" + EOL)


def stats(min_, mean, p99, max_):
    return {"min": int(min_), "mean": int(mean), "p99": int(p99), "max": int(max_)}


def bench_lines(text, domain_prefix):
    """{name: {"iters", "min", "mean", "p99", "max", "ret", "value"}} from a console log;
    `domain_prefix` is the regular expression before the guest's lines."""
    out = {}
    for m in re.finditer(domain_prefix + BENCH_LINE_RE, text):
        name, iters, mn, mean, p99, mx, ret, value = m.groups()
        out[name] = {"iters": int(iters), **stats(mn, mean, p99, mx),
                     "ret": None if ret is None else int(ret), "value": value}
    return out


def unanswered_ping(text, domain_prefix):
    """The ping bench.c gave up on (2 s without an answer), or None."""
    m = re.search(domain_prefix + r"bench: sgi_roundtrip: no answer to ping (\d+)", text)
    return int(m.group(1)) if m else None
