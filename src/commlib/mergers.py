"""ICB mergers, traced practice by practice through NHS England's allocation tool data.

On 1 April 2026 the 42 integrated care boards (ICBs) became 36. The allocation tool files
name each GP practice's ICB in every year, so following every practice from one year to the
next shows where each new ICB came from: its **predecessors** (the ICBs its practices belonged
to the year before) and how much of each one it took. Some ICBs merged whole (North Central
London and North West London); some were split between successors (Frimley's practices went
to three ICBs); most did not change.

The need index compares an area's weighted population per head with England's
(:func:`commlib.allocation.need_index`): 1.05 means 5% more need per head than average. A
merged ICB's need index is the population-weighted average of its parts' indices, so the
merger hides the difference between them; this module reports both.

Units: populations in people, weighted populations in weighted people (each year's weighted
populations add up to England's registered population), need indices relative to England = 1.

Source
------
NHS England, ICB place based allocation tools, GP practice files 2025/26 and 2026/27 to
2028/29 (``data/allocation_practices``): each practice's ICB code, registered population and
weighted populations. The 2026/27 file has no practice that is missing from 2025/26; practices
that closed or merged between the two files are reported by :func:`closed_practices`.
"""

from __future__ import annotations

import pandas as pd

from commlib import data
from commlib.allocation import need_index

__all__ = [
    "WEIGHTED_COLUMNS",
    "practice_moves",
    "predecessors",
    "successors",
    "closed_practices",
    "region_counts",
]

#: Weighted population columns of ``allocation_practices`` a need index can be built from.
WEIGHTED_COLUMNS: tuple[str, ...] = (
    "wp_core", "wp_general_acute", "wp_community", "wp_mental_health", "wp_maternity",
    "wp_health_inequalities", "wp_prescribing", "wp_primary_medical_care",
    "wp_primary_medical_care_final",
)

_KEEP = ["practice_code", "icb_code", "icb_name", "region", "population"]


def _practices(practices: pd.DataFrame | None) -> pd.DataFrame:
    return data.load("allocation_practices") if practices is None else practices


def _year(practices: pd.DataFrame, year: str, name: str) -> pd.DataFrame:
    rows = practices[practices["year"] == year]
    if rows.empty:
        years = ", ".join(sorted(practices["year"].unique()))
        raise ValueError(f"{name} ({year!r}) is not a year in the practice data ({years})")
    if rows["practice_code"].duplicated().any():
        raise ValueError(f"{name} ({year}) lists a practice more than once")
    return rows


def _check(from_year: str, to_year: str, weighted: str) -> None:
    if weighted not in WEIGHTED_COLUMNS:
        raise ValueError(f"weighted ({weighted!r}) must be one of the weighted population "
                         f"columns: {', '.join(WEIGHTED_COLUMNS)}")
    if not from_year < to_year:
        raise ValueError(f"from_year ({from_year}) must come before to_year ({to_year})")


