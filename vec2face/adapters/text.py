"""Texts to topic vectors (scikit-learn): TF-IDF with NMF, or word counts with LDA.

Each text becomes a vector of topic weights; each topic is named by its top
words. Empty texts are refused with their line numbers.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from vec2face.errors import InputError
from vec2face.io.inputs import text_list

TOPIC_MODELS = ("nmf", "lda")
# What the word pattern leaves of English contractions ("I've" -> "ve", "don't" -> "don"), which scikit-learn's
# English stop words lack: a cluster of fortunes was named "ve got thing".
CONTRACTION_PARTS = frozenset({"ve", "ll", "re", "don", "doesn", "didn", "isn", "wasn", "aren", "weren", "won",
                               "wouldn", "couldn", "shouldn", "haven", "hasn", "hadn", "ain", "mustn", "needn"})


class TextTopics(TransformerMixin, BaseEstimator):
    """Topic vectors of texts.

    Args:
        n_topics: number of topics (the vector length).
        method: ``"nmf"`` (TF-IDF, non-negative matrix factorisation) or ``"lda"``.
        max_features: vocabulary size.
        random_state: seed.

    Fitted attributes: ``topic_names_`` (top words per topic), ``vocabulary_``.
    """

    def __init__(self, n_topics: int = 10, *, method: str = "nmf", max_features: int = 5000, random_state: int = 0):
        self.n_topics = n_topics
        self.method = method
        self.max_features = max_features
        self.random_state = random_state

    def _check_texts(self, texts, fitting: bool = False):
        texts = text_list(texts)
        if fitting and len(texts) < 2:
            raise InputError("topic modelling needs at least 2 texts")
        return texts

    def fit(self, texts, y=None):
        return self._fit(texts)[0]

    def fit_transform(self, texts, y=None):
        return self._fit(texts)[1]

    def _fit(self, texts):
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        texts = self._check_texts(texts, fitting=True)
        if self.method not in TOPIC_MODELS:
            raise InputError(f"unknown topic model {self.method!r}; use one of {', '.join(TOPIC_MODELS)}")
        vec_cls = TfidfVectorizer if self.method == "nmf" else CountVectorizer
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        self.vectorizer_ = vec_cls(max_features=self.max_features, stop_words=sorted(ENGLISH_STOP_WORDS | CONTRACTION_PARTS),
                                   min_df=1)
        try:
            counts = self.vectorizer_.fit_transform(texts)
        except ValueError:
            raise InputError("the texts hold no words to model (only stop words or punctuation)") from None
        k = int(max(1, min(self.n_topics, counts.shape[0] - 1, counts.shape[1])))
        if self.method == "nmf":
            from sklearn.decomposition import NMF

            self.model_ = NMF(n_components=k, init="nndsvda", random_state=self.random_state, max_iter=400)
        else:
            from sklearn.decomposition import LatentDirichletAllocation

            self.model_ = LatentDirichletAllocation(n_components=k, random_state=self.random_state)
        W = self.model_.fit_transform(counts)
        self.counts_ = counts
        words = np.array(self.vectorizer_.get_feature_names_out())
        self.vocabulary_ = self.vectorizer_.vocabulary_
        self.topic_names_ = [" ".join(words[np.argsort(-comp)[:3]]) for comp in self.model_.components_]
        self.n_topics_ = k
        return self, W

    def transform(self, texts):
        texts = self._check_texts(texts)
        return self.model_.transform(self.vectorizer_.transform(texts))

    def name_group(self, members: np.ndarray, top: int = 3) -> str:
        """A name for a group of the fitted texts (their indices): the words that
        weigh most in the group, relative to all texts."""
        counts = self.counts_
        inside = np.asarray(counts[members].mean(axis=0)).ravel()
        overall = np.asarray(counts.mean(axis=0)).ravel()
        score = inside * np.log1p(inside / (overall + 1e-9))
        words = np.array(self.vectorizer_.get_feature_names_out())
        return " ".join(words[np.argsort(-score)[:top]])
