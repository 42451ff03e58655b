#include "pdf_extractor.hh"

#include "text.hh"
#include "text_extractor.hh"

// Poppler's own text layer (Debian libpoppler-private-dev), not its C++
// wrapper: the wrapper's text_list() builds a font name string per glyph
// and a box per character, which doubled the CPU time of reading a PDF
// (bench/README.md, "PDF ingestion"); here each word's font is looked at
// once.
#include <ErrorCodes.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <TextOutputDev.h>
#include <goo/GooString.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <unordered_map>

namespace cqc {
namespace {

struct Word {
    std::string text; // the report's characters (tidy_text)
    double x0, y0, x1, y1;
    double size;
    bool bold;
    bool space_after;
};

struct PdfLine {
    std::vector<Word> words;
    double x0 = 1e9, top = 1e9, x1 = 0, bottom = 0;
    double size = 0; // the largest font size on the line
    bool bold = true;
    std::string text;               // words joined
    std::vector<std::string> cells; // more than one when words stand in columns
    int page = 0;
    bool furniture = false;
};

// Poppler's global parameters, set up once for every thread (the word
// text comes out as UTF-8, poppler's default text encoding). Poppler's
// complaints about damaged files would go to stderr; the loader reports
// each file's problem itself.
void init_poppler() {
    static GlobalParamsIniter initer([](ErrorCategory, Goffset, const char*) {});
}

// A word's text as it is shown (tidy_text: ligatures become letters,
// accents and dashes stay), with a soft hyphen ending a line made a visible
// one so the line joiner can undo it.
std::string clean_word(std::string raw) {
    if (raw.ends_with("\xC2\xAD")) {
        raw.resize(raw.size() - 2);
        raw += '-';
    }
    return tidy_text(raw);
}

bool bold_font(const TextFontInfo* font) {
    if (!font) return false;
    if (font->isBold()) return true;
    const GooString* name = font->getFontName();
    if (!name) return false;
    std::string_view n(name->c_str(), static_cast<size_t>(name->getLength()));
    return n.find("Bold") != n.npos || n.find("bold") != n.npos || n.find("Black") != n.npos ||
           n.find("Heavy") != n.npos;
}

std::vector<PdfLine> page_lines(PDFDoc& pdf, int number) {
    // The settings of poppler's own text extraction (pdftotext): reading
    // order, not the content stream's order nor physical layout.
    TextOutputDev device(nullptr, false, 0, false, false);
    pdf.displayPage(&device, number, 72, 72, 0, false, false, false);
    std::unique_ptr<TextWordList> words = device.makeWordList();
    std::vector<PdfLine> lines;
    for (int i = 0; words && i < words->getLength(); ++i) {
        const TextWord* word = words->get(i);
        std::unique_ptr<GooString> raw(word->getText());
        std::string text = clean_word(raw ? raw->toStr() : std::string());
        if (trim(text).empty()) continue;
        Word w{trim(text),
               0,
               0,
               0,
               0,
               word->getFontSize(),
               word->getLength() > 0 && bold_font(word->getFontInfo(0)),
               word->getSpaceAfter()};
        word->getBBox(&w.x0, &w.y0, &w.x1, &w.y1);
        double mid = (w.y0 + w.y1) / 2;
        bool same_line = !lines.empty() && mid > lines.back().top && mid < lines.back().bottom &&
                         w.x0 >= lines.back().words.back().x0 - 1;
        if (!same_line) {
            lines.emplace_back();
            lines.back().page = number;
        }
        PdfLine& line = lines.back();
        line.x0 = std::min(line.x0, w.x0);
        line.x1 = std::max(line.x1, w.x1);
        line.top = std::min(line.top, w.y0);
        line.bottom = std::max(line.bottom, w.y1);
        line.size = std::max(line.size, w.size);
        line.bold = line.bold && w.bold;
        line.words.push_back(std::move(w));
    }
    for (auto& line : lines) {
        // Words far apart stand in different columns: the cells of a table.
        std::string cell;
        for (size_t i = 0; i < line.words.size(); ++i) {
            const Word& w = line.words[i];
            if (i > 0) {
                const Word& prev = line.words[i - 1];
                double gap = w.x0 - prev.x1;
                if (gap > 2.5 * std::max(w.size, 4.0)) {
                    line.cells.push_back(cell);
                    cell.clear();
                } else if (prev.space_after || gap > 0.15 * w.size) {
                    cell += ' ';
                }
            }
            cell += w.text;
        }
        line.cells.push_back(cell);
        for (const auto& c : line.cells)
            line.text += (line.text.empty() ? "" : "  ") + c;
        if (line.cells.size() == 1) line.cells.clear();
    }
    return lines;
}

// A line's text with its numbers blanked: "Page 3 of 12" and "Page 4 of
// 12" are the same furniture.
std::string furniture_key(std::string_view text) {
    std::string key;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c))) key += c;
    return fold_key(key);
}

