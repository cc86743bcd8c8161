"""EntityMatcher: the seed sentence on the shared gazetteers, a hand-written Daech
gazetteer, variants, alias policies, modes, batches, frames, matrices, HTML, files."""

from __future__ import annotations

import pickle
import threading
import time

import numpy as np
import pytest
from interrupts import interrupt_during
from shared_data import CORPORA, SHARED, corpus_texts

import newsnlp
from newsnlp.matcher import Mention, Mentions, SkippedAlias

GAZETTEERS = SHARED / "gazetteers"
SEED = (
    "Nasser Bourita a eu un entretien téléphonique avec le secrétaire d’État américain, "
    "Antony Blinken, qui sera reçu à Marrakech la semaine prochaine, a indiqué le Royaume "
    "du Maroc."
)

# A hand-written gazetteer: Daech and friends in French, English and Arabic.
DAECH = [
    {
        "id": "org:daech",
        "name": "État islamique",
        "type": "ORG",
        "aliases": ["Daech", "Daesh", "ISIS", "ISIL", "Etat islamique", "Islamic State",
                    "داعش", "الدولة الإسلامية", "تنظيم الدولة", {"text": "EI", "case": "exact"}],
    },
    {"id": "per:bourita", "name": "Nasser Bourita", "type": "PER", "aliases": ["ناصر بوريطة"]},
    {"id": "per:blinken", "name": "Antony Blinken", "type": "PER",
     "aliases": ["Tony Blinken", "أنتوني بلينكن"]},
    {"id": "loc:usa", "name": "États-Unis", "type": "LOC",
     "aliases": ["Etats-Unis", "USA", "US", "United States", "الولايات المتحدة"]},
    {"id": "loc:maroc", "name": "Maroc", "type": "LOC",
     "aliases": ["Morocco", "Royaume du Maroc", "المغرب", "المملكة المغربية", "MA"]},
    {"id": "loc:civ", "name": "Côte d’Ivoire", "type": "LOC", "aliases": ["Ivory Coast"]},
]  # fmt: skip


def found(matcher, text, **kwargs) -> list[str]:
    return [f"{m.text}={m.id}" for m in matcher.find(text, **kwargs)]


@pytest.fixture(scope="module")
def daech():
    return newsnlp.EntityMatcher(newsnlp.Gazetteer.from_records(DAECH))


@pytest.fixture(scope="module")
def shared_gazetteer():
    if not GAZETTEERS.exists():
        pytest.skip("no shared gazetteers")
    return (
        newsnlp.Gazetteer.from_csv(GAZETTEERS / "countries" / "countries.csv")
        + newsnlp.Gazetteer.from_csv(GAZETTEERS / "cities" / "cities.csv")
        + newsnlp.Gazetteer.from_csv(GAZETTEERS / "persons" / "persons.csv")
    )


@pytest.fixture(scope="module")
def shared_fr(shared_gazetteer):
    return newsnlp.EntityMatcher(shared_gazetteer, tokenizer=newsnlp.Tokenizer(lang="fr"))


def test_seed_sentence_with_the_shared_gazetteers(shared_fr):
    mentions = shared_fr.find(SEED)
    assert [(m.text, m.id, m.name, m.type) for m in mentions] == [
        ("Nasser Bourita", "Q26036628", "Nasser Bourita", "person"),
        ("Antony Blinken", "Q7821917", "Antony Blinken", "person"),
        ("Marrakech", "2542997", "Marrakesh", "city"),
        ("Royaume du Maroc", "MAR", "Morocco", "country"),
    ]
    for m in mentions:
        assert SEED[m.start : m.end] == m.text  # code points into the str
    assert found(shared_fr, SEED, mode="overlapping") == [
        "Nasser Bourita=Q26036628",
        "Antony=3037423",  # the town of Antony, inside the longer mention
        "Antony Blinken=Q7821917",
        "Marrakech=2542997",
        "Royaume du Maroc=MAR",
        "Maroc=MAR",
    ]
    stats = shared_fr.stats
    assert stats["aliases"] > 160_000
    assert 0 < stats["skipped"] < 1000
    assert shared_fr.memory_bytes() < 40_000_000


