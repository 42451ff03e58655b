#include "html_extractor.hh"

#include "dates.hh"
#include "text.hh"

#include <gumbo.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <new>
#include <optional>
#include <unordered_map>
#include <vector>

namespace cqc {
namespace {

const char* attribute(const GumboNode* node, const char* name) {
    if (node->type != GUMBO_NODE_ELEMENT) return nullptr;
    const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
    return a ? a->value : nullptr;
}

bool attribute_mentions(const GumboNode* node, const char* name, std::string_view word) {
    const char* value = attribute(node, name);
    if (!value) return false;
    std::string v = value;
    std::transform(v.begin(), v.end(), v.begin(), ::tolower);
    return v.find(word) != std::string::npos;
}

// Site furniture, by element or by the names sites give it.
bool is_furniture(const GumboNode* node) {
    switch (node->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_ASIDE:
        return true;
    default:
        break;
    }
    if (attribute(node, "hidden")) return true;
    static constexpr std::string_view names[] = {
        "cookie",   "breadcrumb",    "feedback",          "on-this-page", "onthispage", "skip-link",
        "skiplink", "page-contents", "table-of-contents", "share",        "print-link"};
    for (auto n : names)
        if (attribute_mentions(node, "class", n) || attribute_mentions(node, "id", n)) return true;
    const char* role = attribute(node, "role");
    if (role && (std::string_view(role) == "navigation" || std::string_view(role) == "banner" ||
                 std::string_view(role) == "contentinfo" || std::string_view(role) == "search" ||
                 std::string_view(role) == "complementary"))
        return true;
    if (attribute_mentions(node, "aria-label", "on this page") ||
        attribute_mentions(node, "aria-label", "breadcrumb"))
        return true;
    return false;
}

bool is_block_element(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
        return true;
    default:
        return false;
    }
}

int heading_level(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_H1:
        return 1;
    case GUMBO_TAG_H2:
        return 2;
    case GUMBO_TAG_H3:
        return 3;
    case GUMBO_TAG_H4:
        return 4;
    case GUMBO_TAG_H5:
        return 5;
    case GUMBO_TAG_H6:
        return 6;
    default:
        return 0;
    }
}

const GumboVector& children_of(const GumboNode* node) {
    return node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
}

const GumboNode* child(const GumboNode* node, unsigned i) {
    return static_cast<const GumboNode*>(children_of(node).data[i]);
}

bool has_children(const GumboNode* node) {
    return node->type == GUMBO_NODE_DOCUMENT || node->type == GUMBO_NODE_ELEMENT ||
           node->type == GUMBO_NODE_TEMPLATE;
}

// Every walk over the tree below keeps its own stack of these, never the
// call stack: a page may nest as deeply as gumbo lets it.
struct Visit {
    const GumboNode* node;
    unsigned next = 0; // the next child to visit
    bool block = false;
};

// All the text under a node, inline markup and all, furniture left out.
void gather_text(const GumboNode* top, std::string& out) {
    std::vector<Visit> stack;
    auto enter = [&](const GumboNode* node) {
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
            node->type == GUMBO_NODE_CDATA) {
            out += node->v.text.text;
            return;
        }
        if (node->type != GUMBO_NODE_ELEMENT) return;
        if (is_furniture(node)) return;
        if (node->v.element.tag == GUMBO_TAG_BR) {
            out += ' ';
            return;
        }
        bool block = is_block_element(node->v.element.tag);
        if (block) out += ' ';
        stack.push_back({node, 0, block});
    };
    enter(top);
    while (!stack.empty()) {
        Visit& v = stack.back();
        if (v.next < v.node->v.element.children.length) {
            enter(child(v.node, v.next++)); // may move the stack: v is not used after
        } else {
            if (v.block) out += ' ';
            stack.pop_back();
        }
    }
}

// The report's characters (tidy_text), white space collapsed.
std::string clean(std::string_view raw) {
    return collapse_spaces(tidy_text(raw));
}

