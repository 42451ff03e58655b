#include "report_loader.hh"

#include "extractor.hh"
#include "file_type.hh"
#include "hash.hh"
#include "line_recognisers.hh"
#include "paths.hh"
#include "text.hh"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

namespace cqc {
namespace fs = std::filesystem;
namespace {

bool is_hidden_or_notice(const fs::path& p) {
    std::string name = p.filename().string();
    if (name.empty() || name[0] == '.') return true;
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    return upper.starts_with("README") || upper.starts_with("LICENSE");
}

bool has_text_report_extension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return ext == ".txt" || ext == ".md" || ext == ".text" || ext == ".markdown";
}

// A browser's "Save page as, complete" puts the page's stylesheets,
// scripts and images in NAME_files/ beside NAME.html.
bool is_page_assets_folder(const fs::path& dir) {
    return dir.filename().string().ends_with("_files");
}

std::string utf8_name(const std::string& name); // below

// The name a report without a council name goes by: its file's name
// without the extension, or its folder's ("Downloads/" too); never empty.
std::string fallback_name(const fs::path& path, bool is_file) {
    std::error_code ec;
    fs::path p = fs::absolute(path, ec).lexically_normal();
    if (ec) p = path.lexically_normal();
    if (p.filename().empty()) p = p.parent_path(); // "Downloads/"
    std::string name = utf8_name((is_file ? p.stem() : p.filename()).string());
    return name.empty() ? "report" : name;
}

// A short hash of bytes read, for the id of a report with no council name.
std::string short_hash(const Fnv1a& h) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h.value()));
    return std::string(hex, 8);
}

size_t count_files(const fs::path& dir) {
    size_t n = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec)) ++n;
    return n;
}

std::string id_for(const fs::path& p) {
    std::string id = slugify(p.filename().string());
    if (id.empty()) id = slugify(fs::absolute(p).parent_path().filename().string());
    return id.empty() ? "report" : id;
}

// Whether `p`, a symbolic link found inside `root` (canonical), points
// outside it. A link that cannot be resolved does not: it gets its error
// where it is read.
bool links_out_of(const fs::path& p, const fs::path& root, std::string& target) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return false;
    fs::path resolved = fs::canonical(p, ec);
    if (ec) return false;
    auto [end, _] = std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
    if (end == root.end()) return false;
    target = resolved.string();
    return true;
}

// Folders already walked in this discovery, and the chain of folders the
// walk is in (a link back to one of them is a loop).
struct Walked {
    std::set<fs::path> visited;
    std::vector<fs::path> chain;
};