def test_daech_in_three_languages(daech):
    assert found(daech, "Les frappes contre Daech et l’État islamique se poursuivent.") == [
        "Daech=org:daech",
        "État islamique=org:daech",
    ]
    assert found(daech, "Strikes against ISIS, also called Daesh, ISIL or the Islamic State.") == [
        "ISIS=org:daech",
        "Daesh=org:daech",
        "ISIL=org:daech",
        "Islamic State=org:daech",
    ]
    assert found(daech, "أعلن تنظيم داعش مسؤوليته، وقالت الدولة الإسلامية إن") == [
        "داعش=org:daech",
        "الدولة الإسلامية=org:daech",
    ]
    assert found(daech, "L'EI a revendiqué l'attaque.") == ["EI=org:daech"]
    assert found(daech, "ei, Ei et eI ne sont pas l'organisation") == []


@pytest.mark.parametrize(
    "variant",
    ["États-Unis", "Etats-Unis", "ETATS-UNIS", "états-unis", "ÉTATS-UNIS", "Etats‑Unis"],
)
def test_case_accent_and_hyphen_variants(daech, variant):
    text = f"Les {variant} et le Maroc"
    assert found(daech, text) == [f"{variant}=loc:usa", "Maroc=loc:maroc"]


@pytest.mark.parametrize(
    "variant", ["Côte d’Ivoire", "Côte d'Ivoire", "COTE D'IVOIRE", "cote d´ivoire"]
)
def test_apostrophe_variants(daech, variant):
    assert found(daech, f"En {variant}.") == [f"{variant}=loc:civ"]


def test_arabic_folding(daech):
    assert found(daech, "زار المَغْرِب") == ["المَغْرِب=loc:maroc"]  # tashkeel
    assert found(daech, "زار المغـــرب") == ["المغـــرب=loc:maroc"]  # tatweel
    assert found(daech, "الدولة الاسلامية") == ["الدولة الاسلامية=org:daech"]  # bare alef
    # A clitic glued to the word makes one token: no match inside it.
    assert found(daech, "أنتوني بلينكن وانتوني بلينكن") == ["أنتوني بلينكن=per:blinken"]


def test_never_inside_a_word():
    gaz = newsnlp.Gazetteer.from_records(
        [
            ("IRN", "Iran", "LOC", ["إيران"]),
            ("TAT", "Tat", "LOC"),
            ("MAR", "Maroc", "LOC", ["المغرب"]),
        ]
    )
    m = newsnlp.EntityMatcher(gaz, tokenizer=newsnlp.Tokenizer("fr"))
    assert found(m, "Irancell, Iranien, l’État, Marocains, Tat, Iran.") == ["Tat=TAT", "Iran=IRN"]
    assert found(m, "والمغرب المغربي المغرب") == ["المغرب=MAR"]


