"""When to refuse: a decision from the evidence, not from the question's wording.

The features say how good the evidence is: how similar the best passages are to the question
(dense), how strongly BM25 matched them for the words asked, whether the two retrievers agree, how
much of the question's subject the chosen clause holds, whether it fills the slots asked, whether it
is about the year asked and of the document named, whether it writes the unit and the year a figure
is asked in; and how long the question is and how much of it is the user's own voice, which lower
the cover of a clause that answers it all the same. A logistic regression over them, fitted on the
dev questions by `eval.fit_abstention` (written to abstention.json), gives the probability that the
documents answer the question; the answer is given when that probability is above the threshold
the stated costs set (answering what the documents do not say costs three refusals of what they
do). Two facts veto on their own: a technical name asked ("6G") that no chosen clause writes, and
an agency or a place asked about ("Bộ Y tế", "Đồng Tháp") that no chosen clause is about.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.excerpt import has_amount, syllables_of
from assistant.query import Query
from assistant.select import Candidate
from assistant.slots import FACT_SLOTS, Slot
from index.search import Hit
from index.vietnamese import analyze, fold

MODEL_FILE = Path(__file__).resolve().parent / "abstention.json"
FEATURES = ("dense", "dense_gap", "lexical", "agreement", "cover", "filled", "blank", "year_missing", "asks_year",
            "named_missing", "unknown_name", "english", "value_missing", "follow_up", "lead_in", "unit_missing",
            "target_year_mismatch", "name_missing", "entity_missing", "uncovered", "voice", "length")
# the unit a figure is asked in: "bao nhiêu tỷ đồng", "bao nhiêu Mb/s", "how many kilometres"
_UNIT_ASKED = re.compile(r"\b(?:bao nhiêu|mấy|how many|how much)\s+([^\s?,.;]+(?:\s+[^\s?,.;]+)?)", re.IGNORECASE)
_NOT_UNIT = re.compile(r"^(\d|năm|trong|vào|đến|của|cho|là|so|và|được|theo|tại|ở|khi|nào|\W)")
_PER = re.compile(r"^(?:mỗi|một|trên|per|a|an|each)\s+")
_UNIT_FORMS = {"phần trăm": ("%", "phần trăm"), "percent": ("%",)}
_COUNTED_FORMS = {"tiền": {"dong"}}  # a unit asked that a text writes only after a figure ("500.000 đồng", folded)
# a figure (not the "2022," ending a date) and the words it counts
_COUNTED = re.compile(r"\d(?:[\d.,]*\d)?\s+((?:[^\W\d]+\s+){0,4}[^\W\d]+)")
UNCOVERED = 0.5  # the share of the question below which the "uncovered" feature counts
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n+")
_TECH_NAME = re.compile(r"\b(?=\w*\d)(?=\w*[a-z])\w+\b")  # "6g", "5g", "220kv"


def features(query: Query, hits: list[Hit], chosen: list[Candidate], known_words: set[str],
             entities_missing: list[str] = ()) -> dict[str, float]:
    """The evidence for one answer, as numbers; `entities_missing`, the agencies and places the
    question names that no chosen clause is about (`Entities.missing`)."""
    best = chosen[0] if chosen else None
    top = hits[:5]
    dense = max((h.dense for h in top), default=0.0)
    others = sorted((h.dense for h in hits[5:20]), reverse=True)
    terms = max(1, len(analyze(query.search.search_text)))
    lexical = max((h.lexical for h in top), default=0.0) / terms
    agreement = sum(1 for h in top if h.lexical > 0 and h.dense > 0) / max(1, len(top))
    asked_fact = [s for s in query.slots if s in FACT_SLOTS]
    blank = float(bool(best and asked_fact and all(best.grounds.fill(s) == "" for s in asked_fact)))
    years = list(query.years)
    year_text = " ".join(c.hit.passage.context + " " + c.grounds.document.title + " " + c.grounds.clause.text + " " +
                         " ".join(filter(None, (t.year or t.period for t in c.grounds.targets))) for c in chosen)
    names = [n for n in _TECH_NAME.findall(query.search.text) if not n.isdigit()]
    return {
        "dense": dense,
        "dense_gap": dense - (others[0] if others else 0.0),
        "lexical": math.log1p(lexical),
        "agreement": agreement,
        "cover": best.own_cover if best else 0.0,
        "filled": best.filled if best else 0.0,
        "blank": blank,
        "year_missing": float(bool(years) and not any(y in year_text for y in years)),
        "asks_year": float(bool(years)),
        "named_missing": float(bool(query.documents) and not (best and best.document in query.documents)),
        "unknown_name": float(any(n not in known_words for n in names)),
        "english": float(query.language == "en"),
        "value_missing": float(query.asks(Slot.VALUE) and not (best and has_amount(_text(best)))),
        "follow_up": float(query.follow_up),
        "lead_in": float(bool(best and best.grounds.items)),
        "unit_missing": float(_unit_missing(query, best) or _quantity_missing(query, best)),
        "target_year_mismatch": float(_target_year_mismatch(query, best)),
        "name_missing": float(name_missing(query, chosen)),
        "entity_missing": float(bool(entities_missing)),
        # how far the chosen clause falls short of holding half the question: a hinge, so that the
        # fit can weigh a clause holding a third of the question apart from one holding two thirds
        "uncovered": max(0.0, UNCOVERED - (best.own_cover if best else 0.0)),
        # a citizen's question holds their own situation and voice ("Con gái tôi vừa tròn 14 tuổi …"):
        # words no clause holds, so its cover is lower than an official's for the same evidence
        "voice": sum(1 for _, role in query.roles if role < 0.5) / max(1, len(query.roles)),
        "length": math.log1p(len(query.question.split())),
    }


def words_with_units(text: str) -> set[str]:
    """The text's words in lower case, and each number with the word after it written together:
    "1 Gb/s" holds "1gb", as a question writes it."""
    words = re.findall(r"\w+", text.lower())
    return set(words) | {a + b for a, b in zip(words, words[1:]) if a.isdigit() and len(b) > 1}


def name_missing(query: Query, chosen: list[Candidate]) -> bool:
    """A technical name the question asks about ("6G", "220kV", "PM2.5") that no chosen clause
    writes: an answer about 5G is not an answer about 6G."""
    names = {n for n in _TECH_NAME.findall(query.search.text) if not n.isdigit()}
    if not names or not chosen:
        return False
    # a name in the title of the document answering ("… hạ tầng 5G, IoT …") is what all of it is about
    held = words_with_units(" ".join(f"{_text(c)} {c.grounds.document.title}" for c in chosen))
    return any(n not in held for n in names)


def _text(best: Candidate) -> str:
    """What the answer can quote: the clause, its cells, a lead-in's items."""
    grounds = best.grounds
    return " ".join([grounds.clause.text, *grounds.clause.cells.values(), *(i.text for i in grounds.items)])


