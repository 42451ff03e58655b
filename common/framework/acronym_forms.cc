#include "acronym_forms.hh"

#include "framework.hh"
#include "tokens.hh"

#include <algorithm>
#include <cstddef>
#include <unordered_map>

namespace cqc {

namespace {

struct AcronymIndex {
    std::vector<AcronymForm> forms;
    // First word (a view of the form's own, which never moves) -> index into forms.
    std::unordered_multimap<std::string_view, size_t> by_first_word;

    AcronymIndex() {
        for (const auto& a : acronyms())
            for (auto expansion : a.expansions) {
                AcronymForm form;
                form.acronym = a.acronym;
                auto acronym_words = tokenise(a.acronym);
                form.acronym_word = acronym_words.empty() ? "" : acronym_words.front().word;
                for (auto& t : tokenise(expansion)) {
                    form.phrase += (form.phrase.empty() ? "" : " ") + t.word;
                    form.words.push_back(std::move(t.word));
                }
                if (!form.words.empty()) forms.push_back(std::move(form));
            }
        for (size_t i = 0; i < forms.size(); ++i)
            by_first_word.emplace(forms[i].words.front(), i);
    }
};

const AcronymIndex& acronym_index() {
    static const AcronymIndex index;
    return index;
}

} // namespace

std::span<const AcronymForm> acronym_forms() {
    return acronym_index().forms;
}

std::vector<SpeltAcronym> spelt_out_acronyms(std::span<const std::string_view> words) {
    const AcronymIndex& index = acronym_index();
    std::vector<SpeltAcronym> out;
    for (size_t i = 0; i < words.size(); ++i) {
        auto [begin, end] = index.by_first_word.equal_range(words[i]);
        size_t first_found = out.size();
        for (auto it = begin; it != end; ++it) {
            const AcronymForm& form = index.forms[it->second];
            const auto& w = form.words;
            if (i + w.size() <= words.size() && std::equal(w.begin(), w.end(), words.begin() + i))
                out.push_back({&form, i});
        }
        std::sort(out.begin() + static_cast<std::ptrdiff_t>(first_found), out.end(),
                  [](const SpeltAcronym& a, const SpeltAcronym& b) {
                      return a.form->words.size() > b.form->words.size();
                  });
    }
    return out;
}

} // namespace cqc