def test_per_alias_case_and_policies():
    gaz = newsnlp.Gazetteer.from_records(
        [
            ("USA", "United States", "LOC", ["US", ("Us", "ignore")]),
            ("WHO", "World Health Organization", "ORG", [("Who", "exact")]),
            ("NCE", "Nice-Côte d'Azur", "LOC", [("Nice", "capitalized")]),
            ("c1", "Sur", "city", ["Of", "بن", "Fès", "Reading"]),
        ]
    )
    m = newsnlp.EntityMatcher(gaz, tokenizer=newsnlp.Tokenizer("en"), common_words=["reading"])
    assert found(m, "the US said") == ["US=USA"]
    assert found(m, "let us say") == ["us=USA"]
    assert found(m, "Who said who") == ["Who=WHO"]
    assert found(m, "a nice day in Nice, NICE") == ["Nice=NCE", "NICE=NCE"]
    assert found(m, "reading in Reading, on the road to Fès, FÈS") == ["Reading=c1", "Fès=c1"]
    assert m.skipped_aliases == [
        SkippedAlias("c1", "Of", "stop_word"),
        SkippedAlias("c1", "بن", "too_short"),
    ]
    assert found(m, "sur Sur SUR") == ["Sur=c1"]  # no English stop word, but short: exact case
    assert m.stats["capitalized"] == 2 and m.stats["skipped"] == 2

    keep = newsnlp.EntityMatcher(gaz, stop_words="keep", min_length=1, exact_case_max_length=0)
    assert found(keep, "the road of sur") == ["of=c1", "sur=c1"]
    assert keep.skipped_aliases == []
    caps = newsnlp.EntityMatcher(gaz, require_capitalized=True)
    assert found(caps, "united states, United States") == ["United States=USA"]
    accents = newsnlp.EntityMatcher(
        newsnlp.Gazetteer.from_records([("ESP", "España")]), fold_accents=False
    )
    assert found(accents, "España ESPAÑA Espana") == ["España=ESP", "ESPAÑA=ESP"]
    with pytest.raises(newsnlp.InvalidArgumentError, match="stop_words must be 'skip'"):
        newsnlp.EntityMatcher(gaz, stop_words="drop")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="min_length must be >= 0"):
        newsnlp.EntityMatcher(gaz, min_length=-1)
    with pytest.raises(TypeError, match=r"must be a newsnlp\.Gazetteer"):
        newsnlp.EntityMatcher(DAECH)  # type: ignore[arg-type]


def test_ambiguous_aliases_return_every_entity():
    gaz = newsnlp.Gazetteer.from_records(
        [("casa_ma", "Casablanca", "city", ["الدار البيضاء"]), ("casa_cl", "Casablanca", "city")]
    )
    m = newsnlp.EntityMatcher(gaz)
    mentions = m.find("Vol pour Casablanca.")
    assert [(x.start, x.end, x.id) for x in mentions] == [(9, 19, "casa_ma"), (9, 19, "casa_cl")]
    html = mentions._repr_html_()
    assert html.count("<mark") == 1
    assert "city casa_ma: Casablanca; city casa_cl: Casablanca" in html


def test_longest_and_overlapping():
    gaz = newsnlp.Gazetteer.from_records(
        [("ny", "New York"), ("nyt", "New York Times"), ("york", "York"), ("ts", "Times Square")]
    )
    m = newsnlp.EntityMatcher(gaz, tokenizer=newsnlp.Tokenizer("en"))
    text = "The New York Times Square office, New York."
    assert found(m, text) == ["New York Times=nyt", "New York=ny"]
    assert found(m, text, mode="overlapping") == [
        "New York=ny", "New York Times=nyt", "York=york", "Times Square=ts",
        "New York=ny", "York=york",
    ]  # fmt: skip
    with pytest.raises(
        newsnlp.InvalidArgumentError, match="mode must be 'longest' or 'overlapping'"
    ):
        m.find(text, mode="all")  # type: ignore[arg-type]


def test_offsets_are_code_points_in_every_script(daech):
    text = "🇲🇦 Le 👍🏽 ROYAUME DU MAROC — Daech, داعش, و 𝐗 Islamic State"
    mentions = daech.find(text, mode="overlapping")
    assert [m.text for m in mentions] == [
        "ROYAUME DU MAROC",
        "MAROC",
        "Daech",
        "داعش",
        "Islamic State",
    ]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    b = daech.find(text.encode("utf-8"))
    assert [(m.start, m.end) for m in b] == [(m.start, m.end) for m in daech.find(text)]


