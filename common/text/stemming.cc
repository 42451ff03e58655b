#include "stemming.hh"

#include <unordered_map>

namespace cqc {
namespace {

class CachingStemmer : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override { return cache_(word); }
    std::string get_description() const override { return "caching english"; }

private:
    StemCache cache_;
};

} // namespace

const std::string& StemCache::operator()(std::string_view word) {
    if (auto found = cache_.find(word); found != cache_.end()) return found->second;
    if (cache_.size() >= kMaxWords) cache_.clear();
    std::string w(word);
    std::string stem = stemmer_(w);
    return cache_.emplace(std::move(w), std::move(stem)).first->second;
}

Xapian::Stem english_stemmer(bool caching) {
    return caching ? Xapian::Stem(new CachingStemmer) : Xapian::Stem("english");
}

namespace {
void make_term(std::string_view prefix, std::string_view stem, std::string& term) {
    term.assign(1, kStemMarker);
    term += prefix;
    term += stem;
}
} // namespace

std::string stem_term(const Xapian::Stem& stemmer, std::string_view prefix,
                      const std::string& word) {
    std::string term;
    make_term(prefix, stemmer(word), term);
    return term;
}

bool stem_term(StemCache& stems, std::string_view prefix, std::string_view word,
               std::string& term) {
    const std::string& stem = stems(word);
    if (stem.empty()) return false;
    make_term(prefix, stem, term);
    return true;
}

} // namespace cqc
