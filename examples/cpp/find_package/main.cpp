// Tokenizes a sentence from a French news article and prints each token with its byte
// span, kind and norm. Exits non-zero if the result is not the expected one, so that the
// test suite can run it.
#include <newsnlp/error.hpp>
#include <newsnlp/tokenizer.hpp>

#include <iostream>
#include <string>
#include <vector>

int main() {
  const std::string text =
      "Le secrétaire d’État américain a, en outre, « remercié le ministre des Affaires "
      "étrangères pour l’accueil par le Royaume du Maroc de la réunion ministérielle ».";

  newsnlp::TokenizerOptions options;
  options.lang = "fr";
  const newsnlp::Tokenizer tokenizer(options);
  const newsnlp::Doc doc = tokenizer.tokenize(text);

  std::vector<std::string> words;
  for (const newsnlp::Token& t : doc.tokens()) {
    std::cout << t.span.begin << '-' << t.span.end << '\t' << newsnlp::to_string(t.kind) << '\t'
              << doc.text(t) << '\t' << doc.norm(t) << '\n';
    words.emplace_back(doc.text(t));
  }
  std::cout << doc.size() << " tokens, " << doc.sentences().size() << " sentence(s)\n";

  const bool ok = doc.size() == 31 && words[2] == "d’" && words[3] == "État" &&
                  words[18] == "l’" && words[19] == "accueil" && doc.sentences().size() == 1;
  try {
    tokenizer.tokenize(std::string("caf\xC3", 4));  // truncated UTF-8
    return 1;
  } catch (const newsnlp::InvalidUtf8& e) {
    std::cout << "invalid input rejected: " << e.what() << '\n';
  }
  return ok ? 0 : 1;
}
