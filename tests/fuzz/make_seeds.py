"""Writes the seed corpora of tests/fuzz/corpus from short excerpts of ../shared/data.

Run once by hand when the fuzzers' input formats change; the output is kept in the repo
(a few KB per target). Only short excerpts: the shared corpora are research-only.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
if not SHARED.exists():
    SHARED = Path("/work/shared/data")
OUT = ROOT / "tests" / "fuzz" / "corpus"


def excerpts(path, field, count, length):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)[field].strip()
            if len(text) > 40:
                out.append(text[:length])
            if len(out) == count:
                break
    return out


def write(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def main():
    texts = (
        excerpts(SHARED / "orangesum_fr/orangesum_fr.jsonl", "text", 3, 240)
        + excerpts(SHARED / "reuters21578/reuters21578.jsonl", "body", 3, 240)
        + excerpts(SHARED / "saudinewsnet_ar/saudinewsnet_ar_sample.jsonl", "text", 3, 160)
    )
    news = [
        "Le secrétaire d’État a dit : « Viendra-t-il ? » M. Dupont, l’accueil… 1 000 €",
        "Voir https://example.org/a?b=1, écrire à press@example.org ou @NBourita #COP28 🇫🇷👍🏽",
        "aujourd’hui qu’il l'EI, U.S. etc. Covid-19 États-Unis d’Amérique",
    ]
    invalid = [
        b"\xc0\xaf overlong",
        b"\xed\xa0\x80 surrogate",
        b"trunc \xe2\x82",
        b"\xf5\xff bytes",
        b"\x80 stray",
        b"nul\x00byte",
    ]
    for k, t in enumerate(texts + news):
        data = t.encode()
        write("utf8_fuzzer", f"text-{k}", bytes([k % 48]) + data)
        write("segmenter_fuzzer", f"text-{k}", b"\x00" + data)
        write("tokenizer_fuzzer", f"text-{k}", bytes([(k * 2) % 32]) + data)
    for k, b in enumerate(invalid):
        write("utf8_fuzzer", f"invalid-{k}", b"\x00" + b)
        write("tokenizer_fuzzer", f"invalid-{k}", b"\x02" + b)

    gaz = [
        (ROOT / "tests/data/gazetteer_daech.csv").read_bytes(),
        (ROOT / "tests/data/gazetteer_bad_rows.csv").read_bytes(),
    ]
    for name in ("countries/countries.csv", "persons/persons.csv"):
        lines = (SHARED / "gazetteers" / name).read_bytes().splitlines(keepends=True)
        gaz.append(b"".join(lines[:8]))
    for k, g in enumerate(gaz):
        write("gazetteer_csv_fuzzer", f"csv-{k}", b"\x00" + g[:3000])
    write(
        "gazetteer_csv_fuzzer",
        "tsv",
        b"\x01" + b'id\tname\ttype\taliases\nq1\t"A ""B"""\tPER\tx|y\r\n',
    )

    aliases = "État islamique\nEI\nDaech\nÉtats-Unis\nU.S.\nBlinken\n"
    for k, t in enumerate(news + texts[:2] + texts[6:7]):
        write(
            "matcher_fuzzer",
            f"text-{k}",
            bytes([k * 2 % 64, 5 + 8 * (k % 4)]) + (aliases + t).encode(),
        )
    for k in range(4):
        docs = "\n".join(texts[k * 2 : k * 2 + 3] + news[k % 3 : k % 3 + 1]).encode()
        write("vectorizer_fuzzer", f"docs-{k}", bytes([0, k * 37 % 256]) + docs)
    write("vectorizer_fuzzer", "latin1", bytes([2, 1]) + "café\nthé".encode("latin-1"))
    write(
        "vectorizer_fuzzer",
        "ucs2",
        bytes([4, 2]) + "caf\u00e9 \ud800x\nabc".encode("utf-16-le", "surrogatepass"),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