bool is_page_number(std::string_view t) {
    static const std::regex re(R"(^(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$)", std::regex::icase);
    return t.size() < 30 && std::regex_match(t.begin(), t.end(), re);
}

// Running headers and footers: among the lines nearest the top and the
// bottom of each page, those whose text (numbers aside) recurs on at least
// half the pages, or that are page numbers.
void mark_furniture(std::vector<std::vector<PdfLine>>& pages) {
    constexpr size_t kEdgeLines = 3;
    std::unordered_map<std::string, std::set<size_t>> seen;
    auto edges = [&](std::vector<PdfLine>& lines, auto&& visit) {
        std::vector<size_t> order(lines.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return lines[a].top < lines[b].top; });
        for (size_t k = 0; k < order.size(); ++k)
            if (k < kEdgeLines || k + kEdgeLines >= order.size()) visit(lines[order[k]]);
    };
    for (size_t p = 0; p < pages.size(); ++p)
        edges(pages[p], [&](PdfLine& l) { seen[furniture_key(l.text)].insert(p); });
    size_t needed = std::max<size_t>(2, (pages.size() + 1) / 2);
    for (size_t p = 0; p < pages.size(); ++p)
        edges(pages[p], [&](PdfLine& l) {
            if (is_page_number(l.text) ||
                (pages.size() > 1 && seen[furniture_key(l.text)].size() >= needed))
                l.furniture = true;
        });
}

bool is_contents_page(const std::vector<PdfLine>& lines) {
    size_t body = 0, entries = 0;
    static const std::regex entry(R"((\.{4,}|\s)\s*\d{1,3}$)");
    for (const auto& l : lines) {
        if (l.furniture) continue;
        ++body;
        std::string storage; // dot leaders may be ellipses ("…" is "...")
        std::string_view t = normalised_view(l.text, storage);
        if (t.find("....") != std::string::npos ||
            (std::regex_search(t.begin(), t.end(), entry) && t.size() < 120 && !t.ends_with(".")))
            ++entries;
        if (body == 1 && fold_key(l.text) == "contents") return true;
    }
    return body > 3 && entries * 2 > body;
}

// A word that is a bullet: "•", "▪", "●", "‣", "⁃" (all of which
// normalise to "•"), "◦", "·", "-", "–" or "*".
bool is_bullet_glyph(std::string_view t) {
    return normalise_text(t) == "\xE2\x80\xA2" || t == "-" || t == "\xE2\x80\x93" ||
           t == "\xE2\x97\xA6" || t == "\xC2\xB7" || t == "*";
}

bool starts_with_bullet(const PdfLine& l) {
    if (l.words.empty()) return false;
    const std::string& first = l.words.front().text;
    return is_bullet_glyph(first) || normalise_text(first_char(first)) == "\xE2\x80\xA2"; // "•word"
}

std::string without_bullet(const PdfLine& l) {
    std::string_view t = l.text;
    const std::string& first = l.words.front().text;
    if (is_bullet_glyph(first)) return trim(t.substr(first.size()));
    return trim(t.substr(first_char(first).size())); // "•word"
}

