// The framework table's acronyms (framework.hh) in words of the one
// tokeniser (tokens.hh): how the index, the passage matcher and the query
// rewriting find an acronym spelt out.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cqc {

// An acronym of the framework table (framework.hh) and one of its
// expansions, in words.
struct AcronymForm {
    std::string_view acronym;       // "JSNA"
    std::string acronym_word;       // "jsna": the word the acronym is, tokenised
    std::vector<std::string> words; // "joint", "strategic", "needs", "assessment"
    std::string phrase;             // the words joined by spaces
};

// Where `words` (tokenised) spell an acronym out: each place and form, the
// longest form first at each place. The index gives a section that spells
// one out the acronym's term; the passage matcher highlights the words; the
// query parser turns a spelt-out acronym into (acronym OR "phrase").
struct SpeltAcronym {
    const AcronymForm* form;
    size_t first; // the words [first, first + form->words.size())
};
std::vector<SpeltAcronym> spelt_out_acronyms(std::span<const std::string_view> words);
std::span<const AcronymForm> acronym_forms();

} // namespace cqc
