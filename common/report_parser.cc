#include "report_parser.hh"

#include "text.hh"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace cqc {
namespace {

// ---------------------------------------------------------------- lines ---

struct Line {
    std::string text; // trimmed, normalised
    int number = 0;   // 1-based line in the file
    bool blank = false;
    bool page_break_before = false; // a form feed or dropped footer preceded it
};

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

const std::regex& page_marker_re() {
    static const std::regex re(R"((^|\s)Page\s+\d+\s+(of|/)\s+\d+(\s|$))", std::regex::icase);
    return re;
}

bool is_separator(std::string_view t) {
    if (t.size() < 3) return false;
    return std::all_of(t.begin(), t.end(), [](char c) { return c == '-'; }) ||
           std::all_of(t.begin(), t.end(), [](char c) { return c == '*'; }) ||
           std::all_of(t.begin(), t.end(), [](char c) { return c == '_'; });
}

bool is_copyright(std::string_view t) {
    return t.starts_with("\xC2\xA9") || starts_with_ci(t, "(c) care quality commission") ||
           starts_with_ci(t, "copyright care quality commission");
}

// Web page chrome that carries no report content.
bool is_web_chrome(std::string_view t) {
    static const char* const exact[] = {
        "downloads",   "download",        "download report", "skip to main content",
        "back to top", "print this page", "share this page", "contents",
        "on this page"};
    if (t.size() > 40)
        return starts_with_ci(t, "page last updated") || starts_with_ci(t, "last updated:");
    std::string key = fold_key(t);
    for (auto e : exact)
        if (key == e) return true;
    return starts_with_ci(t, "page last updated") || starts_with_ci(t, "last updated:");
}

bool is_table_furniture(std::string_view t);

// The "I" statement without the quotation marks around it.
std::string unquote(std::string_view t) {
    std::string s = trim(t);
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
        s = trim(s.substr(1, s.size() - 2));
    else if (s.size() >= 3 && s.front() == '"' && s.ends_with("\"."))
        s = trim(s.substr(1, s.size() - 3)) + ".";
    return s;
}

// Split into lines, drop form feeds, page footers/headers, separators, the
// copyright line and web chrome; remember where pages broke.
std::vector<Line> clean_lines(std::string_view text, ParsedFile& out) {
    std::vector<Line> raw;
    int number = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view piece = text.substr(pos, end - pos);
        ++number;
        Line line;
        line.number = number;
        std::string s(piece);
        if (s.find('\f') != std::string::npos) {
            line.page_break_before = true;
            s.erase(std::remove(s.begin(), s.end(), '\f'), s.end());
        }
        line.text = trim(s);
        line.blank = line.text.empty();
        raw.push_back(std::move(line));
        pos = end + 1;
        if (end == text.size()) break;
    }

    // Page markers: "Page 3 of 12" lines, and lines after a form feed.
    std::vector<bool> marker(raw.size(), false);
    for (size_t i = 0; i < raw.size(); ++i)
        if (!raw[i].blank && raw[i].text.size() < 200 &&
            (raw[i].text.find("Page") != std::string::npos ||
             raw[i].text.find("page") != std::string::npos) &&
            std::regex_search(raw[i].text, page_marker_re()))
            marker[i] = true;

