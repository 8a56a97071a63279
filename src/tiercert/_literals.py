"""How values are written: the one rule by which text becomes a number, yes/no or N/A.

Every reader uses these functions, so that the same text means the same value wherever it is
written: a YAML file (rubric or assessment), a CSV or XLSX cell, a JSON line, an answer given
through the Python API, and both evaluators (the compiled one takes shortcuts that must agree,
see ``tiercert._fast._number``).  docs/assessments.md ("How values are read") describes the
rule; its tables are rendered from here and a test keeps them in step.

Numbers are written in decimal with a dot: ``80``, ``-2.5``, ``.5``, ``79.99``, ``1e3``.  Text
that is *nearly* a number (``022``, ``0x10``, ``1_000``, ``17,5``, ``1:20``, ``١٨``) is refused
with a message that says what to write, never read by another rule: YAML 1.1 would read
``022`` as 18 and ``1:20`` as 80, Python's ``Decimal`` accepts ``_`` and any script's digits.
Numbers are bounded (:data:`MAX_DIGITS`, :data:`MAX_PLACES`) so that an 11-byte answer such as
``1e999999999`` is refused at once instead of building a billion-digit integer.  Where a whole
number is asked for (a count, an integer fact), ``12.000`` is refused too (:func:`whole_problem`):
twelve by the rule, twelve thousand to a reader who groups thousands with a dot.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from numbers import Integral, Real

from ._escape import FORMAT
from ._i18n import N_, Message, msg
from ._numbers import exact_number
from ._sheet_dates import SheetDate

#: significant digits a number may have (trailing zeros do not count: 2.50 has two)
MAX_DIGITS = 100
#: places from the decimal point to a number's first significant digit, either way:
#: 1e100 is the largest power of ten read and 1e-100 the smallest
MAX_PLACES = 100

_NUMERAL = re.compile(r"[+-]?(?:(0|[1-9][0-9]*)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?\Z")
# an exact ratio such as 2/3 (2 of 3 changesets reviewed): no decimal can hold it
_RATIO = re.compile(r"([+-]?(?:0|[1-9][0-9]*))\s*/\s*(0|[1-9][0-9]*)\Z")

# --- yes, no and not applicable ---------------------------------------------------------------

#: How yes and no may be written, by language ("" for signs of no language); capital letters
#: do not matter.  Adding a language, or a spelling, is one edit here: every reader, both
#: evaluators and the docs (``yes_no_table``) take the words from this table.
YES_NO: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "": (("1", "x"), ("0",)),
    "en": (("true", "yes", "y", "on", "met"), ("false", "no", "n", "off", "unmet")),
    "vi": (("có", "đạt", "đúng"), ("không", "không đạt", "chưa đạt", "sai")),
}
_LANGUAGES = {"": "any", "en": "English", "vi": "Vietnamese"}

#: each spelling (in lower case) -> the value it means
BOOLEAN_WORDS: dict[str, bool] = {
    word: flag
    for yes, no in YES_NO.values()
    for flag, words in ((True, yes), (False, no))
    for word in words
}
#: a yes/no word written with accents, by how it is typed without them (``khong`` -> ``không``,
#: ``chua dat`` -> ``chưa đạt``): to say what to write, never to accept the answer
_ACCENTED: dict[str, str] = {}
#: What a sheet's total or average row has in its ``unit_id`` cell ("Tổng cộng", "Bình quân",
#: "Total"), by language: such a row is no unit, and scored it would be counted as one.  Matched
#: as typed in lower case, capitalised, in title case or in capitals, with or without a colon
#: (:data:`SUMMARY_IDS`), never loosely: an id is a code, and a unit may be named "Tân Cộng".
SUMMARY_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("total", "totals", "grand total", "subtotal", "sum", "average", "mean"),
    "vi": ("tổng", "tổng cộng", "tổng số", "cộng", "trung bình", "bình quân"),
}
#: every spelling of :data:`SUMMARY_WORDS` a ``unit_id`` cell is compared with, exactly
SUMMARY_IDS = frozenset(
    spelled + colon
    for words in SUMMARY_WORDS.values()
    for word in words
    for spelled in (word, word.capitalize(), word.title(), word.upper())
    for colon in ("", ":")
)
#: how "not applicable" may be written (capital letters do not matter; read in NFC): the
#: Vietnamese words too, which Vietnamese explanations and scorecards say ("không áp dụng")
NA_SPELLINGS = ("na", "n/a", "không áp dụng")
NA_WORDS = frozenset(NA_SPELLINGS)


def nfc(text: str) -> str:
    """``text`` in Unicode NFC: letters and their accents combined, as files are read."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """A text as people's answers are compared: NFC, no surrounding spaces, no case (``TỐT``,
    ``tốt`` and ``Tốt`` in NFC or NFD are one answer)."""
    return nfc(text.strip()).casefold()


def loose(text: str) -> str:
    """A text without case or accents (``Tốt`` -> ``tot``; ``đ`` -> ``d``): to suggest what
    was meant ("did you mean"), never to accept an answer."""
    bare = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in bare if not unicodedata.combining(c))


_ACCENTED.update({loose(w): w for w in BOOLEAN_WORDS if not w.isascii()})

#: compiled by ``re`` when first used (an id is seldom suggested; see _BASED below)
_NOT_IN_ID = r"[^A-Za-z0-9_.\-]+"


def plain_id(text: str) -> str | None:
    """``text`` as an id could be written, its accents dropped and ``đ`` written ``d``
    (``tiêu_chí_1`` -> ``tieu_chi_1``; a space -> ``_``), to suggest to an author; None when
    nothing usable is left."""
    bare = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    bare = re.sub(_NOT_IN_ID, "_", bare.strip()).lstrip("_.-")
    return bare or None


def parse_bool(raw: object) -> bool | None:
    """True or False for ``raw`` (a bool, 0 or 1, or a spelling of :data:`YES_NO`), or None."""
    if raw is True or raw is False:
        return raw
    if isinstance(raw, Decimal):
        if raw.__class__ is not Decimal:
            raw = Decimal(raw)  # the number a subclass holds, whatever its __eq__ says
        if raw.is_nan():
            return None  # a signalling NaN raises when compared
    if isinstance(raw, int | Fraction | Decimal | float) and raw in (0, 1):
        return bool(raw)  # a number is 0 or 1 by its value, whatever its type: 1.0, -0.0
    if isinstance(raw, str):
        return BOOLEAN_WORDS.get(nfc(raw.strip()).lower())
    if _array_bool(raw):  # numpy's bool_ (np.True_), as pandas hands a yes/no column over
        return bool(raw)
    return None


def _array_bool(raw: object) -> bool:
    """Whether ``raw`` is a single boolean of an array library (numpy's ``bool_``): by the
    array protocol's ``dtype`` and ``ndim``, without importing numpy; hashable (an array of
    one value is not a scalar)."""
    dtype = getattr(raw, "dtype", None)
    return (
        getattr(dtype, "kind", None) == "b"
        and getattr(raw, "ndim", None) == 0
        and type(raw).__hash__ is not None
    )


def empty_value(raw: object) -> bool:
    """Whether ``raw`` is what pandas (or numpy) puts where a cell is empty: a float NaN,
    ``pd.NA`` or ``pd.NaT`` (named by their classes: pandas is not imported)."""
    if isinstance(raw, str):
        return False
    if isinstance(raw, float | Real) and not isinstance(raw, int | Fraction | Decimal):
        try:
            return bool(raw != raw)
        except TypeError:  # pragma: no cover - a Real whose comparison is not a bool
            return False
    return type(raw).__name__ in ("NAType", "NaTType") and type(raw).__module__.startswith("pandas")


def empty_value_problem(raw: object) -> str | None:
    """What to do with ``raw`` when it is an empty cell's value (:func:`empty_value`): no
    answer, said so (never advice on how to write a number); else None."""
    if not empty_value(raw):
        return None
    return msg(
        "it is an empty value (NaN or NA, as pandas marks an empty cell), not an answer: "
        "leave it out of the answers where there is none, or give the answer"
    )


def is_na(raw: object) -> bool:
    """Whether ``raw`` says "not applicable"."""
    return isinstance(raw, str) and fold(raw) in NA_WORDS


def yes_no_table() -> str:
    """The Markdown table of :data:`YES_NO`, as docs/assessments.md shows it."""
    lines = ["| language | means yes | means no |", "| --- | --- | --- |"]
    for language, (yes, no) in YES_NO.items():
        shown = [", ".join(f"`{w}`" for w in words) for words in (yes, no)]
        lines.append(f"| {_LANGUAGES.get(language, language)} | {shown[0]} | {shown[1]} |")
    return "\n".join(lines) + "\n"


# --- numbers ----------------------------------------------------------------------------------


def decimal_fits(value: Decimal) -> bool:
    """Whether a finite Decimal is within the limits (:data:`MAX_DIGITS`, :data:`MAX_PLACES`)."""
    if not value:
        return True
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    length = len(digits)
    significant = length
    while significant and digits[significant - 1] == 0:
        significant -= 1
    return significant <= MAX_DIGITS and -MAX_PLACES <= exponent + length - 1 <= MAX_PLACES


def read_numeral(text: str) -> int | Decimal | None:
    """The number ``text`` writes under the rule, or None when it writes none.

    ``text`` is taken as it is (no spaces are stripped).  A whole number written without a
    point or an exponent is an int (``80``), any other a Decimal (``79.5``, ``1e3``).  The
    limits are checked on the digits as written, before any number is built: ``1e999999999``
    costs no more than ``1e9``.
    """
    match = _NUMERAL.match(text)
    if match is None:
        return None
    whole, fraction, bare_fraction, exponent = match.groups()
    if fraction is None and exponent is None and bare_fraction is None and len(text) <= MAX_DIGITS:
        return int(text)  # the usual case: a few digits, no need to count them
    whole = whole or ""
    fraction = fraction or bare_fraction or ""
    digits = whole + fraction
    significant = digits.lstrip("0")
    if not significant:  # zero, whatever its exponent (0e999999999 is still 0)
        return 0 if "." not in text and exponent is None else Decimal(0)
    power = 0
    if exponent is not None:
        if len(exponent.lstrip("+-").lstrip("0")) > 9:
            return None  # beyond any limit: not even turned into an int
        power = int(exponent)
    # the place of the first significant digit: 0 for units, 1 for tens, -1 for tenths
    first = len(whole) - 1 - (len(digits) - len(significant)) + power
    kept = significant.rstrip("0")
    if len(kept) > MAX_DIGITS or not -MAX_PLACES <= first <= MAX_PLACES:
        return None
    if "." not in text and exponent is None:
        return int(text)
    if len(digits) <= MAX_DIGITS:
        return Decimal(text)
    # a long tail of zeros (5.000...): the same number without them, built exactly
    negative = 1 if text.startswith("-") else 0
    return Decimal((negative, tuple(map(int, kept)), first - len(kept) + 1))


#: Decimal -> what it reads as, remembered: answers repeat the same few numbers (92.5, 100)
_DECIMALS: dict[Decimal, Fraction | None] = {}
_UNSEEN = object()


#: the terms of a Fraction read as a number: as many digits as a Decimal within the limits
#: gives them (a term of 10,000 digits made a result whose exact text Python cannot write)
FRACTION_DIGITS = MAX_DIGITS + MAX_PLACES
_FRACTION_TERM: int = 10**FRACTION_DIGITS


def _fraction_fits(raw: Fraction) -> bool:
    return -_FRACTION_TERM < raw.numerator < _FRACTION_TERM and raw.denominator < _FRACTION_TERM


def parse_number(raw: object) -> Fraction | None:
    """The exact number ``raw`` gives, or None when it gives none (see :func:`number_problem`).

    Python ints and Fractions are taken as they are; a Decimal or a float (by its shortest
    repr: 79.99 typed in Python means 79.99) must be finite and within the limits; text is
    read by the rule, and may also be a ratio (``2/3``) or a percentage (``31%`` is 31).
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Fraction(raw)
    if isinstance(raw, Fraction):
        return Fraction(raw) if _fraction_fits(raw) else None
    if isinstance(raw, Decimal):
        if raw.__class__ is not Decimal:
            # a subclass is read as the number it holds: its own __eq__ or __hash__ (or
            # none: unhashable) must not decide what it reads as, nor raise
            raw = Decimal(raw)
        if not raw.is_finite():
            return None
        found = _DECIMALS.get(raw, _UNSEEN)  # equal Decimals read alike: the rule is on values
        if found is _UNSEEN:
            found = Fraction(raw) if decimal_fits(raw) else None
            if len(_DECIMALS) < 10_000:
                _DECIMALS[raw] = found
        return found  # type: ignore[return-value]
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None
        # float's own repr: a subclass (numpy's float64) may write itself np.float64(72.5)
        number = read_numeral(float.__repr__(raw))
        return None if number is None else Fraction(number)
    if isinstance(raw, str):
        return _parse_text(raw.strip())
    if isinstance(raw, Integral):  # numpy's and pandas' integers: whole numbers, not ints
        return Fraction(int(raw))
    if isinstance(raw, Real):  # numpy's float32: see _other_real
        return _other_real(raw)[0]
    return None


