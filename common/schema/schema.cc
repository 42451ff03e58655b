#include "schema.hh"

#include "framework.hh"
#include "hashing.hh"
#include "text.hh"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <type_traits>
#include <vector>

namespace cqc {

static_assert(std::is_same_v<ValueSlot, Xapian::valueno>, "schema.hh spells Xapian's slot type");
namespace {
bool equal_ci(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// The space-separated aliases of a field.
std::vector<std::string_view> aliases_of(const Field& f) {
    std::vector<std::string_view> out;
    for (size_t i = 0; i < f.aliases.size();) {
        size_t j = f.aliases.find(' ', i);
        if (j == std::string_view::npos) j = f.aliases.size();
        if (j > i) out.push_back(f.aliases.substr(i, j - i));
        i = j + 1;
    }
    return out;
}
} // namespace

const Field* find_field(std::string_view prefix) {
    for (const auto& f : kFields) {
        if (!f.queryable()) continue;
        if (equal_ci(f.name, prefix)) return &f;
        for (auto alias : aliases_of(f))
            if (equal_ci(alias, prefix)) return &f;
    }
    return nullptr;
}

std::string field_names() {
    std::string names, aliases;
    for (const auto& f : kFields) {
        if (!f.queryable()) continue;
        names += (names.empty() ? "" : ", ") + std::string(f.name) + ":";
        std::string these;
        for (auto alias : aliases_of(f))
            these += (these.empty() ? "" : " and ") + std::string(alias) + ":";
        if (!these.empty())
            aliases += (aliases.empty() ? "" : "; ") + these + " mean " + std::string(f.name) + ":";
    }
    return aliases.empty() ? names : names + " (" + aliases + ")";
}

std::string term(FieldId id, std::string_view value) {
    std::string t(field(id).term_prefix);
    t += value;
    return fit_key(std::move(t));
}

std::string authority_key(std::string_view authority) {
    return fold_key(authority);
}

namespace {
constexpr char kEditionSeparator = '\x1f';
}

std::string edition_value(const Edition& e) {
    std::string out = e.key;
    out += kEditionSeparator;
    out += e.published;
    out += kEditionSeparator;
    out += e.report;
    return out;
}

Edition parse_edition_value(std::string_view value) {
    Edition e;
    size_t a = value.find(kEditionSeparator);
    if (a == std::string_view::npos) return e;
    size_t b = value.find(kEditionSeparator, a + 1);
    if (b == std::string_view::npos) return e;
    e.key = value.substr(0, a);
    e.published = value.substr(a + 1, b - a - 1);
    e.report = value.substr(b + 1);
    return e;
}

std::string fields_help() {
    std::string out = "Field prefixes:\n";
    for (const auto& f : kFields) {
        if (!f.queryable()) continue;
        std::string name = std::string(f.name) + ":";
        out += "  " + name + std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') +
               std::string(f.help) + "\n" + std::string(16, ' ') + "e.g. " +
               std::string(f.example) + "\n";
        for (auto alias : aliases_of(f))
            out += std::string(16, ' ') + std::string(alias) + ": is the same as " +
                   std::string(f.name) + ":\n";
    }
    out += "Every prefix is a filter: it narrows the words' matches and adds none. Values of\n"
           "one field are OR-ed (statement:equity statement:safeguarding), different fields\n"
           "AND-ed; statement:(equity OR safeguarding) is the same. Prefixes ignore case.\n";
    return out;
}

} // namespace cqc
