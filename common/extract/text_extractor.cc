#include "text_extractor.hh"

#include "text.hh"

#include <algorithm>
#include <cctype>
#include <regex>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace cqc {
namespace {

struct Line {
    std::string text;   // trimmed, the report's own characters
    std::string folded; // the same normalised (text.hh): what the layout rules read
    int number = 0;     // 1-based line in the file
    bool blank = false;
    bool page_break_before = false; // a form feed or dropped footer preceded it
};

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

// Web page chrome that carries no report content.
bool is_web_chrome(std::string_view t) {
    static const char* const exact[] = {
        "downloads",   "download",        "download report", "skip to main content",
        "back to top", "print this page", "share this page", "contents",
        "on this page"};
    if (starts_with_ci(t, "page last updated") || starts_with_ci(t, "last updated:")) return true;
    if (t.size() > 40) return false;
    std::string key = fold_key(t);
    for (auto e : exact)
        if (key == e) return true;
    return false;
}

// A contents entry's dot leaders and page number ("Safeguarding ..... 11",
// ". . . 5"): the leaders' length, 0 for none.
size_t leaders_length(std::string_view t) {
    static const std::regex re(R"((\s*(?:\.\s*){4,}\d{1,4})$)");
    std::match_results<std::string_view::const_iterator> m;
    if (t.size() < 5 || !std::isdigit(static_cast<unsigned char>(t.back())) ||
        !std::regex_search(t.begin(), t.end(), m, re))
        return 0;
    return static_cast<size_t>(m.length(1));
}

// "|---|:--|" between a markdown table's header and body.
bool is_table_rule(std::string_view t) {
    return t.starts_with("|") && std::all_of(t.begin(), t.end(), [](char c) {
               return c == '|' || c == '-' || c == ':' || c == ' ';
           });
}

// Lines split at '\n' (CR LF and lone CR were made '\n' by the caller),
// trimmed, form feeds taken out and remembered as page breaks.
std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> raw;
    int number = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string s(text.substr(pos, end - pos));
        Line line;
        line.number = ++number;
        if (s.find('\f') != std::string::npos) {
            line.page_break_before = true;
            s.erase(std::remove(s.begin(), s.end(), '\f'), s.end());
        }
        line.text = trim(s);
        line.folded = normalise_text(line.text);
        line.blank = line.text.empty();
        raw.push_back(std::move(line));
        pos = end + 1;
        if (end == text.size()) break;
    }
    return raw;
}

// Page markers: "Page 3 of 12" lines.
std::vector<bool> page_markers(const std::vector<Line>& raw) {
    std::vector<bool> marker(raw.size(), false);
    for (size_t i = 0; i < raw.size(); ++i)
        if (!raw[i].blank && raw[i].folded.size() < 200 &&
            (raw[i].folded.find("Page") != std::string::npos ||
             raw[i].folded.find("page") != std::string::npos) &&
            std::regex_search(raw[i].folded, page_marker_re()))
            marker[i] = true;
    return marker;
}

// Running headers/footers: short lines repeated next to page markers.
class RunningLines {
public:
    RunningLines(const std::vector<Line>& raw, const std::vector<bool>& marker)
        : raw_(raw), marker_(marker), near_(raw.size(), 0) {
        // Pages: by form feeds, or else by "Page N of M" markers.
        size_t breaks = 0, markers = 0;
        for (size_t i = 0; i < raw.size(); ++i) {
            breaks += raw[i].page_break_before;
            markers += marker[i];
        }
        pages_ = 1 + std::max(breaks, markers);
        for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i].blank || marker[i] || raw[i].text.size() > 120) continue;
            if (int distance = text_lines_to_boundary(i)) {
                near_[i] = distance;
                ++near_counts_[fold_key(raw[i].text)];
            }
        }
    }

    // Whether line `i` is a running header or footer.
    bool operator()(size_t i) const {
        if (!near_[i]) return false;
        auto found = near_counts_.find(fold_key(raw_[i].text));
        int count = found == near_counts_.end() ? 0 : found->second;
        return near_[i] == 1 ? count >= 2 : count >= 3 && 2 * static_cast<size_t>(count) >= pages_;
    }