// The body text size: the size most characters are set in.
double body_size(const std::vector<std::vector<PdfLine>>& pages) {
    std::map<long, size_t> chars;
    for (const auto& page : pages)
        for (const auto& l : page)
            if (!l.furniture)
                for (const auto& w : l.words)
                    chars[std::lround(w.size * 2)] += w.text.size();
    long best = 20;
    size_t most = 0;
    for (auto [size, n] : chars)
        if (n > most) {
            most = n;
            best = size;
        }
    return best / 2.0;
}

bool ends_like_sentence(std::string_view t) {
    return !t.empty() && (t.back() == '.' || t.back() == ':' || t.back() == '?' || t.back() == '!');
}

// The deepest nesting of dictionaries and arrays written in the file's own
// syntax, or a number past `limit` as soon as one is reached: one pass
// that skips strings, comments and stream data (content streams and
// compressed object streams, which poppler's parser bounds itself). Each
// object starts again at 0, so one damaged object does not add up.
size_t pdf_nesting(std::string_view bytes, size_t limit) {
    auto regular = [](char c) {
        return !std::isspace(static_cast<unsigned char>(c)) && c != '\0' &&
               std::string_view("()<>[]{}/%").find(c) == std::string_view::npos;
    };
    size_t depth = 0, deepest = 0;
    for (size_t i = 0; i < bytes.size() && deepest <= limit;) {
        char c = bytes[i];
        if (c == '%') { // a comment, to the end of the line
            while (i < bytes.size() && bytes[i] != '\n' && bytes[i] != '\r')
                ++i;
        } else if (c == '(') { // a string: balanced parentheses, \ escapes
            size_t open = 0;
            for (; i < bytes.size(); ++i) {
                if (bytes[i] == '\\')
                    ++i;
                else if (bytes[i] == '(')
                    ++open;
                else if (bytes[i] == ')' && --open == 0)
                    break;
            }
            ++i;
        } else if (bytes.substr(i, 2) == "<<" || c == '[') {
            deepest = std::max(deepest, ++depth);
            i += c == '[' ? 1 : 2;
        } else if (bytes.substr(i, 2) == ">>" || c == ']') {
            depth -= depth > 0;
            i += c == ']' ? 1 : 2;
        } else if (c == '<') { // a hex string
            size_t end = bytes.find('>', i);
            i = end == bytes.npos ? bytes.size() : end + 1;
        } else if (regular(c)) {
            size_t start = i;
            while (i < bytes.size() && regular(bytes[i]))
                ++i;
            std::string_view word = bytes.substr(start, i - start);
            if (word == "obj" || word == "endobj" || word == "trailer" || word == "xref") depth = 0;
            if (word == "stream") {
                size_t end = bytes.find("endstream", i);
                i = end == bytes.npos ? bytes.size() : end + 9;
            }
        } else {
            ++i;
        }
    }
    return deepest;
}

// The document, its stream reading `bytes` in place; throws ExtractError
// for a file poppler cannot open, or nested past the limit.
std::unique_ptr<PDFDoc> open_pdf(std::string_view bytes) {
    if (pdf_nesting(bytes, kMaxPdfNesting) > kMaxPdfNesting)
        throw ExtractError("PDF objects nested more than " + std::to_string(kMaxPdfNesting) +
                           " deep, the limit for a PDF; not read");
    init_poppler();
    auto pdf = std::make_unique<PDFDoc>(
        new MemStream(bytes.data(), 0, static_cast<Goffset>(bytes.size()), Object(objNull)));
    if (!pdf->isOk()) {
        if (pdf->getErrorCode() == errEncrypted)
            throw ExtractError("encrypted: cannot read without its password");
        // Poppler refuses an encrypted file it cannot open the same way as
        // a damaged one; the trailer names an /Encrypt dictionary.
        if (bytes.find("/Encrypt") != std::string_view::npos)
            throw ExtractError("encrypted: cannot read without its password");
        throw ExtractError("damaged or truncated PDF: it cannot be read (download it again?)");
    }
    return pdf;
}

