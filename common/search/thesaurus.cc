// Reading data/thesaurus.tsv and joining the framework's acronyms to it,
// and the keys a thesaurus is looked up by. Runs at build time, in
// cqc-thesaurus-gen, which writes the tables the programs are built with
// (thesaurus_gen.cc); the programs never parse that file. They parse a
// user's own (ThesaurusFile), the same way.
#include "meaning.hh"

#include "framework.hh"
#include "stemming.hh"
#include "text.hh"
#include "tokens.hh"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

namespace cqc {

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t at = s.find(sep, start);
        out.emplace_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
        if (at == std::string_view::npos) return out;
        start = at + 1;
    }
}

} // namespace

std::vector<std::string> term_words(std::string_view text) {
    std::vector<std::string> out;
    for (auto& t : tokenise(text))
        out.push_back(std::move(t.word));
    return out;
}

std::string join_words(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

std::vector<ThesaurusEntry> parse_thesaurus(std::string_view text, std::string_view name) {
    std::vector<ThesaurusEntry> out;
    size_t line_no = 0;
    for (const auto& raw : split(text, '\n')) {
        ++line_no;
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        auto where = [&] { return std::string(name) + ":" + std::to_string(line_no) + ": "; };
        auto columns = split(line, '\t');
        if (columns.size() != 3)
            throw std::runtime_error(where() + "expected KIND<tab>TERMS<tab>SOURCE, got " +
                                     std::to_string(columns.size()) + " column(s)");
        ThesaurusEntry e;
        std::string kind = trim(columns[0]);
        if (kind != "=" && kind != ">")
            throw std::runtime_error(where() + "kind '" + kind + "' is neither '=' nor '>'");
        e.one_way = kind == ">";
        for (const auto& term : split(columns[1], '|')) {
            std::string t = trim(term);
            if (t.empty()) throw std::runtime_error(where() + "an empty term");
            auto words = term_words(t);
            if (words.empty()) throw std::runtime_error(where() + "'" + t + "' has no words");
            // It would stand in for, or be found through, almost anything.
            auto common = [](const std::string& w) {
                auto list = stopwords();
                return std::find(list.begin(), list.end(), w) != list.end();
            };
            if (std::all_of(words.begin(), words.end(), common))
                throw std::runtime_error(where() + "'" + t +
                                         "' is only common words (stopwords), which a search "
                                         "drops: no query could find it");
            e.terms.push_back(t);
        }
        if (e.terms.size() < 2) throw std::runtime_error(where() + "fewer than two terms");
        e.source = trim(columns[2]);
        if (e.source.empty()) throw std::runtime_error(where() + "no source");
        e.line = line_no;
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<ThesaurusEntry> join_acronyms(std::vector<ThesaurusEntry> entries) {
    {
        // Terms are compared as the index sees them: stems.
        Xapian::Stem stem = english_stemmer();
        auto key = [&](const std::string& t) {
            std::vector<std::string> stems;
            for (const auto& w : term_words(t))
                stems.push_back(stem(w));
            return join_words(stems);
        };
        // Which "=" line holds each term, by key (computed once: the
        // framework's forms are looked up against every line).
        std::map<std::string, size_t> holder;
        for (size_t i = 0; i < entries.size(); ++i)
            if (!entries[i].one_way)
                for (const auto& t : entries[i].terms)
                    holder.emplace(key(t), i);
        for (const auto& a : acronyms()) {
            std::vector<std::string> forms{std::string(a.acronym)};
            for (auto e : a.expansions)
                forms.emplace_back(e);
            std::optional<size_t> home;
            for (size_t f = 1; f < forms.size() && !home; ++f)
                if (auto it = holder.find(key(forms[f])); it != holder.end()) home = it->second;
            if (!home) {
                entries.push_back({false, {}, "framework", 0});
                home = entries.size() - 1;
            }
            for (const auto& f : forms)
                // An acronym whose stem is another's ("ASCS" stems as
                // "ASC") is one term in the index too: it is left to the
                // line that has it.
                if (holder.emplace(key(f), *home).second) entries[*home].terms.push_back(f);
            if (entries[*home].terms.size() < 2) entries.pop_back();
        }
    }
    return entries;
}

std::shared_ptr<const ThesaurusFile> ThesaurusFile::read(const std::filesystem::path& path) {
    const std::string name = path.string();
    auto refuse = [&](const std::string& why) {
        return std::runtime_error(name + ": cannot be read: " + why);
    };
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (ec) throw refuse(ec.message());
    if (std::filesystem::is_directory(status)) throw refuse("it is a directory");
    // Not a device or a pipe, which could be endless or never end.
    if (!std::filesystem::is_regular_file(status)) throw refuse("it is not a regular file");
    auto size = std::filesystem::file_size(path, ec);
    if (ec) throw refuse(ec.message());
    if (size > kMaxThesaurusFileBytes)
        throw refuse("it is " + std::to_string(size) + " bytes; the limit is " +
                     std::to_string(kMaxThesaurusFileBytes));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw refuse(std::strerror(errno));
    std::string text(size, '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (static_cast<size_t>(in.gcount()) != size) throw refuse("a read error");
    std::string_view body = text;
    // A spreadsheet may save it with a byte order mark: UTF-8's is read;
    // UTF-16's ("Unicode text") would read as noise.
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    if (body.starts_with("\xFF\xFE") || body.starts_with("\xFE\xFF"))
        throw refuse("it is UTF-16; save it as UTF-8 text");
    return std::make_shared<const ThesaurusFile>(parse_thesaurus(body, name), name);
}

namespace {

// ThesaurusLine and ThesaurusKey number lines and terms in 16 bits.
constexpr size_t kMaxThesaurusTableSize = 65535;

// Throws std::runtime_error "NAME: ..." when `entries` hold more lines or
// terms than a table can number.
void check_table_limits(const std::vector<ThesaurusEntry>& entries, const std::string& name) {
    size_t terms = 0;
    for (const auto& e : entries)
        terms += e.terms.size();
    if (entries.size() > kMaxThesaurusTableSize || terms > kMaxThesaurusTableSize)
        throw std::runtime_error(name + ": " + std::to_string(entries.size()) + " lines and " +
                                 std::to_string(terms) + " terms; a thesaurus holds at most " +
                                 std::to_string(kMaxThesaurusTableSize) + " of each");
}

// Each term of `entries` a user may type, as a ThesaurusKey holds it, sorted
// (stably) by the first stem. A one-way line is looked up by its first term
// only.
struct ThesaurusKeyText {
    std::string first_stem, stems;
    size_t line = 0, term = 0;
    bool spelt_name = false;
};

std::vector<ThesaurusKeyText> thesaurus_keys(const std::vector<ThesaurusEntry>& entries) {
    Xapian::Stem stem = english_stemmer();
    auto stems_of = [&](std::string_view term) {
        std::vector<std::string> stems;
        for (const auto& w : term_words(term))
            stems.push_back(stem(w));
        return stems;
    };
    // The framework's names spelt out: a query holding one is left to the
    // acronym expansion (meaning.cc).
    std::set<std::string> spelt;
    for (const auto& a : acronyms())
        for (auto e : a.expansions)
            spelt.insert(join_words(stems_of(e)));
    std::vector<ThesaurusKeyText> keys;
    for (size_t i = 0; i < entries.size(); ++i)
        for (size_t t = 0; t < entries[i].terms.size(); ++t) {
            if (entries[i].one_way && t > 0) break;
            std::vector<std::string> stems = stems_of(entries[i].terms[t]);
            if (stems.empty()) continue;
            std::string all = join_words(stems);
            bool name = stems.size() > 1 && spelt.count(all);
            keys.push_back({stems.front(), std::move(all), i, t, name});
        }
    std::stable_sort(keys.begin(), keys.end(),
                     [](const auto& a, const auto& b) { return a.first_stem < b.first_stem; });
    return keys;
}

} // namespace

ThesaurusFile::ThesaurusFile(std::vector<ThesaurusEntry> entries, std::string name) {
    auto keep = [&](std::string_view s) -> std::string_view { return strings_.emplace_back(s); };
    check_table_limits(entries, name);
    if (entries.empty())
        warnings_.push_back(name + ": no thesaurus lines (only blanks and # comments)");
    for (const auto& e : entries) {
        lines_.push_back({e.one_way, static_cast<uint16_t>(terms_.size()),
                          static_cast<uint16_t>(e.terms.size()), keep(e.source),
                          static_cast<uint32_t>(e.line)});
        for (const auto& t : e.terms)
            terms_.push_back(keep(t));
    }
    for (const auto& k : thesaurus_keys(entries)) {
        if (k.spelt_name)
            warnings_.push_back(name + ":" + std::to_string(entries[k.line].line) + ": \"" +
                                entries[k.line].terms[k.term] +
                                "\" is a framework name: it is matched as itself or its "
                                "acronym, not through this line");
        keys_.push_back({keep(k.first_stem), keep(k.stems), static_cast<uint16_t>(k.line),
                         static_cast<uint16_t>(k.term), k.spelt_name});
    }
}

ThesaurusTable ThesaurusFile::table() const {
    return {lines_, terms_, keys_};
}

} // namespace cqc
