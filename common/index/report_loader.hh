// Finds reports on disk and reads them: a directory of section files is one
// report, a file holding several sections is a report of its own.
#pragma once

#include "extract_limits.hh" // kMaxFileBytes, kMaxPdfBytes
#include "report.hh"
#include "report_parser.hh"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cqc {

// UTF-8 text in any of the text layouts in the document model: extract/'s
// text_document (tidied, line ends unified, laid out), told by the
// recogniser (report/) which lines stand alone (framework headings, score
// lines, table rows, dates).
Document extract_report_text(std::string_view text, const std::string& path);

// Text in any of the text layouts: extract_report_text, then recognise.
// `text` must be valid UTF-8 (see decode_bytes).
ParsedFile parse_report_text(std::string_view text, const std::string& path);

// A report as found on disk, before parsing.
struct ReportSource {
    std::string id;             // slug of the directory or file name
    std::filesystem::path path; // directory, or the single file
    std::vector<std::filesystem::path> files;
    bool single_file = false;
};

struct FileError {
    std::string file;
    std::string reason;
};

struct Discovery {
    std::vector<ReportSource> reports;
    std::vector<FileError> errors;    // unreadable paths, loops, empty folders
    std::vector<Diagnostic> warnings; // what was passed over and why (links out of a folder)
    size_t skipped_files = 0;         // in folders: images, office documents, archives, ...
    size_t page_assets = 0;           // a saved web page's NAME_files/ folder
};

// A report's sections come as at most this many files (a summary, nine
// statements and a few more); a folder with more holds whole reports.
constexpr size_t kMaxSectionFiles = 24;

// Walk the given paths. A file's type is decided by its content
// (file_type.hh): each PDF is a source of its own; each directory holding
// text reports (.txt, .md, .text, .markdown) or saved web pages is a
// candidate report, whose whole-report files are split off when read (see
// load_report). A directory of more than kMaxSectionFiles such files is a
// folder of whole reports: each file is a source. A saved page's NAME_files/
// folder and anything else (images, office documents, archives) are passed
// over and counted; a file given by name that is not a report is an error.
// A symbolic link inside a folder is followed only when it points inside
// the folder given (a link to /etc/shadow is not opened, and says so); a
// path given by name is read wherever it points.
Discovery discover_reports(const std::vector<std::filesystem::path>& roots);

struct LoadedReport {
    std::vector<Report> reports; // usually one; whole-report files split off
    // For each report, in the same order: in a folder, the one file the
    // report was read from (a whole-report file split off, or the folder's
    // only report file), so that it can be removed by that file's path and
    // pruned when the file is gone; empty for a report of several files
    // and in a single-file source.
    std::vector<std::filesystem::path> split_files;
    std::vector<FileError> errors;
    uintmax_t bytes = 0;
    std::string fingerprint; // source_fingerprint() of the bytes read, when all were
};

// A hash of a source's file names and contents (FNV-1a, hash.hh: stable
// across builds and machines), to tell an unchanged source from a changed one.
std::string source_fingerprint(const ReportSource& source);

// Read, decode and parse the files of one source.
LoadedReport load_report(const ReportSource& source);

// A report's id: the council's slug, then its publication date when known
// ("greyhaven-city-council-2025-03-12"); the same for every copy of a report.
std::string report_id(const Report& report);

// A file's bytes in the document model, read by their content's type (PDF,
// HTML, text) through extract_file (extractor.hh), the recogniser saying
// which lines of text stand alone; nullopt with `reason` when they cannot
// be read. Decoding warnings are added to `warnings`.
std::optional<Document> read_document(const std::filesystem::path& file, std::string_view bytes,
                                      std::string& reason, std::vector<Diagnostic>& warnings);

// The same, reading the file.
std::optional<Document> read_document(const std::filesystem::path& file, std::string& reason,
                                      std::vector<Diagnostic>& warnings);

// Read and parse one in-memory report file; for tests and fuzzing.
Report parse_single_report(std::string_view text, const std::string& path);

} // namespace cqc