    // Running headers/footers: short lines repeated next to page markers.
    // Only the nearest text line on either side of a page marker can be a
    // running header or footer; a council name two lines further is content.
    auto near_marker = [&](size_t i) {
        if (raw[i].page_break_before) return true;
        for (size_t j = i; j > 0; --j) {
            if (marker[j - 1] || raw[j].page_break_before) return true;
            if (!raw[j - 1].blank) break;
        }
        for (size_t j = i + 1; j < raw.size(); ++j) {
            if (marker[j] || raw[j].page_break_before) return true;
            if (!raw[j].blank) break;
        }
        return false;
    };
    std::unordered_map<std::string, int> near_counts;
    std::vector<bool> near(raw.size(), false);
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i].blank || marker[i] || raw[i].text.size() > 120) continue;
        if (near_marker(i)) {
            near[i] = true;
            ++near_counts[raw[i].text];
        }
    }

    std::vector<Line> lines;
    bool pending_break = false;
    bool first_text = true;
    for (size_t i = 0; i < raw.size(); ++i) {
        Line& line = raw[i];
        if (line.page_break_before) pending_break = true;
        if (line.blank) {
            lines.push_back(line);
            continue;
        }
        const std::string& t = line.text;
        bool running = near[i] && near_counts[t] >= 2 && !match_statement_heading(t);
        if (marker[i] || running) {
            pending_break = true;
            continue;
        }
        if (is_separator(t)) {
            // A `---` between page blocks of converted text: a soft break.
            pending_break = true;
            Line blank = line;
            blank.text.clear();
            blank.blank = true;
            lines.push_back(blank);
            continue;
        }
        if (is_copyright(t) || is_web_chrome(t)) continue;
        if (t.starts_with("|") && is_table_furniture(t)) continue;
        if (starts_with_ci(t, "published:") || starts_with_ci(t, "published on")) {
            std::string date = trim(t.substr(t.find_first_of(":n") + 1));
            auto cut = date.find("Page last updated");
            if (cut != std::string::npos) date = trim(date.substr(0, cut));
            if (out.published.empty()) out.published = date;
            continue;
        }
        // A PDF's title page: "<Council>" then "Local authority assessment".
        if (t.size() < 40 && fold_key(t) == "local authority assessment") {
            for (size_t k = lines.size(); k > 0; --k) {
                if (lines[k - 1].blank) continue;
                if (out.authority.empty()) out.authority = lines[k - 1].text;
                lines.erase(lines.begin() + static_cast<long>(k - 1));
                break;
            }
            continue;
        }
        if (first_text) {
            first_text = false;
            // Web pages open with "<Council> assessment".
            static const std::regex header(R"(^(.+?):?\s+(local authority\s+)?assessment$)",
                                           std::regex::icase);
            std::smatch m;
            if (std::regex_match(t, m, header) && !match_statement_heading(t)) {
                std::string name = trim(m[1].str());
                if (fold_key(name) != "local authority" && !name.empty()) {
                    out.authority = name;
                    continue;
                }
            }
        }
        line.page_break_before = pending_break;
        pending_break = false;
        lines.push_back(line);
    }
    return lines;
}

// --------------------------------------------------------------- blocks ---

enum class Kind {
    text,
    markdown_heading,
    bullet,
};

struct Block {
    Kind kind = Kind::text;
    std::string text;
    int line = 0;
    int line_count = 0;
    bool page_break_before = false;
};

bool ends_sentence(std::string_view t) {
    if (t.empty()) return true;
    char c = t.back();
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == ')' ||
           c == '\'';
}

bool starts_lower(std::string_view t) {
    return !t.empty() && std::islower(static_cast<unsigned char>(t.front()));
}

bool is_bullet(std::string_view t) {
    return t.starts_with("\xE2\x80\xA2") || t.starts_with("- ") || t.starts_with("* ") ||
           t.starts_with("+ ") || t.starts_with("\xC2\xB7") || t.starts_with("o ");
}

std::string strip_bullet(std::string_view t) {
    if (t.starts_with("\xE2\x80\xA2")) return trim(t.substr(3));
    if (t.starts_with("\xC2\xB7")) return trim(t.substr(2));
    return trim(t.substr(2));
}

// Words hyphenated inside lines ("co-production"): a line-end hyphen that
// forms one of these is kept; any other line-end hyphen is a PDF's wrap.
std::unordered_set<std::string> inline_hyphenated_words(const std::vector<Line>& lines) {
    std::unordered_set<std::string> words;
    auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    for (const auto& line : lines) {
        const std::string& t = line.text;
        for (size_t h = t.find('-'); h != std::string::npos; h = t.find('-', h + 1)) {
            if (h == 0 || h + 1 >= t.size() || !alpha(t[h - 1]) || !alpha(t[h + 1])) continue;
            size_t b = h, e = h + 1;
            while (b > 0 && alpha(t[b - 1]))
                --b;
            while (e < t.size() && alpha(t[e]))
                ++e;
            std::string w = t.substr(b, e - b);
            std::transform(w.begin(), w.end(), w.begin(), ::tolower);
            words.insert(std::move(w));
        }
    }
    return words;
}

