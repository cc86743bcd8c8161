# Hand-written stub of the compiled module newsnlp._core (python/bindings/*.cpp).
# tests/python/test_stubs.py checks that its names match dir(_core) both ways.
# Private: use the newsnlp package. Offsets are code points into the str passed in,
# except byte_offsets (UTF-8 bytes). `errors` is "strict" or "replace".
from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

Text: TypeAlias = str | bytes | bytearray

__version__: str
unicode_version: str
TOKEN_KINDS: tuple[str, ...]

class Doc:
    """Tokens and sentences of one text; created by Tokenizer.tokenize only."""

    @property
    def text(self) -> str: ...
    def __len__(self) -> int: ...
    def offsets(self) -> npt.NDArray[np.int64]:
        """Token (start, end) code-point offsets, shape (n, 2)."""
    def byte_offsets(self) -> npt.NDArray[np.int64]:
        """Token (start, end) offsets into text.encode('utf-8'), shape (n, 2)."""
    def kinds(self) -> npt.NDArray[np.uint8]:
        """Token kinds as indices into TOKEN_KINDS, shape (n,)."""
    def norm(self, i: int, /) -> str: ...
    def norms(self) -> list[str]: ...
    def is_stop(self, i: int, /) -> bool: ...
    def sentences(self) -> npt.NDArray[np.int64]:
        """Rows (start, end, first token, token end), shape (m, 4)."""

class Tokenizer:
    def __init__(
        self,
        *,
        lang: str = "xx",
        normalization: str = "NFKC",
        lowercase: bool = True,
        fold_accents: bool = False,
        unify_punctuation: bool = True,
        fold_arabic: bool = True,
        split_elisions: bool = True,
        split_clitics: bool = True,
        sentences: bool = True,
        builtin_stop_words: bool = True,
        stop_words: Sequence[str] = [],
        abbreviations: Sequence[str] = [],
    ) -> None: ...
    def tokenize(self, text: Text, *, errors: str = "strict") -> Doc:
        """Raises InvalidUtf8Error, or LoneSurrogateError for a lone surrogate (strict)."""
    def tokenize_batch(
        self,
        texts: Sequence[Text],
        *,
        n_jobs: int = 1,
        errors: str = "strict",
        first_index: int = 0,
    ) -> list[Doc]:
        """GIL released; errors name document first_index + i; Ctrl-C raises KeyboardInterrupt."""
    def is_stop_word(self, norm: str) -> bool: ...
    def normalize(self, text: Text) -> str: ...

class TextNormalizer:
    def __init__(
        self,
        *,
        normalization: str = "NFKC",
        lowercase: bool = True,
        fold_accents: bool = False,
        unify_punctuation: bool = True,
        fold_arabic: bool = True,
    ) -> None: ...
    def normalize(self, text: Text, *, errors: str = "strict") -> str: ...

def word_boundaries(text: Text, *, errors: str = "strict") -> list[int]: ...
def sentence_boundaries(text: Text, *, errors: str = "strict") -> list[int]: ...
def builtin_stop_words(lang: str) -> list[str]: ...
def _bench_icu_word_loop(texts: Sequence[Text]) -> int:
    """Benchmark baseline: ICU word-boundary count over the texts."""

class Gazetteer:
    """Entities (id, name, type) and aliases, stored compactly in C++."""

    def __init__(self) -> None: ...
    def add_records(
        self,
        records: Sequence[tuple[str, str, str, Sequence[tuple[str, str]]]],
        *,
        source: str = "",
        lines: Sequence[int] = [],
        skip_bad_rows: bool = False,
    ) -> int:
        """Records (id, name, type, [(alias, case)]); returns how many were skipped."""
    @staticmethod
    def from_csv(
        path: str, *, delimiter: str = "", alias_separator: str = "|", skip_bad_rows: bool = False
    ) -> Gazetteer: ...
    def merge(self, other: Gazetteer) -> None: ...
    def copy(self) -> Gazetteer: ...
    def __len__(self) -> int: ...
    def alias_count(self) -> int: ...
    def find(self, id: str) -> int:
        """The entity index of id, or -1."""
    def entity(self, index: int) -> tuple[str, str, str]: ...
    def entities(self) -> tuple[list[str], list[str], list[str]]: ...
    def aliases(self) -> tuple[list[str], list[int], list[str]]:
        """(texts, entity indices, cases), canonical names not included."""
    def aliases_of(self, index: int) -> list[str]:
        """The aliases of one entity (a scan over all aliases)."""
    def bad_rows(self) -> list[tuple[int, str]]: ...
    def memory_bytes(self) -> int: ...

