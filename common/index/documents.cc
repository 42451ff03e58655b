#include "documents.hh"

#include "acronym_forms.hh"
#include "dates.hh"

#include "schema.hh"
#include "stemming.hh"
#include "stored.hh"
#include "text.hh"
#include "tokens.hh"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include <filesystem>

namespace cqc {
namespace {

void add_value(Xapian::Document& doc, FieldId id, const std::string& value) {
    if (field(id).slot >= 0 && !value.empty()) doc.add_value(value_slot(id), value);
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

// The publication date, for published: ranges and --sort published;
// kSortsLast when unknown in the ascending slot.
void add_published(Xapian::Document& doc, const Report& report) {
    std::string date = published_date(report);
    add_value(doc, FieldId::published, date);
    add_value(doc, FieldId::published_ascending, date.empty() ? kSortsLast : date);
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

DocumentBuilder::DocumentBuilder() = default;

void DocumentBuilder::start(Xapian::Document& doc) {
    doc_ = &doc;
    termpos_ = 0;
    words_.clear();
}

SpellingCounts DocumentBuilder::take_spelling() {
    SpellingCounts out = std::move(spelling_);
    spelling_.clear();
    return out;
}

void DocumentBuilder::index(std::string_view text, Xapian::termcount weight,
                            std::string_view prefix, bool positions, bool spelling) {
    std::string storage;
    std::string_view normalised = normalised_view(text, storage);
    std::optional<SpellingText> spelt;
    if (spelling) spelt.emplace(normalised, spelling_);
    for_each_word(normalised, [&](std::string_view word, size_t begin, size_t end) {
        if (spelt) spelt->word(word, begin, end);
        // No stem: as TermGenerator, no term and no position.
        if (!stem_term(stems_, prefix, word, term_)) return;
        if (!positions) {
            doc_->add_term(term_, weight);
            return;
        }
        doc_->add_posting(term_, ++termpos_, weight);
        if (prefix.empty()) words_.emplace_back(word);
    });
    if (spelt) spelt->finish();
    if (positions) termpos_ += 100; // TermGenerator::increase_termpos()
}

// Text that spells an acronym out also gets the acronym's term, so a search
// for "LGSCO" finds "Local Government and Social Care Ombudsman". The other
// direction is a Xapian synonym (see add_acronym_synonyms). The term has no
// position: a phrase of the acronym does not match its spelt-out form.
void DocumentBuilder::add_acronyms_for_expansions() {
    std::vector<std::string_view> words(words_.begin(), words_.end());
    std::vector<std::string> found;
    for (const auto& spelt : spelt_out_acronyms(words))
        found.push_back(spelt.form->acronym_word);
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    for (const auto& acronym : found)
        if (stem_term(stems_, "", acronym, term_)) doc_->add_term(term_);
}

void add_acronym_synonyms(Xapian::WritableDatabase& db) {
    Xapian::Stem stemmer = english_stemmer();
    for (const auto& form : acronym_forms())
        db.add_synonym(form.phrase, stem_term(stemmer, "", form.acronym_word));
}

namespace {
// The score a section is indexed with: the report's (Report::score_for: its
// score table's, else the section's own), so that the sections and the score
// grid never disagree; the parser warns when the table and a section differ.
std::optional<int> indexed_score(const Report& report, const Section& section) {
    return section.statement ? report.score_for(*section.statement) : section.score;
}
} // namespace

void DocumentBuilder::add_metadata(Xapian::Document& doc, const Report& report,
                                   const Section& section, const std::string& id) {
    const Rating* rating = report.rating();
    const Theme* theme = section.theme();
    std::optional<int> scored = indexed_score(report, section);
    std::string score = scored ? std::to_string(*scored) : "";
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
    add_value(doc, FieldId::score_ascending, score.empty() ? kSortsLast : score);
    add_value(doc, FieldId::rating_ascending, rating ? rating_rank(rating) : kSortsLast);
    add_published(doc, report);

    // Words of the council's name and the section title, for authority: and
    // section: queries; the title also counts as ordinary text.
    index(report.authority, 1, field(FieldId::authority).term_prefix, false);
    index(section.title, 1, field(FieldId::section).term_prefix);
}

namespace {
StoredSection stored_section(const Report& report, const Section& section, const std::string& id) {
    const Rating* rating = report.rating();
    const Theme* theme = section.theme();
    StoredSection s;
    s.id = id;
    s.report = report.id;
    s.authority = report.authority;
    s.rating = rating ? std::string(rating->id) : "";
    s.published = published_date(report);
    s.assessed = report.assessed;
    s.section = section.title;
    s.statement = section.statement ? std::string(section.statement->id) : "";
    s.theme = theme ? std::string(theme->id) : "";
    s.score = indexed_score(report, section);
    s.path = absolute_path(section.file);
    s.line = section.line;
    s.page = section.page;
    s.indicative = report.indicative;
    s.paragraphs = section.paragraphs;
    s.expectation = section.what_people_expect;
    s.commitment = section.commitment;
    return s;
}
} // namespace

Xapian::Document DocumentBuilder::section_document(const Report& report, const Section& section,
                                                   const std::string& id) {
    Xapian::Document doc;
    start(doc);
    doc.add_boolean_term(term(FieldId::id, id));
    add_boolean(doc, FieldId::type, std::string(doctype::section));
    add_value(doc, FieldId::type, std::string(doctype::section));
    add_metadata(doc, report, section, id);
    // The title names what the section is about: it weighs more than a
    // passing mention in the body.
    index_section_text(section.title, 3);
    // Plain words find them; commitment: keeps to them.
    for (const std::string* part : {&section.what_people_expect, &section.commitment}) {
        index(*part);
        index(*part, 1, field(FieldId::commitment).term_prefix);
    }
    std::string heading;
    for (const auto& p : section.paragraphs) {
        if (p.heading != heading && !p.heading.empty()) {
            index_section_text(p.heading, 2);
            index(p.heading, 1, field(FieldId::heading).term_prefix);
        }
        heading = p.heading;
        index_section_text(p.text, 1);
    }
    add_acronyms_for_expansions();
    doc.set_data(section_data(stored_section(report, section, id)));
    return doc;
}

Xapian::Document DocumentBuilder::report_document(const Report& report) {
    Xapian::Document doc;
    start(doc);
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
    index(report.authority, 1, field(FieldId::authority).term_prefix, false);
    StoredReport data;
    data.report = report.id;
    data.authority = report.authority;
    data.rating = rating ? std::string(rating->id) : "";
    data.percent = report.percent();
    data.percent_computed = report.percent_computed();
    data.scores_known = static_cast<int>(report.scores_known());
    data.indicative = report.indicative;
    data.published = published_date(report);
    data.assessed = report.assessed;
    data.path = absolute_path(report.path);
    for (const auto& st : statements())
        if (auto s = report.score_for(st)) data.scores[std::string(st.id)] = *s;
    doc.set_data(report_data(data));
    return doc;
}

Xapian::Document DocumentBuilder::score_document(const Report& report, const Statement& statement,
                                                 int score) {
    Xapian::Document doc;
    const Rating* rating = report.rating();
    const Theme* theme = find_theme_by_id(statement.theme);
    std::string id(statement.id), value = std::to_string(score);
    add_boolean(doc, FieldId::type, std::string(doctype::score));
    add_value(doc, FieldId::type, std::string(doctype::score));
    add_boolean(doc, FieldId::report, report.id);
    add_value(doc, FieldId::report, report.id);
    add_boolean(doc, FieldId::statement, id);
    add_value(doc, FieldId::statement, id);
    add_boolean(doc, FieldId::theme, theme ? std::string(theme->id) : "");
    add_value(doc, FieldId::theme, theme ? std::string(theme->id) : "");
    add_boolean(doc, FieldId::score, value);
    add_value(doc, FieldId::score, value);
    add_value(doc, FieldId::score_ascending, value);
    add_boolean(doc, FieldId::rating, rating ? std::string(rating->id) : "");
    add_value(doc, FieldId::rating, rating ? std::string(rating->id) : "");
    add_value(doc, FieldId::rating_rank, rating_rank(rating));
    add_value(doc, FieldId::rating_ascending, rating ? rating_rank(rating) : kSortsLast);
    add_value(doc, FieldId::authority, report.authority);
    add_published(doc, report);
    doc.set_data(score_data({report.id, id, score}));
    return doc;
}

std::vector<Xapian::Document> DocumentBuilder::build(const Report& report) {
    spelling_.clear(); // a build that threw leaves none behind
    std::vector<Xapian::Document> docs;
    docs.push_back(report_document(report));
    for (size_t i = 0; i < report.sections.size(); ++i) {
        const Section& section = report.sections[i];
        docs.push_back(section_document(report, section, section_id(report, section, i)));
    }
    for (const auto& st : statements()) {
        auto score = report.score_for(st);
        bool has_section = std::any_of(report.sections.begin(), report.sections.end(),
                                       [&](const Section& s) { return s.statement == &st; });
        if (score && !has_section) docs.push_back(score_document(report, st, *score));
    }
    return docs;
}

} // namespace cqc
