"""The self-check questions (``data/questions_*.yaml``, :mod:`commlib.questions`).

Every file is checked, every numeric answer is recomputed from its commlib function, every
section of every chapter has two to four questions, and the checks refuse what they should
with a plain sentence.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from commlib import questions

ROOT = Path(__file__).resolve().parents[1]
FILES = questions.files()


@pytest.fixture(scope="module")
def all_questions():
    return questions.load_all()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_question_file_is_valid(path):
    assert questions.load(path)


def test_there_is_one_question_file_per_chapter():
    chapters = questions.chapter_pages()
    named = [yaml.safe_load(p.read_text(encoding="utf-8"))["chapter"] for p in FILES]
    assert sorted(named) == sorted(chapters)


def test_every_section_of_every_chapter_has_two_to_four_questions(all_questions):
    counts: dict[str, int] = {}
    for question in all_questions:
        counts[question["page"]] = counts.get(question["page"], 0) + 1
    for chapter, pages in questions.chapter_pages().items():
        for page in pages:
            if page == chapter:
                continue
            assert 2 <= counts.get(page, 0) <= 4, f"{page} has {counts.get(page, 0)} questions"


def test_every_numeric_answer_is_recomputed_from_commlib(all_questions):
    by_id = {}
    for path in FILES:
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            by_id[raw["id"]] = raw
    numbers = [q for q in all_questions if q["kind"] == "number"]
    assert len(numbers) >= 10
    for question in numbers:
        raw = by_id[question["id"]]
        value = float(questions.evaluate(raw["answer"])) * raw.get("scale", 1)
        assert math.isclose(value, question["value"], rel_tol=1e-12, abs_tol=1e-12)
        assert raw["answer"]["function"].startswith("commlib.")
        assert "{" not in question["prompt"], question["prompt"]


def test_the_pinned_answers_are_the_books_figures(all_questions):
    by_id = {q["id"]: q for q in all_questions}
    assert by_id["ch04-global-sum"]["answer_text"] == "890,100"       # 10,000 x (93.46 - 4.45)
    assert by_id["ch04-distance"]["answer_text"] == "-7.58"           # Eastern Cheshire 2013/14
    assert by_id["ch04-month-number"]["value"] == 7                   # October
    assert by_id["ch03-quartile"]["value"] == 3


def test_every_choice_has_one_right_option_and_feedback_on_each(all_questions):
    for question in all_questions:
        if question["kind"] != "choice":
            continue
        assert sum(o["correct"] for o in question["options"]) == 1, question["id"]
        assert all(o["feedback"] for o in question["options"])


def test_reading_minutes_rounds_up_and_refuses_nonsense():
    assert questions.reading_minutes(0) == 1
    assert questions.reading_minutes(200) == 1
    assert questions.reading_minutes(201) == 2
    with pytest.raises(ValueError, match="words"):
        questions.reading_minutes(-5)
    with pytest.raises(ValueError, match="words_per_minute"):
        questions.reading_minutes(100, 0)


CHOICE = {
    "page": "book/01-commissioning-cycle/needs-and-geography", "id": "t-1", "kind": "choice",
    "prompt": "Which?", "explanation": "Because.", "source": "test",
    "options": [{"text": "A", "feedback": "Yes."}, {"text": "B", "feedback": "No."}],
    "answer": "A",
}
NUMBER = {
    "page": "book/01-commissioning-cycle/needs-and-geography", "id": "t-2", "kind": "number",
    "prompt": "Pay {weighted_patients}?", "explanation": "Because.", "source": "test",
    "answer": {"function": "commlib.primary_care.global_sum_payment",
               "args": {"weighted_patients": 100, "price_per_weighted_patient": 90.0}},
    "tolerance": 1, "units": "£", "show": {"weighted_patients": "count"},
    "feedback": {"right": "Yes.", "wrong": "No."},
}


def _write(tmp_path, *items):
    path = tmp_path / "questions_ch01.yaml"
    path.write_text(yaml.safe_dump({"chapter": "book/01-commissioning-cycle/index",
                                    "questions": list(items)}), encoding="utf-8")
    return path


def test_a_valid_file_loads(tmp_path):
    loaded = questions.load(_write(tmp_path, CHOICE, NUMBER), ROOT / "_toc.yml")
    assert loaded[1]["value"] == 9000.0
    assert loaded[1]["prompt"] == "Pay 100?"


@pytest.mark.parametrize("change, message", [
    ({"page": "book/nowhere"}, "is not a page of"),
    ({"answer": "C"}, "is not among the options"),
    ({"options": [{"text": "A", "feedback": "Yes."}, {"text": "B", "feedback": ""}]},
     "has no feedback"),
    ({"kind": "essay"}, "must be choice or number"),
    ({"explanation": ""}, "has no explanation"),
])
def test_a_bad_choice_is_refused_with_a_sentence(tmp_path, change, message):
    with pytest.raises(ValueError, match=message):
        questions.load(_write(tmp_path, {**CHOICE, **change}), ROOT / "_toc.yml")


@pytest.mark.parametrize("change, message", [
    ({"answer": {"function": "math.sqrt", "args": {"x": 4}}}, "is not a commlib function"),
    ({"answer": {"function": "commlib.nothing.here", "args": {}}}, "no module commlib.nothing"),
    ({"answer": {"function": "commlib.primary_care.no_such", "args": {}}},
     "is not a commlib function"),
    ({"answer": {"function": "commlib.plots.new_figure", "args": {}}}, "commlib model"),
    ({"tolerance": -1}, "tolerance"),
    ({"feedback": {"right": "Yes."}}, "right and a wrong"),
    ({"prompt": "Pay {nobody}?"}, "not one of the answer's args"),
])
def test_a_bad_number_question_is_refused_with_a_sentence(tmp_path, change, message):
    with pytest.raises(ValueError, match=message):
        questions.load(_write(tmp_path, {**NUMBER, **change}), ROOT / "_toc.yml")


def test_a_duplicate_id_is_refused(tmp_path):
    with pytest.raises(ValueError, match="used twice"):
        questions.load(_write(tmp_path, CHOICE, CHOICE), ROOT / "_toc.yml")