// Whether any text other than white space is under `node` (as gather_text
// reads it); each node is looked at once however often it is asked about.
class VisibleText {
public:
    bool under(const GumboNode* top) {
        std::vector<Visit> stack;
        auto enter = [&](const GumboNode* node) -> std::optional<bool> {
            if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA)
                return std::any_of(
                    node->v.text.text, node->v.text.text + strlen(node->v.text.text),
                    [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
            if (node->type != GUMBO_NODE_ELEMENT || is_furniture(node)) return false;
            if (auto known = known_.find(node); known != known_.end()) return known->second;
            stack.push_back({node});
            return std::nullopt;
        };
        if (auto answer = enter(top)) return *answer;
        bool found = false;
        while (!stack.empty()) {
            Visit& v = stack.back();
            if (!found && v.next < v.node->v.element.children.length) {
                if (auto answer = enter(child(v.node, v.next++)); answer && *answer) found = true;
            } else {
                // Past the first text found, the nodes still open all hold it.
                known_[v.node] = found;
                stack.pop_back();
            }
        }
        return found;
    }

private:
    std::unordered_map<const GumboNode*, bool> known_;
};

// A list whose every item is only a link to a place on the page: the page's
// own table of contents ("On this page"), not report text.
bool is_link_list(const GumboNode* list, VisibleText& visible) {
    const GumboVector& items = list->v.element.children;
    size_t links = 0, total = 0;
    for (unsigned i = 0; i < items.length; ++i) {
        auto* item = static_cast<const GumboNode*>(items.data[i]);
        if (item->type != GUMBO_NODE_ELEMENT || item->v.element.tag != GUMBO_TAG_LI) continue;
        ++total;
        // An item that is a link to "#..." and nothing else but white space
        // (its text is the link's).
        const GumboVector& kids = item->v.element.children;
        const GumboNode* link = nullptr;
        bool other_text = false;
        for (unsigned k = 0; k < kids.length && !other_text; ++k) {
            auto* kid = static_cast<const GumboNode*>(kids.data[k]);
            const char* href = attribute(kid, "href");
            if (!link && kid->type == GUMBO_NODE_ELEMENT && kid->v.element.tag == GUMBO_TAG_A &&
                href && href[0] == '#')
                link = kid;
            else
                other_text = visible.under(kid);
        }
        if (link && !other_text) ++links;
    }
    return total > 0 && links == total;
}

class Walker {
public:
    explicit Walker(Document& doc) : doc_(doc) {}

    // The blocks under `top`, in document order.
    void walk(const GumboNode* top) {
        std::vector<Visit> stack;
        enter(top, stack);
        while (!stack.empty()) {
            Visit& v = stack.back();
            const GumboVector& children = v.node->v.element.children;
            if (v.next < children.length) {
                auto* kid = static_cast<const GumboNode*>(children.data[v.next++]);
                // Past a list item's own text, only the lists nested in it.
                if (v.node->v.element.tag == GUMBO_TAG_LI && !is_list(kid)) continue;
                enter(kid, stack); // may move the stack: v is not used after
            } else {
                bool block = v.block;
                stack.pop_back();
                if (block) flush();
            }
        }
    }

    void flush() {
        std::string text = clean(inline_);
        if (!text.empty()) add(BlockKind::paragraph, std::move(text), inline_line_);
        inline_.clear();
        inline_line_ = 0;
    }

private:
    Document& doc_;
    VisibleText visible_;
    std::string inline_; // text of the block being read
    int inline_line_ = 0;
    bool skip_next_link_list_ = false;

    static bool is_list(const GumboNode* node) {
        return node->type == GUMBO_NODE_ELEMENT &&
               (node->v.element.tag == GUMBO_TAG_UL || node->v.element.tag == GUMBO_TAG_OL);
    }