void join_wrapped(std::string& paragraph, std::string_view next,
                  const std::unordered_set<std::string>& hyphenated) {
    if (paragraph.empty()) {
        paragraph = next;
        return;
    }
    size_t n = paragraph.size();
    if (paragraph.back() == '-' && n >= 2 &&
        std::isalpha(static_cast<unsigned char>(paragraph[n - 2])) && starts_lower(next)) {
        size_t start = n - 1;
        while (start > 0 && std::isalpha(static_cast<unsigned char>(paragraph[start - 1])))
            --start;
        std::string left = paragraph.substr(start, n - 1 - start);
        size_t stop = 0;
        while (stop < next.size() && std::isalpha(static_cast<unsigned char>(next[stop])))
            ++stop;
        std::string compound = left + "-" + std::string(next.substr(0, stop));
        std::transform(compound.begin(), compound.end(), compound.begin(), ::tolower);
        if (!hyphenated.count(compound)) paragraph.pop_back();
        paragraph += next;
        return;
    }
    paragraph += ' ';
    paragraph += next;
}

bool is_markdown_heading(std::string_view t) {
    size_t hashes = 0;
    while (hashes < t.size() && t[hashes] == '#')
        ++hashes;
    return hashes > 0 && hashes <= 6 && hashes < t.size() && t[hashes] == ' ';
}

// Lines that stand on their own even without blank lines around them.
bool is_structural(std::string_view t);

