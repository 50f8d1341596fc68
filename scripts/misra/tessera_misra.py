#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""cppcheck addon: Debian's MISRA C:2012 checker (misra.py) with Tessera's rule list and
deviations.

scripts/check.sh runs it as an addon with --rules=docs/misra/rules.md. It loads cppcheck's
own misra.py unchanged and changes three things:

- only the rules adopted in docs/misra/rules.md (and checked by this addon, per the table's
  "checked by" column) are computed and reported;
- every rule gets its own message, the reason column of rules.md: cppcheck prints one
  finding per place and message, and misra.py without the (copyrighted) rule texts gives
  every rule the same message, so a second rule broken at one place would go unseen;
- a finding that matches a project-wide deviation of docs/misra/deviations.md is dropped,
  counted; each predicate below names its deviation (D-n) or tool limitation (T-n).

Everything else is reported as misra.py reports it, with the usual ids (misra-c2012-X.Y),
so cppcheck's suppression list and in-code "cppcheck-suppress" comments apply as usual.

TESSERA_MISRA_STATS=<file>: append "D-n rule file:line" for every dropped finding.
TESSERA_MISRA_NO_DEVIATIONS=1: apply none (to audit what the deviations hide).
"""

import glob
import os
import sys


def _find_misra_dir():
    """Directory of cppcheck's addons (misra.py, cppcheckdata.py)."""
    candidates = []
    if os.environ.get("CPPCHECK_ADDONS"):
        candidates.append(os.environ["CPPCHECK_ADDONS"])
    candidates += sorted(glob.glob("/usr/lib/*/cppcheck/addons"))
    candidates += ["/usr/lib/cppcheck/addons", "/usr/share/cppcheck/addons",
                   "/usr/local/share/Cppcheck/addons"]
    for d in candidates:
        if os.path.isfile(os.path.join(d, "misra.py")):
            return d
    sys.stderr.write("tessera_misra: cannot find cppcheck's misra.py (set CPPCHECK_ADDONS)\n")
    sys.exit(2)


if "--print-addon-dir" in sys.argv:
    print(_find_misra_dir())
    sys.exit(0)
sys.path.insert(0, _find_misra_dir())
import misra  # noqa: E402  (cppcheck's addon, found above)

# operators and builtins whose result is an integer constant expression
CONSTANT_CALLS = {"sizeof", "offsetof", "__builtin_offsetof", "_Alignof"}
INTEGRAL = {"bool", "char", "short", "int", "long", "long long"}
C_BITS = {"bool": 8, "char": 8, "short": 16, "int": 32, "long": 64, "long long": 64}

# D-5: functions whose return value the caller has no use for: the standard memory
# functions return their first argument; snprintf and vsnprintf return the length the text
# would have had, and Tessera uses the (always terminated) text whether or not it was cut.
RESULT_NOT_NEEDED = {"memcpy", "memmove", "memset", "snprintf", "vsnprintf"}


def _is_enum(vt):
    scope = getattr(vt, "typeScope", None)
    return scope is not None and getattr(scope, "type", None) == "Enum"


def _is_integral(tok):
    vt = tok.valueType if tok is not None else None
    return vt is not None and vt.pointer == 0 and vt.type in INTEGRAL


def is_constant_expression(tok):
    """An integer constant expression: literals, enumerators, sizeof, casts and operators
    over those (no object is read)."""
    if tok is None:
        return False
    if tok.isNumber:
        return tok.isInt
    if tok.str == "(" and tok.previous is not None and tok.previous.str in CONSTANT_CALLS:
        return True
    if tok.str in CONSTANT_CALLS:
        return True
    if tok.isName:
        # an enumerator (a name with a known value that is not an object or a call)
        return tok.variable is None and tok.function is None and _known_value(tok) is not None
    if misra.isCast(tok):
        return is_constant_expression(tok.astOperand1)
    if tok.str == "?":
        return (is_constant_expression(tok.astOperand1)
                and is_constant_expression(tok.astOperand2))
    if tok.isOp or tok.str == ":":
        ops = [t for t in (tok.astOperand1, tok.astOperand2) if t is not None]
        return bool(ops) and all(is_constant_expression(t) for t in ops)
    return False


