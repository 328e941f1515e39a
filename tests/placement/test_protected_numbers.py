"""No number published with a run belongs to a child with protected identity alone (issue
18): district figures without them (fewer than three children: blank), distance summaries
without their walks, and the line quoted at a school never their value."""

from __future__ import annotations

import json

from helpers import geo_instance
from huvudman.placement import Child, RuleConfig, place
from huvudman.runs.record import run_files

SCHOOLS = [("A", 0.0, 0.0, 2), ("B", 5000.0, 0.0, 50)]


def _children() -> list[Child]:
    kids = [Child(f"n{i}", 100.0 * i, 300.0, ("A",), district="Norr") for i in range(1, 4)]
    # the one child of its district, protected, with the longest walk of all
    kids.append(Child("p1", 9000.0, 9000.0, ("B",), protected=True, district="Skyddat"))
    # at A, the weakest admitted applicant is protected: its proximity must not be quoted
    kids.append(Child("p2", 130.0, 310.0, ("A",), protected=True, district="Norr"))
    return kids


def test_district_and_distance_figures_leave_protected_children_out() -> None:
    instance, distances = geo_instance(SCHOOLS, _children())
    result = place(instance, RuleConfig(), distances, seed=3)
    stats = json.loads(run_files(result, {})["statistics.json"])
    assert stats["by_district"]["Skyddat"] == {"suppressed": True}
    walk_p1 = float(result.outcomes.distance_m[instance.child_index["p1"]])
    assert stats["overall"]["distance_m"]["max"] < walk_p1
    assert str(round(walk_p1, 1)) not in run_files(result, {})["statistics.json"]
    assert stats["overall"]["children"] == 5  # counted in the overall shares
    assert stats["by_district"]["Norr"]["children"] == 3  # without the protected child


def test_the_line_quoted_at_a_school_is_never_a_protected_childs_value() -> None:
    instance, distances = geo_instance(SCHOOLS, _children())
    result = place(instance, RuleConfig(chain=("distance", "lottery")), distances, seed=3)
    placed = {instance.child_ids[o.child]: instance.schools[o.school].school_id
              for o in result.outcomes if o.school >= 0}
    cut = result.cutoffs[0]
    assert cut.refused >= 1 and placed["p2"] == "A"
    own = result.priorities.distance_m[
        (result.priorities.child == instance.child_index["p2"])
        & (result.priorities.school == 0)][0]
    assert own == max(float(result.outcomes.distance_m[instance.child_index[c]])
                      for c, s in placed.items() if s == "A")  # p2 is the weakest admitted
    assert cut.weakest_distance_m != own
    others = [float(result.outcomes.distance_m[instance.child_index[c]])
              for c, s in placed.items() if s == "A" and c != "p2"]
    assert cut.weakest_distance_m == max(others)


def test_no_count_tells_that_a_protected_child_is_at_a_school() -> None:
    from huvudman.words.cutoffs import describe_cutoff

    instance, distances = geo_instance(SCHOOLS, _children())
    config = RuleConfig(chain=("protected", "distance", "lottery"))
    result = place(instance, config, distances, seed=3)
    placed = {instance.child_ids[o.child]: instance.schools[o.school].school_id
              for o in result.outcomes if o.school >= 0}
    assert placed["p2"] == "A" and result.outcomes.decided_by[
        instance.child_index["p2"]] == "protected"  # given its place for its protected identity
    for cut in result.cutoffs:
        assert "protected" not in cut.admitted_by_group
        for lang in ("sv", "en"):
            words = describe_cutoff(cut, result.priorities.rules, "straight", lang)
            assert "protected" not in words and "skyddad" not in words.lower()
    assert result.cutoffs[0].admitted_by_group == {"special_reasons": 1}
    assert "protected" not in run_files(result, {})["cutoffs.csv"]
