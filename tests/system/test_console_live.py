# SPDX-License-Identifier: Apache-2.0
"""What the user sees of the domains' console output: the domain holding the console input is
written as it comes (its prompt and echo before Enter), the others whole lines only
(hyp/core/domain.c domain_console_putc, hyp/core/console_line.c)."""
import re
import time

from domains import Domain, boot_domains, guest
from qemu import PREFIX

SWITCH = "\x01\x01\x01"
DOTS_LINE = "dots:" + "".join(f" {i}" for i in range(1, 21))
# A whole line of another domain or of Tessera may cut the focused domain's line between two
# of its characters; the domain's text then goes on in a new line with its prefix again.
CUT = r"(?:\r+\n(?:\((?:d2|tessera)\) [^\r\n]*\r*\n)+\(d1\) )?"


def live(domid, text):
    """The regular expression of `text` written by domain domid as it comes."""
    return rf"\(d{domid}\) " + CUT.join(re.escape(c) for c in text)


def test_the_domain_holding_the_input_is_shown_as_it_writes(qemu, tmp_path):
    """d1 prints a prompt without a newline and echoes what is typed; d2 writes one line
    slowly (2 s a line) forever. While Tessera holds the input, d1's prompt does not show.
    Once input moves to d1 (Ctrl-a three times), its prompt shows at once, before anything is
    typed, and each typed character shows before Enter; Enter ends the line. d2's lines show
    only whole, each on a line of its own, even when they come while d1's line is unfinished.
    Input moving on to d2 ends d1's unfinished line before Tessera's line; d2's unfinished
    line then shows at once.

    Proven by "(d1) prompt> " after "(tessera) console input: d1" with nothing typed; "hello"
    echoed after it, a key at a time, each before the next is sent, before Enter; "(d1)
    prompt: got 'hello'"; every "(d2) " in the output before input moves to d2 followed by
    the whole "dots: 1 ... 20" and preceded by a newline; "(d1) prompt> " ended by a newline
    before "(tessera) console input: d2"; then "(d2) dots:" with no newline yet.

    Verifies: REQ-DOM-051, REQ-DOM-021
    """
    console = boot_domains(qemu, tmp_path, [Domain("prompt", guest("prompt")),
                                            Domain("dots", guest("prompt"),
                                                   bootargs="role=dots")])
    console.expect("(d1) prompt: ready", timeout=120)
    console.expect_re(r"\n\(d2\) " + re.escape(DOTS_LINE) + r"\r*\n", timeout=120)
    assert "prompt>" not in console.output

    console.send(SWITCH)
    console.expect(PREFIX + "console input: d1 ")
    console.expect_re(live(1, "prompt> "))
    typed = "hello"
    for c in typed:
        time.sleep(0.3)  # slower than a line of d2: its lines come while d1's is open
        console.send(c)
        console.expect_re(CUT + re.escape(c))
    time.sleep(2.5)  # a whole line of d2 while d1's prompt line is unfinished
    console.send("\r")
    # A newline that ends a line already ended by another's line is not written again.
    console.expect_re(r"\r*\n(?:\(d2\) [^\r\n]*\r*\n)*"
                      + re.escape(f"(d1) prompt: got '{typed}'") + r"\r*\n")
    console.expect_re(live(1, "prompt> "))
    time.sleep(2.5)

    console.send(SWITCH)
    console.expect_re(r"\r*\n" + re.escape(PREFIX + "console input: d2 "))
    console.expect_re(r"\(d2\) dots:[ \d]*")
    before_d2 = console.output[:console.output.rindex(PREFIX + "console input: d2 ")]
    assert before_d2.count("(d2) dots") >= 3, before_d2
    for m in re.finditer(r"\(d2\) (?=dots)", before_d2):
        assert m.start() == 0 or before_d2[m.start() - 1] == "\n", before_d2[m.start() - 80:]
        assert before_d2.startswith(DOTS_LINE + "\n", m.end()), before_d2[m.start():][:80]
    # Tessera's switch line ended d1's unfinished prompt line: the prompt is last on its line.
    assert re.search(r"\(d1\) prompt> \n(?:\(d2\) [^\n]*\n)*"
                     + re.escape(PREFIX + "console input: d2 "), console.output), \
        console.output[-400:]
    assert "(d1) \n" not in console.output


def test_a_long_paste_reaches_the_domain_whole(qemu, tmp_path):
    """600 characters and Enter typed at once (a paste) into d1, which holds the input: the
    receive interrupt takes at most 256 characters a time and leaves the interrupt raised
    while more wait, so none is stranded in the UART's FIFO until the next key.

    Proven by "(d1) prompt: got '<the first 64 characters>'" (the guest keeps 64) after the
    one paste, with nothing typed after it.

    Verifies: REQ-BOOT-011
    """
    console = boot_domains(qemu, tmp_path, [Domain("prompt", guest("prompt"))])
    console.expect("(d1) prompt: ready", timeout=120)
    console.send(SWITCH)
    console.expect(PREFIX + "console input: d1 ")
    text = "".join(chr(ord("a") + i % 26) for i in range(600))
    console.send(text + "\r")
    console.expect(f"(d1) prompt: got '{text[:64]}'", timeout=60)


