#include "report_parser.hh"

#include "dates.hh"
#include "text.hh"
#include "text_extractor.hh"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace cqc {
namespace {

// The "I" statement without the quotation marks around it, straight or
// curly (compared folded; the words inside are kept as written).
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

// ------------------------------------------------------------ recognise ---

struct ScoreLine {
    std::optional<int> score; // nullopt for a bare "Score:" line
    bool indicative = false;
};

std::optional<ScoreLine> match_score_line(std::string_view t) {
    if (t.size() > 80 || t.empty()) return std::nullopt;
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(t[0])));
    if (c != 's' && c != 'i') return std::nullopt;
    static const std::regex re(
        R"(^(indicative\s+)?score\s*:?\s*([1-4])?\s*(?:(?:-|/\s*4)\s*(.*))?$)", std::regex::icase);
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

// "2 - Evidence shows some shortfalls"
std::optional<int> match_score_label(std::string_view t) {
    if (t.size() > 80 || t.empty() || t[0] < '1' || t[0] > '4') return std::nullopt;
    static const std::regex re(R"(^([1-4])\s*[-:]\s*(evidence shows .*)$)", std::regex::icase);
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(t.begin(), t.end(), m, re)) return std::nullopt;
    int score = m[1].str()[0] - '0';
    if (fold_key(m[2].str()) != fold_key(score_label(score))) return std::nullopt;
    return score;
}

// A row of an aligned or markdown score table: "Assessing needs    2",
// "| Safeguarding | 2 |", "Safeguarding   Score: 2 - Evidence shows ...".
std::optional<ScoreRow> match_table_row(std::string_view t) {
    // A row is short and ends in its score or the score's label.
    if (t.size() > 160 || t.empty()) return std::nullopt;
    char last = t.back();
    bool ends_score = (last >= '1' && last <= '4') || last == '|' || last == 's' || last == 'd';
    if (!ends_score || t.find_first_of("1234") == std::string_view::npos) return std::nullopt;
    std::string s(t);
    std::replace(s.begin(), s.end(), '|', ' ');
    s = trim(s);
    static const std::regex re(
        R"(^(.*?[a-z])\s*(?:\s{2,}|:\s*|\t)(?:(?:indicative\s+)?score:?\s*)?([1-4])(\s*[-:]\s*evidence shows.*|\s*/\s*4)?$)",
        std::regex::icase);
    std::smatch m;
    if (!std::regex_match(s, m, re)) return std::nullopt;
    const Statement* st = match_statement_heading(m[1].str());
    if (!st) return std::nullopt;
    return ScoreRow{st, m[2].str()[0] - '0'};
}

// A drawn table's row, cell by cell: a statement's name in one cell and its
// score ("2", "Score: 2", "2 - Evidence shows some shortfalls") in a later one.
std::optional<ScoreRow> match_table_cells(const std::vector<std::string>& cells) {
    const Statement* statement = nullptr;
    for (const auto& cell : cells) {
        if (!statement) {
            statement = cell.size() < 80 ? match_statement_heading(cell) : nullptr;
            continue;
        }
        if (cell.size() == 1 && cell[0] >= '1' && cell[0] <= '4')
            return ScoreRow{statement, cell[0] - '0'};
        if (auto label = match_score_label(cell)) return ScoreRow{statement, *label};
        if (auto line = match_score_line(cell); line && line->score)
            return ScoreRow{statement, *line->score};
    }
    return std::nullopt;
}

// The footer under a report's sections: "© Care Quality Commission".
bool is_copyright(std::string_view t) {
    return t.size() < 80 &&
           (t.starts_with("\xC2\xA9") || starts_with_ci(t, "(c) care quality commission") ||
            starts_with_ci(t, "copyright care quality commission"));
}

// "This theme includes these quality statements:" introduces a theme's list.
bool is_theme_boilerplate(std::string_view t) {
    return t.size() < 80 && starts_with_ci(t, "this theme includes");
}

