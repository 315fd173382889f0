"""Format numbers for readers: prose (through ``glue``), tables and widget text.

Use these helpers wherever a number reaches a reader, so units print the same everywhere.

Conventions
-----------
- Thousands separated by commas: ``6,553``.
- Rounding is half away from zero on the decimal value as written (``2.675`` -> ``2.68``),
  not Python's binary round-half-even.
- Negative numbers use the real minus sign U+2212 (``−``), placed before the currency
  symbol: ``−£17,978``, ``−£17,978k``, ``−£1.2m``, ``−7.6%``. A value that rounds to zero
  prints without a sign (``£0``, ``0.0%``).
- Money is in pounds; ``money_k``, ``money_m`` and ``money_bn`` divide by 1,000, 1,000,000
  and 1,000,000,000 and add ``k``, ``m``, ``bn``.
- Rates are fractions: ``pct(0.076)`` prints ``7.6%``.
- Missing values (NaN, None) and infinities raise ``ValueError`` with a plain sentence:
  a reader should never see "nan".

Examples
--------
>>> money(1373.2)
'£1,373'
>>> money(-17978, dp=0)
'−£17,978'
>>> money_k(-17_978_400)
'−£17,978k'
>>> money_m(53_000_000)
'£53.0m'
>>> money_bn(78_400_000_000)
'£78.4bn'
>>> per_head(1373.4)
'£1,373 per head'
>>> count(6553)
'6,553'
>>> pct(0.0764)
'7.6%'
>>> signed_pct(0.025), signed_pct(-0.076)
('+2.5%', '−7.6%')
>>> index(1.02349)
'1.023'
>>> people(62_154_630), people(52_345)
('62.2 million', '52,345')
>>> year("2024/25")
'2024/25'
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "MINUS",
    "count",
    "index",
    "money",
    "money_bn",
    "money_k",
    "money_m",
    "pct",
    "people",
    "per_head",
    "signed_pct",
    "year",
]

#: The minus sign used in reader-facing text (U+2212), not the hyphen-minus.
MINUS = "\u2212"


def _check(value: object, func: str, arg: str = "value") -> float:
    """Return ``value`` as a float, or raise ValueError with a plain sentence."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        raise ValueError(
            f"{func}() was given no number ({arg} is {value!r}): there is nothing to print."
        )
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{func}() needs a number for {arg}, not {value!r}.")
    x = float(value)
    if math.isnan(x):
        raise ValueError(
            f"{func}() was given a missing number ({arg} is NaN): "
            "fill or drop missing values before printing them."
        )
    if math.isinf(x):
        raise ValueError(
            f"{func}() was given an infinite number ({arg} = {x}): check for a division by zero."
        )
    return x


def _check_dp(dp: object, func: str) -> int:
    if isinstance(dp, bool) or not isinstance(dp, int) or dp < 0:
        raise ValueError(
            f"{func}() needs dp (decimal places) to be a whole number of 0 or more, not {dp!r}."
        )
    return dp


def _digits(x: float, dp: int) -> tuple[bool, str]:
    """(is_negative, magnitude with thousands separators) of ``x`` rounded to ``dp`` places.

    A value that rounds to zero is not negative.
    """
    quantum = Decimal(1).scaleb(-dp)
    rounded = Decimal(repr(x)).quantize(quantum, rounding=ROUND_HALF_UP)
    negative = rounded < 0
    return negative, f"{abs(rounded):,.{dp}f}"


def _signed(x: float, dp: int, prefix: str = "", suffix: str = "", plus: bool = False) -> str:
    negative, text = _digits(x, dp)
    if negative:
        sign = MINUS
    elif plus and Decimal(text.replace(",", "")) != 0:
        sign = "+"
    else:
        sign = ""
    return f"{sign}{prefix}{text}{suffix}"


