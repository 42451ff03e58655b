#include "line_recognisers.hh"

#include "dates.hh"
#include "text.hh"

#include <algorithm>
#include <cctype>
#include <regex>

namespace cqc::detail {
namespace {

// The framework table's score range as the patterns read it: "1234", and
// "[1234]" for a regex.
const std::string kScoreDigits = [] {
    std::string digits;
    for (int score = kMinScore; score <= kMaxScore; ++score)
        digits += static_cast<char>('0' + score);
    return digits;
}();
const std::string kScoreClass = "[" + kScoreDigits + "]";
const std::string kMaxDigit = kScoreDigits.substr(kScoreDigits.size() - 1);

std::optional<int> score_digit(char c) {
    if (kScoreDigits.find(c) == std::string::npos) return std::nullopt;
    return c - '0';
}

// The score labels' last characters ("shortfalls", "standard"): a score
// table row ends in one of them, a score or a cell's edge.
const std::string kLabelEndings = [] {
    std::string endings;
    for (int score = kMinScore; score <= kMaxScore; ++score)
        endings += score_label(score).back();
    return endings;
}();

// The opening all score labels share, to its last whole word, as a regex:
// "Evidence shows".
const std::string kLabelOpening = [] {
    std::string_view common = score_label(kMinScore);
    for (int score = kMinScore; score <= kMaxScore; ++score) {
        std::string_view label = score_label(score);
        size_t n = 0;
        while (n < common.size() && n < label.size() && common[n] == label[n])
            ++n;
        common = common.substr(0, n);
    }
    auto space = common.rfind(' ');
    std::string pattern;
    for (char c : space == std::string_view::npos ? common : common.substr(0, space)) {
        if (std::string_view(R"(\^$.|?*+()[]{}/-)").find(c) != std::string_view::npos)
            pattern += '\\';
        pattern += c;
    }
    return pattern;
}();

// The table's wording folded once (on first use: the table is another
// file's static): lines are compared with it by the thousand.
const std::vector<std::string>& folded(Wording part) {
    static const std::vector<std::vector<std::string>> all = [] {
        std::vector<std::vector<std::string>> parts;
        for (size_t i = 0; i < kWordingParts; ++i) {
            std::vector<std::string> keys;
            for (auto variant : wording(static_cast<Wording>(i)))
                keys.push_back(fold_key(variant));
            parts.push_back(std::move(keys));
        }
        return parts;
    }();
    return all[static_cast<size_t>(part)];
}

// Whether `key`, a line folded, is one of the part's variants.
bool is_variant(const std::string& key, Wording part) {
    const auto& keys = folded(part);
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Whether `t`, folded, is one of the part's variants. `max_size`: a longer
// line is a paragraph, not this line (and folding every line is costly).
bool folds_to(std::string_view t, Wording part, size_t max_size) {
    return t.size() <= max_size && is_variant(fold_key(t), part);
}

// The variant of the part `t` opens with (ASCII case aside), or nullopt.
std::optional<std::string_view> opening(std::string_view t, Wording part) {
    for (auto variant : wording(part))
        if (starts_with_ci(t, variant)) return variant;
    return std::nullopt;
}

} // namespace

std::string unquote(std::string_view t) {
    std::string s = trim(t);
    std::string_view open = first_char(s);
    std::string quote = normalise_text(open);
    if (quote != "\"" && quote != "'") return s;
    std::string_view rest = std::string_view(s).substr(open.size());
    std::string_view close = last_char(rest);
    if (!close.empty() && normalise_text(close) == quote)
        return trim(rest.substr(0, rest.size() - close.size()));
    if (quote == "\"" && rest.ends_with('.')) { // "...".
        rest.remove_suffix(1);
        close = last_char(rest);
        if (!close.empty() && normalise_text(close) == quote)
            return trim(rest.substr(0, rest.size() - close.size())) + ".";
    }
    return s;
}

// A score's "out of the maximum": "/4" or "out of 4", after the score.
const std::string kOutOfMax = R"((?:/\s*|out\s+of\s+))" + kMaxDigit;

std::optional<ScoreLine> match_score_line(std::string_view t) {
    if (t.size() > 80 || t.empty()) return std::nullopt;
    // The expression below opens with "score" or "indicative".
    if (!starts_with_ci(t, "score") && !starts_with_ci(t, "indicative")) return std::nullopt;
    static const std::regex re(R"(^(indicative\s+)?score\s*:?\s*()" + kScoreClass +
                                   R"()?\s*(?:(?:-|)" + kOutOfMax + R"()\s*(.*))?$)",
                               std::regex::icase);
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(t.begin(), t.end(), m, re)) return std::nullopt;
    ScoreLine s;
    s.indicative = m[1].matched;
    if (m[2].matched)
        s.score = m[2].str()[0] - '0';
    else if (m[3].matched && !m[3].str().empty())
        return std::nullopt;
    return s;
}

std::optional<int> match_score_label(std::string_view t) {
    if (t.size() > 80 || t.empty() || !score_digit(t[0])) return std::nullopt;
    static const std::regex re("^(" + kScoreClass + R"()\s*[-:]\s*()" + kLabelOpening + " .*)$",
                               std::regex::icase);
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(t.begin(), t.end(), m, re)) return std::nullopt;
    int score = m[1].str()[0] - '0';
    if (fold_key(m[2].str()) != fold_key(score_label(score))) return std::nullopt;
    return score;
}