// "Overall score: 58%", "58%": the overall percentage stated on its own.
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

struct RatingLine {
    const Rating* rating = nullptr;
    std::optional<int> percent;
    bool indicative = false;
};

std::optional<RatingLine> match_rating_line(std::string_view t) {
    if (t.size() > 60) return std::nullopt;
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

bool heading_is(std::string_view t, std::string_view name) {
    // Folding differs only in spaces and punctuation: a much longer line
    // is a paragraph, not this heading (and folding every line is costly).
    if (t.size() > 2 * name.size() + 8) return false;
    std::string key = fold_key(t);
    return key == fold_key(name);
}

bool is_expect_heading(std::string_view t) {
    if (!starts_with_ci(t, "what people expect")) return false;
    std::string rest = trim(t.substr(18));
    return rest.empty() || rest.front() == ':';
}

// "| Quality statement | Score |", "|---|---|" and the like around a table.
bool is_table_furniture(std::string_view t) {
    if (t.starts_with("|") && std::all_of(t.begin(), t.end(), [](char c) {
            return c == '|' || c == '-' || c == ':' || c == ' ';
        }))
        return true;
    if (t.size() > 60) return false; // a paragraph, not table furniture
    std::string key = fold_key(t);
    return key == "quality statement score" || key == "quality statement scores" ||
           key == "quality statement" || key == "score" || key == "statement score";
}

bool is_commitment_heading(std::string_view t) {
    return heading_is(t, "The local authority commitment") ||
           heading_is(t, "Local authority commitment");
}

bool is_findings_heading(std::string_view t) {
    return heading_is(t, "Key findings for this quality statement") ||
           heading_is(t, "Key findings");
}

// "Published: 12 March 2025 Page last updated: 14 March 2025",
// "Date of publication: 28 November 2024", "Published 12 March 2025".
std::optional<std::string> match_published_line(std::string_view t) {
    if (t.size() > 120) return std::nullopt;
    if (!starts_with_ci(t, "published") && !starts_with_ci(t, "date of publication") &&
        !starts_with_ci(t, "publication date"))
        return std::nullopt;
    return find_date(t);
}

// "Assessment activity: 14 October 2024 to 8 November 2024", "Date of
// assessment: ...", "Assessment dates: ...": the dates as written.
std::optional<std::string> match_assessed_line(std::string_view t) {
    static const std::string_view openings[] = {"assessment activity", "assessment dates",
                                                "assessment date",     "dates of assessment",
                                                "date of assessment",  "assessed"};
    if (t.size() > 160) return std::nullopt;
    for (auto o : openings)
        if (starts_with_ci(t, o)) {
            std::string rest = trim(t.substr(o.size()));
            if (!rest.empty() && rest.front() == ':') rest = trim(rest.substr(1));
            if (rest.empty() || !find_date(rest)) return std::nullopt;
            return rest;
        }
    return std::nullopt;
}

// A cover's "Local authority assessment" under the council's name.
bool is_title_page_line(std::string_view t) {
    return t.size() < 40 && fold_key(t) == "local authority assessment";
}

// A web page's first line or title: "<Council> assessment", "<Council>:
// local authority assessment".
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

bool is_structural(std::string_view t) {
    return match_score_line(t) || match_score_label(t) || match_statement_heading(t) ||
           match_theme_heading(t) || is_expect_heading(t) || is_commitment_heading(t) ||
           is_findings_heading(t) || heading_is(t, "Overall summary") ||
           heading_is(t, "Local authority rating and score") ||
           heading_is(t, "Quality statement scores") || match_table_row(t) ||
           match_published_line(t) || match_assessed_line(t) || is_title_page_line(t) ||
           is_theme_boilerplate(t) || match_percent_line(t) || is_copyright(t);
}

// A plain line that reads as a subheading: short, no sentence punctuation.
// `t`: the block's text normalised.
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

// ---------------------------------------------------------------- parse ---

enum class State { preamble, rating_block, score_table, expect, commitment, findings, theme_list };

class FileParser {
public:
    explicit FileParser(ParsedFile& out) : out_(out) {}

    void run(const Document& doc) {
        if (!doc.published.empty()) out_.published = doc.published;
        for (const auto& b : doc.front_matter)
            take_front_matter(b);
        for (const auto& b : doc.blocks)
            take(b);
        flush_pending_table_name();
        out_.unplaced_paragraphs += preamble_.size();
    }

private:
    ParsedFile& out_;
    State state_ = State::preamble;
    Section* section_ = nullptr;
    std::string heading_;
    const Statement* table_name_ = nullptr; // score table row awaiting its score
    int table_name_line_ = 0;
    bool awaiting_score_label_ = false;
    bool seen_content_ = false;   // a block other than dates has been read
    std::vector<Block> preamble_; // paragraphs before any section
    std::string front_before_;    // the front matter's last text block
    int page_ = 0;                // of the block being read (PDF)

    void warn(int line, std::string message) {
        out_.warnings.push_back({out_.path, line, std::move(message)});
    }

    Section& start_section(std::string title, const Statement* statement, int line) {
        Section s;
        s.title = std::move(title);
        s.statement = statement;
        s.summary = statement == nullptr;
        s.file = out_.path;
        s.page = page_;
        s.line = page_ ? 0 : line;
        out_.sections.push_back(std::move(s));
        section_ = &out_.sections.back();
        heading_.clear();
        awaiting_score_label_ = false;
        return *section_;
    }

    Section& summary(int line) {
        if (section_ && section_->summary) return *section_;
        for (auto& s : out_.sections)
            if (s.summary) return *(section_ = &s);
        return start_section("Overall summary", nullptr, line);
    }

    void flush_pending_table_name() {
        if (table_name_)
            warn(table_name_line_,
                 "score table row '" + std::string(table_name_->name) + "' has no score");
        table_name_ = nullptr;
    }

    void set_section_score(int score, int line) {
        if (!section_) return;
        if (section_->score && *section_->score != score)
            warn(line, "score " + std::to_string(score) + " disagrees with the score " +
                           std::to_string(*section_->score) + " given above it in '" +
                           section_->title + "'");
        else
            section_->score = score;
    }

    void add_table_row(ScoreRow row, int line) {
        for (const auto& r : out_.score_table)
            if (r.statement == row.statement) {
                if (r.score != row.score)
                    warn(line, "score table lists '" + std::string(row.statement->name) +
                                   "' twice with different scores");
                return;
            }
        out_.score_table.push_back(row);
    }

    bool in_summary_head() const {
        return state_ == State::rating_block || state_ == State::score_table;
    }

    // Dates, the web page's "<Council> assessment" title and a cover's
    // "<Council>" / "Local authority assessment": about the report, not in it.
    // `t`: the block's text normalised; what is kept is kept as written.
    bool take_metadata(const Block& b, std::string_view t) {
        if (b.kind == BlockKind::table_row || b.line_count > 3) return false;
        if (auto date = match_published_line(t)) {
            if (out_.published.empty()) out_.published = *date;
            return true;
        }
        if (auto assessed = match_assessed_line(t)) {
            auto as_written = match_assessed_line(b.text);
            if (out_.assessed.empty()) out_.assessed = as_written ? *as_written : *assessed;
            return true;
        }
        if (is_title_page_line(t)) {
            if (!preamble_.empty()) {
                if (out_.authority.empty()) out_.authority = preamble_.back().text;
                preamble_.pop_back();
            }
            return true;
        }
        bool first = !seen_content_;
        seen_content_ = true;
        if (first && !section_)
            if (auto name = match_title_line(t)) {
                auto as_written = match_title_line(b.text);
                out_.authority = as_written ? *as_written : *name;
                return true;
            }
        return false;
    }

    // A cover: the council's name stands above "Local authority assessment".
    void take_front_matter(const Block& b) {
        if (is_title_page_line(b.text)) {
            if (!front_before_.empty()) out_.authority = front_before_;
            return;
        }
        std::string storage;
        if (!take_metadata(b, normalised_view(b.text, storage))) front_before_ = b.text;
    }

    // The framework's wording is recognised in the block's text normalised
    // (`t`: typographic quotes and dashes folded); what the report says is
    // kept as written (`b.text`).
    void take(const Block& b) {
        std::string storage;
        const std::string_view t = normalised_view(b.text, storage);
        page_ = b.page;

        if (take_metadata(b, t)) return;
        if (b.kind == BlockKind::table_row && is_table_furniture(t)) return;
        if (b.kind == BlockKind::list_item) {
            // Theme headings in a PDF list their statements as bullets; a
            // bullet naming a statement is never a section.
            if (state_ == State::theme_list || match_statement_heading(t)) return;
            paragraph(b);
            return;
        }
        if (auto score = match_score_line(t)) {
            out_.indicative = out_.indicative || score->indicative;
            if (state_ == State::score_table && table_name_) {
                if (score->score) {
                    add_table_row({table_name_, *score->score}, block_position(b));
                    table_name_ = nullptr;
                } else {
                    awaiting_score_label_ = true;
                }
                return;
            }
            if (score->score)
                set_section_score(*score->score, block_position(b));
            else
                awaiting_score_label_ = true;
            return;
        }
        if (auto label = match_score_label(t)) {
            if (state_ == State::score_table && table_name_) {
                add_table_row({table_name_, *label}, block_position(b));
                table_name_ = nullptr;
            } else {
                set_section_score(*label, block_position(b));
            }
            awaiting_score_label_ = false;
            return;
        }
        if (in_summary_head() && is_table_furniture(t)) return;
        if (auto row =
                b.kind == BlockKind::table_row ? match_table_cells(b.cells) : match_table_row(t);
            row && (in_summary_head() || !section_ || section_->summary)) {
            state_ = State::score_table;
            add_table_row(*row, block_position(b));
            return;
        }
        if (const Statement* st = match_statement_heading(t)) {
            if (state_ == State::score_table ||
                (state_ == State::rating_block && section_ && section_->summary)) {
                flush_pending_table_name();
                state_ = State::score_table;
                table_name_ = st;
                table_name_line_ = block_position(b);
                return;
            }
            start_section(b.text, st, block_position(b));
            state_ = State::preamble;
            return;
        }
        // Anything else ends a score table.
        if (state_ == State::score_table) {
            flush_pending_table_name();
            state_ = State::findings;
        }
        if (match_theme_heading(t)) {
            state_ = State::theme_list;
            return;
        }
        if (is_theme_boilerplate(t) || is_copyright(t)) return;
        if (auto percent = match_percent_line(t); percent && (!section_ || section_->summary)) {
            out_.stated_percent = percent;
            return;
        }
        if (heading_is(t, "Overall summary")) {
            summary(block_position(b));
            state_ = State::preamble;
            return;
        }
        if (heading_is(t, "Local authority rating and score") ||
            heading_is(t, "Local authority rating")) {
            summary(block_position(b));
            state_ = State::rating_block;
            return;
        }
        if (heading_is(t, "Quality statement scores")) {
            summary(block_position(b));
            state_ = State::score_table;
            return;
        }
        if (is_expect_heading(t)) {
            state_ = State::expect;
            // "What people expect: “I have ...”" on one line
            auto colon = b.text.find(':');
            if (colon != std::string::npos && trim(b.text.substr(colon + 1)).size() > 0) {
                if (section_) section_->what_people_expect = unquote(b.text.substr(colon + 1));
                state_ = State::findings;
            }
            return;
        }
        if (is_commitment_heading(t)) {
            state_ = State::commitment;
            return;
        }
        if (is_findings_heading(t)) {
            state_ = State::findings;
            heading_.clear();
            return;
        }
        if (auto rating = match_rating_line(t);
            rating && (state_ == State::rating_block || !section_ || section_->summary) &&
            (state_ == State::rating_block || !out_.stated_rating)) {
            if (b.kind != BlockKind::heading || state_ == State::rating_block) {
                summary(block_position(b));
                out_.stated_rating = rating->rating;
                out_.stated_percent = rating->percent;
                out_.indicative = out_.indicative || rating->indicative;
                return;
            }
        }
        if (state_ == State::rating_block && b.line_count == 1 &&
            (out_.authority.empty() || fold_key(out_.authority) == fold_key(t))) {
            out_.authority = b.text;
            return;
        }
        if (state_ == State::rating_block) state_ = State::findings;
        if (state_ == State::theme_list) state_ = State::findings;

        if (state_ == State::expect) {
            if (section_) section_->what_people_expect = unquote(b.text);
            state_ = State::findings;
            return;
        }
        if (state_ == State::commitment) {
            if (section_) section_->commitment = b.text;
            state_ = State::findings;
            return;
        }
        if (looks_like_heading(b, t)) {
            heading_ = b.text;
            return;
        }
        paragraph(b);
    }

    void paragraph(const Block& b) {
        if (!section_) {
            // Text before any report heading is not report content we can place.
            preamble_.push_back(b);
            return;
        }
        section_->paragraphs.push_back({heading_, b.text, b.line, b.page});
    }
};

} // namespace

