"""Tokenizer.pipe: order, n_jobs and batch_size independence, generators, progress, shared
use from Python threads, and Ctrl-C."""

from __future__ import annotations

import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from interrupts import interrupt_during

import newsnlp

TOK = newsnlp.Tokenizer("fr")

TEXTS = [
    f"Document {i} : le ministre n°{i} a remercié l’accueil du Royaume. « Très bien », dit-il."
    if i % 3
    else f"دعا الوزير {i} إلى الحوار. Il est parti à {i} h 😀 #COP{i}"
    for i in range(500)
]


def summary(doc: newsnlp.Doc) -> tuple:
    return (
        doc.text,
        doc.offsets.tolist(),
        doc.kinds.tolist(),
        doc.norms,
        [(s.start, s.end, s.token_start, s.token_end) for s in doc.sentences],
    )


@pytest.fixture(scope="module")
def expected():
    return [summary(TOK(t)) for t in TEXTS]


@pytest.mark.parametrize("n_jobs", [1, 2, -1])
def test_pipe_order_and_results_do_not_depend_on_n_jobs(expected, n_jobs):
    docs = TOK.pipe(TEXTS, n_jobs=n_jobs)
    assert [summary(d) for d in docs] == expected


@pytest.mark.parametrize("batch_size", [1, 2, 7, 499, 500, 501, 100_000])
def test_batch_size_does_not_change_results(expected, batch_size):
    docs = TOK.pipe(TEXTS, n_jobs=2, batch_size=batch_size)
    assert [summary(d) for d in docs] == expected


@pytest.mark.parametrize("batch_size", [1, 64, 2048])
def test_generator_input(expected, batch_size):
    docs = TOK.pipe((t for t in TEXTS), n_jobs=2, batch_size=batch_size)
    assert [summary(d) for d in docs] == expected


def test_other_iterables():
    assert [d.text for d in TOK.pipe(tuple(TEXTS[:3]))] == TEXTS[:3]
    assert [d.text for d in TOK.pipe(iter(TEXTS[:3]))] == TEXTS[:3]
    assert [d.text for d in TOK.pipe({"a": 1, "b": 2})] == ["a", "b"]
    assert [d.text for d in TOK.pipe([b"\xc3\xa9t\xc3\xa9", "x"])] == ["été", "x"]
    assert TOK.pipe(iter([])) == []


def test_progress_writes_to_stderr_only(capsys, expected):
    docs = TOK.pipe(TEXTS, n_jobs=2, batch_size=100, progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert "500" in err
    assert [summary(d) for d in docs] == expected
    TOK.pipe(TEXTS[:5])
    assert capsys.readouterr() == ("", "")  # off by default


def test_progress_with_a_generator(capsys):
    docs = TOK.pipe((t for t in TEXTS[:10]), progress=True)
    assert len(docs) == 10
    assert "10" in capsys.readouterr().err


def test_tokenizer_shared_by_python_threads(expected):
    # A Tokenizer is immutable: concurrent calls from threads (GIL released in C++) must
    # give the serial results.
    chunks = [TEXTS[k : k + 50] for k in range(0, len(TEXTS), 50)]

    def work(chunk):
        single = [summary(TOK(t)) for t in chunk]
        batched = [summary(d) for d in TOK.pipe(chunk, n_jobs=2, batch_size=16)]
        assert single == batched
        return batched

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [s for chunk in pool.map(work, chunks * 3) for s in chunk]
    assert results == expected * 3


def test_docs_outlive_their_inputs():
    texts = [f"texte numéro {i}" for i in range(100)]
    docs = TOK.pipe(texts, n_jobs=2)
    del texts
    assert [d[1].text for d in docs] == ["numéro"] * 100


# --- Ctrl-C --------------------------------------------------------------------------------


def _process_is_fine(expected) -> None:
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert [summary(d) for d in TOK.pipe(TEXTS, n_jobs=2)] == expected


def test_keyboard_interrupt_stops_a_long_pipe(expected):
    texts = [f"Dépêche {i} : le ministre a remercié l’accueil du Royaume." for i in range(200_000)]
    latency = interrupt_during(lambda: TOK.pipe(texts, n_jobs=2), delay=0.3)
    assert latency < 5.0
    _process_is_fine(expected)


def test_keyboard_interrupt_inside_one_cpp_batch(expected):
    # One batch of long documents: the interrupt lands in C++ work with the GIL released,
    # which polls Python's signal handlers between chunks of documents.
    para = "Le secrétaire d’État a remercié le ministre pour l’accueil du Royaume. " * 300
    texts = [f"{i} {para}" for i in range(2000)]

    def run() -> None:
        TOK.pipe(texts, n_jobs=2, batch_size=len(texts))

    started = time.monotonic()
    run()
    full = time.monotonic() - started
    latency = interrupt_during(run, delay=max(0.05, full * 0.3))
    # stopped well before the batch could have finished on its own
    assert latency < max(0.5, full / 2), (
        f"interrupt took {latency:.2f} s, a full batch {full:.2f} s"
    )
    _process_is_fine(expected)