void walk(const fs::path& dir, const fs::path& root, Walked& walked, Discovery& out, int depth) {
    std::error_code ec;
    fs::path canonical = fs::canonical(dir, ec);
    if (ec) {
        out.errors.push_back({dir.string(), ec.message()});
        return;
    }
    if (std::find(walked.chain.begin(), walked.chain.end(), canonical) != walked.chain.end()) {
        out.errors.push_back(
            {dir.string(), "symbolic link loop: a link back to a folder above it"});
        return;
    }
    // Given twice, given inside a folder also given, or reached again
    // through a link: its reports are found once.
    if (!walked.visited.insert(canonical).second) return;
    if (depth > 32) {
        out.errors.push_back({dir.string(), "directories nested too deeply"});
        return;
    }
    std::vector<fs::path> files, pdfs, subdirs;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
        out.errors.push_back({dir.string(), "cannot list directory: " + ec.message()});
        return;
    }
    for (; it != end; it.increment(ec)) {
        if (ec) {
            out.errors.push_back({dir.string(), "cannot list directory: " + ec.message()});
            break;
        }
        const fs::path& p = it->path();
        if (p.filename().string().starts_with(".")) continue;
        if (std::string target; links_out_of(p, root, target)) {
            out.warnings.push_back({p.string(), 0,
                                    "symbolic link to " + target + " points out of " +
                                        root.string() + "; not followed"});
            continue;
        }
        std::error_code sec;
        auto status = fs::status(p, sec);
        if (sec) {
            out.errors.push_back({p.string(), sec.message()});
            continue;
        }
        if (fs::is_directory(status)) {
            if (is_page_assets_folder(p))
                out.page_assets += count_files(p);
            else
                subdirs.push_back(p);
        } else if (fs::is_regular_file(status) && !is_hidden_or_notice(p)) {
            // A file named as text is a text report unless it is a PDF:
            // its first kilobyte says, without reading more.
            FileKind kind = has_text_report_extension(p)
                                ? (sniffs_as_pdf(p) ? FileKind::pdf : FileKind::text)
                                : sniff_file(p);
            if (kind == FileKind::pdf)
                pdfs.push_back(p);
            else if (kind == FileKind::html || has_text_report_extension(p))
                files.push_back(p); // a binary .txt gets its error when read

            else
                ++out.skipped_files;
        }
    }
    std::sort(pdfs.begin(), pdfs.end());
    for (const auto& f : pdfs)
        out.reports.push_back({id_for(f), f, {f}, true});
    std::sort(files.begin(), files.end());
    std::sort(subdirs.begin(), subdirs.end());
    if (files.size() > kMaxSectionFiles) {
        // More files than one report has sections: a folder of whole
        // reports, each its own source (read, indexed and updated alone).
        for (const auto& f : files)
            out.reports.push_back({id_for(f), f, {f}, true});
    } else if (!files.empty()) {
        out.reports.push_back({id_for(dir), dir, files, false});
    }
    walked.chain.push_back(canonical);
    for (const auto& sub : subdirs)
        walk(sub, root, walked, out, depth + 1);
    walked.chain.pop_back();
}

// A file is read once in a run however often and however it is named
// (canonical_path): a source whose canonical path an earlier one has, and a
// file given by name that a folder's report reads too, are dropped.
void drop_repeated_sources(std::vector<ReportSource>& sources) {
    std::set<std::string> in_folders, seen;
    for (const auto& source : sources)
        if (!source.single_file)
            for (const auto& file : source.files)
                in_folders.insert(canonical_path(file));
    std::erase_if(sources, [&](const ReportSource& source) {
        std::string key = canonical_path(source.path);
        return !seen.insert(key).second || (source.single_file && in_folders.contains(key));
    });
}

std::optional<std::string> read_file(const fs::path& p, std::string& error) {
    std::error_code ec;
    auto size = fs::file_size(p, ec);
    if (ec) {
        error = ec.message();
        return std::nullopt;
    }
    uintmax_t limit =
        size > kMaxFileBytes && sniff_file(p) == FileKind::pdf ? kMaxPdfBytes : kMaxFileBytes;
    if (size > limit) {
        error = "file is " + std::to_string(size >> 20) + " MB, over the " +
                std::to_string(limit >> 20) + " MB limit";
        return std::nullopt;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    std::string bytes;
    bytes.resize(size);
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    bytes.resize(static_cast<size_t>(in.gcount()));
    if (in.bad()) {
        error = "read error";
        return std::nullopt;
    }
    return bytes;
}

// Each piece of the source, then a 0xff byte (no UTF-8 text has one), so
// that moving bytes from one file to the next changes the fingerprint.
class Fingerprint {
public:
    void add(std::string_view bytes) {
        hash_.add(bytes);
        hash_.add("\xff");
    }
    std::string hex() const {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_.value()));
        return buf;
    }

private:
    Fnv1a hash_; // hash.hh
};

// What a file's content is, said in an error about it: "an HTML page saved
// under a .pdf name" tells a user what went wrong with the download.
std::string described_kind(const fs::path& file, FileKind kind) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    if (kind == FileKind::html && ext == ".pdf")
        return "an HTML page saved under a .pdf name (an error page instead of the download?)";
    return kind == FileKind::html ? "an HTML page" : kind == FileKind::pdf ? "a PDF" : "text";
}

} // namespace