def _known_value(tok):
    for v in tok.values or []:
        if v.isKnown() and v.intvalue is not None:
            return v.intvalue
    return None


def is_nonneg_constant(tok):
    """D-1: a non-negative integer constant expression (its value is preserved by any
    conversion to an unsigned type of at least its width). A conditional whose two results
    are such constants counts as one, whatever its condition."""
    if tok is None:
        return False
    if tok.str == "?" and tok.astOperand2 is not None and tok.astOperand2.str == ":":
        return (is_nonneg_constant(tok.astOperand2.astOperand1)
                and is_nonneg_constant(tok.astOperand2.astOperand2))
    if not _is_integral(tok) or _is_enum(tok.valueType):
        return False
    v = _known_value(tok)
    return v is not None and v >= 0 and is_constant_expression(tok)


def _operands_10_4(token):
    """The operand pair misra.py's 10.4 check compares (same selection)."""
    op = {"+", "-", "*", "/", "%", "&", "|", "^", "+=", "-=", ":"}
    a1, a2 = token.astOperand1, token.astOperand2
    if a1 is None or a2 is None:
        return None, None
    nested1 = a1.str in op or a1.isComparisonOp
    nested2 = a2.str in op or a1.isComparisonOp  # sic: mirrors misra.py
    if nested1 and nested2:
        return a1.astOperand2, a2.astOperand1
    if nested1:
        return a1.astOperand2, a2
    if a2.str in op or a2.isComparisonOp:
        return a1, a2.astOperand1
    return a1, a2


def _in_static_assert(tok):
    """The token is part of a _Static_assert: evaluated by the compiler, never at run time."""
    t = tok
    while t is not None and t.str not in (";", "{", "}"):
        if t.str == "_Static_assert":
            return True
        t = t.previous
    return False


def _plain_char_lvalue(tok):
    """p->name[i], a.key, *s: an object declared as plain char reached through a member,
    an index or a dereference (misra.py takes its category from the value type, which on an
    unsigned-char platform says "unsigned", not "char")."""
    t = tok
    for _ in range(8):
        if t is None:
            return False
        if t.variable is not None:
            return misra.getEssentialType(t) == "char"
        if t.str == "[":
            t = t.astOperand1
        elif t.str == "." and t.astOperand2 is not None:
            t = t.astOperand2
        elif t.str == "*" and t.astOperand2 is None:
            t = t.astOperand1
        else:
            return False
    return False


def _category(tok):
    if _plain_char_lvalue(tok):
        return "char"
    if tok.str.startswith("'"):
        return "char"  # '\x01': misra.py only knows one-character constants
    return misra.getEssentialTypeCategory(tok)


def fp_10_4(tok):
    """T-1: both operands are in fact plain char: objects reached through a member, an
    index or a dereference (see _plain_char_lvalue), or escape-sequence constants."""
    o1, o2 = _operands_10_4(tok)
    if o1 is None or o2 is None:
        return False
    return _category(o1) == "char" and _category(o2) == "char"


def dev_10_4(tok):
    """D-1: an unsigned operand meets a non-negative integer constant (4, sizeof, an enumerator
    of an anonymous enum with a non-negative value), or the comparison is inside a
    _Static_assert."""
    if _in_static_assert(tok):
        return True
    o1, o2 = _operands_10_4(tok)
    if o1 is None or o2 is None:
        return False
    e1 = misra.getEssentialTypeCategory(o1)
    e2 = misra.getEssentialTypeCategory(o2)
    if e1 == "unsigned" and e2 == "signed":
        return is_nonneg_constant(o2)
    if e2 == "unsigned" and e1 == "signed":
        return is_nonneg_constant(o1)
    return False