// Each page's lines, furniture marked; throws ExtractError past the page or
// text limit, for a page that cannot be read, or for no text at all.
std::vector<std::vector<PdfLine>> read_pages(PDFDoc& pdf, uintmax_t max_text_bytes) {
    std::vector<std::vector<PdfLine>> pages;
    uintmax_t text_bytes = 0;
    size_t words = 0;
    if (pdf.getNumPages() > kMaxPdfPages)
        throw ExtractError("PDF of " + std::to_string(pdf.getNumPages()) + " pages, over the " +
                           std::to_string(kMaxPdfPages) + "-page limit for one report; not read");
    for (int i = 0; i < pdf.getNumPages(); ++i) {
        if (!pdf.getPage(i + 1))
            throw ExtractError("damaged PDF: page " + std::to_string(i + 1) + " cannot be read");
        pages.push_back(page_lines(pdf, i + 1));
        for (const auto& l : pages.back()) {
            text_bytes += l.text.size() + 1;
            words += l.words.size();
        }
        if (text_bytes > max_text_bytes)
            throw ExtractError("its text is over the " + std::to_string(max_text_bytes >> 20) +
                               " MB limit for the text of one report; not read");
    }
    if (words == 0)
        throw ExtractError("no extractable text: a scanned document; run OCR first, for example "
                           "with ocrmypdf");
    mark_furniture(pages);
    return pages;
}

// Heading levels: the larger sizes in use, largest first; bold text at the
// body size comes after them.
class HeadingLevels {
public:
    explicit HeadingLevels(const std::vector<std::vector<PdfLine>>& pages)
        : body_(body_size(pages)) {
        for (const auto& page : pages)
            for (const auto& l : page)
                if (!l.furniture && l.size >= body_ + 1.5) larger_.insert(std::lround(l.size * 2));
    }

    // 0 for body text.
    int level(const PdfLine& l) const {
        if (l.size >= body_ + 1.5) {
            int level = 1;
            for (long s : larger_) {
                if (s == std::lround(l.size * 2)) return std::min(level, 5);
                ++level;
            }
        }
        bool short_bold = l.bold && l.text.size() < 120 && !ends_like_sentence(l.text);
        return short_bold ? std::min(static_cast<int>(larger_.size()) + 1, 6) : 0;
    }

private:
    double body_;
    std::set<long, std::greater<>> larger_;
};

// The cover, a first page of few words before the rest, as front matter:
// all of it (the council's name on a cover is also the running header), a
// title set over two lines one block. The first page of the body: 1 after
// a cover, else 0.
size_t read_cover(const std::vector<std::vector<PdfLine>>& pages, const HeadingLevels& levels,
                  std::vector<Block>& front) {
    if (pages.size() <= 2) return 0;
    size_t cover_words = 0;
    for (const auto& l : pages[0])
        cover_words += l.words.size();
    if (cover_words >= 120) return 0;
    const PdfLine* prev = nullptr;
    for (const auto& l : pages[0]) {
        int level = levels.level(l);
        if (prev && !front.empty() && front.back().level == level &&
            l.top - prev->bottom < 0.5 * std::max(l.bottom - l.top, 1.0) &&
            std::abs(l.size - prev->size) < 0.6) {
            front.back().text += " " + l.text;
        } else {
            Block b;
            b.kind = level ? BlockKind::heading : BlockKind::paragraph;
            b.level = level;
            b.text = l.text;
            b.page = 1;
            front.push_back(std::move(b));
        }
        prev = &l;
    }
    return 1;
}

// A line that starts a block of its own: a table row, a list item
// (`was_bullet` set), a heading or a paragraph.
Block line_block(const PdfLine& l, int level, bool& was_bullet) {
    Block b;
    b.page = l.page;
    was_bullet = false;
    if (!l.cells.empty()) {
        b.kind = BlockKind::table_row;
        b.cells = l.cells;
        b.text = l.text;
    } else if (starts_with_bullet(l)) {
        b.kind = BlockKind::list_item;
        b.text = without_bullet(l);
        was_bullet = true;
    } else if (level) {
        b.kind = BlockKind::heading;
        b.level = level;
        b.text = l.text;
        b.emphasised = true;
    } else {
        b.text = l.text;
    }
    return b;
}

