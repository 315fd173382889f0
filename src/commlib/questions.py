"""Self-check questions: one YAML file per chapter (``data/questions_ch01.yaml`` ...), validated.

Every section of a chapter carries two to four questions a reader answers on the page (the
site's ``commlib.learning`` extension puts them there, as form controls). A question is

* ``kind: choice``: ``options``, each with its ``text`` and its ``feedback`` (for a wrong
  option, why it is wrong; for the right one, why it is right), and ``answer``, the text of the
  right option;
* ``kind: number``: ``answer`` names the commlib function that computes the right number and
  its arguments (``function: commlib.primary_care.global_sum_payment``, ``args: {...}``; an
  argument may itself be a call, ``{function: ..., args: ..., pick: ...}``, so a figure can be
  read from ``data/`` by commlib rather than typed), a ``tolerance`` and the ``units`` the
  answer is typed in, and ``feedback`` with a ``right`` and a ``wrong`` sentence. The
  ``prompt`` may show an argument as ``{name}``, written with a :mod:`commlib.fmt` function
  named in ``show`` (``show: {weighted_patients: count}``), so that the numbers a reader is
  given are the numbers the answer is computed from. ``scale`` turns the function's result into
  the units typed (``0.000001`` for pounds typed in £m); ``dp`` is the decimals shown.

Every question also has a ``page`` (a page of the chapter in ``_toc.yml``), an ``id`` (unique
in the book), an ``explanation`` (the answer and why, printed in the facilitator's copy of a
handout) and a ``source`` (where its fact comes from: a data table, ``facts.md``, a seed).

:func:`load` reads and checks one file, :func:`load_all` every file; a problem raises
``ValueError`` with a sentence naming the file and the question. ``tests/test_questions.py``
checks every file and recomputes every numeric answer.

Examples
--------
>>> from commlib import questions
>>> qs = questions.load_all()                        # doctest: +SKIP
>>> qs[0]["page"], qs[0]["kind"]                     # doctest: +SKIP
('book/01-commissioning-cycle/needs-and-geography', 'choice')
"""

from __future__ import annotations

import importlib
import math
import re
from pathlib import Path
from typing import Any

import yaml

from commlib import data, fmt

__all__ = [
    "KINDS", "WORDS_PER_MINUTE", "chapter_pages", "evaluate", "files", "load", "load_all",
    "number_text", "reading_minutes", "render_prompt",
]

KINDS = ("choice", "number")
#: Reading speed for the estimated learning time: 200 words a minute is a common figure for
#: careful reading of technical prose (ordinary prose is read faster, about 240).
WORDS_PER_MINUTE = 200
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_FORMATS = ("money", "money_k", "money_m", "money_bn", "per_head", "count", "pct", "index",
            "people")
ROOT = Path(__file__).resolve().parents[2]
#: Presentation and site modules: an answer is computed by a model, never by these.
_NOT_MODELS = ("commlib.widgets", "commlib.plots", "commlib.site", "commlib.learning",
               "commlib.questions")


def files(folder: Path | None = None) -> list[Path]:
    """The question files (``questions_*.yaml``) in the data directory, sorted."""
    folder = Path(folder) if folder is not None else data.data_dir()
    return sorted(folder.glob("questions_*.yaml"))


def chapter_pages(toc_path: Path | None = None) -> dict[str, list[str]]:
    """Chapter file -> every page under it in ``_toc.yml`` (its own file first, then sections,
    depth first), for the chapters of numbered parts."""
    toc = yaml.safe_load(Path(toc_path or ROOT / "_toc.yml").read_text(encoding="utf-8"))

    def walk(entries: list[dict]) -> list[str]:
        pages = []
        for entry in entries:
            pages.append(entry["file"])
            pages.extend(walk(entry.get("sections", [])))
        return pages

    found: dict[str, list[str]] = {}
    for part in toc.get("parts", []):
        if not part.get("numbered"):
            continue
        for chapter in part.get("chapters", []):
            found[chapter["file"]] = walk([chapter])
    return found


