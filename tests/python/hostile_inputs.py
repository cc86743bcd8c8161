"""Hostile inputs for the Python API, shared by test_hostile_input.py and the subprocess
that feeds all of them to one interpreter (``python hostile_inputs.py`` prints how many it
survived; a crash would kill it with a signal)."""

from __future__ import annotations

import io
import random
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import newsnlp

# Every way bytes can fail to be UTF-8 (Unicode Table 3-7): (name, bytes).
INVALID_UTF8 = [
    ("overlong 2-byte", b"\xc0\xaf"),
    ("overlong C1", b"\xc1\xbf"),
    ("overlong 3-byte", b"\xe0\x80\xaf"),
    ("overlong 4-byte", b"\xf0\x80\x80\xaf"),
    ("encoded high surrogate", b"\xed\xa0\x80"),
    ("encoded low surrogate", b"\xed\xbf\xbf"),
    ("CESU-8 pair", b"\xed\xa0\xbd\xed\xb8\x80"),
    ("above U+10FFFF", b"\xf4\x90\x80\x80"),
    ("truncated 2-byte", b"\xc3 "),
    ("truncated 3-byte", b"\xe2\x82 "),
    ("truncated 4-byte", b"\xf0\x9f\x98 "),
    ("truncated at the end", b"\xe2\x82"),
    ("byte F5", b"\xf5\x80\x80\x80"),
    ("byte F8", b"\xf8"),
    ("byte FE", b"\xfe"),
    ("byte FF", b"\xff"),
    ("stray continuation 80", b"\x80"),
    ("stray continuation BF", b"\xbf"),
]

LONE_SURROGATES = ["\ud800", "\udfff", "a\udc00b", "\ud83d", "x \udbff\udfff\ud800 y"]

# Units that feed the news rules or build one huge grapheme cluster when repeated.
REPEATED_UNITS = [
    "l’",
    "-t-il",
    ".",
    "M.",
    "U.S.",
    "1\u202f000",
    "http://a.b/",
    "a@b.",
    "@",
    "#a",
    "a-",
    "« ",
    "👩\u200d",
    "\u0301",
    "🇫",
    "\u0640",
    "\u00a0",
    "\x00",
]


def prefix_aliases(depth: int) -> list[str]:
    """All token sequences over {xa, xb} of 1 to depth tokens (2**(depth+1) - 2 of them):
    each is a prefix of the longer ones."""
    out: list[str] = []
    level = [""]
    for _ in range(depth):
        level = [f"{s} {t}".strip() for s in level for t in ("xa", "xb")]
        out.extend(level)
    return out


def prefix_gazetteer_csv(depth: int, entities: int = 1000) -> str:
    aliases = prefix_aliases(depth)
    out = io.StringIO()
    out.write("id,name,type,aliases\n")
    for e in range(entities):
        out.write(f"e{e},entity {e},T,{'|'.join(aliases[e::entities])}\n")
    return out.getvalue()


def sample_models(folder: Path) -> dict[str, tuple[bytes, Callable[[bytes], object]]]:
    """A small fitted model of each kind that has a model file: the file's bytes, and a
    function that loads given bytes (through a file in `folder`) and uses the model."""
    docs = [
        "Le secrétaire d’État Antony Blinken au Maroc.",
        "Daech (EI) ; الدولة الإسلامية",
        "The U.S. and the EU met in Rabat.",
    ]
    gaz = newsnlp.Gazetteer.from_records(
        [
            {"id": "per:blinken", "name": "Antony Blinken", "type": "PER", "aliases": ["Blinken"]},
            {
                "id": "org:daech",
                "name": "État islamique",
                "type": "ORG",
                "aliases": ["Daech", "EI"],
            },
        ]
    )
    estimators = {
        "matcher": newsnlp.EntityMatcher(gaz),
        "count": newsnlp.CountVectorizer(ngram_range=(1, 2)).fit(docs),
        "tfidf": newsnlp.TfidfVectorizer(analyzer="char_wb").fit(docs),
        "hashing": newsnlp.HashingVectorizer(n_features=64),
    }
    models: dict[str, tuple[bytes, Callable[[bytes], object]]] = {}
    for name, est in estimators.items():
        path = folder / f"{name}.model"
        est.save(path)
        models[name] = (path.read_bytes(), partial(_load_and_use, type(est), path, docs))
    return models