def _other_real(raw: Real) -> tuple[Fraction | None, str, Fraction | None]:
    """A real number of a type other than float, int, Fraction or Decimal (numpy's
    ``float32`` or ``float16``), read only where it is exact and unambiguous: where its exact
    value is the number its shortest form writes (``np.float32(72.5)``: 72.5).  A float32 of
    0.1 is 0.100000001490116119384765625, not the 0.1 it shows (and typed): refused, with
    both said (:func:`number_problem`), since either reading could be the wrong one.
    Returns the number (or None), the shortest form and the exact value (None: no number)."""
    try:
        exact = Fraction(*raw.as_integer_ratio())  # type: ignore[attr-defined]
    except (AttributeError, TypeError, ValueError, OverflowError):
        return None, "", None
    shown = str(raw)
    written = read_numeral(shown)
    if written is None or Fraction(written) != exact:
        return None, shown, exact
    return exact, shown, exact


def _parse_text(text: str) -> Fraction | None:
    number = read_numeral(text)
    if number is not None:
        return Fraction(number)
    if text.endswith("%"):
        number = read_numeral(text[:-1].rstrip())
        return None if number is None else Fraction(number)
    ratio = _RATIO.match(text)
    if ratio is not None:
        over, under = ratio.groups()
        if len(over.lstrip("+-")) <= MAX_DIGITS and len(under) <= MAX_DIGITS and int(under):
            return Fraction(int(over), int(under))
    return None


