# SPDX-License-Identifier: Apache-2.0
"""A first `make run` on a fresh machine: nothing complains before scripts/setup.sh has
installed what is missing, and setup.sh waits for another package manager instead of failing
on its lock. No QEMU and no real apt here: the compiler is a name that does not exist, and
the lock is a scratch file that the test locks itself."""
import os
import subprocess
import time
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]
SETUP = TOP / "scripts" / "setup.sh"


def test_make_run_before_setup_prints_no_compiler_error(tmp_path):
    """With no cross compiler installed, make's reading of the Makefile (before setup runs)
    prints nothing about it: `make -n run` (which still runs the inner make, with -n) with
    CROSS naming a compiler that does not exist writes no "No such file" to stderr.

    Verifies: REQ-ROBUST-003
    """
    run = subprocess.run(["make", "-n", "run", "CROSS=/nonexistent/tessera-test-",
                          f"BUILD={tmp_path / 'build'}"], cwd=TOP, capture_output=True,
                         text=True, timeout=120)
    assert "No such file" not in run.stderr, run.stderr
    assert "not found" not in run.stderr, run.stderr
    assert "scripts/run-demo.sh" in run.stdout  # the inner make did run, with -n


def wait_for_locks(lock, timeout):
    """Runs setup.sh's wait_for_apt_locks on `lock` only; returns (result, seconds)."""
    env = dict(os.environ, TESSERA_APT_LOCKS=str(lock), TESSERA_APT_LOCK_TIMEOUT=str(timeout))
    start = time.monotonic()
    result = subprocess.run(["bash", "-c", f"source {SETUP} && wait_for_apt_locks"],
                            env=env, capture_output=True, text=True, timeout=timeout + 30)
    return result, time.monotonic() - start


def hold(lock, seconds):
    """Locks `lock` (flock(1)) for `seconds` in another process; returns it once held."""
    holder = subprocess.Popen(["flock", str(lock), "sleep", str(seconds)])
    for _ in range(100):
        if any(f":{lock.stat().st_ino} " in line for line in Path("/proc/locks").open()):
            return holder
        time.sleep(0.05)
    holder.kill()
    raise AssertionError("flock did not take the scratch lock")


def test_setup_waits_for_a_held_apt_lock(tmp_path):
    """While another process holds a lock apt needs, setup.sh says so once, naming the
    process, and goes on as soon as it is released.

    Verifies: REQ-ROBUST-004
    """
    lock = tmp_path / "lock-frontend"
    lock.touch()
    holder = hold(lock, 3)
    try:
        result, took = wait_for_locks(lock, timeout=60)
    finally:
        holder.wait()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("setup: waiting for another package manager") == 1, result.stdout
    assert f"pid {holder.pid}: flock holds {lock}" in result.stdout, result.stdout
    assert 1.5 < took < 30


def test_setup_gives_up_on_an_apt_lock_held_too_long(tmp_path):
    """A lock held past the timeout fails setup with one line naming the lock.

    Verifies: REQ-ROBUST-004
    """
    lock = tmp_path / "lock"
    lock.touch()
    holder = hold(lock, 60)
    try:
        result, _ = wait_for_locks(lock, timeout=2)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode != 0
    assert f"setup: {lock} is still held after 2 s" in result.stdout, result.stdout


def test_setup_does_not_wait_for_a_free_lock(tmp_path):
    """A lock file nobody holds (apt's are always there) is no reason to wait.

    Verifies: REQ-ROBUST-004
    """
    lock = tmp_path / "lock"
    lock.touch()
    result, took = wait_for_locks(lock, timeout=60)
    assert result.returncode == 0 and result.stdout == "", result.stdout
    assert took < 5