class EntityMatcher:
    """A gazetteer compiled into a token trie; mentions as rows (start, end, entity)."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        tokenizer: Tokenizer,
        *,
        fold_accents: bool = True,
        stop_words: str = "skip",
        min_length: int = 3,
        exact_case_max_length: int = 3,
        exact_case_acronyms: bool = True,
        require_capitalized: bool = False,
        common_words: Sequence[str] = [],
        n_jobs: int = 1,
    ) -> None: ...
    def find(
        self, text: Text, *, mode: str = "longest", errors: str = "strict"
    ) -> npt.NDArray[np.int64]:
        """Rows (start, end, entity index), code points, shape (n, 3)."""
    def find_batch(
        self,
        texts: Sequence[Text],
        *,
        mode: str = "longest",
        n_jobs: int = 1,
        errors: str = "strict",
        first_index: int = 0,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(indptr, rows): text i has rows[indptr[i]:indptr[i + 1]]; GIL released."""
    def entity_count(self) -> int: ...
    def entities(self) -> tuple[list[str], list[str], list[str]]: ...
    def skipped_aliases(self) -> list[tuple[int, str, str]]:
        """(entity index, alias, reason) per skipped alias."""
    def stats(self) -> dict[str, int]: ...
    def options(self) -> dict[str, Any]: ...
    def memory_bytes(self) -> int: ...
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes, *, source: str = "<bytes>") -> EntityMatcher:
        """Raises NewsnlpIOError for truncated, corrupt or foreign data."""
    def save(self, path: str) -> None: ...
    @staticmethod
    def load(path: str) -> EntityMatcher: ...

# Vectorizers (bind_tfidf.cpp). Documents: a list of str read in place; other items go
# through decode(item, index), which must return str. Matrices come back as
# (data, indices, indptr, (rows, cols)) over capsule-owned buffers.

class CharTables:
    """Python's \\w, \\s, str.lower() and accent stripping per code point."""

    def __init__(
        self,
        *,
        unicode_version: str,
        word: npt.NDArray[np.uint32],
        space: npt.NDArray[np.uint32],
        cased: npt.NDArray[np.uint32],
        case_ignorable: npt.NDArray[np.uint32],
        lower_keys: npt.NDArray[np.uint32],
        lower_offsets: npt.NDArray[np.uint32],
        lower_values: npt.NDArray[np.uint32],
        strip_unicode_keys: npt.NDArray[np.uint32],
        strip_unicode_offsets: npt.NDArray[np.uint32],
        strip_unicode_values: npt.NDArray[np.uint32],
        strip_ascii_keys: npt.NDArray[np.uint32],
        strip_ascii_offsets: npt.NDArray[np.uint32],
        strip_ascii_values: npt.NDArray[np.uint32],
    ) -> None: ...
    @staticmethod
    def icu() -> CharTables:
        """The same semantics from ICU's character data."""
    @property
    def unicode_version(self) -> str: ...

class Analyzer:
    def __init__(
        self,
        *,
        analyzer: str = "word",
        lowercase: bool = True,
        strip_accents: str = "none",
        min_token_length: int = 2,
        stop_words: Sequence[str] = [],
        ngram_range: tuple[int, int] = (1, 1),
        tables: CharTables | None = None,
        tokenizer: Tokenizer | None = None,
        entities: EntityMatcher | None = None,
        entity_features: str = "add",
    ) -> None: ...
    def analyze(self, text: str) -> list[str]:
        """The features of one text, in scikit-learn's order."""

