"""Check-yourself questions: parsing, replies, both faces, and the
site's script giving the same replies as the package."""

import json
import re
import shutil

import pytest

from backprop_utils.quiz import Question, agrees, parse_number, tolerance

SPELLINGS = [
    ("-0.25", -0.25), ("\u22120.25", -0.25), ("-.25", -0.25),
    ("1/4", 0.25), ("-1/4", -0.25), ("2.5e-1", 0.25), (" 0 . 2 5 ", 0.25),
    ("+3", 3.0), ("1e3", 1000.0), ("3.", 3.0), ("\u2013 2", -2.0),
    ("abc", None), ("", None), ("1/0", None), ("1,5", None), ("--1", None),
    ("1/2/3", None), ("e5", None), (".", None),
]


@pytest.mark.parametrize("text, value", SPELLINGS)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, figures", [
    ("0.15", 2), ("-1.50e3", 3), ("0.0026", 2), ("150", 3), (".5", 1),
    ("0", None), ("1/4", None), ("x", None), ("\u22120.733", 3)])
def test_typed_figures(text, figures):
    from backprop_utils.quiz import typed_figures
    assert typed_figures(text) == figures


def test_three_significant_figures():
    assert tolerance(0.2473) == pytest.approx(0.0005)
    assert tolerance(-12.3) == pytest.approx(0.05)
    assert agrees(0.247, 0.2473) and agrees(0.2475, 0.2473)
    assert not agrees(0.25, 0.2473) and not agrees(0.246, 0.2473)
    assert agrees(0.0004, 0.0) and not agrees(0.001, 0.0)


def question():
    return Question(r"What is $\delta^{(3)}_1$ here?", -0.5423,
                    mistakes={"factor_two": -1.0846, "flipped_sign": 0.5423,
                              "dropped_two": -0.2712, "no_gprime": -0.5424})


def test_replies():
    q = question()
    # no_gprime agrees with the answer at 3 figures: it is dropped
    assert set(q.mistakes) == {"factor_two", "flipped_sign", "dropped_two"}
    assert q.dropped == ["no_gprime"]
    assert q.reply("-0.542")[0] == "right"
    assert q.reply("\u22120.5423")[0] == "right"
    assert q.reply("-1.08")[0] == "factor_two"
    assert "a factor 2 where the loss has 1/2" in q.reply("-1.085")[1]
    assert q.reply(".542")[0] == "flipped_sign"
    assert q.reply("-0.271")[0] == "dropped_two"
    assert q.reply("7")[0] == "wrong"
    # right to the two figures typed: say so, and ask for three
    assert q.reply("-0.54")[0] == "imprecise"
    assert "right to the 2 figures you typed" in q.reply("-0.54")[1]
    assert q.reply("-0.5")[0] == "imprecise"
    assert q.reply("-0.55")[0] == "wrong"
    assert q.reply("seven")[0] == "unreadable"
    assert q.reply("  ")[0] == "empty"
    assert q.shown_answer() == "\u22120.542"
    assert Question("x?", -0.31).shown_answer() == "\u22120.310"
    assert Question("x?", 950.0).shown_answer() == "950"
    assert Question("x?", 0.0).shown_answer() == "0"


def test_mistakes_that_agree_with_each_other_are_both_dropped():
    q = Question("x?", 1.0, mistakes={"factor_two": 2.0,
                                      "missing_mean": 2.0004})
    assert q.mistakes == {} and q.dropped == ["factor_two", "missing_mean"]


def test_a_mistake_with_several_values_names_each():
    # e.g. an adjoint overwritten: what is left depends on the order
    q = Question("x?", 1.0, mistakes={"overwrite_adjoint": [0.25, -0.4,
                                                            0.2501],
                                      "forward_order": 0.0})
    assert q.mistakes == {"overwrite_adjoint": (0.25, -0.4),
                          "forward_order": (0.0,)}
    assert q.reply("0.25")[0] == "overwrite_adjoint"
    assert q.reply("-0.4")[0] == "overwrite_adjoint"
    assert q.reply("0")[0] == "forward_order"
    assert q.reply("7")[0] == "wrong"
    data = json.loads(re.search(r"data-quiz='([^']*)'", q.html()).group(1)
                      .replace("&quot;", '"').replace("&#x27;", "'"))
    assert [m["value"] for m in data["mistakes"]] == [0.25, -0.4, 0.0]
    # a value shared with another mistake is dropped, the others kept
    q = Question("x?", 1.0, mistakes={"overwrite_adjoint": [0.25, 3.0],
                                      "forward_order": 3.0})
    assert q.mistakes == {"overwrite_adjoint": (0.25,)}
    assert q.dropped == ["forward_order"]
    with pytest.raises(ValueError, match="finite number or a list"):
        Question("x?", 1.0, mistakes={"factor_two": [2.0, "3"]})
    with pytest.raises(ValueError, match="has no value"):
        Question("x?", 1.0, mistakes={"factor_two": []})


def test_the_page_holds_the_answer_as_data_not_text():
    q = question()
    page = q.html()
    visible = re.sub(r"<[^>]+>", " ", page)          # the text between tags
    assert "0.542" not in visible and "0.5423" in page
    data = json.loads(re.search(r"data-quiz='([^']*)'", page).group(1)
                      .replace("&quot;", '"').replace("&#x27;", "'"))
    assert data["answer"] == -0.5423 and data["sig"] == 3
    assert {m["value"] for m in data["mistakes"]} == {-1.0846, 0.5423,
                                                      -0.2712}
    assert data["mistakes"][0]["href"].startswith("notation.html#")
    # a label for the box, and a live region for the reply
    qid = q.id
    assert f'<label for="{qid}-in">' in page
    assert 'aria-live="polite"' in page and 'role="status"' in page
    assert r"\(\delta^{(3)}_1\)" in page
    assert question().html() == page                   # deterministic


