# SPDX-License-Identifier: Apache-2.0
"""Fixtures for the system tests: `qemu` launches QEMUs that are all killed at teardown;
a failing test's report ends with the tail of each of its console logs."""
from collections import deque

import pytest

from qemu import LOG_DIR, Console, log_name, start

TAIL_LINES = 40
CONSOLE_LOGS = pytest.StashKey[list]()


def _launching(request, open_console):
    """Yields a function that opens a Console with open_console(log_path, *args, **kwargs),
    its log build/test-logs/<test-name>[-N].log, listed for the failure report; stops them all
    when the test ends."""
    consoles = []
    logs = request.node.stash.setdefault(CONSOLE_LOGS, [])

    def launch(*args, **kwargs):
        suffix = f"-{len(consoles) + 1}" if consoles else ""
        console = open_console(LOG_DIR / f"{log_name(request.node.name)}{suffix}.log", *args,
                               **kwargs)
        consoles.append(console)
        logs.append(console.log_path)
        return console

    yield launch
    for console in consoles:
        console.stop()


@pytest.fixture
def qemu(request):
    """A function that boots a QEMU (keyword arguments as qemu.qemu_command) and returns
    its Console; its console log is build/test-logs/<test-name>[-N].log."""
    yield from _launching(request, start)


@pytest.fixture
def console_of(request):
    """A function that runs a command line (QEMU, or a script running it such as the qemu.sh
    tessera-imagebuilder writes) and returns its Console, logged as the qemu fixture does."""
    yield from _launching(request, lambda log, cmd: Console(cmd, log))


def _tail(path, lines=TAIL_LINES):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(deque(f, maxlen=lines))
    except OSError as e:
        return f"(cannot read {path}: {e})"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for path in item.stash.get(CONSOLE_LOGS, []):
        report.sections.append(
            (f"console log, last {TAIL_LINES} lines: {path}", _tail(path).replace("\r", "")))