    // What a node gives before its children, if any are to be walked (then
    // it goes on the stack).
    void enter(const GumboNode* node, std::vector<Visit>& stack) {
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
            if (inline_line_ == 0) inline_line_ = static_cast<int>(node->v.text.start_pos.line);
            inline_ += node->v.text.text;
            return;
        }
        if (node->type == GUMBO_NODE_WHITESPACE) {
            inline_ += ' ';
            return;
        }
        if (node->type != GUMBO_NODE_ELEMENT) return;
        const GumboElement& el = node->v.element;
        if (el.tag == GUMBO_TAG_TIME && doc_.published.empty())
            if (const char* when = attribute(node, "datetime"))
                if (auto date = find_date(when)) doc_.published = *date;
        if (is_furniture(node)) return;
        int line = static_cast<int>(el.start_pos.line);
        if (int level = heading_level(el.tag)) {
            flush();
            std::string text = clean(text_of(node));
            // "On this page" and "Contents" head the page's own links.
            std::string key = fold_key(text);
            skip_next_link_list_ = key == "on this page" || key == "contents";
            if (!text.empty() && !skip_next_link_list_)
                add(BlockKind::heading, std::move(text), line, level);
            return;
        }
        switch (el.tag) {
        case GUMBO_TAG_UL:
        case GUMBO_TAG_OL:
            flush();
            if (is_link_list(node, visible_) || skip_next_link_list_) {
                skip_next_link_list_ = false;
                return;
            }
            break;
        case GUMBO_TAG_LI: {
            flush();
            // The item's own text; a list nested in it gives items of its
            // own (walk() visits only those children).
            std::string own;
            const GumboVector& kids = el.children;
            for (unsigned i = 0; i < kids.length; ++i) {
                auto* kid = static_cast<const GumboNode*>(kids.data[i]);
                if (!is_list(kid)) gather_text(kid, own);
            }
            if (auto text = clean(own); !text.empty()) add(BlockKind::list_item, text, line);
            stack.push_back({node});
            return;
        }
        case GUMBO_TAG_TR: {
            flush();
            Block b;
            b.kind = BlockKind::table_row;
            b.line = line;
            const GumboVector& cells = el.children;
            for (unsigned i = 0; i < cells.length; ++i) {
                auto* cell = static_cast<const GumboNode*>(cells.data[i]);
                if (cell->type != GUMBO_NODE_ELEMENT ||
                    (cell->v.element.tag != GUMBO_TAG_TD && cell->v.element.tag != GUMBO_TAG_TH))
                    continue;
                b.cells.push_back(clean(text_of(cell)));
            }
            for (const auto& c : b.cells)
                b.text += (b.text.empty() ? "" : "  ") + c;
            if (!b.text.empty()) push(std::move(b));
            return;
        }
        case GUMBO_TAG_BR:
            inline_ += ' ';
            return;
        default:
            break;
        }
        bool block = is_block_element(el.tag);
        if (block) flush();
        stack.push_back({node, 0, block});
    }

    static std::string text_of(const GumboNode* node) {
        std::string out;
        gather_text(node, out);
        return out;
    }

    void add(BlockKind kind, std::string text, int line, int level = 0) {
        Block b;
        b.kind = kind;
        b.level = level;
        b.text = std::move(text);
        b.line = line;
        b.emphasised = kind == BlockKind::heading;
        push(std::move(b));
    }

    void push(Block b) {
        if (doc_.blocks.size() >= kMaxHtmlBlocks)
            throw ExtractError("more than " + std::to_string(kMaxHtmlBlocks) +
                               " blocks (paragraphs, headings, list items, table rows), the "
                               "limit for one report page; not read");
        doc_.blocks.push_back(std::move(b));
    }
};

// The first element in document order that `match` accepts.
const GumboNode* find_element(const GumboNode* root, bool (*match)(const GumboNode*)) {
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_ELEMENT) continue;
        if (match(node)) return node;
        const GumboVector& children = node->v.element.children;
        for (unsigned i = children.length; i-- > 0;)
            stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
    return nullptr;
}

// A <time datetime> anywhere: "Published" dates often sit above <main>.
std::string find_time(const GumboNode* root) {
    const GumboNode* time = find_element(root, [](const GumboNode* n) {
        const char* when = n->v.element.tag == GUMBO_TAG_TIME ? attribute(n, "datetime") : nullptr;
        return when && find_date(when).has_value();
    });
    return time ? *find_date(attribute(time, "datetime")) : std::string();
}