def test_text_errors_as_in_the_tokenizer(daech):
    with pytest.raises(newsnlp.InvalidUtf8Error) as info:
        daech.find(b"Daech \xff")
    assert info.value.byte_offset == 6
    assert [m.text for m in daech.find(b"Daech \xff Daech", errors="replace")] == ["Daech", "Daech"]
    with pytest.raises(UnicodeEncodeError):
        daech.find("Daech \ud800")
    with pytest.raises(newsnlp.InvalidUtf8Error, match=r"^document 2: ") as info:
        daech.find_all(["ok", "Daech", b"bad \xc3"])
    assert info.value.document == 2
    with pytest.raises(TypeError):
        daech.find_all("Daech")
    with pytest.raises(TypeError, match="expected str or bytes"):
        daech.find(42)  # type: ignore[arg-type]


def test_find_all_keeps_order_whatever_the_thread_count(daech):
    texts = [
        f"Daech {i}" if i % 3 == 0 else "rien" if i % 3 == 1 else "Le Maroc et les USA"
        for i in range(3000)
    ]
    one = daech.find_all(texts, n_jobs=1)
    for kwargs in ({"n_jobs": 2}, {"n_jobs": -1, "batch_size": 7}):
        assert daech.find_all(texts, **kwargs) == one
    assert len(one) == 3000
    assert isinstance(one[0], Mentions) and one[0].text == "Daech 0"
    assert one[2] == daech.find(texts[2])
    assert [len(x) for x in one[:3]] == [1, 0, 2]
    assert daech.find_all(iter(texts[:5])) == one[:5]  # any iterable
    assert daech.find_all([]) == []


def test_find_all_releases_the_gil(daech):
    texts = ["Le Royaume du Maroc et les États-Unis, Daech. " * 200] * 3000
    ticks = 0
    done = threading.Event()

    def tick():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.0005)

    t = threading.Thread(target=tick)
    t.start()
    try:
        start = time.perf_counter()
        daech.find_all(texts, n_jobs=1, batch_size=len(texts))
        elapsed = time.perf_counter() - start
    finally:
        done.set()
        t.join()
    assert elapsed > 0.05
    assert ticks > 10  # the other thread ran while C++ matched


def test_ctrl_c_stops_a_long_batch(daech):
    # One C++ batch: find_batch polls Python's signal handlers between chunks of documents.
    texts = [
        f"{i} " + "Le Royaume du Maroc et les États-Unis face à Daech. " * 300 for i in range(3000)
    ]
    started = time.monotonic()
    daech.find_all(texts, n_jobs=2, batch_size=len(texts))
    full = time.monotonic() - started
    latency = interrupt_during(
        lambda: daech.find_all(texts, n_jobs=2, batch_size=len(texts)), delay=max(0.05, full * 0.3)
    )
    assert latency < max(0.5, full / 2)
    assert found(daech, "Daech") == ["Daech=org:daech"]  # the matcher still works


def test_one_matcher_shared_by_python_threads(daech):
    text = "Daech, ISIS, داعش, l'EI et les États-Unis face au Royaume du Maroc."
    expected = daech.find(text)
    results: list[bool] = []

    def work():
        results.extend(daech.find(text) == expected for _ in range(200))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 800 and all(results)


def test_to_frame(daech):
    pd = pytest.importorskip("pandas")
    texts = ["Daech", "rien", "Le Maroc et les USA"]
    frame = daech.to_frame(texts, ids=["a", "b", "c"])
    assert list(frame.columns) == ["doc", "start", "end", "text", "id", "name", "type"]
    assert frame.values.tolist() == [
        ["a", 0, 5, "Daech", "org:daech", "État islamique", "ORG"],
        ["c", 3, 8, "Maroc", "loc:maroc", "Maroc", "LOC"],
        ["c", 16, 19, "USA", "loc:usa", "États-Unis", "LOC"],
    ]
    assert daech.to_frame(texts)["doc"].tolist() == [0, 2, 2]
    with pytest.raises(ValueError, match="ids has 2 entries for 3 texts"):
        daech.to_frame(texts, ids=["a", "b"])
    assert daech.to_frame(texts, batch_size=1)["doc"].tolist() == [0, 2, 2]
    empty = daech.to_frame(["rien"])
    assert len(empty) == 0 and list(empty.columns) == list(frame.columns)
    assert isinstance(daech.find("Daech").to_frame(), pd.DataFrame)