def _load_and_use(cls: type, path: Path, docs: list[str], data: bytes) -> object:
    path.write_bytes(data)
    model = cls.load(path)
    if isinstance(model, newsnlp.EntityMatcher):
        return [model.find(d) for d in docs]
    return model.transform(docs)


def truncations(data: bytes, dense: int = 600) -> Iterator[bytes]:
    """Every prefix of small data; of larger data, the first and last `dense` lengths
    and an even sample in between."""
    n = len(data)
    lengths = set(range(min(n, dense))) | set(range(max(0, n - dense), n))
    lengths |= set(range(0, n, max(1, n // dense)))
    for k in sorted(lengths):
        yield data[:k]


def flips(data: bytes, count: int, seed: int = 5) -> Iterator[bytes]:
    rng = random.Random(seed)
    for _ in range(count):
        bad = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            bad[rng.randrange(len(bad))] ^= 1 << rng.randrange(8)
        yield bytes(bad)


def feed_all() -> int:
    """Feeds every hostile input once (small sizes); returns how many calls ended in a
    result or a clean error."""
    tok = newsnlp.Tokenizer("fr")
    gaz = newsnlp.Gazetteer.from_records([{"id": "ma", "name": "Maroc", "type": "LOC"}])
    matcher = newsnlp.EntityMatcher(gaz, tokenizer=tok)
    vec = newsnlp.TfidfVectorizer()
    calls = 0

    def survive(fn: Callable[[], object], *errors: type[BaseException]) -> None:
        nonlocal calls
        try:
            fn()
        except errors:
            pass
        calls += 1

    for _, bad in INVALID_UTF8:
        raw = b"ok " + bad + b" Maroc"
        survive(lambda raw=raw: tok(raw), newsnlp.InvalidUtf8Error)
        survive(lambda raw=raw: tok(raw, errors="replace"))
        survive(lambda raw=raw: tok.pipe([b"a", raw], n_jobs=2), newsnlp.InvalidUtf8Error)
        survive(lambda raw=raw: matcher.find(raw), newsnlp.InvalidUtf8Error)
        survive(lambda raw=raw: newsnlp.word_boundaries(raw), newsnlp.InvalidUtf8Error)
        survive(lambda raw=raw: newsnlp.normalize(raw), newsnlp.InvalidUtf8Error)
    for s in LONE_SURROGATES:
        survive(lambda s=s: tok(s), UnicodeEncodeError)
        survive(lambda s=s: tok(s, errors="replace"))
        survive(lambda s=s: matcher.find(s), UnicodeEncodeError)
        survive(lambda s=s: vec.fit_transform([s + " texte", "autre texte"]))
    for unit in REPEATED_UNITS:
        text = "e" + unit * 20000
        survive(lambda text=text: tok(text))
        survive(lambda text=text: matcher.find(text))
        survive(lambda text=text: vec.fit_transform([text, "mot"]))
    survive(lambda: tok("a" * (10 << 20)))
    survive(lambda: tok.pipe([""] * 100_000 + ["a"] * 100_000, n_jobs=2))
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "prefixes.csv"
        csv.write_text(prefix_gazetteer_csv(12), encoding="utf-8")
        survive(lambda: newsnlp.EntityMatcher(newsnlp.Gazetteer.from_csv(csv)).find("xa xb " * 100))
        for data, use in sample_models(Path(folder)).values():
            for bad in truncations(data, dense=100):
                survive(lambda bad=bad, use=use: use(bad), newsnlp.NewsnlpIOError)
            for bad in flips(data, 200):
                survive(lambda bad=bad, use=use: use(bad), newsnlp.NewsnlpIOError)
    return calls


if __name__ == "__main__":
    print(f"survived {feed_all()} hostile calls")
    sys.exit(0)
