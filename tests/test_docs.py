# SPDX-License-Identifier: Apache-2.0
"""The documentation names only paths that exist, and stands alone in a clone.

Every `path` written in backticks in README.md, guests/README.md and docs/ that starts like a
path of this repository (hyp/, tools/, tests/, ..., or a hypervisor part such as core/ or
virt/, relative to hyp/) must exist, so a file that moves or goes takes its docs with it.
A path quoted from another project is written after that project's name on the same line
("Xen's `docs/misc/...`", "Linux 6.1 (`drivers/xen/...`"), and is not checked.

Verifies: REQ-QA-007
"""
import re
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
DOCS = [TOP / "README.md", TOP / "guests" / "README.md", *sorted((TOP / "docs").rglob("*.md"))]
REPO_ROOTS = ("hyp/", "tools/", "tests/", "guests/", "scripts/", "docs/", "bench/",
              "examples/", ".ci/")
HYP_PARTS = ("arch/", "core/", "pv/", "virt/", "drivers/", "lib/", "include/", "platform/")
FOREIGN = re.compile(r"\b(Xen|Linux|QEMU|U-Boot|ImageBuilder|Zephyr|Bao)\b[^`]{0,40}$")
BACKTICKED = re.compile(r"`([^`\s]+)`")


def named_paths(doc):
    """(line number, path) for each repository path the document names."""
    for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
        for m in BACKTICKED.finditer(line):
            path = m.group(1).rstrip(".,;)").split(":")[0]
            if not path.startswith(REPO_ROOTS + HYP_PARTS):
                continue
            if any(c in path for c in "*<>{}$…|"):
                continue  # a pattern or a placeholder, not a path
            if FOREIGN.search(line[:m.start()]):
                continue
            yield number, path


def exists(path):
    return (TOP / path).exists() or (TOP / "hyp" / path).exists()


def test_every_path_the_docs_name_exists():
    missing = [f"{doc.relative_to(TOP)}:{n}: {p}"
               for doc in DOCS for n, p in named_paths(doc) if not exists(p)]
    assert not missing, "paths named in the docs that do not exist:\n" + "\n".join(missing)


def test_the_docs_check_sees_paths_at_all():
    """Guards the check itself: the docs do name many paths, and a missing one is caught."""
    names = [p for doc in DOCS for _, p in named_paths(doc)]
    assert len(names) > 50
    assert not exists("hyp/core/no_such_file.c")


def test_the_docs_do_not_send_a_reader_outside_the_repository():
    """A clone has no ../shared: what a contributor needs is in docs/."""
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        assert "../shared" not in text, f"{doc.relative_to(TOP)} points outside the repository"