def dev_10_1(tok):
    """D-1: a shift whose signed operands are non-negative constants and whose result fits in
    the promoted type (1 << 4 is fine, 1 << 31 is not and stays reported)."""
    if tok.str not in ("<<", ">>"):
        return False
    left, right = tok.astOperand1, tok.astOperand2
    e_left = misra.getEssentialTypeCategory(left)
    if e_left is not None and not misra.isUnsignedType(e_left):
        if not is_nonneg_constant(left) or not is_nonneg_constant(right):
            return False
        vt = tok.valueType
        bits = C_BITS.get(vt.type, 0) if vt is not None else 0
        value = _known_value(tok)
        # the value must fit in the positive range of the (signed) promoted type
        return tok.str == ">>" or (value is not None and 0 <= value < (1 << (bits - 1)))
    e_right = misra.getEssentialTypeCategory(right)
    if e_right is not None and not misra.isUnsignedType(e_right):
        return is_nonneg_constant(right)
    return False


def _c_bits(tok):
    vt = tok.valueType if tok is not None else None
    if vt is None or vt.pointer:
        return 0
    return max(C_BITS.get(vt.type, 0), 32)  # integer promotion


def _max_value(tok):
    vals = [v.intvalue for v in tok.values or [] if v.intvalue is not None and not v.isImpossible()]
    return max(vals) if vals else None


def _min_value(tok):
    vals = [v.intvalue for v in tok.values or [] if v.intvalue is not None and not v.isImpossible()]
    return min(vals) if vals else None


def dev_12_2(tok):
    """D-2: the shift amount is below the width of the left operand's C type after integer
    promotion (misra.py measures against the essential type, where 1U is an unsigned char)."""
    if tok.str not in ("<<", ">>"):
        return False
    hi = _max_value(tok.astOperand2)
    lo = _min_value(tok.astOperand2)
    width = _c_bits(tok.astOperand1)
    return hi is not None and lo is not None and lo >= 0 and hi < width


def dev_14_4(tok):
    """D-3: if/while on an integer (non-enum) or pointer: the implicit test against 0 is
    idiomatic (flags & BIT, p != NULL). A bitwise operator's result is an integer even when
    cppcheck does not know its operands' types (GCC's __atomic builtins)."""
    expr = tok.astOperand2
    if expr is None:
        return False
    vt = expr.valueType
    if vt is None:
        return expr.str in ("&", "|", "^", "<<", ">>") and expr.astOperand2 is not None
    if vt.pointer > 0:
        return True
    return vt.type in INTEGRAL and not _is_enum(vt)


def dev_16_4(tok):
    """D-4: a switch over an enum type needs no default: -Wswitch (-Wall, -Werror) breaks the
    build if an enumerator has no case."""
    paren = tok.next
    expr = paren.astOperand2 if paren is not None else None
    vt = expr.valueType if expr is not None else None
    return vt is not None and vt.pointer == 0 and _is_enum(vt)


def dev_17_7(tok):
    """D-5: the result of memcpy, memmove, memset, snprintf or vsnprintf is not needed."""
    name = tok.previous.str if tok.previous is not None else ""
    return name in RESULT_NOT_NEEDED


def _enclosing_function(tok):
    scope = tok.scope
    while scope is not None and scope.type != "Function":
        scope = scope.nestedIn
    return scope.function if scope is not None else None


def _params_forward_varargs(function):
    """The function takes "..." or a va_list: it implements or forwards a variadic list."""
    tok = function.tokenDef
    tok = tok.next if tok is not None else None
    if tok is None or tok.str != "(":
        return False
    end = tok.link
    while tok is not None and tok is not end:
        if tok.str in ("...", "va_list"):
            return True
        tok = tok.next
    return False


def dev_17_1(tok):
    """D-6: <stdarg.h> only where a printf-style list is implemented or passed on: in
    functions taking "..." or a va_list, and in the prototypes declaring them."""
    function = _enclosing_function(tok)
    if function is None:
        # file scope: a va_list parameter in a prototype
        return tok.str == "va_list"
    return _params_forward_varargs(function)