std::optional<Document> read_document(const fs::path& file, std::string_view bytes,
                                      std::string& reason, std::vector<Diagnostic>& warnings) {
    const std::string path = file.string();
    ExtractOptions options{path, kMaxFileBytes, detail::stands_alone};
    Extraction extraction = extract_file(bytes, options);
    for (auto& message : extraction.warnings)
        warnings.push_back({path, 0, std::move(message)});
    if (!extraction.document) reason = std::move(extraction.reason);
    return std::move(extraction.document);
}

std::optional<Document> read_document(const fs::path& file, std::string& reason,
                                      std::vector<Diagnostic>& warnings) {
    auto bytes = read_file(file, reason);
    if (!bytes) return std::nullopt;
    return read_document(file, *bytes, reason, warnings);
}

namespace {

// A file or folder name as text: the index stores UTF-8 (JSON cannot hold
// other bytes), so a name in another encoding is decoded as its contents
// would be (Windows-1252 "caf\xE9" -> "café"), or its odd bytes replaced.
// Files are still opened by their real names.
std::string utf8_name(const std::string& name) {
    if (is_valid_utf8(name)) return name;
    DecodedText decoded = decode_bytes(name);
    if (!decoded.binary) return decoded.text;
    std::string out;
    for (unsigned char c : name)
        out += c < 0x80 ? static_cast<char>(c) : '?';
    return out;
}

// Read one file and recognise the report in it. Nullopt with `reason` when
// it cannot be read or holds no report.
std::optional<ParsedFile> parse_file(const fs::path& file, std::string_view bytes,
                                     std::string& reason) {
    std::vector<Diagnostic> warnings;
    std::string name = utf8_name(file.string());
    if (name != file.string())
        warnings.push_back({file.string(), 0, "file name is not UTF-8; stored as '" + name + "'"});
    auto doc = read_document(name, bytes, reason, warnings);
    if (!doc) return std::nullopt;
    ParsedFile parsed = recognise(*doc);
    parsed.warnings.insert(parsed.warnings.begin(), warnings.begin(), warnings.end());
    if (parsed.sections.empty()) {
        FileKind kind = sniff_file_kind(bytes.substr(0, 4096));
        reason = kind == FileKind::text
                     ? "no report section found (no quality statement, overall summary or rating "
                       "heading recognised)"
                     : "not an assessment report: " + described_kind(file, kind) +
                           " with no quality statement, overall summary or rating";
        return std::nullopt;
    }
    return parsed;
}

} // namespace

std::string report_id(const Report& report) {
    std::string id = slugify(report.authority);
    if (id.empty()) id = "report";
    if (!report.published.empty())
        id += "-" + report.published;
    else if (!report.content_hash.empty())
        id += "-" + report.content_hash;
    return id;
}

std::string source_fingerprint(const ReportSource& source) {
    Fingerprint fp;
    for (const auto& file : source.files) {
        fp.add(file.filename().string());
        std::string error;
        auto bytes = read_file(file, error);
        fp.add(bytes ? *bytes : "\x01unreadable: " + error);
    }
    return fp.hex();
}