class CountVectorizer:
    def __init__(
        self,
        analyzer: Analyzer,
        *,
        max_df: float = 1.0,
        max_df_is_count: bool = False,
        min_df: float = 1.0,
        min_df_is_count: bool = True,
        max_features: int = 0,
        select: Any = None,
        vocabulary: Sequence[str] | None = None,
        binary: bool = False,
        dtype: str = "int64",
    ) -> None: ...
    def fit_transform(
        self, docs: list[Any], decode: Any, *, n_jobs: int = 1
    ) -> tuple[Any, Any, Any, tuple[int, int]]: ...
    def fit(self, docs: list[Any], decode: Any, *, n_jobs: int = 1) -> None: ...
    def transform(
        self, docs: list[Any], decode: Any, *, n_jobs: int = 1
    ) -> tuple[Any, Any, Any, tuple[int, int]]: ...
    def feature_names(self) -> list[str]: ...
    def vocabulary(self) -> dict[str, int]: ...
    def document_frequencies(self) -> npt.NDArray[np.int64]: ...
    @property
    def n_documents(self) -> int: ...
    @property
    def n_features(self) -> int: ...
    def prune(
        self,
        document_frequencies: npt.NDArray[np.int64],
        term_counts: npt.NDArray[np.int64],
        n_documents: int,
    ) -> npt.NDArray[np.uint64]:
        """fit()'s min_df / max_df / max_features on given statistics: kept positions."""
    def set_fitted(
        self, features: Sequence[str], document_frequencies: Sequence[int], n_documents: int
    ) -> None: ...
    def save(self, path: str, meta: str = "") -> None: ...
    def to_bytes(self, meta: str = "") -> bytes: ...
    @staticmethod
    def load(path: str, tables: CharTables | None = None) -> tuple[CountVectorizer, bytes]:
        """(vectorizer, meta); NewsnlpIOError for a missing, foreign or corrupt file."""
    @staticmethod
    def from_bytes(
        data: bytes, source: str = "<bytes>", tables: CharTables | None = None
    ) -> tuple[CountVectorizer, bytes]: ...

class TfidfVectorizer:
    def __init__(
        self,
        analyzer: Analyzer,
        *,
        max_df: float = 1.0,
        max_df_is_count: bool = False,
        min_df: float = 1.0,
        min_df_is_count: bool = True,
        max_features: int = 0,
        select: Any = None,
        vocabulary: Sequence[str] | None = None,
        binary: bool = False,
        dtype: str = "float64",
        norm: str | None = "l2",
        use_idf: bool = True,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
    ) -> None: ...
    def fit_transform(
        self, docs: list[Any], decode: Any, *, n_jobs: int = 1
    ) -> tuple[Any, Any, Any, tuple[int, int]]: ...
    def fit(self, docs: list[Any], decode: Any, *, n_jobs: int = 1) -> None: ...
    def transform(
        self, docs: list[Any], decode: Any, *, n_jobs: int = 1
    ) -> tuple[Any, Any, Any, tuple[int, int]]: ...
    def feature_names(self) -> list[str]: ...
    def vocabulary(self) -> dict[str, int]: ...
    def document_frequencies(self) -> npt.NDArray[np.int64]: ...
    @property
    def n_documents(self) -> int: ...
    @property
    def n_features(self) -> int: ...
    def idf(self) -> npt.NDArray[np.floating[Any]]: ...
    def set_idf(self, idf: npt.ArrayLike) -> None: ...
    def prune(
        self,
        document_frequencies: npt.NDArray[np.int64],
        term_counts: npt.NDArray[np.int64],
        n_documents: int,
    ) -> npt.NDArray[np.uint64]:
        """fit()'s min_df / max_df / max_features on given statistics: kept positions."""
    def set_fitted(
        self,
        features: Sequence[str],
        document_frequencies: Sequence[int],
        n_documents: int,
        idf: npt.ArrayLike | None,
    ) -> None: ...
    def save(self, path: str, meta: str = "") -> None: ...
    def to_bytes(self, meta: str = "") -> bytes: ...
    @staticmethod
    def load(path: str, tables: CharTables | None = None) -> tuple[TfidfVectorizer, bytes]:
        """(vectorizer, meta); NewsnlpIOError for a missing, foreign or corrupt file."""
    @staticmethod
    def from_bytes(
        data: bytes, source: str = "<bytes>", tables: CharTables | None = None
    ) -> tuple[TfidfVectorizer, bytes]: ...