private:
    // Only the nearest text line on either side of a page marker can be a
    // running header or footer; a council name two lines further is content.
    // The second line counts only when it is repeated on most pages: a
    // header of two lines ("<Council>: Local authority assessment" over
    // "Kingfisher print", as pdftotext writes a header set in two columns).
    // Returns how near: 1, 2, or 0 for neither.
    int text_lines_to_boundary(size_t i) const {
        if (raw_[i].page_break_before) return 1;
        int best = 0;
        int seen = 0; // text lines passed
        for (size_t j = i; j > 0 && seen < 2; --j) {
            if (marker_[j - 1] || raw_[j].page_break_before) {
                best = seen + 1;
                break;
            }
            if (!raw_[j - 1].blank) ++seen;
        }
        seen = 0;
        for (size_t j = i + 1; j < raw_.size() && seen < 2; ++j) {
            if (marker_[j] || raw_[j].page_break_before) {
                if (!best || seen + 1 < best) best = seen + 1;
                break;
            }
            if (!raw_[j].blank) ++seen;
        }
        return best;
    }

    const std::vector<Line>& raw_;
    const std::vector<bool>& marker_;
    size_t pages_ = 1;
    // Keyed folded: pdftotext -layout pads a header's columns differently
    // on each page.
    std::unordered_map<std::string, int> near_counts_;
    std::vector<int> near_;
};

// Lines split at '\n' (CR LF and lone CR were made '\n' by the caller);
// form feeds, page markers, running headers and footers, separators and web
// chrome dropped; where pages broke remembered.
std::vector<Line> clean_lines(std::string_view text, const LinePredicate& stands_alone) {
    std::vector<Line> raw = split_lines(text);
    std::vector<bool> marker = page_markers(raw);
    RunningLines is_running(raw, marker);

    // A contents page, where the text has pages: from its "Contents" line
    // to the page's end it names the report's parts, it is none of them.
    bool has_pages =
        std::any_of(raw.begin(), raw.end(), [](const Line& l) { return l.page_break_before; });
    bool in_contents = false;

    std::vector<Line> lines;
    bool pending_break = false;
    for (size_t i = 0; i < raw.size(); ++i) {
        Line& line = raw[i];
        if (line.page_break_before) {
            pending_break = true;
            in_contents = false;
        }
        // A line is moved out once read: is_running(i) reads line i alone.
        if (line.blank) {
            lines.push_back(std::move(line));
            continue;
        }
        if (in_contents) continue;
        if (has_pages && line.text.size() < 20 && fold_key(line.text) == "contents") {
            in_contents = true;
            continue;
        }
        if (size_t leaders = leaders_length(line.text)) {
            // A contents entry without its page: its title, if any.
            line.text = trim(std::string_view(line.text).substr(0, line.text.size() - leaders));
            line.folded = normalise_text(line.text);
            if (line.text.empty()) continue;
        }
        const std::string& t = line.text;
        bool running = is_running(i) && !stands_alone(line.folded);
        if (marker[i] || running) {
            pending_break = true;
            continue;
        }
        if (is_separator(line.folded)) {
            // A `---` between page blocks of converted text: a soft break.
            pending_break = true;
            Line blank = line;
            blank.text.clear();
            blank.blank = true;
            lines.push_back(blank);
            continue;
        }
        if (is_web_chrome(t) || is_table_rule(t)) continue;
        line.page_break_before = pending_break;
        pending_break = false;
        lines.push_back(std::move(line));
    }
    return lines;
}

// `folded`: the line normalised, where every bullet glyph is "•".
bool is_bullet(std::string_view folded) {
    return folded.starts_with("\xE2\x80\xA2") || folded.starts_with("- ") ||
           folded.starts_with("* ") || folded.starts_with("+ ") || folded.starts_with("\xC2\xB7") ||
           folded.starts_with("o ");
}

// The item's text after its bullet, which is one character in any form.
std::string strip_bullet(std::string_view t) {
    return trim(t.substr(first_char(t).size()));
}