def test_count_and_cooccurrence_matrices(daech):
    from scipy import sparse

    texts = ["Daech", "rien", "Le Maroc et les USA", "Maroc, Maroc et Daech"]
    counts = daech.count_matrix(texts, batch_size=3)
    assert isinstance(counts, sparse.csr_array)
    assert counts.shape == (4, daech.n_entities)
    ids = daech.entity_ids
    assert list(daech.get_feature_names_out()) == ids
    col = {i: k for k, i in enumerate(ids)}
    dense = counts.toarray()
    assert dense[3, col["loc:maroc"]] == 2 and dense[3, col["org:daech"]] == 1
    assert dense[1].sum() == 0 and dense.sum() == 6
    assert daech.count_matrix(texts, binary=True).toarray()[3, col["loc:maroc"]] == 1
    co = daech.cooccurrence_matrix(texts)
    assert co.shape == (daech.n_entities, daech.n_entities)
    assert (co != co.T).nnz == 0
    co = co.toarray()
    assert co[col["loc:maroc"], col["loc:maroc"]] == 2  # documents mentioning Maroc
    assert co[col["loc:maroc"], col["org:daech"]] == 1
    assert co[col["loc:maroc"], col["loc:usa"]] == 1
    assert daech.count_matrix([]).shape == (0, daech.n_entities)


def test_readings_of_one_ambiguous_mention_do_not_cooccur():
    gaz = newsnlp.Gazetteer.from_records(
        [("casa_ma", "Casablanca", "city", ["Casa"]), ("casa_cl", "Casablanca", "city"),
         ("MAR", "Maroc", "LOC")]
    )  # fmt: skip
    m = newsnlp.EntityMatcher(gaz)
    co = m.cooccurrence_matrix(
        ["Casablanca", "Casablanca, Maroc", "Casa et Casablanca", "Casablanca et Casablanca"]
    ).toarray()
    ma, cl, mar = (m.entity_ids.index(i) for i in ("casa_ma", "casa_cl", "MAR"))
    assert co[ma, ma] == 4 and co[cl, cl] == 4 and co[mar, mar] == 1
    assert co[ma, mar] == co[mar, ma] == 1 and co[cl, mar] == 1
    # Only in document 2 is casa_ma mentioned where casa_cl is not ("Casa").
    assert co[ma, cl] == co[cl, ma] == 1
    assert m.count_matrix(["Casablanca"]).toarray()[0, [ma, cl]].tolist() == [1, 1]


def test_highlighted_html(daech):
    mentions = daech.highlight('<b>Daech</b> & "le Maroc"')
    html = mentions._repr_html_()
    assert html.startswith('<div class="newsnlp-mentions"')
    assert "&lt;b&gt;" in html and "&amp;" in html  # text escaped
    assert html.count("<mark") == 2
    assert "#fecaca" in html and "#bfdbfe" in html  # ORG and LOC colours
    assert 'title="ORG org:daech: État islamique"' in html
    nested = daech.find("le Royaume du Maroc", mode="overlapping")._repr_html_()
    assert nested.count("<mark") == 1  # the nested "Maroc" stays inside


def test_save_load_and_pickle_give_identical_mentions(daech, tmp_path):
    text = "Daech, ISIS, داعش, l'EI, ei, les ÉTATS-UNIS, Tony Blinken et le Royaume du Maroc."
    path = tmp_path / "daech.matcher"
    daech.save(path)
    loaded = newsnlp.EntityMatcher.load(path)
    for mode in ("longest", "overlapping"):
        assert loaded.find(text, mode=mode) == daech.find(text, mode=mode)
    assert loaded.entity_ids == daech.entity_ids
    assert loaded.stats == daech.stats
    assert loaded.tokenizer == daech.tokenizer
    assert loaded.to_bytes() == daech.to_bytes() == path.read_bytes()
    copy = pickle.loads(pickle.dumps(daech))
    assert copy.find(text) == daech.find(text)
    fr = newsnlp.EntityMatcher(
        newsnlp.Gazetteer.from_records(DAECH), tokenizer=newsnlp.Tokenizer("fr", stop_words=["xyz"])
    )
    assert newsnlp.EntityMatcher.from_bytes(fr.to_bytes()).tokenizer == fr.tokenizer