ParsedFile recognise(const Document& doc) {
    ParsedFile out;
    out.path = doc.path;
    FileParser(out).run(doc);
    if (out.unplaced_paragraphs && !out.sections.empty())
        out.warnings.push_back({doc.path, 0,
                                std::to_string(out.unplaced_paragraphs) +
                                    " paragraph(s) before the first section heading not indexed"});
    for (auto& s : out.sections)
        if (s.statement == nullptr && !s.summary)
            out.warnings.push_back(
                {doc.path, s.line, "section '" + s.title + "' names no quality statement"});
    return out;
}

bool stands_alone(std::string_view line) {
    return is_structural(line);
}

Document extract_report_text(std::string_view text, const std::string& path) {
    // The report's characters, kept; the rules fold them where they compare.
    std::string tidy = tidy_text(text);
    // CR LF and lone CR (as some exports write) both end a line.
    size_t w = 0;
    for (size_t r = 0; r < tidy.size(); ++r) {
        char c = tidy[r];
        if (c == '\r') {
            if (r + 1 < tidy.size() && tidy[r + 1] == '\n') continue;
            c = '\n';
        }
        tidy[w++] = c;
    }
    tidy.resize(w);
    return extract_text(tidy, path, stands_alone);
}

ParsedFile parse_report_text(std::string_view text, const std::string& path) {
    return recognise(extract_report_text(text, path));
}