int markdown_heading_level(std::string_view t) {
    size_t hashes = 0;
    while (hashes < t.size() && t[hashes] == '#')
        ++hashes;
    return hashes > 0 && hashes <= 6 && hashes < t.size() && t[hashes] == ' '
               ? static_cast<int>(hashes)
               : 0;
}

// "| Safeguarding | 2 |" -> {"Safeguarding", "2"}
std::vector<std::string> pipe_cells(std::string_view t) {
    std::vector<std::string> cells;
    std::string_view inner = t.substr(1);
    if (inner.ends_with("|")) inner.remove_suffix(1);
    size_t start = 0;
    for (size_t bar = inner.find('|');; bar = inner.find('|', start)) {
        std::string cell =
            trim(inner.substr(start, bar == std::string_view::npos ? bar : bar - start));
        cells.push_back(cell);
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
    return cells;
}

bool ends_sentence(std::string_view t) {
    if (t.empty()) return true;
    std::string folded = normalise_text(last_char(t)); // a curly quote is '"'
    char c = folded.empty() ? ' ' : folded.back();
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == ')' ||
           c == '\'';
}

bool starts_lower(std::string_view t) {
    std::string folded = normalise_text(first_char(t)); // "é" is "e"
    return !folded.empty() && std::islower(static_cast<unsigned char>(folded.front()));
}

// Bytes of the hyphen ending `t`: '-', or the Unicode hyphens that fold to
// it (U+2010, and the no-break U+2011); 0 for none.
size_t trailing_hyphen(std::string_view t) {
    if (t.ends_with('-')) return 1;
    if (t.ends_with("\xE2\x80\x90") || t.ends_with("\xE2\x80\x91")) return 3;
    return 0;
}

// Prefixes English writes with a hyphen ("co-production", "self-neglect",
// "long-term"): a line break after one keeps the hyphen even when the
// compound appears nowhere else unbroken.
bool is_hyphen_prefix(std::string_view left) {
    static const std::unordered_set<std::string_view> prefixes = {
        "co",    "non",  "self", "well", "cross", "multi", "anti", "semi", "ex",  "long",
        "short", "part", "full", "high", "low",   "user",  "one",  "two",  "pre", "post"};
    return prefixes.count(left) > 0;
}

} // namespace

// Words hyphenated inside lines ("co-production"): a line-end hyphen that
// forms one of these is kept; any other line-end hyphen is a PDF's wrap.
HyphenatedWords::HyphenatedWords(const std::vector<std::string_view>& lines) {
    auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    for (std::string_view t : lines) {
        for (size_t h = t.find('-'); h != std::string::npos; h = t.find('-', h + 1)) {
            if (h == 0 || h + 1 >= t.size() || !alpha(t[h - 1]) || !alpha(t[h + 1])) continue;
            size_t b = h, e = h + 1;
            while (b > 0 && alpha(t[b - 1]))
                --b;
            while (e < t.size() && alpha(t[e]))
                ++e;
            std::string w(t.substr(b, e - b));
            std::transform(w.begin(), w.end(), w.begin(), ::tolower);
            words_.insert(std::move(w));
        }
    }
}

void HyphenatedWords::join(std::string& paragraph, std::string_view next) const {
    if (paragraph.empty()) {
        paragraph = next;
        return;
    }
    size_t hyphen = trailing_hyphen(paragraph);
    size_t n = paragraph.size() - hyphen; // before the hyphen
    if (hyphen && n >= 1 && std::isalpha(static_cast<unsigned char>(paragraph[n - 1])) &&
        starts_lower(next)) {
        size_t start = n;
        while (start > 0 && std::isalpha(static_cast<unsigned char>(paragraph[start - 1])))
            --start;
        std::string compound = paragraph.substr(start, n - start);
        size_t stop = 0;
        while (stop < next.size() && std::isalpha(static_cast<unsigned char>(next[stop])))
            ++stop;
        compound += "-";
        compound += next.substr(0, stop);
        std::transform(compound.begin(), compound.end(), compound.begin(), ::tolower);
        std::string left = compound.substr(0, compound.find('-'));
        if (!words_.count(compound) && !is_hyphen_prefix(left)) paragraph.resize(n);
        paragraph += next;
        return;
    }
    paragraph += ' ';
    paragraph += next;
}

