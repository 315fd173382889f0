"""The reforms of 2022 to 2027 in numbers and rules: who holds the budget, how providers are
chosen, and what an ICB may spend on running itself.

* :func:`budget_shares` -- the parts of a year's budget held by ICBs as shares of NHS England's
  total revenue limit, with the unitemised remainders (``data/delegated_budgets.csv``);
* :func:`psr_route` -- which award route of the Provider Selection Regime applies to a
  commissioner's situation (``data/psr_award_routes.csv`` describes the routes);
* :func:`running_cost_envelope` -- an ICB's running-cost envelope at a rate per head of its
  registered population (the draft Model ICB Blueprint's £18.76 per head, 2025/26).

Pure functions: no plotting, no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from commlib import _validate

__all__ = [
    "PSR_ROUTES",
    "PsrDecision",
    "budget_shares",
    "psr_route",
    "running_cost_cut",
    "running_cost_envelope",
]

#: The five award routes, in the order of the regulations.
PSR_ROUTES = (
    "Direct award process A",
    "Direct award process B",
    "Direct award process C",
    "Most suitable provider process",
    "Competitive process",
)


def budget_shares(table: pd.DataFrame, year: str) -> pd.DataFrame:
    """Each budget line of ``year`` in £m and as a share of the year's total.

    Parameters
    ----------
    table : DataFrame
        ``data/delegated_budgets.csv``: columns ``year``, ``item``, ``label``, ``kind``
        (``total``, ``part`` or ``subpart``), ``part_of`` and ``amount_m`` (£m).
    year : str
        Financial year, e.g. ``"2024/25"``.

    Returns
    -------
    DataFrame
        Two levels, each adding back to the total exactly (amounts are rounded to £0.1m
        first, so remainders are exact to the £0.1m). ``level == "part"``: one row per part
        held by ICBs, plus ``not_icb``, the rest of NHS England's revenue limit.
        ``level == "detail"``: a part's subparts and what is left of the part after them
        (``<part>_other``: held by ICBs but not itemised in the source), or the part itself
        when it has no subparts, plus ``not_icb``. Columns ``item``, ``label``, ``level``,
        ``amount_m`` (£m) and ``share`` (fraction of the total).

    Raises
    ------
    ValueError
        If the year has no single total, or the parts are larger than the total, or the
        subparts of a part are larger than the part.

    Notes
    -----
    The total is NHS England's *total revenue resource use limit* from the Secretary of
    State's financial directions (section 223D of the NHS Act 2006): it covers NHS England,
    ICBs and NHS trusts together. The parts are the ICB allocations published by NHS
    England and summarised by the House of Commons Library (CBP-10031).
    """
    _validate.check_columns("table", table,
                            ["year", "item", "label", "kind", "part_of", "amount_m"])
    rows = table[table["year"] == year]
    if rows.empty:
        raise ValueError(f"year ({year!r}) has no rows in the budget table; "
                         f"pick one of {', '.join(sorted(table['year'].unique()))}")
    totals = rows[rows["kind"] == "total"]
    if len(totals) != 1:
        raise ValueError(f"year ({year}) needs exactly one 'total' row (NHS England's revenue "
                         f"limit), not {len(totals)}")
    unknown = set(rows["kind"]) - {"total", "part", "subpart"}
    if unknown:
        raise ValueError(f"kind must be total, part or subpart, not {sorted(unknown)[0]!r}")
    _validate.check_not_negative("amount_m", rows["amount_m"])

    def tenth(x: float) -> Decimal:
        return Decimal(str(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    total = tenth(totals["amount_m"].iloc[0])
    out = []
    parts = rows[rows["kind"] == "part"]
    parts_sum = Decimal(0)
    for part in parts.itertuples():
        amount = tenth(part.amount_m)
        parts_sum += amount
        out.append((part.item, part.label, "part", amount))
        subs = rows[(rows["kind"] == "subpart") & (rows["part_of"] == part.item)]
        sub_sum = Decimal(0)
        for sub in subs.itertuples():
            sub_amount = tenth(sub.amount_m)
            sub_sum += sub_amount
            out.append((sub.item, sub.label, "detail", sub_amount))
        if sub_sum > amount:
            raise ValueError(f"the items inside {part.item} (£{sub_sum:,}m) add up to more than "
                             f"{part.item} itself (£{amount:,}m)")
        if len(subs):
            out.append((f"{part.item}_other", f"{part.label}: not itemised in the source",
                        "detail", amount - sub_sum))
        else:
            out.append((part.item, part.label, "detail", amount))
    orphans = rows[(rows["kind"] == "subpart") & ~rows["part_of"].isin(parts["item"])]
    if not orphans.empty:
        raise ValueError(f"{orphans['item'].iloc[0]} is inside {orphans['part_of'].iloc[0]!r}, "
                         "which is not a part of the same year")
    if parts_sum > total:
        raise ValueError(f"the ICB parts of {year} (£{parts_sum:,}m) add up to more than NHS "
                         f"England's total revenue limit (£{total:,}m)")
    rest = "Rest of NHS England's revenue limit (not shown as held by ICBs)"
    for level in ("part", "detail"):
        out.append(("not_icb", rest, level, total - parts_sum))
    result = pd.DataFrame(out, columns=["item", "label", "level", "amount"])
    result["amount_m"] = result["amount"].map(float)
    result["share"] = result["amount"].map(lambda a: float(a / total) if total else 0.0)
    return result.drop(columns="amount").reset_index(drop=True)


@dataclass(frozen=True)
class PsrDecision:
    """The outcome of :func:`psr_route`.

    Attributes
    ----------
    route : str
        The route that must be followed, or the first of the routes that may be.
    mandatory : bool
        True when the regulations require ``route`` (direct award A or B, or the
        competitive process for a framework agreement).
    options : tuple of str
        Every route the commissioner may follow (``(route,)`` when mandatory).
    reason : str
        One plain sentence saying why.
    """

    route: str
    mandatory: bool
    options: tuple[str, ...]
    reason: str


def _flag(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False (yes or no), not {value!r}")
    return value


def psr_route(
    *,
    existing_provider: bool,
    only_capable_provider: bool = False,
    unrestricted_choice: bool = False,
    satisfying_contract: bool = False,
    considerable_change: bool = False,
    framework_agreement: bool = False,
) -> PsrDecision:
    """Which Provider Selection Regime route applies to a contract for health care services.

    Parameters
    ----------
    existing_provider : bool
        There is a provider of these services now (False: a newly established service).
    only_capable_provider : bool
        The existing provider is the only one capable of providing the services.
    unrestricted_choice : bool
        Patients have an unrestricted choice of provider and every provider meeting the
        requirements is offered a contract.
    satisfying_contract : bool
        The existing provider is satisfying its contract and is likely to satisfy the new one.
    considerable_change : bool
        The new contract would be a considerable change from the existing one (regulations
        6(10) to 6(12)).
    framework_agreement : bool
        The award is a framework agreement.

    Returns
    -------
    PsrDecision

    Notes
    -----
    The order of the questions follows NHS England, *Provider Selection Regime: getting to the
    right decision* (2024), for the Health Care Services (Provider Selection Regime) Regulations
    2023, in force from 1 January 2024. A framework agreement needs the competitive process
    (regulation 6(8)); direct award A cannot set up a new service or a framework. For a new
    service we apply direct award B where there is unrestricted choice, and otherwise offer the
    most suitable provider process or the competitive process: our reading of the regulations,
    since NHS England's flow chart spells out only the questions for existing services. This is
    a teaching aid, not legal advice.

    >>> psr_route(existing_provider=True, only_capable_provider=True).route
    'Direct award process A'
    """
    existing = _flag("existing_provider", existing_provider)
    only = _flag("only_capable_provider", only_capable_provider)
    choice = _flag("unrestricted_choice", unrestricted_choice)
    satisfying = _flag("satisfying_contract", satisfying_contract)
    change = _flag("considerable_change", considerable_change)
    framework = _flag("framework_agreement", framework_agreement)
    msp, comp = PSR_ROUTES[3], PSR_ROUTES[4]
    if framework:
        return PsrDecision(comp, True, (comp,),
                           "A framework agreement must be awarded through the competitive process.")
    if existing and only:
        return PsrDecision(PSR_ROUTES[0], True, (PSR_ROUTES[0],),
                           "The existing provider is the only capable provider, so direct award "
                           "process A must be followed.")
    if choice:
        return PsrDecision(PSR_ROUTES[1], True, (PSR_ROUTES[1],),
                           "Patients have an unrestricted choice and every provider that meets "
                           "the requirements gets a contract, so direct award process B must be "
                           "followed.")
    if not existing:
        return PsrDecision(msp, False, (msp, comp),
                           "A new service with no unrestricted choice: the commissioner may use "
                           "the most suitable provider process or the competitive process.")
    if not satisfying:
        return PsrDecision(msp, False, (msp, comp),
                           "The existing provider is not satisfying its contract, so direct award "
                           "process C must not be used: the most suitable provider process or the "
                           "competitive process may be.")
    if change:
        return PsrDecision(msp, False, (msp, comp),
                           "The new contract would be a considerable change, so direct award "
                           "process C cannot be used: the most suitable provider process or the "
                           "competitive process may be.")
    return PsrDecision(PSR_ROUTES[2], False, (PSR_ROUTES[2], msp, comp),
                       "The existing provider is doing well and the contract is not changing "
                       "considerably, so direct award process C may be followed (the other two "
                       "processes stay open).")


def running_cost_envelope(registered_population: float, pounds_per_head: float) -> float:
    """An ICB's running-cost envelope: registered population x pounds per head, in £.

    Parameters
    ----------
    registered_population : float
        People registered with the ICB's GP practices (``data/allocation_icb.csv``,
        ``population``).
    pounds_per_head : float
        The envelope per head, in £ (the draft Model ICB Blueprint of 2 May 2025 set
        £18.76 per head by the third quarter of 2025/26, covering running costs and programme
        pay, excluding pharmacy, optometry and dental and specialised delegation).

    Returns
    -------
    float
        The envelope in pounds, rounded to the penny.

    >>> running_cost_envelope(1_000_000, 18.76)
    18760000.0
    """
    _validate.check_positive("registered_population", registered_population)
    _validate.check_positive("pounds_per_head", pounds_per_head)
    pence = (Decimal(str(float(registered_population))) * Decimal(str(float(pounds_per_head)))
             ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return float(pence)


def running_cost_cut(old_pounds_per_head: float, new_pounds_per_head: float) -> float:
    """The cut from an old running cost per head to a new envelope, as a fraction of the old.

    ``running_cost_cut(30, 18.76)`` is 0.3747 (a 37.5% cut). A negative result means the new
    envelope is above the old spending.

    Parameters
    ----------
    old_pounds_per_head, new_pounds_per_head : float
        £ per head of registered population before and after.
    """
    _validate.check_positive("old_pounds_per_head", old_pounds_per_head)
    _validate.check_positive("new_pounds_per_head", new_pounds_per_head)
    return 1 - float(new_pounds_per_head) / float(old_pounds_per_head)
