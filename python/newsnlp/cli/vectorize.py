"""``newsnlp vectorize``: documents in, a TF-IDF, count or hashing matrix out, as a SciPy
``.npz`` (with the article ids and feature names), JSONL (one line per document) or CSV
(one row per non-zero)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

import numpy as np

from ..tokenizer import Tokenizer
from ._common import (
    CliError,
    add_corpus_arguments,
    add_run_arguments,
    corpus_reader,
    import_heavy_modules,
    output_file,
    output_format,
    report_bad_lines,
)


def _df(value: str) -> float | int:
    """min_df / max_df as scikit-learn reads them: an int is a count, a float a fraction."""
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "vectorize",
        help="documents in, a TF-IDF / count / hashing matrix out (.npz, JSONL or CSV)",
        description="Vectorizes the documents with newsnlp's tokenizer (norms, no stop "
        "words). --lang picks the tokenizer; by default the records' language when they all "
        "share one, else multilingual. .npz output: scipy.sparse.load_npz reads the matrix; "
        "numpy.load gives 'ids' and 'features' too.",
    )
    add_corpus_arguments(p, stdin=True)
    p.add_argument("--kind", default="tfidf", choices=["tfidf", "count", "hashing"])
    p.add_argument("--ngrams", type=int, default=1, metavar="N", help="word n-grams 1..N")
    p.add_argument("--min-df", type=_df, default=1, help="int: documents, float: fraction")
    p.add_argument("--max-df", type=_df, default=1.0, help="int: documents, float: fraction")
    p.add_argument("--max-features", type=int, default=None)
    p.add_argument("--binary", action="store_true", help="1/0 instead of counts")
    p.add_argument("--sublinear-tf", action="store_true", help="tf-idf: 1 + log(tf)")
    p.add_argument("--n-features", type=int, default=2**20, help="hashing: columns")
    p.add_argument(
        "--dtype", default="float64", choices=["float64", "float32"],
        help="values of tfidf and hashing matrices (counts are int64)",
    )  # fmt: skip
    p.add_argument("-o", "--output", required=True, help="output file (.npz, .jsonl, .csv)")
    p.add_argument("--output-format", choices=["npz", "jsonl", "csv"])
    add_run_arguments(p)
    p.set_defaults(run=run)


def _vectorizer(args: argparse.Namespace, lang: str) -> Any:
    from ..hashing import HashingVectorizer
    from ..tfidf import CountVectorizer, TfidfVectorizer

    common: dict[str, Any] = {
        "tokenizer": Tokenizer(lang),
        "token_pattern": None,
        "ngram_range": (1, args.ngrams),
        "binary": args.binary,
        "dtype": np.dtype(args.dtype),
        "n_jobs": args.n_jobs,
    }
    if args.kind == "hashing":
        return HashingVectorizer(n_features=args.n_features, **common)
    counting = {"min_df": args.min_df, "max_df": args.max_df, "max_features": args.max_features}
    if args.kind == "count":
        common["dtype"] = np.int64  # counts are integers
        return CountVectorizer(**counting, **common)
    return TfidfVectorizer(sublinear_tf=args.sublinear_tf, **counting, **common)


def _write(path: str, fmt: str, matrix: Any, ids: list[Any], features: list[str] | None) -> None:
    if fmt == "npz":
        with output_file(path, "wb") as f:
            np.savez_compressed(
                f, data=matrix.data, indices=matrix.indices, indptr=matrix.indptr,
                shape=np.asarray(matrix.shape), format=np.asarray("csr"),
                ids=np.asarray([str(i) for i in ids]),
                features=np.asarray(features if features is not None else [], dtype=str),
            )  # fmt: skip
        return
    names = features if features is not None else None
    with output_file(path) as out:
        writer = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        if writer:
            writer.writerow(["article_id", "feature", "value"])
        for row, doc_id in enumerate(ids):
            lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
            cols = matrix.indices[lo:hi].tolist()
            values = matrix.data[lo:hi].tolist()
            keys = [names[c] for c in cols] if names is not None else [str(c) for c in cols]
            if writer:
                writer.writerows((str(doc_id), k, v) for k, v in zip(keys, values))
            else:
                record = {"id": doc_id, "features": dict(zip(keys, values))}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def run(args: argparse.Namespace) -> int:
    if args.ngrams < 1:
        raise CliError(f"--ngrams must be >= 1 (got {args.ngrams})")
    fmt = output_format(args.output, args.output_format, ["npz", "jsonl", "csv"])
    if fmt == "npz" and args.output == "-":
        raise CliError("an .npz matrix cannot go to stdout: name an output file")
    import_heavy_modules()
    reader = corpus_reader(args, args.inputs or ["-"])
    articles = reader.read()
    report_bad_lines(reader)
    langs = {a.lang for a in articles}
    lang = args.lang if args.lang != "xx" or len(langs) != 1 else langs.pop()
    vectorizer = _vectorizer(args, lang)
    texts = [a.text for a in articles]
    if args.kind == "hashing":
        matrix = vectorizer.transform(texts)
        features = None
    else:
        matrix = vectorizer.fit_transform(texts)
        features = vectorizer.get_feature_names_out().tolist()
    matrix = matrix.tocsr()
    _write(args.output, fmt, matrix, [a.raw_id for a in articles], features)
    print(
        f"vectorized {len(articles)} documents ({lang}): {matrix.shape[1]} features, "
        f"{matrix.nnz} non-zeros",
        file=sys.stderr,
    )
    return 0
