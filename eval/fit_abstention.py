"""Fit the abstention model on the dev questions: `make fit-abstention` (or `python -m eval.fit_abstention`).

Every dev question is answered without refusing. A logistic regression (L2, Newton's method)
learns from the evidence features the probability that the documents answer the question (only
answers the model decides are fitted, not those from a document's identity or an agency's task
list); the threshold is the one that costs least on dev, answering a question the documents do not answer
costing FALSE_ANSWER and refusing one they do answer FALSE_REFUSAL. (Refusing an answerable
question whose answer came out incomplete gains nothing: it is a failure either way, and the
answer at least quotes the clause.) A blank-cell answer already counts as a refusal. The test
split is never used.
"""

from __future__ import annotations

import json
import sys

import numpy as np

from assistant.abstain import FEATURES, MODEL_FILE, AbstentionModel
from eval.answers import judge
from eval.questions import load, split_path
from policyqa.settings import Settings, prepare_runtime

FALSE_ANSWER = 3.0  # a wrong answer, or an answer to what the documents do not say
FALSE_REFUSAL = 1.0  # refusing a question the documents answer
L2 = 1.0


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised features: weights and bias."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.diag([l2] * d + [0.0])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(design @ w, -30, 30)))
        gradient = design.T @ (p - y) + penalty @ w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(d + 1), gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


# The direction evidence can only push: a closer passage never makes an answer less likely, a
# missing year never more. A feature the fit gives the other sign (the dev set's near misses
# overlap the clauses closely, so raw closeness there goes with refusing) is left out and the rest
# refitted, so that a question far from every clause is still refused.
SIGNS = {"dense": 1, "dense_gap": 1, "lexical": 1, "agreement": 1, "cover": 1, "filled": 1, "blank": -1,
         "year_missing": -1, "named_missing": -1, "unknown_name": -1, "value_missing": -1, "unit_missing": -1,
         "target_year_mismatch": -1, "name_missing": -1, "entity_missing": -1, "uncovered": -1,
         "voice": 1, "length": 1}


def fit_signed(x: np.ndarray, y: np.ndarray, names: tuple[str, ...]) -> tuple[np.ndarray, float]:
    """`fit`, each feature of SIGNS kept only with its sign (the others dropped one by one, the
    most wrong first)."""
    active = list(range(x.shape[1]))
    while True:
        weights, bias = fit(x[:, active], y)
        wrong = [(weights[i] * SIGNS.get(names[j], 0), j) for i, j in enumerate(active)
                 if weights[i] * SIGNS.get(names[j], 0) < 0]
        if not wrong:
            full = np.zeros(x.shape[1])
            full[active] = weights
            return full, bias
        active.remove(min(wrong)[1])


def cost(probabilities: np.ndarray, answerable: np.ndarray, threshold: float) -> float:
    answers = probabilities >= threshold
    return float(FALSE_ANSWER * np.sum(answers & ~answerable) + FALSE_REFUSAL * np.sum(~answers & answerable))


def best_threshold(probabilities: np.ndarray, answerable: np.ndarray) -> float:
    grid = np.unique(np.concatenate([[0.0], probabilities, [1.0]]))
    return float(min(grid, key=lambda t: (cost(probabilities, answerable, t), t)))


def fit_standardised(x: np.ndarray, answerable: np.ndarray, names: tuple[str, ...]):
    """`fit_signed` on features standardised over these rows: (mean, std, weights, bias)."""
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    weights, bias = fit_signed((x - mean) / std, answerable.astype(float), names)
    return mean, std, weights, bias


def cross_validated_cost(x: np.ndarray, answerable: np.ndarray, names: tuple[str, ...], folds: int = 5,
                         repeats: int = 5) -> float:
    """The 3:1 cost of the whole procedure (standardise, fit with signs, choose the threshold) on
    questions it was not fitted on, averaged over shuffled k-fold splits. The in-sample cost always
    falls when a feature is added; this is the figure that says whether a feature generalises."""
    totals = []
    for seed in range(repeats):
        order = np.random.default_rng(seed).permutation(len(x))
        total = 0.0
        for held in np.array_split(order, folds):
            kept = np.setdiff1d(order, held)
            mean, std, weights, bias = fit_standardised(x[kept], answerable[kept], names)

            def probability(rows: np.ndarray) -> np.ndarray:  # AbstentionModel.probability, for many rows
                return 1.0 / (1.0 + np.exp(-np.clip(((rows - mean) / std) @ weights + bias, -30, 30)))

            threshold = best_threshold(probability(x[kept]), answerable[kept])
            total += cost(probability(x[held]), answerable[held], threshold)
        totals.append(total)
    return float(np.mean(totals))


def collect(assistant, questions, sources) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows, right, answerable = [], [], []
    for question in questions:
        answer = assistant.ask(question.question, history=question.history, decide=False)
        if not answer.evidence:
            continue  # answered from a document's identity or an agency's task list, or refused by a rule
        found = answer.evidence
        rows.append([found[name] for name in FEATURES])
        right.append(judge(question, answer.to_dict(), sources).correct)
        answerable.append(question.answerable)
    return np.array(rows, dtype=float), np.array(right, dtype=bool), np.array(answerable, dtype=bool)


def main() -> int:
    prepare_runtime()
    from assistant.assistant import Assistant
    from index.embedders import load_embedder
    from webui.service import open_searcher

    settings = Settings.from_env()
    searcher = open_searcher(settings, load_embedder(settings.embedder))
    assistant = Assistant(searcher, abstention=AbstentionModel())
    questions = load(split_path("dev"))
    x, right, answerable = collect(assistant, questions, searcher.corpus.verbatim_sources())
    mean, std, weights, bias = fit_standardised(x, answerable, FEATURES)
    model = AbstentionModel(weights.tolist(), bias, mean.tolist(), std.tolist())
    probabilities = np.array([model.probability(dict(zip(FEATURES, row))) for row in x])
    model.threshold = best_threshold(probabilities, answerable)
    answers = probabilities >= model.threshold
    model.info = {"fitted_on": "dev", "questions": len(questions), "fitted": len(x), "right_without_refusing": int(right.sum()),
                  "costs": {"false_answer": FALSE_ANSWER, "false_refusal": FALSE_REFUSAL},
                  "dev_cost": cost(probabilities, answerable, model.threshold),
                  "dev_answered_right": int(np.sum(answers & right)), "dev_answered_wrong": int(np.sum(answers & ~right)),
                  "dev_refused_answerable": int(np.sum(~answers & answerable)),
                  "dev_refused_unanswerable": int(np.sum(~answers & ~answerable))}
    model.save(MODEL_FILE)
    print(json.dumps({"threshold": model.threshold, **model.info,
                      "dev_cost_cross_validated": cross_validated_cost(x, answerable, FEATURES),
                      "weights": dict(zip(FEATURES, (round(w, 3) for w in model.weights)))}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
