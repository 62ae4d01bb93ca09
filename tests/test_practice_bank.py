"""The checker on a bank of learner-style answers (tests/practice_bank/),
written blind to what the checker knows.

The goals (issue 27): no wrong answer called correct, no right answer
called wrong, no hang, at least 80 % of the wrong answers named (any
reply but "wrong, and not a mistake the checker knows"), and none named
wrongly (a mistake of the catalogue that is not the one the answer
makes). ``python tests/test_practice_bank.py`` prints the report.
"""

import sys
import time
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from practice_bank import BANK  # noqa: E402

from backprop_utils.practice import EXERCISES, check  # noqa: E402

# The replies that name each kind of mistake the bank's answers make. A
# reply that names a catalogue mistake outside its kind's set is "named
# wrongly"; a general reply (an error and its line, a shape, an odd
# result...) names what the learner sees, and is never wrong. "other"
# answers are not judged automatically.
NAMES = {
    "sign": {"flipped_sign", "dropped_minus", "flipped_softmax_delta",
             "opposite_sign", "uphill_step"},
    "constant_multiple": {"constant_factor", "missing_mean", "factor_two",
                          "dropped_two", "mean_over_classes"},
    "transpose": {"transposed_result", "transposed_weights"},
    "z_for_a": {"z_for_a", "output_formula_of_input"},
    "a_for_z": {"gprime_of_a", "output_formula_of_input"},
    "missing_derivative": {"no_gprime", "dropped_upstream", "missing_input",
                           "node_not_linked", "slope_in_part"},
    "extra_derivative": {"extra_gprime", "extra_softmax_derivative"},
    "wrong_axis": {"wrong_axis", "batch_mixed", "global_max_shift"},
    "mutates_input": {"changed_argument"},
    "fixed_depth": set(),
    "repeated_parent": {"overwrite_adjoint", "parent_counted_once"},
    "state_between_calls": {"state_between_calls"},
    "overflow": {"no_max_shift", "global_max_shift"},
    "odd_return": set(),
    "wrong_shape": {"transposed_result"},
    "own_raise": set(),
    "hang": set(),
    # chapter 7
    "flip": {"kernel_not_flipped", "gradient_flipped",
             "convolved_not_correlated"},
    "one_position": {"one_position"},
    "batch_not_summed": {"batch_not_summed", "constant_factor"},
    "padding": {"padding_forgotten", "padding_cut_one_side"},
    "channels_not_summed": {"channels_not_summed"},
    "pooling_spread": {"pooling_copied", "pooling_averaged"},
    "ties": {"tie_every_maximum", "tie_last_maximum", "tie_shared"},
    # chapter 8
    "wrong_state": {"wrong_hidden_state"},
    "recurrence_dropped": {"recurrence_dropped"},
    "one_step_loss": {"last_step_only"},
    "last_step_only": {"last_step_only"},
    "overwrite_shares": {"last_step_only", "steps_not_summed"},
    "per_element": {"clip_elementwise"},
    "per_array": {"clip_each_array"},
    "squared_norm": {"squared_norm"},
    "no_min": {"clip_normalised"},
    "fixed_size": set(),
    "zero_norm": set(),
}
GENERAL = {"error", "shape", "odd result", "returned None", "time limit",
           "not finite",
           "signature", "not attempted"}


def learner(entry):
    """The answer's function, defined as a learner's cell defines it."""
    ns = {"__name__": "__learner__"}
    exec(compile(entry["code"], f"<{entry['id']}>", "exec"), ns)
    fns = [v for k, v in ns.items() if callable(v) and not k.startswith(
        "_") and getattr(v, "__module__", None) == "__learner__"]
    return fns[-1]


def judge(entry, reply):
    """How the reply fares: "ok", "wrong accepted", "right rejected",
    "hang", "named", "unnamed" or "named wrongly"."""
    if entry["verdict"] == "correct":
        return "ok" if reply.ok else "right rejected"
    if reply.ok:
        return "wrong accepted"
    if entry["verdict"] == "hang":
        return "named" if reply.diagnosis == "time limit" else "hang"
    if reply.diagnosis == "unknown":
        return "unnamed"
    kind = entry["kind"]
    if reply.diagnosis in GENERAL or kind == "other":
        return "named"
    fits = NAMES.get(kind, set())
    if reply.diagnosis in fits or (kind == "mutates_input"
                                   and "changes its argument" in
                                   reply.message):
        return "named"
    return "named wrongly"


def run_bank():
    rows = []
    for entry in BANK:
        start = time.perf_counter()
        reply = check(entry["exercise"], learner(entry))
        rows.append((entry, reply, judge(entry, reply),
                     time.perf_counter() - start))
    return rows


def report(rows):
    wrong = [r for r in rows if r[0]["verdict"] != "correct"]
    counts = Counter(j for _, _, j, _ in rows)
    named = counts["named"]
    lines = [
        f"{len(rows)} answers to {len({e['exercise'] for e, *_ in rows})} "
        f"exercises: {len(rows) - len(wrong)} right, {len(wrong)} wrong "
        f"(hangs among them: "
        f"{sum(e['verdict'] == 'hang' for e, *_ in rows)})",
        f"  wrong accepted   {counts['wrong accepted']}  (goal 0)",
        f"  right rejected   {counts['right rejected']}  (goal 0)",
        f"  hangs            {counts['hang']}  (goal 0)",
        f"  wrong ones named {named} of {len(wrong)} = "
        f"{100 * named / max(len(wrong), 1):.0f} %  (goal >= 80 %)",
        f"  named wrongly    {counts['named wrongly']}  (goal 0)",
        f"  slowest check    {max(t for *_, t in rows):.2f} s",
    ]
    by_kind = Counter((e["kind"], j) for e, _, j, _ in wrong)
    lines.append("  by kind (named / all): " + ", ".join(
        f"{k} {by_kind[(k, 'named')]}/"
        f"{sum(v for (kk, _), v in by_kind.items() if kk == k)}"
        for k in sorted({e['kind'] for e, *_ in wrong})))
    for e, reply, j, _ in rows:
        if j not in ("ok", "named"):
            lines.append(f"  {j}: {e['id']} ({e['kind']}): "
                         f"{reply.diagnosis}: {reply.message[:160]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def rows():
    return run_bank()


def test_the_bank_covers_every_exercise():
    assert len(BANK) >= 150
    assert {e["exercise"] for e in BANK} == set(EXERCISES)
    assert len({e["id"] for e in BANK}) == len(BANK)


def test_no_wrong_answer_is_called_correct(rows):
    bad = [e["id"] for e, _, j, _ in rows if j == "wrong accepted"]
    assert not bad, bad


def test_no_right_answer_is_called_wrong(rows):
    bad = [(e["id"], r.message) for e, r, j, _ in rows
           if j == "right rejected"]
    assert not bad, bad


def test_nothing_hangs(rows):
    assert not [e["id"] for e, _, j, _ in rows if j == "hang"]


def test_most_wrong_answers_are_named_and_none_wrongly(rows):
    wrong = [(e, r, j) for e, r, j, _ in rows if e["verdict"] != "correct"]
    named = sum(j == "named" for _, _, j in wrong)
    assert named >= 0.8 * len(wrong), report(rows)
    bad = [(e["id"], r.diagnosis) for e, r, j in wrong
           if j == "named wrongly"]
    assert not bad, bad


if __name__ == "__main__":
    print(report(run_bank()))