def _unit_missing(query: Query, best: Candidate | None) -> bool:
    """A figure asked in a unit ("bao nhiêu tỷ đồng") that the chosen clause never writes. Not for
    an English question: its unit is an English word no Vietnamese clause writes."""
    if best is None or query.language == "en" or query.asks(Slot.COUNT):
        return False  # "có mấy nhóm": the items are counted, not a figure written
    m = _UNIT_ASKED.search(query.search.text)
    if not m:
        return False
    unit = _PER.sub("", m.group(1).lower())  # "bao nhiêu mỗi tháng": the unit is "tháng"
    if not unit or _NOT_UNIT.match(unit):
        return False
    text = fold(_text(best).lower())  # without marks: "phân trăm" is typed for "phần trăm"
    counted = next((v for k, v in _COUNTED_FORMS.items() if fold(unit).startswith(fold(k))), set())
    forms = next((v for k, v in _UNIT_FORMS.items() if fold(unit).startswith(fold(k))), (unit, unit.split()[0]))
    if not counted and any(fold(f) in text for f in forms):
        return False
    counts = [m.group(1).split() for m in _COUNTED.finditer(text)]
    if counted:  # money: "500.000 đồng", "1,5 tỷ đồng": the unit within the two words after the figure
        return not any(counted & set(words[:2]) for words in counts)
    # "07 cơ sở giáo dục đại học" for "mấy trường đại học": a figure counting a word of the unit asked
    asked = set(fold(unit).split())
    return not any(asked & set(words) for words in counts)


def _quantity_missing(query: Query, best: Candidate | None) -> bool:
    """A quantity asked by its name (`Query.quantities`: "kinh phí bao nhiêu") that no figure of the
    chosen clause measures: a figure must stand in a sentence or a cell that names the quantity."""
    if best is None or not query.quantities:
        return False
    grounds = best.grounds
    texts = (grounds.clause.text, *(i.text for i in grounds.items))
    segments = [s for text in texts for s in _SENTENCE_END.split(text)]
    segments += [f"{label} {value}" for label, value in grounds.clause.cells.items()]
    measured = [syllables_of(s) for s in segments if has_amount(s)]
    return not any(all(s in held for s in name.split("_")) for name in query.quantities for held in measured)


def _target_year_mismatch(query: Query, best: Candidate | None) -> bool:
    """A figure asked for a year the chosen targets are not set for ("năm 2027" of a target for 2030)."""
    if best is None or not query.asks(Slot.VALUE) or not best.grounds.targets:
        return False
    asked = set(query.years)
    if not asked:
        return False
    stated = " ".join(filter(None, (t.year or t.period or "" for t in best.grounds.targets))) + " " + best.grounds.clause.text
    return not any(y in stated for y in asked)


@dataclass
class AbstentionModel:
    """A logistic regression over standardised features, and the probability an answer needs."""

    weights: list[float] = field(default_factory=lambda: [0.0] * len(FEATURES))
    bias: float = 3.0
    mean: list[float] = field(default_factory=lambda: [0.0] * len(FEATURES))
    std: list[float] = field(default_factory=lambda: [1.0] * len(FEATURES))
    threshold: float = 0.5
    info: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> "AbstentionModel":
        """The fitted model; without one every answer is given (the rules of `Assistant` still refuse
        when nothing was found)."""
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path} was fitted on other features; run `make fit-abstention`")
        return cls(data["weights"], data["bias"], data["mean"], data["std"], data["threshold"], data.get("info", {}))

    def probability(self, found: dict[str, float]) -> float:
        z = self.bias + sum(w * (found[name] - m) / (s or 1.0)
                            for name, w, m, s in zip(FEATURES, self.weights, self.mean, self.std))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def answers(self, found: dict[str, float]) -> bool:
        return self.probability(found) >= self.threshold

    def save(self, path: Path = MODEL_FILE) -> None:
        data = {"features": list(FEATURES), "weights": self.weights, "bias": self.bias, "mean": self.mean,
                "std": self.std, "threshold": self.threshold, "info": self.info}
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