namespace {
// Whether `s` has what parts a row's name from its score: two spaces in a
// row, a colon or a tab (the "(?:\s{2,}|:\s*|\t)" of match_table_row's
// expression). Most lines of prose have none, and are refused without it.
bool has_cell_gap(std::string_view s) {
    auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    for (size_t i = 0; i < s.size(); ++i)
        if (s[i] == ':' || s[i] == '\t' || (i + 1 < s.size() && space(s[i]) && space(s[i + 1])))
            return true;
    return false;
}
} // namespace

std::optional<ScoreRow> match_table_row(std::string_view t) {
    // A row is short and ends in its score or the score's label.
    if (t.size() > 160 || t.empty()) return std::nullopt;
    char last = t.back();
    bool ends_score =
        score_digit(last) || last == '|' || kLabelEndings.find(last) != std::string::npos;
    if (!ends_score || t.find_first_of(kScoreDigits) == std::string_view::npos) return std::nullopt;
    std::string s(t);
    std::replace(s.begin(), s.end(), '|', ' ');
    s = trim(s);
    if (!has_cell_gap(s)) return std::nullopt; // the expression below needs one
    static const std::regex re(
        R"(^(.*?[a-z])\s*(?:\s{2,}|:\s*|\t)(?:(?:indicative\s+)?score:?\s*)?()" + kScoreClass +
            R"()(?:\s*)" + kOutOfMax + R"()?(\s*[-:]\s*)" + kLabelOpening + R"(.*)?$)",
        std::regex::icase);
    std::smatch m;
    if (!std::regex_match(s, m, re)) return std::nullopt;
    const Statement* st = match_statement_heading(m[1].str());
    if (!st) return std::nullopt;
    return ScoreRow{st, m[2].str()[0] - '0'};
}

std::optional<ScoreRow> match_table_cells(const std::vector<std::string>& cells) {
    const Statement* statement = nullptr;
    for (const auto& cell : cells) {
        if (!statement) {
            statement = cell.size() < 80 ? match_statement_heading(cell) : nullptr;
            continue;
        }
        if (auto score = cell.size() == 1 ? score_digit(cell[0]) : std::nullopt)
            return ScoreRow{statement, *score};
        if (auto label = match_score_label(cell)) return ScoreRow{statement, *label};
        if (auto line = match_score_line(cell); line && line->score)
            return ScoreRow{statement, *line->score};
    }
    return std::nullopt;
}

bool is_copyright(std::string_view t) {
    return t.size() < 80 && opening(t, Wording::copyright_footer);
}

bool is_page_after_report(std::string_view t) {
    return t.size() < 80 && opening(t, Wording::page_after_report);
}

bool is_theme_boilerplate(std::string_view t) {
    return t.size() < 80 && opening(t, Wording::theme_list_intro);
}

std::optional<int> match_percent_line(std::string_view t) {
    if (t.size() > 40 || t.empty() || t.back() != '%') return std::nullopt;
    static const std::regex re(
        R"(^(?:overall\s+(?:score|percentage|rating score)\s*:?\s*)?(\d{1,3})\s*%$)",
        std::regex::icase);
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(t.begin(), t.end(), m, re)) return std::nullopt;
    int percent = std::stoi(m[1].str());
    return percent <= 100 ? std::optional<int>(percent) : std::nullopt;
}

namespace {
// Whether every character of `t` is one a rating line can hold (letters,
// digits, spaces and "-:()%"): most lines are refused here, before the
// regular expression, which would refuse them too.
bool rating_line_characters(std::string_view t) {
    return std::all_of(t.begin(), t.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return std::isalnum(u) || std::isspace(u) || c == ':' || c == '-' || c == '(' || c == ')' ||
               c == '%';
    });
}

// Whether `t`, folded, holds a rating's name, folded, anywhere: the name a
// rating line gives (match_rating_name) is among its words.
bool mentions_rating(std::string_view t) {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> folded;
        for (const auto& r : ratings())
            folded.push_back(fold_key(r.name));
        return folded;
    }();
    std::string key = fold_key(t);
    return std::any_of(names.begin(), names.end(),
                       [&key](const std::string& name) { return key.find(name) != key.npos; });
}

} // namespace

std::optional<RatingLine> match_rating_line(std::string_view t) {
    if (t.size() > 60 || !rating_line_characters(t) || !mentions_rating(t)) return std::nullopt;
    static const std::regex re(
        R"(^(indicative\s+)?(?:overall\s+)?(?:rating\s*:?\s*)?([A-Za-z ]+?)\s*(?:[-:(]?\s*(\d{1,3})\s*%\s*\)?)?$)",
        std::regex::icase);
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(t.begin(), t.end(), m, re)) return std::nullopt;
    const Rating* r = match_rating_name(m[2].str());
    if (!r) return std::nullopt;
    RatingLine line{r, std::nullopt, m[1].matched};
    if (m[3].matched) line.percent = std::stoi(m[3].str());
    return line;
}

