#include "option_rules.hh"

#include <algorithm>
#include <stdexcept>

namespace cqc {
namespace {

constexpr unsigned kEveryMode = mode_search | mode_scores | mode_changes | mode_export;

// The options that choose a mode, in the order search_mode() reads them.
struct ModeOption {
    std::string_view option;
    SearchMode mode;
};
constexpr ModeOption kModeOptions[] = {
    {"scores", mode_scores},
    {"changes", mode_changes},
    {"export", mode_export},
    {"serve", mode_serve},
};

// Where each option works.
const std::vector<OptionRule> kRules = {
    {"db", kEveryMode | mode_serve},
    {"remote", kEveryMode | mode_serve},
    {"color", kEveryMode}, // colours the terminal's output only
    {"latest", kEveryMode},
    {"all", kEveryMode},
    {"any", kEveryMode},
    {"exact", kEveryMode},
    {"thesaurus", kEveryMode | mode_serve},
    {"json", mode_search | mode_scores | mode_changes},
    {"csv", mode_search | mode_scores | mode_changes},
    {"limit", mode_search | mode_scores},
    {"offset", mode_search | mode_scores},
    {"sort", mode_search | mode_scores},
    {"scores", mode_scores},
    {"changes", mode_changes},
    {"export", mode_export},
    {"facets", mode_search},
    {"facets-csv", mode_search},
    {"group-by", mode_search},
    {"passages", mode_search},
    {"similar", mode_search},
    {"terms", mode_search},
    {"autocorrect", mode_search},
    {"timings", mode_search},
    {"serve", mode_serve},
    {"port", mode_serve},
    {"bind", mode_serve},
};

// Options that work in one mode but not together, and why.
const std::vector<OptionConflict> kConflicts = {
    {"scores", "changes", "each is a whole output of its own; run them one at a time"},
    {"scores", "export", "each is a whole output of its own; run them one at a time"},
    {"changes", "export", "each is a whole output of its own; run them one at a time"},
    {"serve", "scores", "the page has the score grid: /grid"},
    {"serve", "changes", "the page has the changes: /changes"},
    {"serve", "export", "each is a whole output of its own; run them one at a time"},
    {"json", "csv", "they are two outputs; choose one"},
    {"all", "any", "they contradict each other"},
    {"csv", "facets",
     "CSV has a row per result and no room for facets: use --facets-csv FILE, or --json"},
    {"csv", "terms", "CSV has a row per result and no room for terms: use --json"},
    {"group-by", "passages", "one lists councils, the other paragraphs"},
    {"similar", "any", "--similar's words come from the section, not from the query"},
    {"similar", "autocorrect", "--similar's words come from the section, not from the query"},
    {"thesaurus", "exact", "--exact turns every thesaurus off"},
};

const OptionRule& rule(std::string_view option) {
    for (const auto& r : kRules)
        if (r.option == option) return r;
    throw std::logic_error("option --" + std::string(option) +
                           " is missing from the option table (option_rules.cc)");
}

std::string dashed(std::string_view option) {
    return option == "limit" ? "-n/--limit" : "--" + std::string(option);
}

std::string_view mode_option(SearchMode mode) {
    for (const auto& m : kModeOptions)
        if (m.mode == mode) return m.option;
    return {};
}

// "--scores, --changes and --export": the modes `modes` holds, as options,
// with "a search" for the search.
std::string modes_text(unsigned modes) {
    std::vector<std::string> names;
    if (modes & mode_search) names.push_back("a search");
    for (const auto& m : kModeOptions)
        if (modes & m.mode) names.push_back(dashed(m.option));
    std::string out;
    for (size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return out;
}

} // namespace

const std::vector<OptionRule>& option_rules() {
    return kRules;
}

SearchMode search_mode(const std::vector<std::string>& given) {
    for (const auto& m : kModeOptions)
        if (std::find(given.begin(), given.end(), m.option) != given.end()) return m.mode;
    return mode_search;
}

std::string check_options(const std::vector<std::string>& given) {
    auto has = [&](std::string_view name) {
        return std::find(given.begin(), given.end(), name) != given.end();
    };
    for (const auto& c : kConflicts)
        if (has(c.first) && has(c.second))
            return dashed(c.first) + " does not combine with " + dashed(c.second) + ": " +
                   std::string(c.why);
    SearchMode mode = search_mode(given);
    for (const auto& name : given) {
        const OptionRule& r = rule(name);
        if (!(r.modes & mode))
            return dashed(name) + " does not combine with " +
                   (mode == mode_search ? std::string("a search") : dashed(mode_option(mode))) +
                   " (it applies to " + modes_text(r.modes) + ")";
    }
    return "";
}

namespace {

// Words after `lead`, wrapped at 78 columns, continued lines indented.
class Wrapped {
public:
    explicit Wrapped(std::string lead) : line_(std::move(lead)) {}
    void add(const std::string& word) {
        if (line_.size() + 1 + word.size() > 78) {
            out_ += line_ + "\n";
            line_ = "   ";
        }
        line_ += " " + word;
    }
    std::string text() const { return out_ + line_ + "\n"; }

private:
    std::string out_, line_;
};

} // namespace

std::string option_rules_help() {
    std::string out = "Options that combine (any other combination is refused, exit 2):\n";
    for (SearchMode mode : {mode_search, mode_scores, mode_changes, mode_export, mode_serve}) {
        Wrapped line("  " +
                     (mode == mode_search ? std::string("a search") : dashed(mode_option(mode))) +
                     " takes");
        for (const auto& r : kRules)
            if ((r.modes & mode) && r.option != mode_option(mode)) line.add(dashed(r.option));
        out += line.text();
    }
    Wrapped never("  but never together:");
    for (size_t i = 0; i < kConflicts.size(); ++i)
        never.add(dashed(kConflicts[i].first) + " and " + dashed(kConflicts[i].second) +
                  (i + 1 < kConflicts.size() ? "," : ""));
    return out + never.text();
}

} // namespace cqc