def test_the_live_face_gives_the_same_replies():
    q = question()
    box = q.widget()
    label, row, reply = box.children
    text, check, show = row.children
    for typed in ["-0.542", "-1.08", "0.542", "3", "x"]:
        text.value = typed
        check.click()
        assert reply.value == f"<p>{q.reply(typed)[1]}</p>".replace(
            "'", "&#x27;"), typed
    show.click()
    assert "\u22120.542" in reply.value
    box.close_all() if hasattr(box, "close_all") else None


def test_bad_questions():
    with pytest.raises(ValueError, match="prompt must be a non-empty str"):
        Question("", 1.0)
    with pytest.raises(ValueError, match="answer must be a finite number; "
                       "got nan"):
        Question("x?", float("nan"))
    with pytest.raises(ValueError, match=r"unknown mistakes \['typo'\]"):
        Question("x?", 1.0, mistakes={"typo": 2.0})
    with pytest.raises(ValueError, match="mistake 'factor_two' must be a "
                       "finite number"):
        Question("x?", 1.0, mistakes={"factor_two": "2"})
    with pytest.raises(ValueError, match="sig must be an int from 1 to 6"):
        Question("x?", 1.0, sig=0)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node.js")
def test_the_site_script_replies_as_the_package_does():
    from test_course_js import run
    q = question()
    data = re.search(r"data-quiz='([^']*)'", q.html()).group(1)
    data = data.replace("&quot;", '"').replace("&#x27;", "'")
    inputs = [t for t, _ in SPELLINGS] + ["-0.542", "\u22121.0846", ".5423",
                                          "-0.27", "-0.2712", "  ", "-0.54",
                                          "-0.5", "-0.55", "-1/2", "-5.4e-1"]
    program = (f"const quiz = {data};\n"
               f"console.log(JSON.stringify({json.dumps(inputs)}.map(t => "
               "[courseParseNumber(t), courseQuizReply(quiz, t).kind])));")
    got = run(program)
    for text, (value, kind) in zip(inputs, got):
        want_kind = q.reply(text)[0]
        want_kind = "mistake" if want_kind in q.mistakes else want_kind
        assert kind == want_kind, (text, kind, want_kind)
        want = parse_number(text)
        assert (value is None) == (want is None), text
        if want is not None:
            assert value == pytest.approx(want), text


def test_a_question_from_an_exercise_uses_its_variants():
    import numpy as np
    from backprop_utils.practice import EXERCISES
    W2 = np.array([[0.5, -1.0], [2.0, 0.3]])        # square: all variants
    inputs = {"W2": W2, "delta2": np.array([[0.4, -0.2]]),
              "Z1": np.array([[0.7, -0.3]])}
    q = Question.from_exercise(r"$\delta^{(1)}_1$?", "ch3.delta_hidden",
                               inputs, pick=lambda r: r[0, 0])
    ex = EXERCISES["ch3.delta_hidden"]
    assert q.answer == ex.reference(**inputs)[0, 0]
    assert set(q.mistakes) <= set(ex.variants)
    for name, values in q.mistakes.items():
        assert values == (ex.variants[name](**inputs)[0, 0],)
    # a non-square W: the transposed variant raises and is left out
    inputs["W2"] = np.array([[0.5, -1.0]])
    inputs["delta2"] = np.array([[0.4]])
    q = Question.from_exercise("?", "ch3.delta_hidden", inputs,
                               pick=lambda r: r[0, 0])
    assert "transposed_weights" not in q.mistakes


def test_a_question_set_up_in_several_valid_orders():
    from backprop_utils.autodiff import Node, as_lists
    # b is used twice; overwriting keeps the share of whichever of its
    # two children comes last, and the order decides which
    a, b = Node(1.5), Node(-1.0)
    e = (a * b) * (b + 4.0)
    setups = []
    for seed in [None, *range(10)]:
        nodes, parents, local = as_lists(e, seed=seed)
        at = nodes.index(b)
        setups.append(({"parents": parents, "local": local},
                       lambda r, at=at: r[at]))
    q = Question.from_exercise("db?", "ch6.reverse_pass", *setups[0],
                               also=setups[1:])
    # de/db = a (b + 4) + a b: the share through a b is (b + 4) a = 4.5,
    # the share through b + 4 is a b = -1.5
    assert q.answer == pytest.approx(4.5 - 1.5, rel=1e-15)
    assert sorted(q.mistakes["overwrite_adjoint"]) == [-1.5, 4.5]
    # a mistake made before the reverse pass, added by hand
    q = Question.from_exercise("db?", "ch6.reverse_pass", *setups[0],
                               also=setups[1:],
                               mistakes={"factor_two": 6.0})
    assert q.mistakes["factor_two"] == (6.0,)
    assert q.reply("6")[0] == "factor_two"
    with pytest.raises(ValueError, match="not the same question"):
        Question.from_exercise("db?", "ch6.reverse_pass", *setups[0],
                               also=[(setups[1][0], lambda r: r[0] + 1)])


def test_in_a_kernel_the_bundle_carries_the_live_face(monkeypatch):
    from backprop_utils import widgets
    from backprop_utils.widgets import WIDGET_MIME
    q = question()
    assert WIDGET_MIME not in q._repr_mimebundle_()      # no kernel here
    monkeypatch.setattr(widgets, "_kernel_present", lambda: True)
    bundle = q._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", WIDGET_MIME}
    assert bundle[WIDGET_MIME]["model_id"] == q.widget().model_id
    assert "answer kept hidden" in bundle["text/plain"]
