#include "html_extractor.hh"

#include "dates.hh"
#include "text.hh"

#include <gumbo.h>

#include <algorithm>
#include <memory>

namespace cqc {
namespace {

using Output = std::unique_ptr<GumboOutput, void (*)(GumboOutput*)>;

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

// All the text under a node, inline markup and all, furniture left out.
void gather_text(const GumboNode* node, std::string& out) {
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
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i)
        gather_text(static_cast<const GumboNode*>(children.data[i]), out);
    if (block) out += ' ';
}

// The report's characters (tidy_text), white space collapsed.
std::string clean(std::string_view raw) {
    return collapse_spaces(tidy_text(raw));
}

// A list whose every item is only a link to a place on the page: the page's
// own table of contents ("On this page"), not report text.
bool is_link_list(const GumboNode* list) {
    const GumboVector& items = list->v.element.children;
    size_t links = 0, total = 0;
    for (unsigned i = 0; i < items.length; ++i) {
        auto* item = static_cast<const GumboNode*>(items.data[i]);
        if (item->type != GUMBO_NODE_ELEMENT || item->v.element.tag != GUMBO_TAG_LI) continue;
        ++total;
        const GumboVector& kids = item->v.element.children;
        for (unsigned k = 0; k < kids.length; ++k) {
            auto* kid = static_cast<const GumboNode*>(kids.data[k]);
            if (kid->type != GUMBO_NODE_ELEMENT || kid->v.element.tag != GUMBO_TAG_A) continue;
            const char* href = attribute(kid, "href");
            std::string own, all;
            gather_text(kid, own);
            gather_text(item, all);
            if (href && href[0] == '#' && trim(own) == trim(all)) ++links;
        }
    }
    return total > 0 && links == total;
}

class Walker {
public:
    explicit Walker(Document& doc) : doc_(doc) {}

    void walk(const GumboNode* node) {
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
            if (is_link_list(node) || skip_next_link_list_) {
                skip_next_link_list_ = false;
                return;
            }
            break;
        case GUMBO_TAG_LI: {
            flush();
            // The item's own text; a list nested in it gives items of its own.
            std::string own;
            const GumboVector& kids = el.children;
            for (unsigned i = 0; i < kids.length; ++i) {
                auto* kid = static_cast<const GumboNode*>(kids.data[i]);
                bool nested =
                    kid->type == GUMBO_NODE_ELEMENT &&
                    (kid->v.element.tag == GUMBO_TAG_UL || kid->v.element.tag == GUMBO_TAG_OL);
                if (!nested) gather_text(kid, own);
            }
            if (auto text = clean(own); !text.empty()) add(BlockKind::list_item, text, line);
            for (unsigned i = 0; i < kids.length; ++i) {
                auto* kid = static_cast<const GumboNode*>(kids.data[i]);
                if (kid->type == GUMBO_NODE_ELEMENT &&
                    (kid->v.element.tag == GUMBO_TAG_UL || kid->v.element.tag == GUMBO_TAG_OL))
                    walk(kid);
            }
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
            if (!b.text.empty()) doc_.blocks.push_back(std::move(b));
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
        const GumboVector& children = el.children;
        for (unsigned i = 0; i < children.length; ++i)
            walk(static_cast<const GumboNode*>(children.data[i]));
        if (block) flush();
    }

    void flush() {
        std::string text = clean(inline_);
        if (!text.empty()) add(BlockKind::paragraph, std::move(text), inline_line_);
        inline_.clear();
        inline_line_ = 0;
    }

private:
    Document& doc_;
    std::string inline_; // text of the block being read
    int inline_line_ = 0;
    bool skip_next_link_list_ = false;

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
        doc_.blocks.push_back(std::move(b));
    }
};

const GumboNode* find_element(const GumboNode* node, bool (*match)(const GumboNode*)) {
    if (node->type != GUMBO_NODE_ELEMENT) return nullptr;
    if (match(node)) return node;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i)
        if (auto* found = find_element(static_cast<const GumboNode*>(children.data[i]), match))
            return found;
    return nullptr;
}

// A <time datetime> anywhere: "Published" dates often sit above <main>.
void find_time(const GumboNode* node, std::string& published) {
    if (!published.empty() || node->type != GUMBO_NODE_ELEMENT) return;
    if (node->v.element.tag == GUMBO_TAG_TIME)
        if (const char* when = attribute(node, "datetime"))
            if (auto date = find_date(when)) {
                published = *date;
                return;
            }
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i)
        find_time(static_cast<const GumboNode*>(children.data[i]), published);
}

} // namespace

Document extract_html(std::string_view html, const std::string& path) {
    Document doc;
    doc.path = path;
    Output output(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
                  [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    const GumboNode* root = output->root;
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
    if (doc.published.empty()) find_time(root, doc.published);
    return doc;
}

} // namespace cqc
