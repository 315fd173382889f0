"""Gain-share: splitting a saving so that the organisation that does the work benefits too.

Seed 000's example: when biosimilar versions of high-cost drugs (infliximab, etanercept)
came to market, the drugs were a "pass-through cost" outside the tariff, so every pound
saved by switching patients went straight to the commissioner. The hospital trust had to
spend time and resources to switch, and got nothing back ("no CIP saving for the Trust") -
no incentive to make the switch. The CCG and the trust agreed a gain-share: both benefit,
and so do patients and taxpayers.

Seed 000 gives no figures, so :data:`ILLUSTRATIVE_EXAMPLE` holds made-up, clearly labelled
numbers for teaching. Units: money in pounds per year; rates and shares as fractions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from commlib._validate import check_not_negative

__all__ = [
    "GAIN_SHARE_INPUTS",
    "GAIN_SHARE_REFUSALS",
    "ILLUSTRATIVE_EXAMPLE",
    "MAX_POUNDS",
    "check_gain_share_input",
    "break_even_year",
    "compare_with_pass_through",
    "gain_share",
]

#: Illustrative inputs for the biosimilar gain-share. Seed 000 describes the arrangement but
#: gives no figures: these are made up for teaching, not taken from any trust or CCG.
ILLUSTRATIVE_EXAMPLE = {
    "drug_spend": 2_000_000.0,
    "price_reduction": 0.30,
    "switch_rate": (0.5, 0.8, 0.9),
    "implementation_cost": 200_000.0,
    "provider_share": 0.5,
    "years": 3,
    "note": "Illustrative values only: seed 000 describes the biosimilar gain-share but gives "
            "no figures. £2m a year on the original drug, a 30% lower price for the "
            "biosimilar, 50% of patients switched in year 1 rising to 90%, £200,000 of "
            "trust time and resources in year 1, and a 50:50 split.",
}


#: Most pounds a gain-share input may be: far above any one drug's spend in a trust (NHS
#: England's whole spend on its costliest drug is of the order of £1bn a year), so the limit
#: only stops a slip of the keyboard.
MAX_POUNDS = 1_000_000_000.0

#: The gain-share inputs checked by :func:`check_gain_share_input`: what each is, in words,
#: and whether it is money (pounds, from 0 to :data:`MAX_POUNDS`) or a fraction (0 to 1).
GAIN_SHARE_INPUTS = {
    "drug_spend": ("the spend on the original drug, £ a year", "money"),
    "price_reduction": ("the biosimilar's price cut", "fraction"),
    "implementation_cost": ("the trust's cost of switching, £", "money"),
    "provider_share": ("the trust's share of the saving", "fraction"),
    "switch_rate": ("the share of patients switched", "fraction"),
}

#: The sentences :func:`check_gain_share_input` refuses with, in the order the checks run.
GAIN_SHARE_REFUSALS = {
    "blank": "{subject} must be a number: the box is empty or does not hold a number",
    "negative": "{subject} must not be negative: type 0 or more",
    "huge": "{subject} must be no more than £1,000m: no drug budget comes near that",
    "fraction": "{subject} must be a fraction from 0 to 1: 0.3 means 30%",
}


def check_gain_share_input(name: str, value, *, year: int | None = None,
                           label: str | None = None) -> None:
    """Refuse a gain-share input that is blank, negative, too large or not a fraction.

    ``label`` is the box's label as a reader sees it (an explorer passes it, so that the
    sentence names the box, not the argument); without it the sentence names the argument
    and says what it is, for a Python caller.

    Raises
    ------
    ValueError
        With one of :data:`GAIN_SHARE_REFUSALS`, naming the input (and the year, for a
        switch rate).
    """
    what, kind = GAIN_SHARE_INPUTS[name]
    argument = name if year is None else f"{name} in year {year}"
    subject = label if label is not None else f"{argument} ({what})"
    words = {"subject": subject}
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{label or argument} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(GAIN_SHARE_REFUSALS["blank"].format(**words)) from None
    if np.isnan(number):
        raise ValueError(GAIN_SHARE_REFUSALS["blank"].format(**words))
    if kind == "fraction":
        if not 0.0 <= number <= 1.0:
            raise ValueError(GAIN_SHARE_REFUSALS["fraction"].format(**words))
        return
    if number < 0:
        raise ValueError(GAIN_SHARE_REFUSALS["negative"].format(**words))
    if number > MAX_POUNDS:
        raise ValueError(GAIN_SHARE_REFUSALS["huge"].format(**words))


def _per_year(name: str, value, years: int) -> np.ndarray:
    """A scalar repeated for every year, or a sequence padded with its last value."""
    if isinstance(value, Sequence | np.ndarray | pd.Series) and not isinstance(value, str):
        values = np.asarray(list(value), dtype=float)
        if values.size == 0:
            raise ValueError(f"{name} must give at least one value")
        if values.size > years:
            raise ValueError(f"{name} gives {values.size} yearly values but years is {years}")
        return np.concatenate([values, np.full(years - values.size, values[-1])])
    return np.full(years, float(value))


def gain_share(drug_spend, price_reduction, switch_rate, implementation_cost, provider_share,
               years=3, *, spend_growth=0.0, implementation_years=1,
               share_net_of_costs=False) -> pd.DataFrame:
    """Year-by-year savings from a switch, and how a gain-share splits them.

    - Gross saving in a year = drug spend that year x switch rate x price reduction, with
      drug spend growing by ``spend_growth`` a year.
    - The provider pays the implementation cost (spread evenly over ``implementation_years``).
    - By default the *gross* saving is split: the provider gets ``provider_share`` of it, the
      commissioner the rest, and the provider's saving is net of its implementation cost.
      With ``share_net_of_costs=True`` the implementation cost is repaid to the provider
      first and the net saving is split.

    ``provider_share = 0`` is the pass-through case: the commissioner keeps every pound and
    the provider is left with only the cost.

    Parameters
    ----------
    drug_spend : float
        Annual spend on the original drug before the switch, pounds.
    price_reduction : float
        How much cheaper the switched-to drug is, a fraction (0.3 = 30% cheaper).
    switch_rate : float or sequence of float
        Share of the spend switched each year, a fraction; a sequence gives one value per
        year (the last value repeats for later years).
    implementation_cost : float
        The provider's cost of switching (staff time, patient reviews), pounds in all.
    provider_share : float
        Provider's share of the saving, a fraction (0.5 = 50:50).
    years : int
        Number of years to show.
    spend_growth : float
        Yearly growth in spend on the drug, a fraction (more patients or doses).
    implementation_years : int
        Years over which the implementation cost falls.
    share_net_of_costs : bool
        Split the saving after repaying the implementation cost (True) or before (False).

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (1, 2, ...); columns ``gross_saving``, ``implementation_cost``,
        ``net_saving`` (gross - cost), ``saving_to_commissioner``, ``saving_to_provider``
        (net of its cost; negative while it is paying for the switch), and the running totals
        ``cumulative_commissioner``, ``cumulative_provider``, ``cumulative_net``. Pounds.

    Source
    ------
    Seed 000 (the biosimilar gain-share between a CCG and a trust); high-cost drugs are
    "pass-through" costs outside the tariff (NHS national tariff / NHS Payment Scheme).
    """
    check_gain_share_input("drug_spend", drug_spend)
    check_gain_share_input("price_reduction", price_reduction)
    check_gain_share_input("implementation_cost", implementation_cost)
    check_gain_share_input("provider_share", provider_share)
    check_not_negative("spend_growth", spend_growth)
    for name, value in (("years", years), ("implementation_years", implementation_years)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be a whole number of at least 1 (got {value!r})")
    if implementation_years > years:
        raise ValueError(f"implementation_years ({implementation_years}) must not be more "
                         f"than years ({years})")
    rates = _per_year("switch_rate", switch_rate, years)
    for year, rate in enumerate(rates, start=1):
        check_gain_share_input("switch_rate", rate, year=year)

    year_number = np.arange(1, years + 1)
    spend = float(drug_spend) * (1.0 + float(spend_growth)) ** (year_number - 1)
    gross = spend * rates * float(price_reduction)
    cost = np.where(year_number <= implementation_years,
                    float(implementation_cost) / implementation_years, 0.0)
    share = float(provider_share)
    if share_net_of_costs:
        to_commissioner = (1.0 - share) * (gross - cost)
        to_provider = gross - cost - to_commissioner
    else:
        to_commissioner = (1.0 - share) * gross
        to_provider = share * gross - cost
    frame = pd.DataFrame({
        "gross_saving": gross,
        "implementation_cost": cost,
        "net_saving": gross - cost,
        "saving_to_commissioner": to_commissioner,
        "saving_to_provider": to_provider,
    }, index=pd.Index(year_number, name="year"))
    frame["cumulative_commissioner"] = frame["saving_to_commissioner"].cumsum()
    frame["cumulative_provider"] = frame["saving_to_provider"].cumsum()
    frame["cumulative_net"] = frame["net_saving"].cumsum()
    return frame


def break_even_year(drug_spend, price_reduction, switch_rate, implementation_cost,
                    provider_share, years=10, *, party="provider", **options):
    """The first year in which a party's cumulative saving is no longer negative.

    Parameters
    ----------
    drug_spend, price_reduction, switch_rate, implementation_cost, provider_share, years
        As for :func:`gain_share` (``years`` is how far to look, default 10).
    party : {"provider", "commissioner", "system"}
        Whose running total to test ("system" = the net saving to the NHS).
    **options
        Passed to :func:`gain_share`.

    Returns
    -------
    int or None
        Year number (1 = the first year), or None if it does not break even within ``years``
        (under pass-through the provider never does).

    Source
    ------
    Seed 000 (biosimilar gain-share).
    """
    columns = {"provider": "cumulative_provider", "commissioner": "cumulative_commissioner",
               "system": "cumulative_net"}
    if party not in columns:
        raise ValueError(f"party ({party!r}) must be one of {', '.join(map(repr, columns))}")
    table = gain_share(drug_spend, price_reduction, switch_rate, implementation_cost,
                       provider_share, years, **options)
    return _first_year_not_negative(table[columns[party]])


def _first_year_not_negative(running: pd.Series):
    # A small tolerance so that exact break-even is not lost to floating-point noise.
    reached = running.to_numpy() >= -1e-6
    if not reached.any():
        return None
    return int(running.index[np.argmax(reached)])


def compare_with_pass_through(drug_spend, price_reduction, switch_rate, implementation_cost,
                              provider_share, years=3, **options) -> pd.DataFrame:
    """The gain-share against pass-through (the provider gets none of the saving).

    Returns
    -------
    pandas.DataFrame
        Rows ``pass_through`` and ``gain_share``; columns ``provider_share``,
        ``total_to_commissioner``, ``total_to_provider``, ``total_net`` (pounds over the
        ``years``) and ``provider_break_even_year`` (missing, ``<NA>``, if never within
        ``years``).

    Source
    ------
    Seed 000: under pass-through "all the savings would pass straight through to
    commissioners - no CIP saving for Trust. No incentive to make the switch!"
    """
    rows = {}
    for label, share in (("pass_through", 0.0), ("gain_share", provider_share)):
        table = gain_share(drug_spend, price_reduction, switch_rate, implementation_cost,
                           share, years, **options)
        rows[label] = {
            "provider_share": float(share),
            "total_to_commissioner": float(table["saving_to_commissioner"].sum()),
            "total_to_provider": float(table["saving_to_provider"].sum()),
            "total_net": float(table["net_saving"].sum()),
            "provider_break_even_year": _first_year_not_negative(table["cumulative_provider"]),
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame["provider_break_even_year"] = frame["provider_break_even_year"].astype("Int64")
    return frame
