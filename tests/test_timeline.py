"""commlib.timeline: financial years, the current year and the events of a year."""

import pandas as pd
import pytest

from commlib import data, timeline


def _frame(rows):
    return pd.DataFrame(rows, columns=["date", "event", "planned"])


@pytest.mark.parametrize(("date", "year"), [
    ("2026-04-01", "2026/27"), ("2027-03-31", "2026/27"), ("2026-03", "2025/26"),
    ("2026-04", "2026/27"), ("1999-12-31", "1999/00"), ("2004", None),
])
def test_a_date_falls_in_the_financial_year_that_starts_on_1_april(date, year):
    assert timeline.financial_year(date) == year


@pytest.mark.parametrize("bad", ["2026-13", "2026-02-30", "April 2026", "26-04-01", ""])
def test_a_date_that_is_not_a_date_is_refused_with_the_format_named(bad):
    with pytest.raises(ValueError, match="date"):
        timeline.financial_year(bad)


def test_dates_read_as_prose_at_their_own_precision():
    assert timeline.date_label("2026-04-01") == "1 April 2026"
    assert timeline.date_label("2025-09") == "September 2025"
    assert timeline.date_label("2004") == "2004"


def test_financial_year_bounds_run_from_1_april_to_31_march():
    start, end = timeline.financial_year_bounds("2026/27")
    assert (start, end) == (pd.Timestamp(2026, 4, 1), pd.Timestamp(2027, 3, 31))
    with pytest.raises(ValueError, match="2026/27"):
        timeline.financial_year_bounds("2026/28")


def test_the_current_year_is_that_of_the_latest_event_that_has_happened():
    rows = _frame([("2025-06", "a", False), ("2026-05-13", "b", False),
                   ("2027-04", "planned", True), ("2030", "year only", False)])
    assert timeline.current_year(rows) == "2026/27"


def test_a_planned_event_does_not_move_the_current_year_on():
    rows = _frame([("2026-03", "a", False), ("2026-04-01", "target", True)])
    assert timeline.current_year(rows) == "2025/26"


def test_a_timeline_without_months_has_no_current_year():
    with pytest.raises(ValueError, match="no event with a month"):
        timeline.current_year(_frame([("2004", "a", False)]))


def test_events_in_year_keep_only_that_year_in_date_order():
    rows = _frame([("2027-03", "late", True), ("2026-04-01", "first", False),
                   ("2026-03-31", "last year", False), ("2026", "year only", False),
                   ("2027-04-01", "next year", True)])
    events = timeline.events_in_year("2026/27", rows)
    assert list(events["event"]) == ["first", "late"]
    assert list(events["when"]) == ["1 April 2026", "March 2027"]
    assert set(events["financial_year"]) == {"2026/27"}


def test_the_book_timeline_has_a_current_year_with_events():
    year = timeline.current_year()
    events = timeline.events_in_year()
    assert len(events) > 0
    assert (events["financial_year"] == year).all()
    whole = data.load("timeline")
    happened = [timeline.financial_year(d) for d in whole.loc[~whole["planned"], "date"]]
    assert year == max(y for y in happened if y is not None)


def test_year_figures_come_from_the_tables_for_that_year():
    year = timeline.current_year()
    figures = timeline.year_figures(year).set_index("measure")
    icb = data.load("allocation_icb")
    icb = icb[icb["year"] == year]
    assert figures.loc["integrated care boards", "value"] == icb["icb_code"].nunique()
    assert figures.loc["registered population (allocation tool)", "value"] == \
        pytest.approx(icb["population"].sum())
    grant = data.load("public_health_grant")
    if (grant["year"] == year).any():
        assert figures.loc["local authority public health grant", "value"] == pytest.approx(
            grant.loc[grant["year"] == year, "amount_m"].iloc[0] * 1e6)


def test_a_year_with_no_data_has_no_figures():
    assert timeline.year_figures("1990/91").empty