def dev_11_6(tok):
    """D-7: void * to or from a 64-bit integer (paddr_t, vaddr_t, uintptr_t): pointer width on
    LP64, no bits lost; this is what the MMU code and the 1:1 map are made of."""
    vt1 = tok.valueType
    vt2 = tok.astOperand1.valueType if tok.astOperand1 is not None else None
    if vt1 is None or vt2 is None:
        return False
    integer = vt1 if vt1.pointer == 0 else vt2
    return integer.type in ("long", "long long")


def fp_10_3(tok):
    """T-2: `p += n` on a pointer: essential types are about arithmetic types; pointer
    arithmetic is rule 18.4's business (misra.py reads the pointer's target type)."""
    lhs = tok.astOperand1
    vt = lhs.valueType if lhs is not None else None
    return tok.str in ("+=", "-=") and vt is not None and vt.pointer > 0


DEVIATIONS = {
    (10, 1): [("D-1", dev_10_1)],
    (10, 3): [("T-2", fp_10_3)],
    (10, 4): [("D-1", dev_10_4), ("T-1", fp_10_4)],
    (12, 2): [("D-2", dev_12_2)],
    (14, 4): [("D-3", dev_14_4)],
    (16, 4): [("D-4", dev_16_4)],
    (17, 7): [("D-5", dev_17_7)],
    (17, 1): [("D-6", dev_17_1)],
    (11, 6): [("D-7", dev_11_6)],
}

def read_rules(path):
    """Rule -> our one-line reason, for the rules of the table between the adopted:begin and
    adopted:end markers of docs/misra/rules.md that this addon checks (the others name
    cppcheck's own checks, the compiler or review in the "checked by" column)."""
    rules = {}
    inside = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "adopted:begin" in line:
                inside = True
            elif "adopted:end" in line:
                inside = False
            elif inside and line.startswith("| ") and line[2:3].isdigit():
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if "misra-c2012-" + cells[0] in cells[2]:
                    num1, num2 = (int(x) for x in cells[0].split("."))
                    rules[(num1, num2)] = cells[-1]
    if not rules:
        sys.stderr.write("tessera_misra: no adopted rules in %s\n" % path)
        sys.exit(2)
    return rules


def _take_rules(argv):
    for arg in list(argv):
        if arg.startswith("--rules="):
            argv.remove(arg)
            return read_rules(arg[len("--rules="):])
    return None


ADOPTED = _take_rules(sys.argv)

_init = misra.MisraChecker.__init__
_report = misra.MisraChecker.reportError


def init(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    if ADOPTED is None:
        return
    # rules not adopted are not computed at all
    skip = [r for r in misra.getAddonRules()
            if tuple(int(x) for x in r.split(".")) not in ADOPTED]
    self.setSuppressionList(",".join(skip))
    for (num1, num2), text in ADOPTED.items():
        rule = misra.Rule(num1, num2)
        rule.text = "[R%d.%d] %s" % (num1, num2, text.replace("`", ""))
        self.ruleTexts[rule.num] = rule


def _stats(tag, num1, num2, location):
    path = os.environ.get("TESSERA_MISRA_STATS")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write("%s %d.%d %s:%s\n" % (tag, num1, num2, location.file, location.linenr))
    except OSError:
        pass  # statistics only


def report_error(self, location, num1, num2):
    if ADOPTED is not None and (num1, num2) not in ADOPTED:
        return
    if hasattr(location, "astOperand1") and not os.environ.get("TESSERA_MISRA_NO_DEVIATIONS"):
        for tag, predicate in DEVIATIONS.get((num1, num2), []):
            try:
                deviated = predicate(location)
            except (AttributeError, TypeError):
                deviated = False  # an odd AST: report rather than guess
            if deviated:
                _stats(tag, num1, num2, location)
                return
    _report(self, location, num1, num2)


misra.MisraChecker.__init__ = init
misra.MisraChecker.reportError = report_error

if __name__ == "__main__":
    misra.main()
    sys.exit(misra.cppcheckdata.EXIT_CODE)