def test_input_falls_back_to_tessera_visibly_and_reboot_needs_confirming(qemu, tmp_path):
    """d1 holds the console input and powers off. Input falls back to Tessera, which says so
    in one line; the keys typed next are debug keys, and the destructive ones ask first: 'R'
    pressed once only asks for confirmation, pressed again within 5 s reboots the machine.

    Proven by "(tessera) console input: Tessera (d1 stopped; ...)" right after "d1 (prompt):
    powered off"; after one 'R', "(tessera) press 'R' again within 5 s to reboot the machine"
    and 2 s without "rebooting the machine"; after a second 'R', "(tessera) rebooting the
    machine (PSCI SYSTEM_RESET)" and Tessera booting again.

    Verifies: REQ-CONS-001
    """
    console = boot_domains(qemu, tmp_path, [Domain("prompt", guest("prompt"))])
    console.expect("(d1) prompt: ready", timeout=120)
    console.send(SWITCH)
    console.expect(PREFIX + "console input: d1 ")
    console.expect("(d1) prompt> ")
    console.send("poweroff\r")
    console.expect(PREFIX + "d1 (prompt): powered off")
    console.expect(PREFIX + "console input: Tessera (d1 stopped; press 'h' for debug keys)")
    console.send("R")
    console.expect(PREFIX + "press 'R' again within 5 s to reboot the machine")
    console.expect_quiet(2)
    assert "rebooting the machine" not in console.output
    console.send("R")
    console.expect(PREFIX + "rebooting the machine (PSCI SYSTEM_RESET)")
    console.expect_boot()  # the second boot: the first one's line was read before


class _RawTee:
    """A console's logfile_read that also keeps what QEMU printed byte for byte (the log
    drops carriage returns, which are what a forgery would use)."""

    def __init__(self, inner):
        self.inner = inner
        self.parts = []

    def write(self, text):
        self.parts.append(text)
        self.inner.write(text)

    def flush(self):
        self.inner.flush()


def screen(raw):
    """What a terminal shows of raw: its lines, whether each line's first 5 cells were drawn
    with colours on (which could hide them), and the sequences and controls other than
    text, CR, LF, BS, ESC [ K / J / m that reached it."""
    lines, hidden, odd = [[]], [[]], []
    col, colours, i = 0, False, 0
    while i < len(raw):
        c = raw[i]
        if c == "\x1b":
            m = re.match(r"\x1b\[([0-9;]*)([@-~])", raw[i:])
            if not m or m.group(2) not in "KJm":
                odd.append(raw[i:i + 8])
                i += 1
                continue
            if m.group(2) in "KJ":
                del lines[-1][col:]
            else:
                colours = m.group(1) not in ("", "0")
            i += m.end()
            continue
        if c == "\r":
            col = 0
        elif c == "\n":
            lines.append([])
            hidden.append([])
            col = 0
        elif c == "\b":
            col = max(col - 1, 0)
        elif " " <= c <= "~":
            line = lines[-1]
            line.extend(" " * (col + 1 - len(line)))
            line[col] = c
            if col < 5:
                hidden[-1].extend([False] * (col + 1 - len(hidden[-1])))
                hidden[-1][col] = colours
            col += 1
        else:
            odd.append(repr(c))
        i += 1
    return ["".join(l) for l in lines], [any(h) for h in hidden], odd


def test_a_guest_cannot_draw_lines_that_look_like_tessera_s(qemu, tmp_path):
    """d1 writes, once a second, a fake "(tessera) FAKE <how>" line behind each trick a
    terminal would obey: a carriage return, backspaces, ESC [ 99 D, erase-line, cursor
    home, hidden colours, a terminal reset and charset switch, a title string left open, a
    C1 CSI byte. Every line it causes must start with its "(d1) " prefix, drawn in the
    terminal's own colours, while it does not hold the console input (whole lines) and
    while it does (as it writes, with a shell's line editing kept).

    Proven by the console's raw output run through a model of a terminal: every "FAKE" line
    shown starts with "(d1) ", no line starting "(tessera) " says FAKE, no prefix is drawn
    in the guest's colours, and no escape sequence but ESC [ K, J or m (and no other control)
    reached the terminal; the colours of its last line of a round pass only while it holds
    the input.

    Verifies: REQ-CONS-006, REQ-CONS-007
    """
    console = boot_domains(qemu, tmp_path, [Domain("forge", guest("forge"))])
    tee = _RawTee(console.child.logfile_read)
    console.child.logfile_read = tee
    console.expect_re(r"\(d1\) forge: round (\d+)\r*\n")
    console.expect_re(r"\(d1\) forge: .*end of round")
    console.expect_re(r"\(d1\) forge: .*end of round")
    whole_lines = "".join(tee.parts)
    console.send(SWITCH)
    console.expect(PREFIX + "console input: d1 ")
    console.expect_re(r"\(d1\) forge: .*end of round")
    console.expect_re(r"\(d1\) forge: .*end of round")
    live_part = "".join(tee.parts)[len(whole_lines):]
    for raw, interactive in ((whole_lines, False), (live_part, True)):
        lines, hidden, odd = screen(raw)
        fakes = [l for l in lines if "FAKE" in l]
        assert len(fakes) >= 9, (interactive, lines)
        for line, was_hidden in zip(lines, hidden):
            assert not line or re.match(r"\((d1|tessera)\) ", line), (interactive, line)
            assert not (line.startswith(PREFIX) and "FAKE" in line), (interactive, line)
            assert not was_hidden, (interactive, line)
        assert not odd, (interactive, odd)
        green = "\x1b[1;32mgreen\x1b[0m" in raw
        assert green == interactive, (interactive, raw[-300:])