std::vector<Block> make_blocks(const std::vector<Line>& lines) {
    auto hyphenated = inline_hyphenated_words(lines);
    std::vector<Block> blocks;
    Block current;
    bool open = false;
    bool pending_break = false;
    auto close = [&] {
        if (!open) return;
        // A page break in mid-sentence: the paragraph goes on after it.
        if (!blocks.empty() && current.page_break_before && current.kind == Kind::text &&
            blocks.back().kind == Kind::text && !ends_sentence(blocks.back().text) &&
            (starts_lower(current.text) || blocks.back().text.back() == '-') &&
            !is_structural(current.text)) {
            join_wrapped(blocks.back().text, current.text, hyphenated);
            blocks.back().line_count += current.line_count;
        } else {
            blocks.push_back(std::move(current));
        }
        current = Block{};
        open = false;
    };
    for (const auto& line : lines) {
        if (line.page_break_before) pending_break = true;
        if (line.blank) {
            close();
            continue;
        }
        std::string_view t = line.text;
        Kind kind = Kind::text;
        std::string text(t);
        if (is_markdown_heading(t)) {
            kind = Kind::markdown_heading;
            text = trim(t.substr(t.find(' ')));
            while (!text.empty() && text.back() == '#')
                text.pop_back();
            text = trim(text);
        } else if (is_bullet(t)) {
            kind = Kind::bullet;
            text = strip_bullet(t);
        }
        bool alone = kind != Kind::text || is_structural(t);
        if (alone || (open && current.kind != Kind::text)) close();
        if (!open) {
            current.kind = kind;
            current.line = line.number;
            current.page_break_before = pending_break;
            pending_break = false;
            open = true;
        }
        if (kind == Kind::text)
            join_wrapped(current.text, text, hyphenated);
        else
            current.text = text;
        ++current.line_count;
        if (alone) close();
    }
    close();
    return blocks;
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

bool is_structural(std::string_view t) {
    return match_score_line(t) || match_score_label(t) || match_statement_heading(t) ||
           match_theme_heading(t) || is_expect_heading(t) || is_commitment_heading(t) ||
           is_findings_heading(t) || heading_is(t, "Overall summary") ||
           heading_is(t, "Local authority rating and score") ||
           heading_is(t, "Quality statement scores") || match_table_row(t) || is_bullet(t) ||
           is_markdown_heading(t);
}

// A plain line that reads as a subheading: short, no sentence punctuation.
bool looks_like_heading(const Block& b) {
    if (b.kind == Kind::markdown_heading) return true;
    if (b.kind != Kind::text || b.line_count != 1) return false;
    const std::string& t = b.text;
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

    void run(const std::vector<Block>& blocks) {
        for (size_t i = 0; i < blocks.size(); ++i)
            take(blocks[i]);
        flush_pending_table_name();
    }

private:
    ParsedFile& out_;
    State state_ = State::preamble;
    Section* section_ = nullptr;
    std::string heading_;
    const Statement* table_name_ = nullptr; // score table row awaiting its score
    int table_name_line_ = 0;
    bool awaiting_score_label_ = false;

    void warn(int line, std::string message) {
        out_.warnings.push_back({out_.path, line, std::move(message)});
    }

    Section& start_section(std::string title, const Statement* statement, int line) {
        Section s;
        s.title = std::move(title);
        s.statement = statement;
        s.summary = statement == nullptr;
        s.file = out_.path;
        s.line = line;
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

    void take(const Block& b) {
        const std::string& t = b.text;

        if (b.kind == Kind::bullet) {
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
                    add_table_row({table_name_, *score->score}, b.line);
                    table_name_ = nullptr;
                } else {
                    awaiting_score_label_ = true;
                }
                return;
            }
            if (score->score)
                set_section_score(*score->score, b.line);
            else
                awaiting_score_label_ = true;
            return;
        }
        if (auto label = match_score_label(t)) {
            if (state_ == State::score_table && table_name_) {
                add_table_row({table_name_, *label}, b.line);
                table_name_ = nullptr;
            } else {
                set_section_score(*label, b.line);
            }
            awaiting_score_label_ = false;
            return;
        }
        if (in_summary_head() && is_table_furniture(t)) return;
        if (auto row = match_table_row(t);
            row && (in_summary_head() || !section_ || section_->summary)) {
            state_ = State::score_table;
            add_table_row(*row, b.line);
            return;
        }
        if (const Statement* st = match_statement_heading(t)) {
            if (state_ == State::score_table ||
                (state_ == State::rating_block && section_ && section_->summary)) {
                flush_pending_table_name();
                state_ = State::score_table;
                table_name_ = st;
                table_name_line_ = b.line;
                return;
            }
            start_section(std::string(st->name) == t ? t : t, st, b.line);
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
        if (heading_is(t, "Overall summary")) {
            summary(b.line);
            state_ = State::preamble;
            return;
        }
        if (heading_is(t, "Local authority rating and score") ||
            heading_is(t, "Local authority rating")) {
            summary(b.line);
            state_ = State::rating_block;
            return;
        }
        if (heading_is(t, "Quality statement scores")) {
            summary(b.line);
            state_ = State::score_table;
            return;
        }
        if (is_expect_heading(t)) {
            state_ = State::expect;
            // "What people expect: “I have ...”" on one line
            auto colon = t.find(':');
            if (colon != std::string::npos && trim(t.substr(colon + 1)).size() > 0) {
                if (section_) section_->what_people_expect = unquote(t.substr(colon + 1));
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
            if (b.kind != Kind::markdown_heading || state_ == State::rating_block) {
                summary(b.line);
                out_.stated_rating = rating->rating;
                out_.stated_percent = rating->percent;
                out_.indicative = out_.indicative || rating->indicative;
                return;
            }
        }
        if (state_ == State::rating_block && out_.authority.empty() && b.line_count == 1) {
            out_.authority = t;
            return;
        }
        if (state_ == State::rating_block) state_ = State::findings;
        if (state_ == State::theme_list) state_ = State::findings;

        if (state_ == State::expect) {
            if (section_) section_->what_people_expect = unquote(t);
            state_ = State::findings;
            return;
        }
        if (state_ == State::commitment) {
            if (section_) section_->commitment = t;
            state_ = State::findings;
            return;
        }
        if (looks_like_heading(b)) {
            heading_ = t;
            return;
        }
        paragraph(b);
    }

    void paragraph(const Block& b) {
        if (!section_) {
            // Text before any report heading is not report content we can place.
            ++out_.unplaced_paragraphs;
            return;
        }
        section_->paragraphs.push_back({heading_, b.text, b.line});
    }
};

} // namespace

ParsedFile parse_report_text(std::string_view text, const std::string& path) {
    ParsedFile out;
    out.path = path;
    std::string normalised;
    normalised.reserve(text.size());
    // Normalise line by line so typographic quotes and NFKC forms are gone
    // before any pattern is matched.
    normalised = normalise_text(text);
    // CR LF and lone CR line ends
    normalised.erase(std::remove(normalised.begin(), normalised.end(), '\r'), normalised.end());
    auto lines = clean_lines(normalised, out);
    auto blocks = make_blocks(lines);
    FileParser(out).run(blocks);
    if (out.unplaced_paragraphs && !out.sections.empty())
        out.warnings.push_back({path, 0,
                                std::to_string(out.unplaced_paragraphs) +
                                    " paragraph(s) before the first section heading not indexed"});
    for (auto& s : out.sections)
        if (s.statement == nullptr && !s.summary)
            out.warnings.push_back(
                {path, s.line, "section '" + s.title + "' names no quality statement"});
    return out;
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