Discovery discover_reports(const std::vector<fs::path>& roots) {
    Discovery out;
    Walked walked;
    for (const auto& root : roots) {
        std::error_code ec;
        auto status = fs::status(root, ec);
        if (!fs::exists(status)) {
            out.errors.push_back({root.string(), "no such file or directory"});
            continue;
        }
        if (ec) {
            out.errors.push_back({root.string(), ec.message()});
            continue;
        }
        if (fs::is_directory(status)) {
            size_t before = out.reports.size();
            std::error_code cec;
            fs::path canonical_root = fs::canonical(root, cec);
            if (!cec && walked.visited.contains(canonical_root)) continue; // found already
            walk(root, cec ? root : canonical_root, walked, out, 0);
            if (out.reports.size() == before)
                out.errors.push_back(
                    {root.string(), "no reports found (PDF, saved web page, .txt or .md)"});
        } else if (fs::is_regular_file(status)) {
            if (sniff_file(root) == FileKind::other)
                out.errors.push_back({root.string(), "not a report: " + describe_file(root) +
                                                         " (cqc-index reads PDF, HTML and text)"});
            else
                out.reports.push_back({id_for(root), root, {root}, true});
        } else {
            out.errors.push_back({root.string(), "not a regular file or directory"});
        }
    }
    drop_repeated_sources(out.reports);
    return out;
}

LoadedReport load_report(const ReportSource& source) {
    LoadedReport out;
    std::vector<ParsedFile> section_files;
    fs::path section_file;   // the last of them
    Fingerprint fingerprint; // as source_fingerprint() would compute it, without reading again
    Fnv1a section_bytes;     // of the section files, names aside
    std::vector<Fnv1a> split_bytes;
    bool all_read = true;
    for (const auto& file : source.files) {
        std::string error;
        auto bytes = read_file(file, error);
        if (!bytes) {
            out.errors.push_back({file.string(), error});
            all_read = false;
            continue;
        }
        fingerprint.add(file.filename().string());
        fingerprint.add(*bytes);
        out.bytes += bytes->size();
        if (bytes->empty()) {
            out.errors.push_back({file.string(), "file is empty"});
            continue;
        }
        std::string reason;
        auto parsed_file = parse_file(file, *bytes, reason);
        if (!parsed_file) {
            out.errors.push_back({file.string(), reason});
            continue;
        }
        ParsedFile& parsed = *parsed_file;
        if (!source.single_file && is_whole_report(parsed) && source.files.size() > 1) {
            std::vector<ParsedFile> one;
            one.push_back(std::move(parsed));
            out.reports.push_back(assemble_report("", utf8_name(file.string()), std::move(one)));
            out.split_files.push_back(file);
            split_bytes.emplace_back().add(*bytes);
            continue;
        }
        section_files.push_back(std::move(parsed));
        section_file = file;
        section_bytes.add(*bytes);
    }
    // A report without a council name is named after its file (alone, or
    // the only file of a folder) or its folder, and known by its content.
    auto name_by_fallback = [](Report& r, const fs::path& named_after, bool is_file,
                               const Fnv1a& content) {
        if (!r.authority.empty()) return;
        r.authority = fallback_name(named_after, is_file);
        r.content_hash = short_hash(content);
        r.warnings.push_back(
            {named_after.string(), 0, "no council name found; using '" + r.authority + "'"});
    };
    for (size_t i = 0; i < out.reports.size(); ++i)
        name_by_fallback(out.reports[i], out.split_files[i], true, split_bytes[i]);
    if (size_t section_files_read = section_files.size()) {
        Report r = assemble_report("", utf8_name(source.path.string()), std::move(section_files));
        bool one_file = section_files_read == 1 && !source.single_file;
        if (source.single_file || one_file)
            name_by_fallback(r, source.single_file ? source.path : section_file, true,
                             section_bytes);
        else
            name_by_fallback(r, source.path, false, section_bytes);
        out.reports.insert(out.reports.begin(), std::move(r));
        out.split_files.insert(out.split_files.begin(), one_file ? section_file : fs::path());
    }
    for (auto& r : out.reports)
        r.id = report_id(r);
    if (all_read) out.fingerprint = fingerprint.hex();
    return out;
}

Report parse_single_report(std::string_view text, const std::string& path) {
    std::vector<ParsedFile> files;
    files.push_back(parse_report_text(text, path));
    Report report = assemble_report("", path, std::move(files));
    report.id = report_id(report);
    return report;
}

} // namespace cqc