# --- saying what to write instead -------------------------------------------------------------

_SIGNS = {
    "\u2212": "-",
    "\uff0b": "+",
    "\uff0d": "-",
    "\uff0e": ".",
    "\uff0c": ",",
    "\u066b": ".",  # the Arabic decimal separator (١٫٥)
    "\u066c": ",",  # the Arabic thousands separator
}
#: percent signs of other scripts (full-width, Arabic, small): the ASCII sign is written instead
_PERCENTS = str.maketrans({"\uff05": "%", "\u066a": "%", "\ufe6a": "%"})
#: what a spreadsheet shows where a formula failed; a CSV export keeps it as text
_SHEET_ERROR = (
    r"#(?:N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|UNKNOWN!"
    r"|GETTING_DATA|N/A!?)\Z"
)
#: a fraction typed as one character (½, 2¾): the whole part, then the fraction
_VULGAR = r"([+-]?)([0-9]*) ?([\u00bc-\u00be\u2150-\u215e\u2189])\Z"
_BASES = {
    "x": (16, N_("a hexadecimal number")),
    "o": (8, N_("an octal number")),
    "b": (2, N_("a binary number")),
}
# what a refused text looks like (patterns, compiled by ``re`` when a number is first refused:
# compiling them costs every start, and most runs refuse none)
_BASED = r"([+-]?)0([xXoObB])([0-9a-fA-F_]+)\Z"
_SEXAGESIMAL = r"[+-]?[0-9]+(?::[0-9]{1,2})+(?:\.[0-9]*)?\Z"
_DATE = r"[0-9]{1,4}([-/])[0-9]{1,2}\1[0-9]{1,4}(?:[ T][0-9:.]+)?\Z"
_SPACED = r"[+-]?[0-9]+(?: [0-9]+)+(?:[.,][0-9]+)?\Z"
# spaces beside the decimal point (1 .5, 1. 5): no digits grouped, one number
_SPACED_POINT = r"[+-]?[0-9]* *[.,] *[0-9]+\Z"
# more than one sign, or a space after the sign (--5, +-5, - 5): what comes after is a number
_SIGNED = r"([+-](?: *[+-])*) *(?=[0-9.,])"
_GROUPED_COMMA = r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+\Z"
_GROUPED_DOT = r"[+-]?[0-9]{1,3}(?:\.[0-9]{3}){2,}\Z"
_COMMA = r"[+-]?[0-9]*,[0-9]+(?:[eE][+-]?[0-9]+)?\Z"
_BOTH = r"[+-]?[0-9]{1,3}(?:([.,])[0-9]{3})+([.,])[0-9]+\Z"
_LEADING_ZERO = r"\A([+-]?)0+(?=[0-9])"
_NOT_FINITE = frozenset({"inf", "infinity", ".inf", "nan", ".nan"})