def practice_moves(from_year: str = "2025/26", to_year: str = "2026/27", *,
                   weighted: str = "wp_core",
                   practices: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per practice open in ``to_year``: its ICB in both years, and its populations.

    Columns: ``practice_code``; ``successor_code``, ``successor_name``, ``region`` (the ICB in
    ``to_year``); ``predecessor_code``, ``predecessor_name`` (the ICB in ``from_year``);
    ``population_before``, ``weighted_before``, ``population_after``, ``weighted_after``
    (people and weighted people in each year's file). A practice new in ``to_year`` has no
    predecessor: a ``ValueError`` says so, because its population would have no "before".
    """
    _check(from_year, to_year, weighted)
    practices = _practices(practices)
    before = _year(practices, from_year, "from_year")[_KEEP + [weighted]]
    after = _year(practices, to_year, "to_year")[_KEEP + [weighted]]
    moves = after.merge(before, on="practice_code", how="left", suffixes=("_after", "_before"),
                        validate="one_to_one")
    new = moves["icb_code_before"].isna()
    if new.any():
        raise ValueError(f"{int(new.sum())} practices in {to_year} are not in {from_year} "
                         f"(first: {moves.loc[new, 'practice_code'].iloc[0]}), so they have "
                         "no predecessor ICB")
    return pd.DataFrame({
        "practice_code": moves["practice_code"],
        "successor_code": moves["icb_code_after"],
        "successor_name": moves["icb_name_after"],
        "region": moves["region_after"],
        "predecessor_code": moves["icb_code_before"],
        "predecessor_name": moves["icb_name_before"],
        "population_before": moves["population_before"].astype(float),
        "weighted_before": moves[f"{weighted}_before"].astype(float),
        "population_after": moves["population_after"].astype(float),
        "weighted_after": moves[f"{weighted}_after"].astype(float),
    }).reset_index(drop=True)


def predecessors(from_year: str = "2025/26", to_year: str = "2026/27", *,
                 weighted: str = "wp_core",
                 practices: pd.DataFrame | None = None) -> pd.DataFrame:
    """For every ICB of ``to_year``, the ICBs of ``from_year`` its practices came from.

    Parameters
    ----------
    from_year, to_year : str
        Financial years in ``data/allocation_practices`` (default: the April 2026 mergers).
    weighted : str
        The weighted population behind the need index (default ``"wp_core"``, core services).
    practices : pandas.DataFrame, optional
        Practice rows (default: ``data/allocation_practices``); for tests.

    Returns
    -------
    pandas.DataFrame
        One row per (successor, predecessor) pair, sorted by successor then by population:

        - ``successor_code``, ``successor_name``, ``region``; ``predecessor_code``,
          ``predecessor_name``;
        - ``practices``: practices that moved from the predecessor to the successor;
        - ``population_before``, ``weighted_before`` (people, ``from_year``) and
          ``population_after``, ``weighted_after`` (people, ``to_year``) of those practices;
        - ``share_of_predecessor``: the fraction of the predecessor's ``from_year`` population
          (practices still open in ``to_year``) that went to this successor (1 = all of it);
        - ``need_part_before``: need index of the practices that moved, in ``from_year``;
        - ``need_predecessor_before``: need index of the whole predecessor, in ``from_year``;
        - ``need_successor_before`` and ``need_successor_after``: need index of the successor's
          practices in ``from_year`` and in ``to_year``;
        - ``predecessor_count``: how many predecessors the successor has;
        - ``kind``: ``"unchanged"`` (one predecessor, taken whole); ``"enlarged"`` (two or
          more predecessors, the successor keeping one predecessor's code: it took in all or
          part of another ICB); ``"merged"`` (two or more predecessors, under a new code); or
          ``"boundary change"`` (one predecessor, only part of it).

        Need indices are relative to England (all practices in that year's file) = 1.
    """
    practices = _practices(practices)
    moves = practice_moves(from_year, to_year, weighted=weighted, practices=practices)
    england = {}
    for label, year in (("before", from_year), ("after", to_year)):
        rows = _year(practices, year, label)
        england[label] = (float(rows["population"].sum()), float(rows[weighted].sum()))

    def need(population: pd.Series, weighted_population: pd.Series, label: str) -> pd.Series:
        # A need index relative to England: the areas plus "the rest of England".
        total_pop, total_wp = england[label]
        pop = pd.concat([population, pd.Series({"__rest__": total_pop - population.sum()})])
        wp = pd.concat([weighted_population,
                        pd.Series({"__rest__": total_wp - weighted_population.sum()})])
        if pop["__rest__"] < -1e-6 * total_pop:
            raise ValueError("areas overlap: their population is more than England's")
        pop["__rest__"] = max(pop["__rest__"], 0.0)
        wp["__rest__"] = max(wp["__rest__"], 0.0)
        return need_index(pop, wp).drop("__rest__")

    keys = ["successor_code", "predecessor_code"]
    pairs = moves.groupby(keys, sort=False).agg(
        successor_name=("successor_name", "first"), region=("region", "first"),
        predecessor_name=("predecessor_name", "first"), practices=("practice_code", "size"),
        population_before=("population_before", "sum"), weighted_before=("weighted_before", "sum"),
        population_after=("population_after", "sum"), weighted_after=("weighted_after", "sum"),
    ).reset_index()
    whole_pred = moves.groupby("predecessor_code")[["population_before", "weighted_before"]].sum()
    succ = moves.groupby("successor_code")[
        ["population_before", "weighted_before", "population_after", "weighted_after"]].sum()

    pair_index = pd.MultiIndex.from_frame(pairs[keys])
    part_need = need(pd.Series(pairs["population_before"].to_numpy(), index=pair_index.map(str)),
                     pd.Series(pairs["weighted_before"].to_numpy(), index=pair_index.map(str)),
                     "before")
    pairs["need_part_before"] = part_need.to_numpy()
    pred_need = need(whole_pred["population_before"], whole_pred["weighted_before"], "before")
    succ_before = need(succ["population_before"], succ["weighted_before"], "before")
    succ_after = need(succ["population_after"], succ["weighted_after"], "after")
    pairs["need_predecessor_before"] = pairs["predecessor_code"].map(pred_need)
    pairs["need_successor_before"] = pairs["successor_code"].map(succ_before)
    pairs["need_successor_after"] = pairs["successor_code"].map(succ_after)
    predecessor_population = pairs["predecessor_code"].map(whole_pred["population_before"])
    pairs["share_of_predecessor"] = pairs["population_before"] / predecessor_population
    pairs["predecessor_count"] = pairs.groupby("successor_code")["predecessor_code"] \
        .transform("size").astype(int)
    whole = pairs.groupby("successor_code")["share_of_predecessor"].transform("min") > 1 - 1e-12
    pairs["kind"] = "boundary change"
    pairs.loc[(pairs["predecessor_count"] == 1) & whole, "kind"] = "unchanged"
    pairs.loc[pairs["predecessor_count"] > 1, "kind"] = "merged"
    keeps_code = (pairs["successor_code"] == pairs["predecessor_code"]) \
        .groupby(pairs["successor_code"]).transform("any")
    pairs.loc[(pairs["predecessor_count"] > 1) & keeps_code, "kind"] = "enlarged"
    columns = ["successor_code", "successor_name", "region", "predecessor_code",
               "predecessor_name", "practices", "population_before", "weighted_before",
               "population_after", "weighted_after", "share_of_predecessor",
               "need_part_before", "need_predecessor_before", "need_successor_before",
               "need_successor_after", "predecessor_count", "kind"]
    return (pairs[columns]
            .sort_values(["successor_name", "population_before"], ascending=[True, False])
            .reset_index(drop=True))


def successors(from_year: str = "2025/26", to_year: str = "2026/27", *,
               weighted: str = "wp_core",
               practices: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per ICB of ``to_year``: how it was formed, its size and its need, before and after.

    Columns: ``successor_code``, ``successor_name``, ``region``, ``kind``,
    ``predecessor_count``, ``predecessors`` (names joined by "; "), ``practices``,
    ``population_before``, ``population_after``, ``need_successor_before``,
    ``need_successor_after``, ``need_range_of_parts`` (highest minus lowest need index of the
    parts it took, in ``from_year``; 0 for an ICB with one predecessor). Sorted by name.
    """
    pairs = predecessors(from_year, to_year, weighted=weighted, practices=practices)
    grouped = pairs.groupby("successor_code", sort=False)
    out = grouped.agg(
        successor_name=("successor_name", "first"), region=("region", "first"),
        kind=("kind", "first"), predecessor_count=("predecessor_count", "first"),
        predecessors=("predecessor_name", "; ".join), practices=("practices", "sum"),
        population_before=("population_before", "sum"),
        population_after=("population_after", "sum"),
        need_successor_before=("need_successor_before", "first"),
        need_successor_after=("need_successor_after", "first"),
    ).reset_index()
    spread = grouped["need_part_before"].agg(lambda s: float(s.max() - s.min()))
    out["need_range_of_parts"] = out["successor_code"].map(spread)
    return out.sort_values("successor_name").reset_index(drop=True)


def closed_practices(from_year: str = "2025/26", to_year: str = "2026/27", *,
                     practices: pd.DataFrame | None = None) -> pd.DataFrame:
    """Practices in ``from_year`` that are not in ``to_year`` (closed or merged into another).

    Columns: ``practice_code``, ``icb_code``, ``icb_name``, ``population`` (people, in
    ``from_year``).
    """
    _check(from_year, to_year, "wp_core")
    practices = _practices(practices)
    before = _year(practices, from_year, "from_year")
    after = _year(practices, to_year, "to_year")
    gone = before[~before["practice_code"].isin(after["practice_code"])]
    return gone[["practice_code", "icb_code", "icb_name", "population"]].reset_index(drop=True)


def region_counts(from_year: str = "2025/26", to_year: str = "2026/27", *,
                  practices: pd.DataFrame | None = None) -> pd.DataFrame:
    """ICBs per NHS England region in each year, with the change (regions sorted by name).

    Columns: ``region``, ``icbs_before``, ``icbs_after``, ``change`` (after minus before).
    """
    _check(from_year, to_year, "wp_core")
    practices = _practices(practices)
    counts = {}
    for label, year in (("icbs_before", from_year), ("icbs_after", to_year)):
        counts[label] = _year(practices, year, label).groupby("region")["icb_code"].nunique()
    out = pd.DataFrame(counts).fillna(0).astype(int)
    out["change"] = out["icbs_after"] - out["icbs_before"]
    return out.rename_axis("region").reset_index().sort_values("region").reset_index(drop=True)
