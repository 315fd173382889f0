"""The practice income explorer's in-year checkbox always changes what the reader sees
(issue 16: no dead control): where a year has no in-year global sum, the result says so."""

import pandas as pd

from commlib import primary_care
from commlib.widgets import practice_income as w


def _has_revision(year: str) -> bool:
    values = primary_care.contract_values(year)
    return not pd.isna(values["global_sum_per_weighted_patient_revised"])


def test_ticking_the_in_year_box_changes_the_result_in_every_year():
    for year in w.complete_years():
        values = {**w.DEFAULTS, "year": year}
        assert w.render(**{**values, "use_revised": True}) != w.render(**values), year


def test_a_year_without_an_in_year_change_says_the_april_price_is_used():
    without = [y for y in w.complete_years() if not _has_revision(y)]
    assert without, "every year has an in-year value: the note is never shown"
    year = without[0]
    assert "the price from April is used" in w.render(**{**w.DEFAULTS, "year": year,
                                                         "use_revised": True})
    assert w.revised_note(year, False) == ""


def test_a_year_with_an_in_year_change_needs_no_note():
    for year in w.complete_years():
        if _has_revision(year):
            assert w.revised_note(year, True) == ""
