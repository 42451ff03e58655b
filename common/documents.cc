#include "documents.hh"

#include "dates.hh"

#include "schema.hh"
#include "stemming.hh"
#include "text.hh"

#include <unordered_map>

#include <filesystem>

namespace cqc {
namespace {

using nlohmann::json;

template <typename T> json nullable(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

template <typename T> std::optional<T> optional_from(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    return it->get<T>();
}

std::string string_from(const json& j, const char* key) {
    auto it = j.find(key);
    return it == j.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

void add_value(Xapian::Document& doc, FieldId id, const std::string& value) {
    int slot = field(id).slot;
    if (slot >= 0 && !value.empty()) doc.add_value(static_cast<Xapian::valueno>(slot), value);
}

void add_boolean(Xapian::Document& doc, FieldId id, const std::string& value) {
    if (!value.empty()) doc.add_boolean_term(term(id, value));
}

// Results name files absolutely, so they open from wherever one searches.
std::string absolute_path(const std::string& path) {
    std::error_code ec;
    auto p = std::filesystem::absolute(path, ec);
    return ec ? path : p.lexically_normal().string();
}

// The publication date, for published: ranges and --sort published; "9"
// when unknown in the ascending slot, so that undated reports sort last.
void add_published(Xapian::Document& doc, const Report& report) {
    std::string date = published_date(report);
    add_value(doc, FieldId::published, date);
    add_value(doc, FieldId::published_ascending, date.empty() ? "9" : date);
}

std::string rating_rank(const Rating* rating) {
    if (!rating) return "";
    auto all = ratings();
    for (size_t i = 0; i < all.size(); ++i)
        if (&all[i] == rating) return std::to_string(i + 1);
    return "";
}

} // namespace

std::string published_date(const Report& report) {
    return find_date(report.published).value_or("");
}

std::string section_id(const Report& report, const Section& section, size_t index) {
    std::string key = section.summary     ? std::string("summary")
                      : section.statement ? std::string(section.statement->id)
                                          : slugify(section.title);
    if (key.empty()) key = "section";
    // A second section for the same statement keeps its own id.
    size_t same = 0;
    for (size_t i = 0; i < index; ++i) {
        const Section& other = report.sections[i];
        if (other.summary == section.summary && other.statement == section.statement &&
            (section.statement || section.summary || other.title == section.title))
            ++same;
    }
    if (same) key += "-" + std::to_string(same + 1);
    return report.id + "/" + key;
}

StoredSection read_section_data(const std::string& data) {
    StoredSection s;
    json j = json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return s;
    s.id = string_from(j, "id");
    s.report = string_from(j, "report");
    s.authority = string_from(j, "authority");
    s.rating = string_from(j, "rating");
    s.published = string_from(j, "published");
    s.assessed = string_from(j, "assessed");
    s.section = string_from(j, "section");
    s.statement = string_from(j, "statement");
    s.theme = string_from(j, "theme");
    s.score = optional_from<int>(j, "score");
    s.path = string_from(j, "path");
    s.line = j.value("line", 0);
    s.indicative = j.value("indicative", false);
    s.page = j.value("page", 0);
    // Paragraphs are stored compactly as [heading, text, line] triples, with
    // a fourth element, the page, for a PDF's.
    if (auto it = j.find("paragraphs"); it != j.end() && it->is_array())
        for (const auto& p : *it)
            if (p.is_array() && (p.size() == 3 || p.size() == 4) && p[0].is_string() &&
                p[1].is_string() && p[2].is_number_integer())
                s.paragraphs.push_back(
                    {p[0].get<std::string>(), p[1].get<std::string>(), p[2].get<int>(),
                     p.size() == 4 && p[3].is_number_integer() ? p[3].get<int>() : 0});
    return s;
}

std::string StoredSection::text() const {
    std::string out, heading;
    for (const auto& p : paragraphs) {
        if (!p.heading.empty() && p.heading != heading) out += p.heading + "\n";
        heading = p.heading;
        out += p.text + "\n";
    }
    return out;
}

StoredReport read_report_data(const std::string& data) {
    StoredReport r;
    json j = json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return r;
    r.report = string_from(j, "report");
    r.authority = string_from(j, "authority");
    r.rating = string_from(j, "rating");
    r.percent = optional_from<int>(j, "percent");
    r.indicative = j.value("indicative", false);
    r.published = string_from(j, "published");
    r.assessed = string_from(j, "assessed");
    r.path = string_from(j, "path");
    if (auto it = j.find("scores"); it != j.end() && it->is_object())
        for (auto& [k, v] : it->items())
            if (v.is_number_integer()) r.scores[k] = v.get<int>();
    return r;
}

DocumentBuilder::DocumentBuilder(Xapian::WritableDatabase* spelling_db)
    : stemmer_(english_stemmer(true)) {
    generator_.set_stemmer(stemmer_);
    generator_.set_stemming_strategy(kIndexStemming);
    if (spelling_db) {
        generator_.set_database(*spelling_db);
        spelling_flags_ = Xapian::TermGenerator::FLAG_SPELLING;
    }
}

void DocumentBuilder::start(Xapian::Document& doc) {
    doc_ = &doc;
    generator_.set_document(doc);
    generator_.set_termpos(0);
    text_.clear();
}

void DocumentBuilder::index(std::string_view text, Xapian::termcount weight,
                            std::string_view prefix) {
    std::string normalised = normalise_text(text);
    generator_.index_text(normalised, weight, std::string(prefix));
    generator_.increase_termpos();
    if (prefix.empty()) text_.append(normalised).append(" | ");
}

// Text that spells an acronym out also gets the acronym's term, so a search
// for "LGSCO" finds "Local Government and Social Care Ombudsman". The other
// direction is a Xapian synonym (see add_acronym_synonyms). One pass over
// the document's words, looking up expansions by their first word.
void DocumentBuilder::add_acronyms_for_expansions() {
    struct Expansion {
        std::vector<std::string> words; // "local", "government", ...
        std::string acronym;            // "lgsco"
    };
    static const std::unordered_multimap<std::string, Expansion> by_first_word = [] {
        std::unordered_multimap<std::string, Expansion> out;
        for (const auto& a : acronyms())
            for (auto e : a.expansions) {
                Expansion x{split_words(fold_key(e)), fold_key(a.acronym)};
                if (!x.words.empty()) out.emplace(x.words.front(), std::move(x));
            }
        return out;
    }();
    std::vector<std::string> words = split_words(fold_key(text_));
    std::vector<std::string> found;
    for (size_t i = 0; i < words.size(); ++i) {
        auto [begin, end] = by_first_word.equal_range(words[i]);
        for (auto it = begin; it != end; ++it) {
            const auto& x = it->second.words;
            if (i + x.size() <= words.size() && std::equal(x.begin(), x.end(), words.begin() + i))
                found.push_back(it->second.acronym);
        }
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    for (const auto& acronym : found)
        doc_->add_term(stem_term(stemmer_, "", acronym));
}

void add_acronym_synonyms(Xapian::WritableDatabase& db) {
    for (const auto& a : acronyms())
        for (auto expansion : a.expansions)
            db.add_synonym(fold_key(expansion),
                           stem_term(english_stemmer(), "", fold_key(a.acronym)));
}

void DocumentBuilder::add_metadata(Xapian::Document& doc, const Report& report,
                                   const Section& section, const std::string& id) {
    const Rating* rating = report.rating();
    const Theme* theme = section.theme();
    std::string score = section.score ? std::to_string(*section.score) : "";
    add_boolean(doc, FieldId::report, report.id);
    add_boolean(doc, FieldId::section_key, id);
    add_boolean(doc, FieldId::statement,
                section.statement ? std::string(section.statement->id) : "");
    add_boolean(doc, FieldId::theme, theme ? std::string(theme->id) : "");
    add_boolean(doc, FieldId::score, score);
    add_boolean(doc, FieldId::rating, rating ? std::string(rating->id) : "");
    add_value(doc, FieldId::report, report.id);
    add_value(doc, FieldId::section_key, id);
    add_value(doc, FieldId::statement, section.statement ? std::string(section.statement->id) : "");
    add_value(doc, FieldId::theme, theme ? std::string(theme->id) : "");
    add_value(doc, FieldId::score, score);
    add_value(doc, FieldId::rating, rating ? std::string(rating->id) : "");
    add_value(doc, FieldId::authority, report.authority);
    add_value(doc, FieldId::rating_rank, rating_rank(rating));
    add_value(doc, FieldId::score_ascending, score.empty() ? "9" : score);
    add_value(doc, FieldId::rating_ascending, rating ? rating_rank(rating) : "9");
    add_published(doc, report);

    // Words of the council's name and the section title, for authority: and
    // section: queries; the title also counts as ordinary text.
    generator_.index_text_without_positions(normalise_text(report.authority), 1,
                                            std::string(field(FieldId::authority).term_prefix));
    index(section.title, 1, field(FieldId::section).term_prefix);
}

namespace {
nlohmann::json section_json(const Report& report, const Section& section, const std::string& id) {
    const Rating* rating = report.rating();
    const Theme* theme = section.theme();
    return {{"id", id},
            {"report", report.id},
            {"authority", report.authority},
            {"rating", rating ? std::string(rating->id) : ""},
            {"published", published_date(report)},
            {"assessed", report.assessed},
            {"section", section.title},
            {"statement", section.statement ? std::string(section.statement->id) : ""},
            {"theme", theme ? std::string(theme->id) : ""},
            {"score", nullable(section.score)},
            {"path", absolute_path(section.file)},
            {"line", section.line},
            {"page", section.page},
            {"indicative", report.indicative}};
}
} // namespace

Xapian::Document DocumentBuilder::section_document(const Report& report, const Section& section,
                                                   const std::string& id) {
    Xapian::Document doc;
    start(doc);
    doc.add_boolean_term(term(FieldId::id, id));
    generator_.set_flags(spelling_flags_);
    add_boolean(doc, FieldId::type, std::string(doctype::section));
    add_value(doc, FieldId::type, std::string(doctype::section));
    add_metadata(doc, report, section, id);
    // The title names what the section is about: it weighs more than a
    // passing mention in the body.
    index(section.title, 3);
    index(section.what_people_expect);
    index(section.commitment);
    std::string heading;
    for (const auto& p : section.paragraphs) {
        if (p.heading != heading && !p.heading.empty()) {
            index(p.heading, 2);
            index(p.heading, 1, field(FieldId::heading).term_prefix);
        }
        heading = p.heading;
        index(p.text);
    }
    add_acronyms_for_expansions();
    nlohmann::json data = section_json(report, section, id);
    nlohmann::json paragraphs = nlohmann::json::array();
    for (const auto& p : section.paragraphs)
        paragraphs.push_back(p.page ? nlohmann::json{p.heading, p.text, p.line, p.page}
                                    : nlohmann::json{p.heading, p.text, p.line});
    data["paragraphs"] = std::move(paragraphs);
    doc.set_data(data.dump());
    return doc;
}

Xapian::Document DocumentBuilder::report_document(const Report& report) {
    Xapian::Document doc;
    start(doc);
    generator_.set_flags(Xapian::TermGenerator::flags(0)); // sections give the spelling data
    doc.add_boolean_term(term(FieldId::id, report.id));
    add_boolean(doc, FieldId::type, std::string(doctype::report));
    add_value(doc, FieldId::type, std::string(doctype::report));
    add_boolean(doc, FieldId::report, report.id);
    add_value(doc, FieldId::report, report.id);
    add_value(doc, FieldId::authority, report.authority);
    const Rating* rating = report.rating();
    add_boolean(doc, FieldId::rating, rating ? std::string(rating->id) : "");
    add_value(doc, FieldId::rating, rating ? std::string(rating->id) : "");
    add_value(doc, FieldId::rating_rank, rating_rank(rating));
    add_published(doc, report);
    add_value(doc, FieldId::edition,
              edition_value({authority_key(report.authority.empty() ? report.id : report.authority),
                             published_date(report), report.id}));
    generator_.index_text_without_positions(normalise_text(report.authority), 1,
                                            std::string(field(FieldId::authority).term_prefix));
    nlohmann::json scores = nlohmann::json::object();
    for (const auto& st : statements())
        if (auto s = report.score_for(st)) scores[std::string(st.id)] = *s;
    nlohmann::json data = {{"report", report.id},
                           {"authority", report.authority},
                           {"rating", rating ? std::string(rating->id) : ""},
                           {"percent", nullable(report.percent())},
                           {"indicative", report.indicative},
                           {"published", published_date(report)},
                           {"assessed", report.assessed},
                           {"path", absolute_path(report.path)},
                           {"scores", scores}};
    doc.set_data(data.dump());
    return doc;
}

std::vector<Xapian::Document> DocumentBuilder::build(const Report& report) {
    std::vector<Xapian::Document> docs;
    docs.push_back(report_document(report));
    for (size_t i = 0; i < report.sections.size(); ++i) {
        const Section& section = report.sections[i];
        docs.push_back(section_document(report, section, section_id(report, section, i)));
    }
    return docs;
}

} // namespace cqc