def test_corrupt_files_are_rejected(daech, tmp_path):
    data = daech.to_bytes()
    path = tmp_path / "m.bin"
    for n in list(range(0, 200)) + list(range(len(data) - 50, len(data))):
        path.write_bytes(data[:n])
        with pytest.raises(newsnlp.NewsnlpIOError, match="corrupt or foreign model file") as info:
            newsnlp.EntityMatcher.load(path)
        assert info.value.path == str(path)
    rng = np.random.default_rng(5)
    for _ in range(300):
        bad = bytearray(data)
        for i in rng.integers(0, len(bad), size=rng.integers(1, 4)):
            bad[i] ^= 1 << int(rng.integers(0, 8))
        if bytes(bad) == data:
            continue
        with pytest.raises(newsnlp.NewsnlpIOError):
            newsnlp.EntityMatcher.from_bytes(bytes(bad))
    path.write_bytes(b"id,name\n1,Rabat\n")
    with pytest.raises(newsnlp.NewsnlpIOError, match="fewer than the 56-byte header"):
        newsnlp.EntityMatcher.load(path)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(newsnlp.NewsnlpIOError, match="wrong magic bytes"):
        newsnlp.EntityMatcher.load(path)
    with pytest.raises(newsnlp.NewsnlpIOError, match="cannot open"):
        newsnlp.EntityMatcher.load(tmp_path / "missing.bin")
    with pytest.raises(newsnlp.NewsnlpIOError, match="cannot write"):
        daech.save(tmp_path / "no" / "dir" / "m.bin")


def test_repr_and_params(daech):
    assert repr(daech).startswith("EntityMatcher(6 entities, ")
    params = daech.get_params()
    assert params["min_length"] == 3 and params["stop_words"] == "skip"
    assert params["tokenizer__lang"] == daech.get_params(deep=False)["tokenizer"].lang
    assert not any("__" in k for k in daech.get_params(deep=False))
    assert daech.entities["id"].tolist() == daech.entity_ids
    assert Mention(0, 1, "a", "b", "c", "d").text == "a"


@pytest.mark.slow
@pytest.mark.parametrize("lang", sorted(CORPORA))
def test_every_mention_in_the_corpora_is_an_alias_at_its_offsets(lang, shared_gazetteer):
    path = SHARED / CORPORA[lang][0]
    if not path.exists():
        pytest.skip(f"{path} is missing")
    texts = corpus_texts(lang)
    tok = newsnlp.Tokenizer(lang)
    m = newsnlp.EntityMatcher(shared_gazetteer, tokenizer=tok)
    key = newsnlp.Tokenizer(lang, fold_accents=True)  # the matcher's norms
    norms: dict[str, set[str]] = {}
    for e in shared_gazetteer:
        norms.setdefault(e.id, set()).update(" ".join(key(a).norms) for a in (e.name, *e.aliases))
    results = m.find_all(texts, n_jobs=2)
    assert results == m.find_all(texts[:500], n_jobs=1) + results[500:]
    n = 0
    for text, mentions, doc in zip(texts, results, key.pipe(texts, n_jobs=2)):
        if not mentions:
            continue
        starts = {int(s): i for i, s in enumerate(doc.offsets[:, 0])}
        ends = {int(e): i for i, e in enumerate(doc.offsets[:, 1])}
        doc_norms = doc.norms
        for x in mentions:
            assert text[x.start : x.end] == x.text
            # whole tokens of the text, whose norms in context spell an alias of the entity
            first, last = starts[x.start], ends[x.end]
            assert " ".join(doc_norms[first : last + 1]) in norms[x.id], (x, lang)
            n += 1
    assert n > len(texts)