namespace {

// Folding differs only in spaces and punctuation: a line more than twice
// as long as a heading (and a little) is a paragraph.
size_t heading_limit(Wording part) {
    size_t longest = 0;
    for (auto variant : wording(part))
        longest = std::max(longest, variant.size());
    return 2 * longest + 8;
}

// "What people expect" may carry its "I" statement after a colon.
bool is_expect_heading(std::string_view t) {
    auto heading = opening(t, Wording::what_people_expect);
    if (!heading) return false;
    std::string rest = trim(t.substr(heading->size()));
    return rest.empty() || rest.front() == ':';
}

} // namespace

std::optional<Wording> match_part_heading(std::string_view t) {
    std::optional<std::string> key; // `t` folded, once for every part
    for (auto part :
         {Wording::overall_summary, Wording::rating_heading, Wording::score_table_heading,
          Wording::what_people_expect, Wording::commitment, Wording::key_findings}) {
        bool match = false;
        if (part == Wording::what_people_expect) {
            match = is_expect_heading(t);
        } else if (t.size() <= heading_limit(part)) {
            if (!key) key = fold_key(t);
            match = is_variant(*key, part);
        }
        if (match) return part;
    }
    return std::nullopt;
}

bool is_table_furniture(std::string_view t) {
    if (t.starts_with("|") && std::all_of(t.begin(), t.end(), [](char c) {
            return c == '|' || c == '-' || c == ':' || c == ' ';
        }))
        return true;
    // A longer line is a paragraph, not table furniture.
    return folds_to(t, Wording::score_table_header, 60);
}

std::optional<PublishedLine> match_published_line(std::string_view t) {
    if (t.size() > 120) return std::nullopt;
    auto o = opening(t, Wording::published_opening);
    if (!o) return std::nullopt;
    std::string rest = trim(t.substr(o->size()));
    bool colon = !rest.empty() && rest.front() == ':';
    if (colon) rest = trim(rest.substr(1));
    DateReading reading = read_date(rest);
    if (reading.date) return PublishedLine{reading.date, rest};
    // A date that names no day, or anything after "Published:", was meant
    // as the date; "Published data showed..." is a sentence.
    if (!reading.impossible.empty() || (colon && !rest.empty())) return PublishedLine{{}, rest};
    return std::nullopt;
}

std::optional<std::string> match_assessed_line(std::string_view t) {
    if (t.size() > 160) return std::nullopt;
    auto o = opening(t, Wording::assessed_opening);
    if (!o) return std::nullopt;
    std::string rest = trim(t.substr(o->size()));
    if (!rest.empty() && rest.front() == ':') rest = trim(rest.substr(1));
    if (rest.empty() || !find_date(rest)) return std::nullopt;
    return rest;
}

bool is_title_page_line(std::string_view t) {
    return folds_to(t, Wording::cover_title, 39);
}

bool is_publisher_line(std::string_view t) {
    return folds_to(t, Wording::publisher, 39);
}

std::optional<std::string> match_title_line(std::string_view t) {
    if (t.size() > 160 || match_statement_heading(t)) return std::nullopt;
    static const std::regex header(R"(^(.+?):?\s+(local authority\s+)?assessment$)",
                                   std::regex::icase);
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(t.begin(), t.end(), m, header)) return std::nullopt;
    std::string name = trim(m[1].str());
    if (name.empty() || fold_key(name) == "local authority") return std::nullopt;
    return name;
}

namespace {
// A rating on a line of its own ("Requires improvement", "Overall rating:
// Good"), capitalised: a wrapped sentence's line "requires improvement" is
// not one.
bool is_rating_line(std::string_view t) {
    return !t.empty() && std::isupper(static_cast<unsigned char>(t[0])) && match_rating_line(t);
}
} // namespace

bool stands_alone(std::string_view t) {
    return match_score_line(t) || match_score_label(t) || match_statement_heading(t) ||
           match_theme_heading(t) || match_part_heading(t) || match_table_row(t) ||
           match_published_line(t) || match_assessed_line(t) || is_title_page_line(t) ||
           is_theme_boilerplate(t) || match_percent_line(t) || is_copyright(t) ||
           is_rating_line(t) || is_page_after_report(t) || is_publisher_line(t);
}

bool looks_like_heading(const Block& b, std::string_view t) {
    if (b.kind == BlockKind::heading) return true;
    if (b.kind != BlockKind::paragraph || b.line_count != 1) return false;
    if (t.size() < 3 || t.size() > 120) return false;
    if (!std::isupper(static_cast<unsigned char>(t.front()))) return false;
    char last = t.back();
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' ||
        last == '"' || last == '\'')
        return false;
    if (t.find(". ") != std::string::npos) return false;
    size_t words = 1 + std::count(t.begin(), t.end(), ' ');
    return words <= 14;
}

} // namespace cqc::detail