class TfidfTransformer:
    def __init__(
        self,
        *,
        norm: str | None = "l2",
        use_idf: bool = True,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
    ) -> None: ...
    def fit(self, document_frequencies: npt.ArrayLike, n_documents: int, float32: bool) -> None: ...
    def idf(self, float32: bool) -> npt.NDArray[np.floating[Any]]: ...
    def set_idf(self, idf: npt.ArrayLike) -> None: ...
    def transform(
        self,
        data: npt.NDArray[Any],
        indices: npt.NDArray[Any],
        indptr: npt.NDArray[Any],
        shape: tuple[int, int],
        out: npt.NDArray[Any],
        *,
        n_jobs: int = 1,
    ) -> None:
        """Writes the weighted values of the CSR matrix to out (may be data itself)."""

class HashingVectorizer:
    def __init__(
        self,
        analyzer: Analyzer,
        *,
        n_features: int = 1048576,
        binary: bool = False,
        norm: str | None = "l2",
        alternate_sign: bool = True,
        dtype: str = "float64",
    ) -> None: ...
    def transform(
        self, docs: list[Any], decode: Any, *, n_jobs: int = 1
    ) -> tuple[Any, Any, Any, tuple[int, int]]: ...
    def save(self, path: str, meta: str = "") -> None: ...
    def to_bytes(self, meta: str = "") -> bytes: ...
    @staticmethod
    def load(path: str, tables: CharTables | None = None) -> tuple[HashingVectorizer, bytes]:
        """(vectorizer, meta); NewsnlpIOError for a missing, foreign or corrupt file."""
    @staticmethod
    def from_bytes(
        data: bytes, source: str = "<bytes>", tables: CharTables | None = None
    ) -> tuple[HashingVectorizer, bytes]: ...

def murmurhash3_32(key: bytes, seed: int = 0) -> int: ...

# Similarity (bind_similarity.cpp): CSR arrays viewed in place (float32/float64 data,
# int32/int64 indices, columns sorted within rows).
def similar(
    data: npt.NDArray[Any],
    indices: npt.NDArray[Any],
    indptr: npt.NDArray[Any],
    shape: tuple[int, int],
    k: int,
    *,
    n_jobs: int = 1,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Top-k cosine neighbours of each row among the other rows: (indices, scores)."""

def similar_to(
    q_data: npt.NDArray[Any],
    q_indices: npt.NDArray[Any],
    q_indptr: npt.NDArray[Any],
    q_shape: tuple[int, int],
    data: npt.NDArray[Any],
    indices: npt.NDArray[Any],
    indptr: npt.NDArray[Any],
    shape: tuple[int, int],
    k: int,
    *,
    n_jobs: int = 1,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Top-k cosine neighbours of each query row among the corpus rows."""

def near_duplicates(
    data: npt.NDArray[Any],
    indices: npt.NDArray[Any],
    indptr: npt.NDArray[Any],
    shape: tuple[int, int],
    threshold: float,
    *,
    n_jobs: int = 1,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Pairs of rows with cosine similarity >= threshold: (first, second, scores)."""

def top_terms(
    data: npt.NDArray[Any],
    indices: npt.NDArray[Any],
    indptr: npt.NDArray[Any],
    shape: tuple[int, int],
    k: int,
    *,
    n_jobs: int = 1,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The k largest positive entries of each row: (columns, values)."""