def money(value: float, unit: str = "£", dp: int = 0) -> str:
    """An amount of money: ``£1,373``; negatives ``−£1,373``.

    Parameters
    ----------
    value : float
        Amount in ``unit`` (pounds by default).
    unit : str
        Currency symbol placed before the number.
    dp : int
        Decimal places (0 for whole pounds, 2 for pence).

    >>> money(1373.456, dp=2)
    '£1,373.46'
    >>> money(-0.4)
    '£0'
    """
    x = _check(value, "money")
    return _signed(x, _check_dp(dp, "money"), prefix=unit)


def money_k(value_pounds: float, dp: int = 0) -> str:
    """Pounds shown in thousands: ``£17,978k``.

    >>> money_k(17_978_400)
    '£17,978k'
    """
    x = _check(value_pounds, "money_k", "value_pounds")
    return _signed(x / 1e3, _check_dp(dp, "money_k"), prefix="£", suffix="k")


def money_m(value_pounds: float, dp: int = 1) -> str:
    """Pounds shown in millions: ``£53.0m``.

    >>> money_m(-1_250_000)
    '−£1.3m'
    """
    x = _check(value_pounds, "money_m", "value_pounds")
    return _signed(x / 1e6, _check_dp(dp, "money_m"), prefix="£", suffix="m")


def money_bn(value_pounds: float, dp: int = 1) -> str:
    """Pounds shown in billions: ``£78.4bn``.

    >>> money_bn(1.5e9, dp=2)
    '£1.50bn'
    """
    x = _check(value_pounds, "money_bn", "value_pounds")
    return _signed(x / 1e9, _check_dp(dp, "money_bn"), prefix="£", suffix="bn")


def per_head(value: float, dp: int = 0) -> str:
    """Pounds per person: ``£1,373 per head``.

    >>> per_head(89.2918, dp=2)
    '£89.29 per head'
    """
    x = _check(value, "per_head")
    return _signed(x, _check_dp(dp, "per_head"), prefix="£") + " per head"


def count(n: float) -> str:
    """A count of things, rounded to a whole number: ``6,553``.

    >>> count(1234567)
    '1,234,567'
    """
    x = _check(n, "count", "n")
    return _signed(x, 0)


def pct(fraction: float, dp: int = 1) -> str:
    """A fraction shown as a percentage: ``pct(0.076)`` -> ``7.6%``.

    >>> pct(-0.076)
    '−7.6%'
    """
    x = _check(fraction, "pct", "fraction")
    return _signed(x * 100, _check_dp(dp, "pct"), suffix="%")


def signed_pct(fraction: float, dp: int = 1) -> str:
    """A change as a percentage with its sign: ``+2.5%``, ``−7.6%``; ``0.0%`` for no change.

    >>> signed_pct(0.0)
    '0.0%'
    """
    x = _check(fraction, "signed_pct", "fraction")
    return _signed(x * 100, _check_dp(dp, "signed_pct"), suffix="%", plus=True)


def index(x: float, dp: int = 3) -> str:
    """An index (England = 1), e.g. a need index: ``1.023``.

    >>> index(0.98765)
    '0.988'
    """
    value = _check(x, "index", "x")
    return _signed(value, _check_dp(dp, "index"))


def people(n: float, dp: int = 1) -> str:
    """A number of people: ``62.2 million`` from a million up, otherwise ``52,345``.

    >>> people(1_000_000)
    '1.0 million'
    >>> people(999_999.4)
    '999,999'
    """
    x = _check(n, "people", "n")
    if x < 0:
        raise ValueError(f"people() was given a negative number of people ({x}).")
    dp = _check_dp(dp, "people")
    _, whole = _digits(x, 0)
    if Decimal(whole.replace(",", "")) >= 1_000_000:
        return _signed(x / 1e6, dp, suffix=" million")
    return whole


_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def year(label: str) -> str:
    """Check a financial year label such as ``2024/25`` and return it unchanged.

    >>> year("2026/27")
    '2026/27'
    """
    if not isinstance(label, str):
        raise ValueError(f"year() needs a financial year like '2024/25', not {label!r}.")
    match = _YEAR.match(label)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(
            f"year() needs a financial year like '2024/25' (four digits, a "
            f"slash, the next year's last two digits), not {label!r}."
        )
    return label
