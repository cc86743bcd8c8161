"""Tokenize newsnlp's built-in sample: the tokens of one French article, then sentence and
token counts per language.

Run: python examples/python/tokenize_news.py
"""

from collections import Counter

import newsnlp

articles = newsnlp.load_sample()
tokenizers = {lang: newsnlp.Tokenizer(lang) for lang in ("fr", "en", "ar")}

# One French article, token by token: offsets index the original text.
article = next(a for a in articles if a["lang"] == "fr")
doc = tokenizers["fr"](article["text"])
print(f"{article['id']}: {article['title']}")
for token in doc[:25]:
    assert article["text"][token.start : token.end] == token.text
    stop = " (stop word)" if token.is_stop else ""
    span = f"{token.start:>4}-{token.end:<4}"
    print(f"  {span} {token.kind:<7} {token.text!r:<16} -> {token.norm!r}{stop}")
print(f"  ... {len(doc)} tokens, {len(doc.sentences)} sentences")

# All articles, each with the tokenizer of its language (pipe: GIL released, input order).
sentences: Counter = Counter()
tokens: Counter = Counter()
for lang, tokenizer in tokenizers.items():
    texts = [a["text"] for a in articles if a["lang"] == lang]
    for d in tokenizer.pipe(texts, n_jobs=2):
        sentences[lang] += len(d.sentences)
        tokens[lang] += len(d)
print("\nlang  articles  sentences  tokens")
for lang in tokenizers:
    n_articles = sum(a["lang"] == lang for a in articles)
    print(f"{lang:<5} {n_articles:>8} {sentences[lang]:>10} {tokens[lang]:>7}")
