"""Tests for commlib.fmt."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest

from commlib import fmt

M = "\u2212"


def test_doctests():
    result = doctest.testmod(fmt)
    assert result.attempted > 20
    assert result.failed == 0


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: fmt.money(1373.2), "£1,373"),
        (lambda: fmt.money(1372.5), "£1,373"),  # half away from zero
        (lambda: fmt.money(2.675, dp=2), "£2.68"),
        (lambda: fmt.money(-17978), f"{M}£17,978"),
        (lambda: fmt.money(-0.4), "£0"),
        (lambda: fmt.money(12, unit="€"), "€12"),
        (lambda: fmt.money(np.float64(1e6)), "£1,000,000"),
        (lambda: fmt.money_k(-17_978_400), f"{M}£17,978k"),
        (lambda: fmt.money_m(53_000_000), "£53.0m"),
        (lambda: fmt.money_m(-1_250_000), f"{M}£1.3m"),
        (lambda: fmt.money_bn(78_400_000_000), "£78.4bn"),
        (lambda: fmt.money_bn(78_449_999_999, dp=2), "£78.45bn"),
        (lambda: fmt.per_head(1373.4), "£1,373 per head"),
        (lambda: fmt.per_head(89.2918, dp=2), "£89.29 per head"),
        (lambda: fmt.count(6553), "6,553"),
        (lambda: fmt.count(np.int64(42)), "42"),
        (lambda: fmt.count(6552.6), "6,553"),
        (lambda: fmt.pct(0.076), "7.6%"),
        (lambda: fmt.pct(0.3, dp=0), "30%"),
        (lambda: fmt.pct(-0.076), f"{M}7.6%"),
        (lambda: fmt.signed_pct(0.025), "+2.5%"),
        (lambda: fmt.signed_pct(-0.076), f"{M}7.6%"),
        (lambda: fmt.signed_pct(0.0), "0.0%"),
        (lambda: fmt.signed_pct(-0.00001), "0.0%"),
        (lambda: fmt.index(1.02349), "1.023"),
        (lambda: fmt.index(1, dp=2), "1.00"),
        (lambda: fmt.people(62_154_630), "62.2 million"),
        (lambda: fmt.people(52_345), "52,345"),
        (lambda: fmt.people(999_999.6), "1.0 million"),
        (lambda: fmt.year("2024/25"), "2024/25"),
        (lambda: fmt.year("1999/00"), "1999/00"),
    ],
)
def test_formats(call, expected):
    assert call() == expected


def test_negative_uses_real_minus_sign():
    for text in (fmt.money(-5), fmt.money_m(-5e6), fmt.pct(-0.5), fmt.signed_pct(-0.5)):
        assert text.startswith(M)
        assert "-" not in text


@pytest.mark.parametrize(
    "func",
    [
        fmt.money,
        fmt.money_k,
        fmt.money_m,
        fmt.money_bn,
        fmt.per_head,
        fmt.count,
        fmt.pct,
        fmt.signed_pct,
        fmt.index,
        fmt.people,
    ],
)
@pytest.mark.parametrize("bad", [math.nan, np.nan, None, pd.NA, math.inf])
def test_missing_values_raise_plain_sentence(func, bad):
    with pytest.raises(ValueError, match=rf"^{func.__name__}\(\) was given") as info:
        func(bad)
    assert "nan" not in str(info.value).split(":")[-1].lower()


@pytest.mark.parametrize("bad", ["12", True, [1]])
def test_non_numbers_raise(bad):
    with pytest.raises(ValueError, match=r"money\(\) needs a number"):
        fmt.money(bad)


def test_bad_dp_and_people():
    with pytest.raises(ValueError, match="dp"):
        fmt.money(1, dp=-1)
    with pytest.raises(ValueError, match="dp"):
        fmt.pct(0.1, dp=1.5)
    with pytest.raises(ValueError, match="negative number of people"):
        fmt.people(-3)


@pytest.mark.parametrize("bad", ["2024/26", "2024-25", "24/25", 2024, "2024/25 "])
def test_year_rejects(bad):
    with pytest.raises(ValueError, match="financial year like '2024/25'"):
        fmt.year(bad)