// ---- Nesting depth before parsing
//
// Gumbo takes time growing with the square of the nesting depth (each tag
// looks down its stack of open elements) and frees its tree recursively, so
// a page is measured before gumbo sees it, in one pass over its tags. The
// pass follows the HTML5 tree builder closely enough to stay above the depth
// gumbo will build: it closes what the parser closes implicitly (a <p> by a
// block, an <li> by the next one, table cells and rows), and where it cannot
// be sure (a misnested end tag, one far from its element) it leaves the
// elements open, which only overestimates. Formatting elements (<b>, <a>,
// <font>, ...) closed implicitly stay counted: the parser reopens them in
// the next block ("reconstruct the active formatting elements"), up to
// three alike as it does, until their own end tag or the end of the table
// cell they were opened in. The estimate is checked against the tree gumbo
// builds (tree_depth), so a page it underestimates is still refused.

bool in_list(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_void_element(std::string_view n) {
    return in_list(n, {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr",
                       "image", "img", "input", "keygen", "link", "meta", "param", "source",
                       "track", "wbr"});
}

bool is_formatting_element(std::string_view n) {
    return in_list(n, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                       "strong", "tt", "u"});
}

// Elements whose content is text to the tokenizer, not tags.
bool is_raw_text_element(std::string_view n) {
    return in_list(
        n, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

// Elements that end the scope an end tag looks for its element in, and
// that hold the formatting elements opened inside them ("markers").
bool is_scope_boundary(std::string_view n) {
    return in_list(n, {"applet", "caption", "html", "table", "td", "th", "marquee", "object",
                       "template", "svg", "math"});
}

// A start tag of one of these closes an open <p>.
bool closes_paragraph(std::string_view n) {
    return in_list(
        n, {"address", "article", "aside",    "blockquote", "center", "details", "dialog",   "dir",
            "div",     "dl",      "fieldset", "figcaption", "figure", "footer",  "form",     "h1",
            "h2",      "h3",      "h4",       "h5",         "h6",     "header",  "hgroup",   "hr",
            "li",      "dd",      "dt",       "main",       "menu",   "nav",     "ol",       "p",
            "pre",     "listing", "section",  "summary",    "table",  "ul",      "plaintext"});
}

bool is_heading(std::string_view n) {
    return n.size() == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6';
}

class DepthEstimate {
public:
    explicit DepthEstimate(size_t limit) : limit_(limit) {}

    // The deepest nesting of `html`, or a number past the limit as soon as
    // one is reached.
    size_t measure(std::string_view html) {
        size_t i = 0;
        while (i < html.size() && deepest_ <= limit_) {
            size_t lt = html.find('<', i);
            if (lt == html.npos || lt + 1 >= html.size()) break;
            i = lt + 1;
            char c = html[i];
            if (html.substr(i, 3) == "!--") {
                size_t end = html.find("-->", i + 3);
                i = end == html.npos ? html.size() : end + 3;
            } else if (c == '/' && i + 1 < html.size() && is_letter(html[i + 1])) {
                std::string name = read_name(html, ++i);
                size_t end = html.find('>', i);
                i = end == html.npos ? html.size() : end + 1;
                end_tag(name);
            } else if (c == '!' || c == '?' || c == '/') { // and "</" before no letter
                size_t end = html.find('>', i);
                i = end == html.npos ? html.size() : end + 1;
            } else if (is_letter(c)) {
                std::string name = read_name(html, i);
                size_t attributes_from = i;
                bool self_closing = skip_tag(html, i);
                std::string key = name;
                key.append(html.substr(attributes_from, i - attributes_from));
                // In <svg> or <math>, and in a <select> (which ignores
                // most tags), these are not raw text. One whose end tag is
                // missing is not skipped: the rest is read as tags, which
                // can only overestimate.
                bool raw = foreign_ == 0 && selects_ == 0 && is_raw_text_element(name);
                start_tag(name, key, self_closing);
                if (size_t end = raw ? raw_text_end(html, i, name) : html.npos;
                    end != html.size() && end != html.npos)
                    i = end;
            }
        }
        return deepest_;
    }

private:
    struct Open {
        std::string name;
        std::string key;                   // a formatting element's tag, attributes and all
        size_t marker = std::string::npos; // at a marker: the reopen list's size when opened
    };
    // Look no further down the stack than this for an element to close: an
    // end tag further from its element is left unmatched (an overestimate).
    static constexpr size_t kSearch = 64;

    size_t limit_;
    size_t deepest_ = 0;
    std::vector<Open> open_;
    std::vector<std::string> reopen_;   // keys of formatting elements closed implicitly
    std::vector<size_t> marker_starts_; // reopen_'s size at each open marker
    size_t foreign_ = 0;                // open <svg> and <math>
    size_t tables_ = 0;                 // open <table>s
    size_t selects_ = 0;                // open <select>s

    static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    static std::string read_name(std::string_view html, size_t& i) {
        std::string name;
        while (i < html.size() && !std::isspace(static_cast<unsigned char>(html[i])) &&
               html[i] != '/' && html[i] != '>')
            name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[i++])));
        return name;
    }

    // Past the tag's attributes and its '>' (a quoted value may hold '>');
    // whether it ends "/>".
    static bool skip_tag(std::string_view html, size_t& i) {
        bool slash = false;
        while (i < html.size()) {
            char c = html[i++];
            if (c == '>') return slash;
            slash = c == '/';
            if (c == '=') {
                while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i])))
                    ++i;
                if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
                    size_t close = html.find(html[i], i + 1);
                    i = close == html.npos ? html.size() : close + 1;
                }
            }
        }
        return slash;
    }

    // Where the text of a <script>, <style>, ... ends: at its end tag.
    static size_t raw_text_end(std::string_view html, size_t i, std::string_view name) {
        while ((i = html.find("</", i)) != html.npos) {
            size_t after = i + 2 + name.size();
            if (after <= html.size() && starts_with_ci(html.substr(i + 2), name) &&
                (after == html.size() || html[after] == '>' || html[after] == '/' ||
                 std::isspace(static_cast<unsigned char>(html[after]))))
                return i;
            i += 2;
        }
        return html.size();
    }

    size_t depth() const {
        return 2 + open_.size() + reopen_.size(); // <html> and <body>, implied or not
    }

    void push(const std::string& name, const std::string& key) {
        Open e{name, is_formatting_element(name) ? key : std::string()};
        if (is_scope_boundary(name)) {
            e.marker = reopen_.size();
            marker_starts_.push_back(reopen_.size());
        }
        if (name == "svg" || name == "math") ++foreign_;
        if (name == "table") ++tables_;
        if (name == "select") ++selects_;
        open_.push_back(std::move(e));
        deepest_ = std::max(deepest_, depth());
    }

    // Close the top `count` open elements, as the parser does: the last is
    // the one an end tag or a start tag closes; formatting elements above
    // it are reopened later.
    void pop(size_t count) {
        for (; count > 0; --count) {
            Open e = std::move(open_.back());
            open_.pop_back();
            if (e.name == "svg" || e.name == "math") --foreign_;
            if (e.name == "table") --tables_;
            if (e.name == "select") --selects_;
            if (e.marker != std::string::npos) {
                reopen_.resize(std::min(reopen_.size(), e.marker));
                marker_starts_.pop_back();
            } else if (!e.key.empty() && count > 1) {
                remember_reopen(std::move(e.key));
            }
        }
    }

    // A formatting element closed by another's end tag: reopened later,
    // unless three alike already are (the parser's "Noah's Ark" clause).
    void remember_reopen(std::string key) {
        size_t from = marker_starts_.empty() ? 0 : marker_starts_.back();
        if (std::count(reopen_.begin() + static_cast<std::ptrdiff_t>(from), reopen_.end(), key) < 3)
            reopen_.push_back(std::move(key));
        deepest_ = std::max(deepest_, depth());
    }

    // How many elements to close to close the nearest `name` (counting it),
    // looking down past none of `stops`; 0 when it is not found so.
    size_t distance_to(std::string_view name, bool (*stop)(std::string_view)) const {
        for (size_t k = 0; k < open_.size() && k < kSearch; ++k) {
            const std::string& n = open_[open_.size() - 1 - k].name;
            if (n == name) return k + 1;
            if (stop(n)) return 0;
        }
        return 0;
    }

    void close(std::string_view name, bool (*stop)(std::string_view)) {
        pop(distance_to(name, stop));
    }

    static bool button_scope(std::string_view n) { return is_scope_boundary(n) || n == "button"; }
    static bool list_scope(std::string_view n) {
        return is_scope_boundary(n) || n == "ul" || n == "ol";
    }
    // An <li>, <dd> or <dt> start tag closes the open one unless a special
    // element other than <address>, <div> and <p> stands between them.
    static bool item_stop(std::string_view n) {
        return !in_list(n, {"address", "div", "p", "span"}) && !is_formatting_element(n);
    }
    static bool table_part(std::string_view n) {
        return in_list(n, {"table", "tbody", "thead", "tfoot", "template", "html"});
    }

    void start_tag(const std::string& name, const std::string& key, bool self_closing) {
        if (name == "html" || name == "head" || name == "body")
            return; // merged into the implied ones
        if (closes_paragraph(name)) close("p", button_scope);
        if (name == "li") close("li", item_stop);
        if (name == "dd" || name == "dt") {
            size_t dd = distance_to("dd", item_stop), dt = distance_to("dt", item_stop);
            pop(dd && dt ? std::min(dd, dt) : std::max(dd, dt));
        }
        if (is_heading(name) && !open_.empty() && is_heading(open_.back().name)) pop(1);
        if (name == "option" || name == "optgroup")
            if (!open_.empty() && open_.back().name == "option") pop(1);
        // Table parts close each other only in a table; outside one the
        // parser ignores their tags (here they stay open: an overestimate).
        if ((name == "td" || name == "th") && tables_ > 0) {
            size_t td = distance_to("td", table_part), th = distance_to("th", table_part);
            pop(td && th ? std::min(td, th) : std::max(td, th));
            if (!open_.empty() && open_.back().name == "table") push("tbody", "");
            if (!open_.empty() && table_part(open_.back().name)) push("tr", "");
        }
        if ((name == "tr" || name == "tbody" || name == "thead" || name == "tfoot") &&
            tables_ > 0) {
            size_t td = distance_to("td", table_part), th = distance_to("th", table_part);
            pop(td && th ? std::min(td, th) : std::max(td, th));
            close("tr", table_part);
            if (name != "tr")
                for (const char* section : {"tbody", "thead", "tfoot"})
                    close(section, table_part);
            if (name == "tr" && !open_.empty() && open_.back().name == "table") push("tbody", "");
        }
        if (name == "col" && !open_.empty() && open_.back().name == "table") push("colgroup", "");
        if (is_void_element(name) || (self_closing && foreign_ > 0)) { // an element, empty
            deepest_ = std::max(deepest_, depth() + 1);
            return;
        }
        push(name, key);
    }

    void end_tag(const std::string& name) {
        if (name == "html" || name == "head" || name == "body" || is_void_element(name)) return;
        if (is_formatting_element(name)) {
            // Closed by its own end tag: gone from the elements to reopen.
            // Open above other formatting elements only, it closes them
            // too; above anything else the parser moves elements about
            // (the adoption agency), which is left alone here.
            bool only_formatting_above = true;
            for (size_t k = 0; k < open_.size() && k < kSearch; ++k) {
                const Open& e = open_[open_.size() - 1 - k];
                if (e.name == name) return only_formatting_above ? pop(k + 1) : void();
                only_formatting_above = only_formatting_above && is_formatting_element(e.name);
            }
            size_t from = marker_starts_.empty() ? 0 : marker_starts_.back();
            for (size_t k = reopen_.size(); k > from && reopen_.size() - k < kSearch; --k)
                if (reopen_[k - 1].compare(0, name.size(), name) == 0 &&
                    (reopen_[k - 1].size() == name.size() ||
                     !is_letter(reopen_[k - 1][name.size()]))) {
                    reopen_.erase(reopen_.begin() + static_cast<std::ptrdiff_t>(k - 1));
                    return;
                }
            return;
        }
        if (name == "li") return close(name, list_scope);
        if (name == "p") return close(name, button_scope);
        close(name, is_scope_boundary);
    }
};