bool continues_across_break(const Block& before, const Block& after) {
    return before.kind == BlockKind::paragraph && after.kind == BlockKind::paragraph &&
           !ends_sentence(before.text) && (starts_lower(after.text) || before.text.back() == '-');
}

namespace {

// `text` tidied, its line ends '\n'.
Document lay_out(std::string_view text, const std::string& path,
                 const LinePredicate& stands_alone) {
    Document doc;
    doc.path = path;
    auto lines = clean_lines(text, stands_alone);
    std::vector<std::string_view> views;
    views.reserve(lines.size());
    for (const auto& l : lines)
        views.push_back(l.folded);
    HyphenatedWords hyphenated(views);

    std::vector<Block>& blocks = doc.blocks;
    Block current;
    bool open = false;
    bool pending_break = false;
    bool current_alone = false;
    auto close = [&] {
        if (!open) return;
        // A page break in mid-sentence: the paragraph goes on after it.
        if (!blocks.empty() && current.page_break_before && !current_alone &&
            continues_across_break(blocks.back(), current)) {
            hyphenated.join(blocks.back().text, current.text);
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
        Block next;
        next.kind = BlockKind::paragraph;
        next.text = t;
        if (int level = markdown_heading_level(t)) {
            next.kind = BlockKind::heading;
            next.level = level;
            std::string h = trim(t.substr(t.find(' ')));
            while (!h.empty() && h.back() == '#')
                h.pop_back();
            next.text = trim(h);
        } else if (t.starts_with("|")) {
            next.kind = BlockKind::table_row;
            next.cells = pipe_cells(t);
            next.text.clear();
            for (const auto& c : next.cells)
                next.text += (next.text.empty() ? "" : "  ") + c;
        } else if (is_bullet(line.folded)) {
            next.kind = BlockKind::list_item;
            next.text = strip_bullet(t);
        }
        bool alone = next.kind != BlockKind::paragraph || stands_alone(line.folded);
        if (alone || (open && current.kind != BlockKind::paragraph)) close();
        if (!open) {
            current = std::move(next);
            current.line = line.number;
            current.line_count = 0;
            current.page_break_before = pending_break;
            current_alone = alone;
            pending_break = false;
            open = true;
        } else {
            hyphenated.join(current.text, t);
        }
        ++current.line_count;
        if (alone) close();
    }
    close();
    return doc;
}

// A soft hyphen ending a line (pdftotext writes "reable\u00AD" / "ment")
// breaks a word there: a line-end hyphen, which the line joiner joins;
// tidy_text would drop it and leave two words. Then the report's characters,
// kept (the rules fold them where they compare), and CR LF and lone CR (as
// some exports write) both made '\n'.
std::string tidy_lines(std::string_view text) {
    std::string hyphens(text);
    static constexpr std::string_view kSoftHyphen = "\xC2\xAD";
    for (size_t at = hyphens.find(kSoftHyphen); at != std::string::npos;
         at = hyphens.find(kSoftHyphen, at + 1)) {
        size_t after = at + kSoftHyphen.size();
        if (after < hyphens.size() && (hyphens[after] == '\n' || hyphens[after] == '\r'))
            hyphens.replace(at, kSoftHyphen.size(), "-");
    }
    std::string tidy = tidy_text(hyphens);
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
    return tidy;
}

} // namespace

Document text_document(std::string_view text, const std::string& path,
                       const LinePredicate& stands_alone) {
    return lay_out(tidy_lines(text), path, stands_alone);
}

Extraction extract_text(std::string_view bytes, const ExtractOptions& options) {
    Extraction out;
    auto text = decoded_text(bytes, out);
    if (!text) return out;
    static const LinePredicate none = [](std::string_view) { return false; };
    out.document =
        text_document(*text, options.path, options.stands_alone ? options.stands_alone : none);
    return out;
}

} // namespace cqc
