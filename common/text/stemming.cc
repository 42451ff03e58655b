#include "stemming.hh"

#include <unordered_map>

namespace cqc {
namespace {

class CachingStemmer : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override {
        auto found = cache_.find(word);
        if (found != cache_.end()) return found->second;
        // Bounded: a corpus of invented words must not grow it forever.
        if (cache_.size() >= kMaxWords) cache_.clear();
        return cache_.emplace(word, stemmer_(word)).first->second;
    }
    std::string get_description() const override { return "caching english"; }

private:
    static constexpr size_t kMaxWords = 200000;
    Xapian::Stem stemmer_{"english"};
    std::unordered_map<std::string, std::string> cache_;
};

} // namespace

Xapian::Stem english_stemmer(bool caching) {
    return caching ? Xapian::Stem(new CachingStemmer) : Xapian::Stem("english");
}

std::string stem_term(const Xapian::Stem& stemmer, std::string_view prefix,
                      const std::string& word) {
    std::string term(1, kStemMarker);
    term += prefix;
    term += stemmer(word);
    return term;
}

} // namespace cqc