def _ascii(text: str) -> str:
    """``text`` with the digits of any script (١٨, １８) and look-alike signs as ASCII."""
    out = []
    for ch in text:
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else _SIGNS.get(ch, ch))
    return "".join(out)


def _limits(value: Decimal) -> str:
    """Why a numeral within the grammar is beyond the limits."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    first = exponent + len(digits) - 1
    if first > MAX_PLACES:
        return msg(
            "the number is too large: numbers are read up to 1e{max_places} "
            "({max_places2} digits before the point); check it",
            max_places=MAX_PLACES,
            max_places2=MAX_PLACES + 1,
        )
    if first < -MAX_PLACES:
        return msg(
            "the number is too small: numbers are read down to 1e-{max_places}; "
            "write 0 or round it",
            max_places=MAX_PLACES,
        )
    return msg(
        "the number has more than {max_digits} significant digits; round it", max_digits=MAX_DIGITS
    )


def _percent(text: str) -> tuple[str, str]:
    """``text`` (stripped) as the number written and the percent sign after it, as typed
    (``17,5 %`` -> ``17,5`` and `` %``; ``17,5`` -> ``17,5`` and ``""``): a form suggested
    instead keeps the sign, so that the reader writes back what they meant."""
    if text.endswith("%") and len(text) > 1:
        body = text[:-1].rstrip()
        return body, text[len(body) :]
    return text, ""


def numeral_problem(text: str, *, whole: bool = False, answer: bool = False) -> str | None:
    """What is wrong with ``text`` (stripped), which :func:`parse_number` refused, and what to
    write instead; None when it does not look like a number at all.  ``whole``: a whole
    number is asked for, so a decimal suggested instead must be whole (``1,000``: write 1000,
    or 1, never 1.000).  A percent sign typed after the number (``0,250%``) is kept in every
    form suggested (write 0.25%), and the text is quoted as it was typed.  ``answer``: the
    text is an answer, whose decimal comma may also be declared (said beside the fix)."""
    if not text:
        return None
    typed = text
    sheet = _spreadsheet(text, number=True)
    if sheet is not None:
        return sheet
    text, reason = _visible(text)
    hidden = reason is not None
    ascii_percent = text.translate(_PERCENTS)
    odd_percent = ascii_percent != text
    text, percent = _percent(ascii_percent)
    typed = text + percent if hidden else typed  # as shown again: without what cannot be seen
    if (reason is not None or odd_percent) and read_numeral(text) is not None:
        made = text + percent
        return _written(reason or msg("write the percent sign as %"), made, typed=made, whole=whole)
    vulgar = re.match(_VULGAR, text)
    if vulgar is not None:
        return _vulgar(vulgar, reason, typed, percent, whole=whole)
    if text.lower().lstrip("+-") in _NOT_FINITE:
        return msg("it is not a finite number; give a number such as 80 or 79.5")
    if _NUMERAL.match(text):
        if read_numeral(text) is not None:
            return None
        try:
            return _limits(Decimal(text))
        except InvalidOperation:  # an exponent beyond what Decimal holds: 1e99999999999999999999
            return msg("the number is too large or too small to be read; check it")
    ratio = _RATIO.match(text)
    if ratio is not None and ratio.group(2) == "0":  # (no int: its digits may be thousands)
        return msg("a ratio cannot divide by 0")
    if ratio is not None:  # too long for _parse_text
        return msg(
            "a ratio is read with at most {digits} digits above and below its bar; round it",
            digits=MAX_DIGITS,
        )
    based = re.match(_BASED, text)
    if based is not None:
        sign, letter, digits = based.groups()
        base, name = _BASES[letter.lower()]
        try:
            value = int(digits.replace("_", ""), base) if len(digits) <= 30 else None
        except ValueError:
            value = None
        decimal = f": {sign}{value}{percent}" if value is not None else ""
        return msg(
            "{text} is {name}; write the number in decimal{decimal}",
            text=typed,
            name=msg(name),
            decimal=decimal,
        )
    if re.match(_SEXAGESIMAL, text):
        return msg(
            "{text} looks like a time or a base-60 number, which is not read; "
            "write one decimal number",
            text=typed,
        )
    if re.match(_DATE, text):
        return msg("{text} looks like a date, not a number; give the number itself", text=typed)
    if re.match(_GROUPED_COMMA, text):
        return _comma_problem(text, whole=whole, percent=percent, answer=answer)
    fixed = text
    comma = False  # whether a comma was read as the decimal point
    steps = (
        (N_("use the digits 0 to 9"), _ascii),
        (N_("a number has one sign, right before its digits"), _one_sign),
        (N_("numbers have no '_'"), lambda t: t.replace("_", "")),
        (N_("numbers have no spaces inside"), _unspaced),
        (N_("numbers have no thousands separator"), _ungroup),
        (N_("use a dot for decimals"), _comma_point),
        (N_("a number does not start with 0"), lambda t: re.sub(_LEADING_ZERO, r"\1", t, count=1)),
    )
    for why, step in steps:
        changed = step(fixed)
        if changed != fixed:
            reason = reason or msg(why)
            comma = comma or step is _comma_point
            fixed = changed
            number = read_numeral(fixed)
            if number is not None:
                written = _written(reason, fixed + percent, typed=typed, whole=whole)
                if answer and comma and (not whole or Fraction(number).denominator == 1):
                    return _or_declare(written)
                return written
    return None


def _comma_point(text: str) -> str:
    """``text`` with its comma as the decimal point, when it is written like ``17,5``."""
    return text.replace(",", ".") if re.match(_COMMA, text) else text


def _or_declare(written: str) -> str:
    """``written``, a decimal comma's fix, with the other way out: declaring that the answers
    write decimals with a comma (docs/assessments.md), named for the command line and for
    Python alike, as the messages naming a flag do."""
    return msg(
        "{written}, or declare that the answers write decimals with a comma (--decimal-comma; "
        "decimal_separator=',' in Python)",
        written=written,
    )


def _spreadsheet(text: str, *, number: bool) -> str | None:
    """What to do with ``text`` (stripped) when it is what a spreadsheet shows instead of a
    value: an error value (``#N/A``, ``#DIV/0!``) or a formula a CSV keeps as text (``=A1*2``);
    else None.  ``number``: a number is asked for (else a word: yes or no, a level)."""
    if re.match(_SHEET_ERROR, text, re.IGNORECASE):
        if number:
            return msg(
                "it is a spreadsheet's error value, not a number: correct the formula in the "
                "sheet, or type the number itself"
            )
        return msg(
            "it is a spreadsheet's error value, not an answer: correct the formula in the "
            "sheet, or type the answer itself"
        )
    if text.startswith("=") and len(text) > 1:
        if number:
            return msg(
                "it is a spreadsheet formula, which is not calculated here: type the number "
                "it gives"
            )
        return msg(
            "it is a spreadsheet formula, which is not calculated here: type the answer it gives"
        )
    return None


def _visible(text: str) -> tuple[str, str | None]:
    """``text`` without the invisible characters pasted with it (a zero-width space, a
    direction mark: Unicode's format characters, ``_escape.FORMAT``, of the characters that
    do not print the ones that come with text unseen), and the reason naming them
    (``U+200B``); ``text`` and None when it has none."""
    if text.isascii():  # no format character is ASCII
        return text, None
    hidden = sorted({c for c in text if unicodedata.category(c) == FORMAT})
    if not hidden:
        return text, None
    return "".join(c for c in text if c not in hidden), msg(
        "remove the invisible characters ({codes})",
        codes=", ".join(f"U+{ord(c):04X}" for c in hidden),
    )


#: full-width forms of the ASCII letters, digits and signs (ＹＥＳ, as an East Asian input
#: method types them) and the ideographic space, as the ASCII they stand for
_FULL_WIDTH = {0x3000: " ", **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}}


def word_problem(raw: object, read: Callable[[str], str | None]) -> str | None:
    """What to write instead of ``raw``, a text refused where a word is asked for (yes or no,
    a level's id), when it looks like one: what a spreadsheet showed instead of a value
    (``#N/A``, ``=A1``), or a word ``read`` accepts once the invisible characters pasted with
    it are removed (``yes\u200b``) or its full-width letters are written plainly (``ＹＥＳ``).
    ``read``: the word a text is read as, or None.  None when there is nothing more to say.
    The help the number readers give for such text (:func:`numeral_problem`), for words."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text:
        return None
    if text[0] in "#=":
        sheet = _spreadsheet(text, number=False)
        if sheet is not None:
            return sheet
    if text.isascii():  # nothing invisible, nothing full-width: perhaps no accents (khong)
        word = _ACCENTED.get(text.casefold())
        made = read(word) if word is not None else None
        if made is None:
            return None
        return msg("write the word with its accents: write {fixed}", fixed=made)
    text, reason = _visible(text)
    plain = text.translate(_FULL_WIDTH)
    if plain != text:
        reason = reason or msg("write the letters in their ordinary (half-width) form")
    if reason is None:
        return None
    made = read(plain.strip())
    if made is None:
        return None
    return msg("{reason}: write {fixed}", reason=reason, fixed=made)


def _written(reason: str, made: str, *, typed: str, whole: bool) -> str:
    """Why the text typed was refused and ``made``, the number it was fixed into (read by
    the rule, a percent sign typed after it kept), to write instead; or, where a whole number
    is asked for and ``made`` is not one, that plainly."""
    fixed, percent = _percent(made)
    # what a step made may be read two ways itself (١,٥٠٠ is 1,500: 1.500)
    both = whole_problem(made) if whole else grouped_problem(made)
    if both is not None:
        return msg("{reason}: {why}", reason=reason, why=both)
    if whole:
        number = Fraction(read_numeral(fixed) or 0)
        if number.denominator != 1:
            if typed == made:  # nothing to read otherwise: 2.5 pasted with a zero-width space
                return msg("{reason}: {value} is not a whole number", reason=reason, value=made)
            return _not_whole(reason, typed, made)
        if not fixed.lstrip("+-").isdigit():  # 2024.0, 1.5e3: as a whole number
            sign = fixed[0] if fixed[0] in "+-" and number else ""
            made = sign + str(abs(number.numerator)) + percent
    return msg("{reason}: write {fixed}", reason=reason, fixed=made)


def _unspaced(text: str) -> str:
    """``text`` without the spaces between its digits (``1 000``, and the no-break and thin
    spaces that word processors and French or Vietnamese number formats put there) or beside
    its decimal point (``1 .5``)."""
    if not any(map(str.isspace, text)):
        return text
    spaced = re.sub(r"\s", " ", text)
    if re.match(_SPACED, spaced) or re.match(_SPACED_POINT, spaced):
        return spaced.replace(" ", "")
    return text


def _one_sign(text: str) -> str:
    """``text`` with one sign, right before its digits, where it has more (``--5``, ``+-5``:
    ``-5``; a minus among them is the one kept) or a space after it (``- 5``: ``-5``)."""
    if text[:1] not in ("+", "-"):
        return text
    signs = re.match(_SIGNED, re.sub(r"\s", " ", text))
    if signs is None:
        return text
    sign = "-" if "-" in signs.group(1) else "+"
    return sign + text[signs.end() :]


def _vulgar(
    found: re.Match[str], reason: str | None, typed: str, percent: str, *, whole: bool
) -> str:
    """What to write for a fraction typed as one character (``½``, ``2¾``): the number in
    decimals, or as a ratio (``1/3``) where it has no decimal form."""
    sign, units, sign_char = found.groups()
    if units and len(units.lstrip("0")) > MAX_PLACES:  # (no int: its digits may be thousands)
        return _limits(Decimal(units))
    part = Fraction(unicodedata.numeric(sign_char)).limit_denominator(10)
    value = int(units or 0) + part
    reason = reason or msg("write fractions in digits")
    # exact, 2.75 or 1/3, whatever its digits (Decimal's division rounded to 28: 123…678½ was
    # told to write 123…678, without its half)
    number = sign + exact_number(value)
    if whole:
        return _not_whole(reason, typed, number + percent)
    beyond = number_problem(number)
    if beyond is not None:  # 100 digits and a half: never suggest what would be refused in turn
        return beyond
    return msg("{reason}: write {fixed}", reason=reason, fixed=number + percent)


def _not_whole(reason: str, text: str, value: str) -> str:
    """Where a whole number is asked for, ``text`` read as ``value``, which is not whole:
    said plainly, with no form to write (any would be refused there too).  ``reason``: a
    catalog message, or its text (N_) still to be read from the catalog."""
    return msg(
        "{reason}: {text} would be {value}, which is not a whole number",
        reason=reason if isinstance(reason, Message) else msg(reason),
        text=text,
        value=value,
    )


def _comma_problem(
    text: str, *, whole: bool, percent: str = "", answer: bool = False
) -> str | None:
    """What to write instead of ``text``, digits in groups of three after commas
    (``1,500``, ``1,000,000``, ``0,250``): the readings it may have, each written as every
    reader takes it.  The commas separate thousands unless the first group is 0 (``0,250``);
    a single comma may be a decimal point (1,500: 1.5), several cannot (1,000,000).
    ``percent``: the percent sign typed after ``text``, kept in every form suggested.
    ``answer``: the text is an answer, whose decimal comma may also be declared."""
    sign = text[0] if text[0] in "+-" else ""
    first, *groups = text[len(sign) :].split(",")
    thousands = None if not first.strip("0") else sign + (first + "".join(groups)).lstrip("0")
    decimal = None
    if len(groups) == 1:
        decimal = _normal(sign + first.lstrip("0") + "." + groups[0])
    if whole and decimal is not None:
        # the decimal reading, as a whole number would be written (1,000: 1), or none
        number = read_numeral(decimal)
        if number is None or Fraction(number).denominator != 1:
            if thousands is None:
                return _not_whole(N_("use a dot for decimals"), text + percent, decimal + percent)
            decimal = None
    if thousands is None:
        if decimal is None:  # 0,000,000: no thousands after a 0, nor a decimal point
            return None
        written = msg(
            "{reason}: write {fixed}",
            reason=msg("use a dot for decimals"),
            fixed=decimal + percent,
        )
        return _or_declare(written) if answer else written
    if decimal is None:
        return msg(
            "{reason}: write {fixed}",
            reason=msg("numbers have no thousands separator"),
            fixed=thousands + percent,
        )
    written = msg(
        "write {whole} without a thousands separator (or {value} if the comma "
        "is a decimal point: use a dot for decimals)",
        whole=thousands + percent,
        value=decimal + percent,
    )
    return _or_declare(written) if answer else written


def _normal(text: str) -> str:
    """``text``, a decimal (``-.250``, ``1.500``), as it reads the same in every reader: no
    trailing zeros after the point, a 0 before it (``-0.25``, ``1.5``), and a last 0 when it
    would still read like ``1.125`` (``1.1250``, see :func:`unambiguous`)."""
    number, point, places = text.partition(".")
    places = places.rstrip("0")
    if number in ("", "+", "-"):
        number += "0"
    return unambiguous(f"{number}{point}{places}" if places else number)


# a dot then groups of three digits (12.000, 1.234.567): twelve by the rule (a dot is a decimal
# point), twelve thousand to readers who group thousands with a dot (Vietnamese, German)
_DOT_GROUPED = r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+\Z"


def _grouped_text(raw: object) -> str | None:
    """The text of ``raw`` (stripped, without a percent sign) when it is written like
    ``12.000`` or ``1.234.567``: text, or a Decimal by the digits it was written with (a YAML
    or JSON ``12.000`` is ``Decimal("12.000")``, unlike ``Decimal("12")``); else None."""
    if isinstance(raw, str):
        text = raw.strip()
        if text.endswith("%"):
            text = text[:-1].rstrip()
    elif isinstance(raw, Decimal):
        text = str(raw)
    else:
        return None  # an int or a float (a spreadsheet's numeric cell) is a number, not text
    # compiled by ``re`` when first met: most texts have no dot (start-up, see _BASED)
    return text if "." in text and re.match(_DOT_GROUPED, text) else None


def _percent_typed(raw: object) -> str:
    """The percent sign typed after a number in ``raw`` (``%`` or `` %``), or ``""``."""
    return _percent(raw.strip())[1] if isinstance(raw, str) else ""


def dot_grouped(raw: object) -> bool:
    """Whether ``raw`` is text (or a Decimal as it was written) like ``12.000``: a dot then
    groups of three digits, which a whole number (a count, an integer fact) refuses as
    ambiguous (see :func:`whole_problem`)."""
    return _grouped_text(raw) is not None


def unambiguous(text: str) -> str:
    """``text``, a number's exact text as tiercert writes it (``7.375``), with a last ``0``
    when it reads like ``12.000`` (``7.3750``): the same number, which no reader refuses as
    ambiguous, so a file tiercert writes reads back as it was meant."""
    return text + "0" if dot_grouped(text) else text


def whole_problem(raw: object) -> str | None:
    """What to write instead of ``raw`` where a whole number is asked for, when it is written
    like ``12.000`` (twelve by the rule, twelve thousand with a dot between thousands): the
    number is refused there whatever it reads as, since a count of 12 and one of 12000 are
    both likely; None for any other value (``12.0``, ``12.5`` and ``12`` are read by the rule).

    A decimal answer keeps the rule (``72.500`` is 72.5): there the thousands reading is not
    a likely one, and a comma is never read as a separator either (``1,000`` is refused)."""
    text = _grouped_text(raw)
    if text is None:
        return None
    percent = _percent_typed(raw)
    digits = text.replace(".", "")
    number = read_numeral(text)
    if number is None:  # 1.234.567: two dots, no number by the rule
        return numeral_problem(text + percent)
    value = Fraction(number)
    if value.denominator == 1:
        return msg(
            "it could mean {value} or {value} thousand: write {written} for {value}, "
            "{whole} for {value} thousand (a dot is a decimal point; numbers have no "
            "thousands separator)",
            value=value.numerator,
            written=str(value.numerator) + percent,
            whole=digits + percent,
        )
    return msg(
        "write {whole} if the dot separates thousands (a dot is a decimal point, and "
        "{value} is not a whole number)",
        whole=digits + percent,
        value=text.rstrip("0"),
    )


def grouped_problem(raw: object) -> str | None:
    """What to write instead of ``raw`` where a number of any size is asked for, decimals
    allowed, and a thousands reading is as likely as the decimal one (a programme's number
    attribute: a population, an area), when it is written like ``12.000`` or ``12.500``:
    refused there whatever it reads as (:func:`whole_problem`'s words for a whole value; for
    ``12.500`` both readings, 12.5 and 12500).  None for any other value.

    Answers keep the rule (``72.500`` in a percentage is 72.5): their rule bounds them, and
    the thousands reading is not a likely one there."""
    text = _grouped_text(raw)
    if text is None:
        return None
    number = read_numeral(text)
    if number is None or Fraction(number).denominator == 1:
        return whole_problem(raw)
    value = text.rstrip("0")
    percent = _percent_typed(raw)
    whole = text.replace(".", "")
    return msg(
        "it could mean {value} or {whole}: write {written} for {value}, {written_whole} for "
        "{whole} (a dot is a decimal point; numbers have no thousands separator)",
        value=value,
        written=unambiguous(value) + percent,
        whole=whole,
        written_whole=whole + percent,
    )


def _ungroup(text: str) -> str:
    """``1.000.000`` -> ``1000000``; ``1,000.5`` and ``1.000,5`` -> ``1000.5``."""
    if re.match(_GROUPED_DOT, text):
        return text.replace(".", "")
    both = re.match(_BOTH, text)
    if both is not None and both.group(1) != both.group(2):
        return text.replace(both.group(1), "").replace(",", ".")
    return text


def number_problem(raw: object, *, whole: bool = False, answer: bool = False) -> str | None:
    """What is wrong with ``raw`` as a number and what to write instead, when there is more to
    say than "expected a number"; None too when :func:`parse_number` reads it.  ``whole``: a
    whole number is asked for (a count, an integer fact): ``12.000`` is then refused as
    ambiguous (:func:`whole_problem`), and a decimal suggested instead is whole.  ``answer``:
    ``raw`` is an answer, whose decimal comma may also be declared (said beside the fix of
    ``17,5``; a rubric's numbers are written with a dot, always)."""
    if whole:
        ambiguous = whole_problem(raw)
        if ambiguous is not None:
            return ambiguous
    if parse_number(raw) is not None:
        return None
    if isinstance(raw, SheetDate):  # a sheet's date cell (its ISO text), as the sheet shows it
        if isinstance(raw.value, _dt.time):
            return msg(
                "{text} looks like a time or a base-60 number, which is not read; "
                "write one decimal number",
                text=raw,
            )
        return msg("{text} looks like a date, not a number; give the number itself", text=raw)
    if isinstance(raw, str):
        return numeral_problem(raw.strip(), whole=whole, answer=answer)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            return msg("it is not a finite number; give a number such as 80 or 79.5")
        return _limits(raw)
    if isinstance(raw, Fraction):  # its terms too long (parse_number)
        return msg(
            "a fraction is read with at most {digits} digits above and below its bar; round it",
            digits=FRACTION_DIGITS,
        )
    empty = empty_value_problem(raw)
    if empty is not None:  # NaN, pd.NA: no answer, said so
        return empty
    if isinstance(raw, float) and not isinstance(raw, bool):
        if raw in (float("inf"), float("-inf")):
            return msg("it is not a finite number; give a number such as 80 or 79.5")
        return _limits(Decimal(float.__repr__(raw)))
    if isinstance(raw, Real) and not isinstance(raw, Integral | Fraction):
        _, shown, exact = _other_real(raw)
        if exact is None:
            return msg("it is not a finite number; give a number such as 80 or 79.5")
        return msg(
            "it is a binary floating-point number of {type} whose exact value, {exact}, is "
            "not the {shown} it shows; give the number as text ('{shown}') or a Decimal",
            type=type(raw).__name__,
            exact=_exact_decimal(exact),
            shown=shown,
        )
    return None


def _exact_decimal(value: Fraction) -> str:
    """A binary fraction's exact decimal (``13421773/134217728`` ->
    ``0.100000001490116119384765625``): its denominator is a power of 2."""
    places = value.denominator.bit_length() - 1
    digits = abs(value.numerator) * 5**places
    exact = Decimal((int(value < 0), tuple(map(int, str(digits))), -places))
    return format(exact, "f")