def reading_minutes(words: int, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Estimated learning time of a page, in whole minutes: its words at a careful reading
    speed, rounded up, and at least one minute.

    Parameters
    ----------
    words : int
        Words of the page's text (prose, tables and captions; code excluded).
    words_per_minute : int
        Reading speed, words a minute (default :data:`WORDS_PER_MINUTE`).

    Examples
    --------
    >>> reading_minutes(2_100)
    11
    """
    if isinstance(words, bool) or not isinstance(words, int) or words < 0:
        raise ValueError(f"words ({words!r}) must be a whole number of words, 0 or more")
    if isinstance(words_per_minute, bool) or not isinstance(words_per_minute, int) \
            or words_per_minute <= 0:
        raise ValueError(f"words_per_minute ({words_per_minute!r}) must be a whole number "
                         "above 0")
    return max(1, math.ceil(words / words_per_minute))


def _function(name: Any, where: str) -> Any:
    if not isinstance(name, str) or not name.startswith("commlib."):
        raise ValueError(f"{where}: the answer's function ({name!r}) is not a commlib function: "
                         "name it in full, for example commlib.primary_care.global_sum_payment")
    module_name, _, attribute = name.rpartition(".")
    if not attribute or attribute.startswith("_") or module_name.startswith(_NOT_MODELS):
        raise ValueError(f"{where}: {name} is not a public function of a commlib model")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise ValueError(f"{where}: there is no module {module_name} in commlib, so {name} "
                         "is not a commlib function") from None
    function = getattr(module, attribute, None)
    if not callable(function):
        raise ValueError(f"{where}: {name} is not a commlib function")
    return function


def _pick(value: Any, key: Any, where: str) -> Any:
    try:
        return value[key]
    except (KeyError, IndexError, TypeError):
        raise ValueError(f"{where}: the result has no item {key!r} to pick") from None


def evaluate(spec: Any, where: str = "answer") -> Any:
    """The value of a call spec ``{function, args, pick}``: the commlib function applied to its
    arguments (each evaluated first if it is a call spec itself), then ``pick`` taken from the
    result if given (a key of a dict or a pandas Series; a list of keys picks in turn)."""
    if not isinstance(spec, dict) or "function" not in spec:
        raise ValueError(f"{where}: a numeric answer needs a function (a commlib function) and "
                         "its args")
    unknown = set(spec) - {"function", "args", "pick"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {', '.join(sorted(unknown))} in the answer "
                         "(use function, args and pick)")
    function = _function(spec["function"], where)
    args = spec.get("args") or {}
    if not isinstance(args, dict):
        raise ValueError(f"{where}: args must be a mapping of argument names to values")
    values = {name: evaluate(value, f"{where}, argument {name}")
              if isinstance(value, dict) and "function" in value else value
              for name, value in args.items()}
    try:
        result = function(**values)
    except TypeError as error:
        raise ValueError(f"{where}: {spec['function']} cannot be called with these args "
                         f"({error})") from None
    picks = spec.get("pick")
    for key in picks if isinstance(picks, list) else ([] if picks is None else [picks]):
        result = _pick(result, key, where)
    return result


def _number(value: Any, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: the answer ({value!r}) is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{where}: the answer ({number}) is not a finite number")
    return number


def render_prompt(prompt: str, args: dict, show: dict, where: str) -> str:
    """``prompt`` with each ``{name}`` replaced by argument ``name`` written by
    :mod:`commlib.fmt` (the function named in ``show``, else as given)."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in args:
            raise ValueError(f"{where}: the prompt shows {{{name}}}, which is not one of the "
                             "answer's args")
        value = args[name]
        if isinstance(value, dict) and "function" in value:
            value = evaluate(value, f"{where}, argument {name}")
        style = show.get(name)
        if style is None:
            return str(value)
        style, _, dp = str(style).partition(":")
        if style not in _FORMATS or (dp and not dp.isdigit()):
            raise ValueError(f"{where}: show {name} as {show[name]!r}: use one of "
                             f"{', '.join(_FORMATS)}, with :dp for decimals (money:2)")
        function = getattr(fmt, style)
        return function(float(value), dp=int(dp)) if dp else function(float(value))

    return _PLACEHOLDER.sub(replace, prompt)


def number_text(value: float, dp: int) -> str:
    """A numeric answer as a reader types it: thousands separated, ``dp`` decimals."""
    return f"{value:,.{dp}f}"


def _text(question: dict, key: str, where: str) -> str:
    value = question.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: the question has no {key} (write it as text; put a number "
                         "in quotes)")
    return " ".join(value.split())


def _check_choice(question: dict, where: str) -> dict:
    options = question.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= 5:
        raise ValueError(f"{where}: a choice question needs two to five options")
    checked = []
    for number, option in enumerate(options, 1):
        if not isinstance(option, dict):
            raise ValueError(f"{where}: option {number} must have a text and a feedback")
        text = _text(option, "text", f"{where}, option {number}")
        feedback = option.get("feedback")
        if not isinstance(feedback, str) or not feedback.strip():
            raise ValueError(f"{where}: option {number} ({text!r}) has no feedback: say why it "
                             "is right, or why it is wrong")
        checked.append({"text": text, "feedback": " ".join(feedback.split())})
    texts = [o["text"] for o in checked]
    if len(set(texts)) != len(texts):
        raise ValueError(f"{where}: two options have the same text")
    answer = question.get("answer")
    answer = " ".join(answer.split()) if isinstance(answer, str) else answer
    if answer not in texts:
        raise ValueError(f"{where}: the answer ({answer!r}) is not among the options")
    for option in checked:
        option["correct"] = option["text"] == answer
    return {"options": checked, "answer": answer}


def _check_number(question: dict, where: str) -> dict:
    spec = question.get("answer")
    value = _number(evaluate(spec, where), where)
    scale = question.get("scale", 1)
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not scale > 0:
        raise ValueError(f"{where}: scale (what the answer is multiplied by to be in its units, "
                         "0.000001 for pounds in £m) must be a number above 0")
    value = value * scale
    tolerance = question.get("tolerance")
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) \
            or not math.isfinite(tolerance) or tolerance < 0:
        raise ValueError(f"{where}: a number question needs a tolerance of 0 or more (how far "
                         "a typed answer may be from the right one)")
    units = _text(question, "units", where)
    dp = question.get("dp", 0)
    if isinstance(dp, bool) or not isinstance(dp, int) or not 0 <= dp <= 6:
        raise ValueError(f"{where}: dp (decimals shown in the answer) must be 0 to 6")
    feedback = question.get("feedback")
    if not isinstance(feedback, dict) or not all(
            isinstance(feedback.get(k), str) and feedback[k].strip() for k in ("right", "wrong")):
        raise ValueError(f"{where}: a number question needs feedback with a right and a wrong "
                         "sentence")
    show = question.get("show") or {}
    if not isinstance(show, dict):
        raise ValueError(f"{where}: show must map argument names to commlib.fmt functions")
    prompt = render_prompt(_text(question, "prompt", where), spec.get("args") or {}, show, where)
    return {
        "prompt": prompt, "value": value, "tolerance": float(tolerance), "units": units, "dp": dp,
        "answer_text": number_text(value, dp),
        "function": spec["function"],
        "feedback": {k: " ".join(feedback[k].split()) for k in ("right", "wrong")},
    }


