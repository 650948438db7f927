"""One linear classifier for intents and knowledge entries, over n-grams and sentence embeddings.

Every label is scored together: plain intents and each knowledge entry as its
full retrieval label (`faq/<key>`), so "which entry" is decided with "is it a
knowledge question at all". A linear SVM on TF-IDF-weighted n-gram counts
(from Rasa's CountVectorsFeaturizers) joined with e5 sentence vectors
(nlu/encoder.py) beat DIET + ResponseSelector in accuracy and trains in
seconds instead of minutes (README, "Understanding").

Scores become probabilities by temperature scaling fitted on 3-fold
cross-validated scores of the training data, so FallbackClassifier's
threshold is a real probability of being right. The knowledge entry is given
in the `response_selector` shape Rasa's RulePolicy and ActionRetrieveResponse
read, so `utter_faq` and the NLG endpoint keep working unchanged.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

logger = logging.getLogger(__name__)


class LinearModel:
    """The fitted parts as plain arrays: persisted with numpy, no pickle."""

    def __init__(
        self,
        labels: list[str],
        coef: np.ndarray,
        intercept: np.ndarray,
        idf: dict[str, np.ndarray],
        dense_weight: float,
        temperature: float,
    ) -> None:
        self.labels = labels
        self.coef = coef
        self.intercept = intercept
        self.idf = idf
        self.dense_weight = dense_weight
        self.temperature = temperature

    def probabilities(self, x: sp.csr_matrix) -> np.ndarray:
        return softmax(self.scores(x) / self.temperature)

    def scores(self, x: sp.csr_matrix) -> np.ndarray:
        return np.asarray(x @ self.coef.T) + self.intercept


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """The T minimising the negative log-likelihood of softmax(scores / T) (Guo et al., 2017)."""

    def nll(t: float) -> float:
        p = softmax(scores / t)
        return float(-np.log(p[np.arange(len(gold)), gold] + 1e-12).mean())

    grid = np.exp(np.linspace(np.log(0.01), np.log(10.0), 200))
    return float(min(grid, key=nll))


def sentence_blocks(message: Message) -> dict[str, Any]:
    """The message's sentence features by the featurizer that made them."""
    return {
        f.origin if isinstance(f.origin, str) else "+".join(f.origin): f.features
        for f in message.features
        if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE
    }


def assemble(
    messages: list[Message], idf: dict[str, np.ndarray] | None, dense_weight: float
) -> tuple[sp.csr_matrix, dict[str, np.ndarray]]:
    """One row per message: each sparse block TF-IDF weighted (sublinear tf) and L2-normalised, dense blocks scaled.

    With `idf` None the IDF weights are computed from these messages (training).
    """
    per_origin: dict[str, list[Any]] = defaultdict(list)
    blocks = [sentence_blocks(m) for m in messages]
    origins = sorted({o for b in blocks for o in b})
    for b in blocks:
        for origin in origins:
            per_origin[origin].append(b.get(origin))
    fitted = dict(idf or {})
    parts = []
    for origin in origins:
        rows = per_origin[origin]
        width = next(r.shape[1] for r in rows if r is not None)
        if sp.issparse(next(r for r in rows if r is not None)):
            m = sp.vstack([sp.csr_matrix(r) if r is not None else sp.csr_matrix((1, width)) for r in rows]).tocsr()
            m.data = 1.0 + np.log(np.maximum(m.data, 1e-12))
            if idf is None:
                df = np.bincount(m.indices, minlength=m.shape[1])
                fitted[origin] = np.log((1 + m.shape[0]) / (1 + df)) + 1.0
            m = m @ sp.diags(fitted[origin])
            norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1))).ravel()
            m = sp.diags(1.0 / np.maximum(norms, 1e-12)) @ m
            parts.append(sp.csr_matrix(m))
        else:
            d = np.vstack([np.asarray(r).reshape(1, -1) if r is not None else np.zeros((1, width)) for r in rows])
            parts.append(sp.csr_matrix(d * dense_weight))
    return sp.hstack(parts).tocsr(), fitted


def set_entry(message: Message, retrieval: str, ranked: list[tuple[str, float]]) -> None:
    """The knowledge entry in the shape Rasa's ResponseSelector gives (read by `utter_<retrieval>`)."""
    top, confidence = ranked[0]
    prediction = {
        RESPONSE_SELECTOR_RESPONSES_KEY: [],
        PREDICTED_CONFIDENCE_KEY: confidence,
        INTENT_RESPONSE_KEY: top,
        RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{top}",
    }
    ranking = [{"id": None, PREDICTED_CONFIDENCE_KEY: c, INTENT_RESPONSE_KEY: label} for label, c in ranked]
    selector = {
        RESPONSE_SELECTOR_RETRIEVAL_INTENTS: [retrieval],
        retrieval: {RESPONSE_SELECTOR_PREDICTION_KEY: prediction, RESPONSE_SELECTOR_RANKING_KEY: ranking},
    }
    message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selector, add_to_output=True)


