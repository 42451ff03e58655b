// The files of one report merged into a Report: repeated paragraphs
// dropped, sections in the framework's order, scores filled in from the
// score table, and scores and rating cross-checked.
#include "report_parser.hh"

#include "text.hh"

#include <algorithm>
#include <unordered_set>

namespace cqc {
namespace {

// What the file says of the whole report: the first file to say it wins;
// a council named differently is warned of.
void merge_report_facts(Report& report, const ParsedFile& file) {
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
}

// A paragraph met before in the report (folded: overlapping page blocks of
// a PDF's text repeat them) is dropped and counted.
void drop_repeated_paragraphs(Report& report, Section& section,
                              std::unordered_set<std::string>& seen) {
    std::vector<Paragraph> kept;
    for (auto& p : section.paragraphs) {
        if (seen.insert(fold_key(p.text)).second)
            kept.push_back(std::move(p));
        else
            ++report.duplicate_paragraphs;
    }
    section.paragraphs = std::move(kept);
}

// A statement or the summary named with nothing under it: an entry of a
// contents page or an "On this page" list, printed or dumped as text.
bool is_entry_only(const Section& s) {
    return !s.score && s.paragraphs.empty() && s.what_people_expect.empty() && s.commitment.empty();
}

// Entries only, where the file has the section they name, are dropped
// before the second-section check sees them.
void drop_contents_entries(std::vector<Section>& sections) {
    auto named_elsewhere = [&](const Section& entry) {
        for (const auto& s : sections)
            if (&s != &entry && !is_entry_only(s) &&
                ((entry.statement && s.statement == entry.statement) ||
                 (entry.summary && s.summary)))
                return true;
        return false;
    };
    std::vector<Section> kept;
    for (auto& s : sections)
        if (!is_entry_only(s) || !named_elsewhere(s)) kept.push_back(std::move(s));
    sections = std::move(kept);
}

void add_section(Report& report, Section section) {
    for (const auto& other : report.sections)
        if ((other.statement && other.statement == section.statement) ||
            (other.summary && section.summary))
            report.warnings.push_back({section.file, section.line,
                                       "second section for '" + section.title +
                                           "' in this report (first at " + other.file + ":" +
                                           std::to_string(other.line) + ")"});
    report.sections.push_back(std::move(section));
}

// A report saved a page per section comes in file-name order; it reads in
// the framework's: the summary, then the statements.
void order_sections(Report& report) {
    auto rank = [](const Section& s) -> size_t {
        if (s.summary) return 0;
        if (!s.statement) return statements().size() + 1;
        return 1 + static_cast<size_t>(s.statement - statements().data());
    };
    std::stable_sort(report.sections.begin(), report.sections.end(),
                     [&](const Section& a, const Section& b) { return rank(a) < rank(b); });
}

// Each section against the score table: a section without a score takes
// the table's; a disagreement or no score at all is warned of.
void cross_check_sections(Report& report) {
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
}

// The stated rating and percentage against the nine scores' (only when
// all nine are known: a part of a report has no percentage of its own).
void cross_check_rating(Report& report) {
    auto percent = report.computed_percent();
    if (!percent) return;
    const Rating* computed = rating_for_percent(*percent);
    if (report.stated_rating && report.stated_rating != computed)
        report.warnings.push_back({report.path, 0,
                                   "stated rating '" + std::string(report.stated_rating->name) +
                                       "' disagrees with the scores: " + std::to_string(*percent) +
                                       "% is '" + std::string(computed->name) + "'"});
    if (report.stated_percent && *report.stated_percent != *percent)
        report.warnings.push_back({report.path, 0,
                                   "stated percentage " + std::to_string(*report.stated_percent) +
                                       "% disagrees with the scores' " + std::to_string(*percent) +
                                       "%"});
}

} // namespace

bool is_whole_report(const ParsedFile& file) {
    int statements = 0;
    for (const auto& s : file.sections)
        if (s.statement) ++statements;
    return statements >= 2;
}

Report assemble_report(std::string id, std::string path, std::vector<ParsedFile> files) {
    Report report;
    report.id = std::move(id);
    report.path = std::move(path);
    std::unordered_set<std::string> seen_paragraphs;
    for (auto& file : files) {
        merge_report_facts(report, file);
        for (auto& w : file.warnings)
            report.warnings.push_back(std::move(w));
        drop_contents_entries(file.sections);
        for (auto& section : file.sections) {
            drop_repeated_paragraphs(report, section, seen_paragraphs);
            add_section(report, std::move(section));
        }
    }
    if (files.size() > 1) order_sections(report);
    cross_check_sections(report);
    cross_check_rating(report);
    if (report.sections.empty()) report.warnings.push_back({report.path, 0, "no sections found"});
    return report;
}

} // namespace cqc