// The deepest nesting of elements in gumbo's tree (<html> is 1, <body> 2),
// or a number past `limit` as soon as one is reached.
size_t tree_depth(const GumboNode* document, size_t limit) {
    std::vector<Visit> stack{{document}};
    size_t deepest = 0;
    while (!stack.empty() && deepest <= limit) {
        Visit& v = stack.back();
        if (v.next < children_of(v.node).length) {
            const GumboNode* kid = child(v.node, v.next++);
            if (!has_children(kid)) continue;
            stack.push_back({kid});
            deepest = std::max(deepest, stack.size() - 1);
        } else {
            stack.pop_back();
        }
    }
    return deepest;
}

// Gumbo's own gumbo_destroy_output frees the tree recursively; a tree too
// deep for that (one the estimate above let through) is made flat first:
// every node a child of the document, none with children of its own. The
// arrays are gumbo's, made with the allocator given it (malloc_for_gumbo).
void flatten(GumboOutput* output) {
    std::vector<GumboNode*> all;
    std::vector<GumboNode*> stack{output->document};
    while (!stack.empty()) {
        GumboNode* node = stack.back();
        stack.pop_back();
        if (node != output->document) all.push_back(node);
        if (!has_children(node)) continue;
        GumboVector& children = node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children
                                                                  : node->v.element.children;
        for (unsigned i = 0; i < children.length; ++i)
            stack.push_back(static_cast<GumboNode*>(children.data[i]));
        children.length = 0; // the array itself is freed with its node
    }
    GumboVector& top = output->document->v.document.children;
    void** data = static_cast<void**>(std::malloc(std::max<size_t>(1, all.size()) * sizeof(void*)));
    if (!data) throw std::bad_alloc();
    std::copy(all.begin(), all.end(), data);
    std::free(top.data);
    top.data = data;
    top.length = top.capacity = static_cast<unsigned>(all.size());
}