def fit_svm(x: sp.csr_matrix, y: np.ndarray, c: float, seed: int, class_weight: str | None) -> LinearSVC:
    return LinearSVC(C=c, class_weight=class_weight, random_state=seed, max_iter=5000).fit(x, y)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Intents and knowledge entries from sparse and dense sentence features, with calibrated probabilities."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 1.0,
            # Weight of the (unit-length) dense vector against each unit-length n-gram block.
            "dense_weight": 2.0,
            # "balanced" weighs small intents (record_saving: 13 examples) like large ones.
            "class_weight": None,
            # Folds of the cross-validation the temperature is fitted on, and threads for them (0: all cores).
            "folds": 3,
            "jobs": 0,
            "random_seed": 7,
            "retrieval_intent": "faq",
            # 0: every intent in intent_ranking (and every entry in the selector's ranking).
            "ranking_length": 0,
        }

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, model: LinearModel | None
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self.model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource, None)

    @staticmethod
    def label_of(message: Message) -> str | None:
        return message.get(INTENT_RESPONSE_KEY) or message.get(INTENT)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and self.label_of(m)]
        if not examples:
            return self._resource
        labels = sorted({str(self.label_of(m)) for m in examples})
        y = np.array([labels.index(str(self.label_of(m))) for m in examples])
        x, idf = assemble(examples, None, self.config["dense_weight"])
        c, seed, weights = float(self.config["C"]), int(self.config["random_seed"]), self.config["class_weight"]
        # Out-of-fold scores for calibration (IDF from all data: a small, standard leak that only tf-idf weights see).
        folds = min(int(self.config["folds"]), int(np.bincount(y).min()))
        oof = np.zeros((len(y), len(labels)))
        if folds >= 2:
            splits = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y))

            def held_out_scores(train_idx: np.ndarray, test_idx: np.ndarray) -> np.ndarray:
                svm = fit_svm(x[train_idx], y[train_idx], c, seed, weights)
                scores = np.full((len(test_idx), len(labels)), -1e3)
                scores[:, svm.classes_] = svm.decision_function(x[test_idx])
                return scores

            # liblinear releases the GIL: the folds train side by side on the machine's cores.
            jobs = int(self.config["jobs"]) or -1
            found = Parallel(n_jobs=jobs, prefer="threads")(delayed(held_out_scores)(a, b) for a, b in splits)
            for (_, test_idx), scores in zip(splits, found, strict=True):
                oof[test_idx] = scores
            temperature = fit_temperature(oof, y)
            logger.info("cross-validated accuracy %.4f, temperature %.3f", (oof.argmax(1) == y).mean(), temperature)
        else:
            temperature = 1.0
        svm = fit_svm(x, y, c, seed, weights)
        coef = np.zeros((len(labels), x.shape[1]), dtype=np.float32)
        intercept = np.full(len(labels), -1e3)
        coef[svm.classes_] = svm.coef_
        intercept[svm.classes_] = svm.intercept_
        self.model = LinearModel(labels, coef, intercept, idf, float(self.config["dense_weight"]), temperature)
        self._persist()
        return self._resource

    def _persist(self) -> None:
        assert self.model is not None
        m = self.model
        with self._storage.write_to(self._resource) as directory:
            arrays = {"coef": m.coef, "intercept": m.intercept, **{f"idf::{k}": v for k, v in m.idf.items()}}
            np.savez_compressed(directory / "linear.npz", **arrays)
            meta = {"labels": m.labels, "dense_weight": m.dense_weight, "temperature": m.temperature}
            (directory / "linear.json").write_text(json.dumps(meta))

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                meta = json.loads((directory / "linear.json").read_text())
                with np.load(directory / "linear.npz", allow_pickle=False) as arrays:
                    idf = {k.removeprefix("idf::"): arrays[k] for k in arrays.files if k.startswith("idf::")}
                    model = LinearModel(
                        meta["labels"],
                        arrays["coef"],
                        arrays["intercept"],
                        idf,
                        meta["dense_weight"],
                        meta["temperature"],
                    )
        except ValueError:
            logger.warning("no trained %s found; it will predict nothing", cls.__name__)
            model = None
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.model is None or not messages:
            return messages
        x, _ = assemble(messages, self.model.idf, self.model.dense_weight)
        for message, probs in zip(messages, self.model.probabilities(x), strict=True):
            self._set_outputs(message, probs)
        return messages

    def _set_outputs(self, message: Message, probs: np.ndarray) -> None:
        assert self.model is not None
        prefix = self.config["retrieval_intent"] + "/"
        order = np.argsort(-probs)
        labels = self.model.labels
        # Intents: a retrieval intent's confidence is its best entry's (the answer she gets is that entry).
        intent_conf: dict[str, float] = {}
        for i in order:
            name = labels[i].split("/")[0]
            intent_conf.setdefault(name, float(probs[i]))
        ranking = [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: c} for n, c in intent_conf.items()]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking[: self.config["ranking_length"] or None], add_to_output=True)
        entries = [i for i in order if labels[i].startswith(prefix)]
        if not entries:
            return
        ranked = [(labels[i], float(probs[i])) for i in entries[: self.config["ranking_length"] or None]]
        set_entry(message, self.config["retrieval_intent"], ranked)
