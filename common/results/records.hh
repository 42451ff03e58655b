// What a result names of a section and of a report: plain data, no Xapian
// and no library behind it. The schema layer stores and reads them
// (stored.hh: StoredSection adds a section's text to SectionRecord, and a
// report's stored data is a ReportRecord).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace cqc {

// A section's metadata.
struct SectionRecord {
    std::string id; // section id: "<report>/<statement id | summary>"
    std::string report;
    std::string authority;
    std::string rating;    // rating id, empty when unknown
    std::string published; // the report's ISO publication date, empty when unknown
    std::string assessed;  // the report's assessment dates as written, empty when unknown
    std::string section;   // title
    std::string statement;
    std::string theme;
    std::optional<int> score;
    std::string path;
    int line = 0;
    int page = 0; // a PDF's sections have a page instead of a line
    bool indicative = false;
};

// A report: what the score grid and --changes show.
struct ReportRecord {
    std::string report;
    std::string authority;
    std::string rating;
    std::optional<int> percent; // stated, or of all nine scores; else none
    bool percent_computed = false;
    int scores_known = 0;
    bool indicative = false;
    std::string published; // ISO "YYYY-MM-DD", empty when unknown
    std::string assessed;  // as the report writes them, empty when unknown
    std::string path;
    std::map<std::string, int> scores; // statement id -> score
};

} // namespace cqc