void* malloc_for_gumbo(void*, size_t size) {
    return std::malloc(size);
}

void free_for_gumbo(void*, void* ptr) {
    std::free(ptr);
}

std::string nesting_error() {
    return "elements nested more than " + std::to_string(kMaxHtmlDepth) +
           " deep, the limit for a web page (as in web browsers); not read";
}

// The page's blocks; throws ExtractError for a page past a limit.
Document parse_page(std::string_view html, const std::string& path) {
    if (html.size() > kMaxHtmlBytes)
        throw ExtractError("page is " + std::to_string(html.size() >> 20) + " MB, over the " +
                           std::to_string(kMaxHtmlBytes >> 20) + " MB limit for a web page");
    if (DepthEstimate(kMaxHtmlDepth).measure(html) > kMaxHtmlDepth)
        throw ExtractError(nesting_error());
    Document doc;
    doc.path = path;
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = malloc_for_gumbo;
    options.deallocator = free_for_gumbo;
    auto destroy = [options](GumboOutput* o) {
        if (tree_depth(o->document, kMaxHtmlDepth) > kMaxHtmlDepth) flatten(o);
        gumbo_destroy_output(&options, o);
    };
    std::unique_ptr<GumboOutput, decltype(destroy)> output(
        gumbo_parse_with_options(&options, html.data(), html.size()), destroy);
    if (!output) throw std::bad_alloc();
    const GumboNode* root = output->root;
    if (tree_depth(output->document, kMaxHtmlDepth) > kMaxHtmlDepth)
        throw ExtractError(nesting_error());
    const GumboNode* content = find_element(root, [](const GumboNode* n) {
        return n->v.element.tag == GUMBO_TAG_MAIN ||
               (attribute(n, "role") && std::string_view(attribute(n, "role")) == "main");
    });
    if (!content)
        content = find_element(
            root, [](const GumboNode* n) { return n->v.element.tag == GUMBO_TAG_ARTICLE; });
    if (!content)
        content = find_element(
            root, [](const GumboNode* n) { return n->v.element.tag == GUMBO_TAG_BODY; });
    if (!content) content = root;
    Walker walker(doc);
    const GumboVector& children = content->v.element.children;
    for (unsigned i = 0; i < children.length; ++i)
        walker.walk(static_cast<const GumboNode*>(children.data[i]));
    walker.flush();
    if (doc.published.empty()) doc.published = find_time(root);
    return doc;
}

} // namespace

Extraction extract_html(std::string_view bytes, const ExtractOptions& options) {
    Extraction out;
    auto html = decoded_text(bytes, out);
    if (!html) return out;
    try {
        out.document = parse_page(*html, options.path);
    } catch (const ExtractError& e) { // past a limit (extract_limits.hh)
        out.reason = e.what();
    }
    return out;
}

} // namespace cqc