bool is_whole_report(const ParsedFile& file) {
    int statements = 0;
    for (const auto& s : file.sections)
        if (s.statement) ++statements;
    return statements >= 2;
}

std::optional<int> Report::score_for(const Statement& statement) const {
    for (const auto& r : score_table)
        if (r.statement == &statement) return r.score;
    for (const auto& s : sections)
        if (s.statement == &statement && s.score) return s.score;
    return std::nullopt;
}

std::optional<int> Report::percent() const {
    std::vector<int> scores;
    for (const auto& st : statements())
        if (auto s = score_for(st)) scores.push_back(*s);
    return overall_percent(scores);
}

const Rating* Report::rating() const {
    if (stated_rating) return stated_rating;
    auto p = percent();
    return p ? rating_for_percent(*p) : nullptr;
}

Report assemble_report(std::string id, std::string path, std::vector<ParsedFile> files) {
    Report report;
    report.id = std::move(id);
    report.path = std::move(path);
    std::unordered_set<std::string> seen_paragraphs;
    for (auto& file : files) {
        report.files.push_back(file.path);
        if (report.authority.empty())
            report.authority = file.authority;
        else if (!file.authority.empty() && fold_key(file.authority) != fold_key(report.authority))
            report.warnings.push_back({file.path, 0,
                                       "council '" + file.authority + "' differs from '" +
                                           report.authority + "' named elsewhere in the report"});
        if (!report.stated_rating) {
            report.stated_rating = file.stated_rating;
            report.stated_percent = file.stated_percent;
        }
        report.indicative = report.indicative || file.indicative;
        if (report.published.empty()) report.published = file.published;
        if (report.assessed.empty()) report.assessed = file.assessed;
        for (const auto& row : file.score_table) {
            bool known = false;
            for (const auto& r : report.score_table)
                known = known || r.statement == row.statement;
            if (!known) report.score_table.push_back(row);
        }
        for (auto& w : file.warnings)
            report.warnings.push_back(std::move(w));
        for (auto& section : file.sections) {
            std::vector<Paragraph> kept;
            for (auto& p : section.paragraphs) {
                if (seen_paragraphs.insert(fold_key(p.text)).second)
                    kept.push_back(std::move(p));
                else
                    ++report.duplicate_paragraphs;
            }
            section.paragraphs = std::move(kept);
            for (const auto& other : report.sections)
                if ((other.statement && other.statement == section.statement) ||
                    (other.summary && section.summary))
                    report.warnings.push_back({section.file, section.line,
                                               "second section for '" + section.title +
                                                   "' in this report (first at " + other.file +
                                                   ":" + std::to_string(other.line) + ")"});
            report.sections.push_back(std::move(section));
        }
    }

    // A report saved a page per section comes in file-name order; it reads
    // in the framework's: the summary, then the statements.
    if (files.size() > 1) {
        auto rank = [](const Section& s) -> size_t {
            if (s.summary) return 0;
            if (!s.statement) return statements().size() + 1;
            return 1 + static_cast<size_t>(s.statement - statements().data());
        };
        std::stable_sort(report.sections.begin(), report.sections.end(),
                         [&](const Section& a, const Section& b) { return rank(a) < rank(b); });
    }

    // Cross-checks: each section against the table, the rating against the scores.
    for (auto& section : report.sections) {
        if (!section.statement) continue;
        std::optional<int> table;
        for (const auto& r : report.score_table)
            if (r.statement == section.statement) table = r.score;
        if (section.score && table && *section.score != *table)
            report.warnings.push_back({section.file, section.line,
                                       "section '" + section.title + "' has score " +
                                           std::to_string(*section.score) +
                                           " but the score table gives " + std::to_string(*table)});
        if (!section.score && table) section.score = table;
        if (!section.score && !table)
            report.warnings.push_back(
                {section.file, section.line, "section '" + section.title + "' has no score"});
    }
    if (auto percent = report.percent()) {
        const Rating* computed = rating_for_percent(*percent);
        if (report.stated_rating && report.stated_rating != computed &&
            report.score_table.size() == statements().size())
            report.warnings.push_back(
                {report.path, 0,
                 "stated rating '" + std::string(report.stated_rating->name) +
                     "' disagrees with the scores: " + std::to_string(*percent) + "% is '" +
                     std::string(computed->name) + "'"});
        if (report.stated_percent && *report.stated_percent != *percent)
            report.warnings.push_back(
                {report.path, 0,
                 "stated percentage " + std::to_string(*report.stated_percent) +
                     "% disagrees with the scores' " + std::to_string(*percent) + "%"});
    }
    if (report.sections.empty()) report.warnings.push_back({report.path, 0, "no sections found"});
    return report;
}

} // namespace cqc