// The blocks of the body's pages, in `blocks`.
class BodyReader {
public:
    BodyReader(const HeadingLevels& levels, const HyphenatedWords& hyphenated,
               std::vector<Block>& blocks)
        : levels_(levels), hyphenated_(hyphenated), blocks_(blocks) {}

    void page(const std::vector<PdfLine>& lines) {
        prev_ = nullptr;
        page_start_ = true;
        bullet_x_ = 0;
        for (const auto& l : lines)
            if (!l.furniture) line(l);
    }

private:
    void line(const PdfLine& l) {
        int level = levels_.level(l);
        double height = std::max(l.bottom - l.top, 1.0);
        bool gap = prev_ && (l.top - prev_->bottom > 0.5 * height || l.top < prev_->top);
        bool indented_more = l.x0 > bullet_x_ + 4;
        Block* open = blocks_.empty() ? nullptr : &blocks_.back();
        bool continues = !page_start_ && prev_ && open && !gap && !level && l.cells.empty() &&
                         !starts_with_bullet(l) &&
                         (open->kind == BlockKind::paragraph ||
                          (open->kind == BlockKind::list_item && indented_more)) &&
                         std::abs(l.size - prev_->size) < 0.6;
        if (open && open->kind == BlockKind::heading && !page_start_ && prev_ && !gap &&
            level == open->level) {
            open->text += " " + l.text; // a heading wrapped over two lines
        } else if (continues) {
            hyphenated_.join(open->text, l.text);
            ++open->line_count;
        } else {
            start_block(l, level);
        }
        prev_ = &l;
    }

    void start_block(const PdfLine& l, int level) {
        bool bullet = false;
        Block b = line_block(l, level, bullet);
        if (bullet) bullet_x_ = l.x0;
        b.page_break_before = page_start_;
        // A sentence broken by the page break goes on in this block: with
        // the page furniture gone, a paragraph that stops without its full
        // stop continues on the next page, capital or not. (One that stops
        // at a page's foot with a full stop cannot be told from two
        // paragraphs: ragged-right text has no margin to show it.)
        if (page_start_ && !blocks_.empty() && b.kind == BlockKind::paragraph &&
            blocks_.back().kind == BlockKind::paragraph &&
            !ends_like_sentence(blocks_.back().text)) {
            hyphenated_.join(blocks_.back().text, b.text);
            ++blocks_.back().line_count;
        } else {
            blocks_.push_back(std::move(b));
        }
        page_start_ = false;
    }

    const HeadingLevels& levels_;
    const HyphenatedWords& hyphenated_;
    std::vector<Block>& blocks_;
    const PdfLine* prev_ = nullptr;
    bool page_start_ = true;
    double bullet_x_ = 0; // where the open list item's bullet stands
};

// Throws ExtractError for a file that cannot be read.
Document pdf_document(std::string_view bytes, const std::string& path, uintmax_t max_text_bytes) {
    std::unique_ptr<PDFDoc> pdf = open_pdf(bytes);
    std::vector<std::vector<PdfLine>> pages = read_pages(*pdf, max_text_bytes);
    Document doc;
    doc.path = path;
    const HeadingLevels levels(pages);
    std::vector<std::string_view> all_lines;
    for (const auto& page : pages)
        for (const auto& l : page)
            if (!l.furniture) all_lines.push_back(l.text);
    HyphenatedWords hyphenated(all_lines);
    size_t first_body_page = read_cover(pages, levels, doc.front_matter);
    BodyReader body(levels, hyphenated, doc.blocks);
    for (size_t p = first_body_page; p < pages.size(); ++p)
        if (p > first_body_page + 1 || !is_contents_page(pages[p])) body.page(pages[p]);
    return doc;
}

} // namespace

Extraction extract_pdf(std::string_view bytes, const ExtractOptions& options) {
    Extraction out;
    try {
        out.document = pdf_document(bytes, options.path, options.max_text_bytes);
    } catch (const ExtractError& e) {
        out.reason = e.what();
    }
    return out;
}

} // namespace cqc
