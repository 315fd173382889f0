"""commlib.mergers: every ICB of 2026/27 traced back, practice by practice, to 2025/26."""

import numpy as np
import pandas as pd
import pytest

from commlib import allocation, data, mergers

FROM, TO = "2025/26", "2026/27"


@pytest.fixture(scope="module")
def practices():
    return data.load("allocation_practices")


@pytest.fixture(scope="module")
def pairs(practices):
    return mergers.predecessors(FROM, TO, practices=practices)


def _toy():
    """Five practices: A and B merge into N (one practice of C joins N too); C survives."""
    rows = [
        # year, practice, icb, population, weighted
        (FROM, "p1", "A", 100.0, 120.0), (FROM, "p2", "B", 100.0, 80.0),
        (FROM, "p3", "C", 100.0, 100.0), (FROM, "p4", "C", 100.0, 100.0),
        (FROM, "p5", "C", 50.0, 50.0),
        (TO, "p1", "N", 110.0, 130.0), (TO, "p2", "N", 100.0, 90.0),
        (TO, "p3", "N", 100.0, 100.0), (TO, "p4", "C", 100.0, 90.0),
    ]
    frame = pd.DataFrame(rows, columns=["year", "practice_code", "icb_code", "population",
                                        "wp_core"])
    frame["icb_name"] = frame["icb_code"] + " ICB"
    frame["region"] = "Somewhere"
    return frame


def test_every_2026_27_practice_comes_from_a_predecessor_icb(practices, pairs):
    moves = mergers.practice_moves(FROM, TO, practices=practices)
    after = practices[practices["year"] == TO]
    assert len(moves) == len(after)
    assert moves["predecessor_code"].notna().all()
    assert pairs["practices"].sum() == len(after)


def test_every_2026_27_icb_has_its_practices_and_people_from_its_predecessors(practices, pairs):
    icb = data.load("allocation_icb")
    icb = icb[icb["year"] == TO].set_index("icb_code")
    by_successor = pairs.groupby("successor_code")[["practices", "population_after"]].sum()
    assert set(by_successor.index) == set(icb.index)
    assert (by_successor["practices"] == icb.loc[by_successor.index, "practices"]).all()
    assert np.allclose(by_successor["population_after"],
                       icb.loc[by_successor.index, "population"], rtol=1e-9)


def test_2025_26_populations_add_up_with_the_closed_practices(practices, pairs):
    closed = mergers.closed_practices(FROM, TO, practices=practices)
    before = practices[practices["year"] == FROM]["population"].sum()
    assert pairs["population_before"].sum() + closed["population"].sum() == \
        pytest.approx(before, rel=1e-12)


def test_each_predecessor_is_shared_out_whole(pairs):
    shares = pairs.groupby("predecessor_code")["share_of_predecessor"].sum()
    assert np.allclose(shares, 1.0)


def test_an_unmerged_icb_is_its_own_predecessor(pairs):
    unchanged = pairs[pairs["kind"] == "unchanged"]
    assert len(unchanged) > 0
    assert (unchanged["successor_code"] == unchanged["predecessor_code"]).all()
    assert np.allclose(unchanged["share_of_predecessor"], 1.0)
    assert np.allclose(unchanged["need_part_before"], unchanged["need_successor_before"])


def test_the_april_2026_mergers_leave_36_icbs_from_42(practices, pairs):
    assert pairs["successor_code"].nunique() == 36
    assert pairs["predecessor_code"].nunique() == 42
    counts = mergers.region_counts(FROM, TO, practices=practices).set_index("region")
    assert counts.loc["East of England", ["icbs_before", "icbs_after"]].tolist() == [6, 3]
    assert counts.loc["South East", ["icbs_before", "icbs_after"]].tolist() == [6, 4]
    assert counts.loc["London", ["icbs_before", "icbs_after"]].tolist() == [5, 4]
    assert counts["change"].sum() == -6


def test_a_merged_icb_s_need_is_the_population_weighted_average_of_its_parts(pairs):
    for _, rows in pairs.groupby("successor_code"):
        average = np.average(rows["need_part_before"], weights=rows["population_before"])
        assert average == pytest.approx(rows["need_successor_before"].iloc[0], rel=1e-12)


def test_need_after_matches_allocation_need_index_for_the_icbs(pairs):
    icb = data.load("allocation_icb")
    icb = icb[icb["year"] == TO].set_index("icb_code")
    expected = allocation.need_index(icb["population"], icb["wp_core"])
    got = pairs.drop_duplicates("successor_code").set_index("successor_code")
    assert np.allclose(got["need_successor_after"], expected.loc[got.index], rtol=1e-9)


def test_the_toy_merger_is_traced_by_hand():
    pairs = mergers.predecessors(FROM, TO, practices=_toy()).set_index(
        ["successor_code", "predecessor_code"])
    assert set(pairs.index) == {("N", "A"), ("N", "B"), ("N", "C"), ("C", "C")}
    # C had 250 people in 2025/26; p5 (50) closed, so of the 200 still open half went to N.
    assert pairs.loc[("N", "C"), "share_of_predecessor"] == pytest.approx(0.5)
    assert pairs.loc[("C", "C"), "kind"] == "boundary change"
    assert pairs.loc[("N", "A"), "kind"] == "merged"
    # England before: 450 people, 450 weighted. Part A: 120/100 per head -> need 1.2.
    assert pairs.loc[("N", "A"), "need_part_before"] == pytest.approx(1.2)
    # N before: 300 weighted for 300 people -> 1.0; after: 320 for 310 of England's 410/410.
    assert pairs.loc[("N", "A"), "need_successor_before"] == pytest.approx(1.0)
    assert pairs.loc[("N", "A"), "need_successor_after"] == pytest.approx(
        (320 / 410) / (310 / 410))
    assert pairs.loc[("N", "A"), "population_after"] == pytest.approx(110.0)


def test_an_icb_that_keeps_its_code_and_takes_in_another_is_enlarged(pairs):
    hampshire = pairs[pairs["successor_code"] == "QRL"]
    assert set(hampshire["kind"]) == {"enlarged"}
    assert "QNQ" in set(hampshire["predecessor_code"])


def test_a_practice_with_no_previous_year_is_refused():
    toy = _toy()
    extra = toy.iloc[[0]].assign(year=TO, practice_code="new")
    with pytest.raises(ValueError, match="not in 2025/26"):
        mergers.predecessors(FROM, TO, practices=pd.concat([toy, extra]))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"from_year": "2019/20"}, "is not a year in the practice data"),
    ({"from_year": "2026/27", "to_year": "2025/26"}, "must come before"),
    ({"weighted": "population"}, "weighted"),
])
def test_bad_arguments_are_refused_in_plain_words(kwargs, message):
    args = {"from_year": FROM, "to_year": TO, **kwargs}
    with pytest.raises(ValueError, match=message):
        mergers.predecessors(args.pop("from_year"), args.pop("to_year"), practices=_toy(),
                             **args)


def test_successors_has_one_row_per_icb_with_the_spread_of_its_parts(practices):
    table = mergers.successors(FROM, TO, practices=practices)
    assert len(table) == 36
    assert (table.loc[table["predecessor_count"] == 1, "need_range_of_parts"] == 0).all()
    assert (table.loc[table["predecessor_count"] > 1, "need_range_of_parts"] > 0).all()
