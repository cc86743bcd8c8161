"""The matchers bench_matcher.py compares newsnlp with, used as their users would:
pyahocorasick with the whole-word filter it needs, flashtext, spaCy's PhraseMatcher."""

from __future__ import annotations

import collections
from typing import Any


def build_ahocorasick(pairs: list[tuple[str, str]]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for alias, entity in pairs:
        key = alias.lower()
        found = automaton.get(key, None)
        if found is None:
            automaton.add_word(key, (len(key), [entity]))
        else:
            found[1].append(entity)
    automaton.make_automaton()
    return automaton


def ahocorasick_find(automaton: Any, texts: list[str]) -> int:
    """Every occurrence, kept when whole words: what a user of pyahocorasick writes."""
    n = 0
    for text in texts:
        low = text.lower()
        size = len(low)
        for end, (length, entities) in automaton.iter(low):
            start = end - length + 1
            if start > 0 and low[start - 1].isalnum():
                continue
            if end + 1 < size and low[end + 1].isalnum():
                continue
            n += len(entities)
    return n


def build_flashtext(pairs: list[tuple[str, str]]) -> Any:
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    for alias, entity in pairs:
        kp.add_keyword(alias, entity)  # one entity per alias: the last one wins
    return kp


def flashtext_find(kp: Any, texts: list[str]) -> int:
    return sum(len(kp.extract_keywords(t, span_info=True)) for t in texts)


def load_spacy(lang: str) -> Any | None:
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.blank(lang)
    except ImportError:
        return spacy.blank("xx")


def build_phrase_matcher(nlp: Any, pairs: list[tuple[str, str]]) -> Any:
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_entity: dict[str, list[Any]] = collections.defaultdict(list)
    aliases = [a for a, _ in pairs]
    for (_, entity), doc in zip(pairs, nlp.tokenizer.pipe(aliases, batch_size=4096)):
        by_entity[entity].append(doc)
    for entity, docs in by_entity.items():
        matcher.add(entity, docs)
    return matcher


def phrase_matcher_find(nlp: Any, matcher: Any, texts: list[str]) -> int:
    return sum(len(matcher(doc)) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