def load(path: Path, toc_path: Path | None = None) -> list[dict]:
    """The questions of one chapter file, checked, numeric answers computed.

    Returns
    -------
    list of dict
        One dict per question: ``page``, ``id``, ``kind``, ``prompt`` (its {...} fields filled in),
        ``explanation``, ``source`` and, for a choice, ``options`` (``text``, ``feedback``,
        ``correct``) and ``answer``; for a number, ``value``, ``tolerance``, ``units``,
        ``dp``, ``answer_text``, ``function`` and ``feedback`` (``right``, ``wrong``).

    Raises
    ------
    ValueError
        For an unknown chapter or page, a question without prompt, feedback or explanation, an
        answer that is not among the options, a function that is not in commlib, a duplicate
        id: the sentence names the file and the question.
    """
    path = Path(path)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path.name} is not valid YAML: {error}") from None
    if not isinstance(content, dict) or not isinstance(content.get("questions"), list):
        raise ValueError(f"{path.name} must hold a chapter and a list of questions")
    chapters = chapter_pages(toc_path)
    chapter = content.get("chapter")
    if chapter not in chapters:
        raise ValueError(f"{path.name}: chapter {chapter!r} is not a chapter in _toc.yml")
    pages = chapters[chapter]
    seen: set[str] = set()
    checked = []
    for number, question in enumerate(content["questions"], 1):
        where = f"{path.name}, question {number}"
        if not isinstance(question, dict):
            raise ValueError(f"{where} is not a mapping of keys to values")
        qid = question.get("id")
        if not isinstance(qid, str) or not _ID.match(qid):
            raise ValueError(f"{where}: the id ({qid!r}) must be lower-case letters, digits "
                             "and hyphens")
        where = f"{path.name}, question {qid}"
        if qid in seen:
            raise ValueError(f"{where}: the id is used twice")
        seen.add(qid)
        page = question.get("page")
        if page not in pages:
            raise ValueError(f"{where}: page {page!r} is not a page of {chapter} in _toc.yml")
        kind = question.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{where}: kind ({kind!r}) must be choice or number")
        item = {"page": page, "id": qid, "kind": kind,
                "explanation": _text(question, "explanation", where),
                "source": _text(question, "source", where)}
        if kind == "choice":
            item["prompt"] = _text(question, "prompt", where)
            item.update(_check_choice(question, where))
        else:
            item.update(_check_number(question, where))
        checked.append(item)
    return checked


def load_all(folder: Path | None = None, toc_path: Path | None = None) -> list[dict]:
    """Every question of every chapter file, in file order; ids unique across the book."""
    questions: list[dict] = []
    owner: dict[str, str] = {}
    for path in files(folder):
        for question in load(path, toc_path):
            if question["id"] in owner:
                raise ValueError(f"question id {question['id']} is in both "
                                 f"{owner[question['id']]} and {path.name}")
            owner[question["id"]] = path.name
            questions.append(question)
    return questions
