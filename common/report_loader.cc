#include "report_loader.hh"

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

bool is_report_file_name(const fs::path& p) {
    std::string name = p.filename().string();
    if (name.empty() || name[0] == '.') return false;
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    if (upper.starts_with("README") || upper.starts_with("LICENSE")) return false;
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return ext == ".txt" || ext == ".md" || ext == ".text" || ext == ".markdown";
}

std::string id_for(const fs::path& p, bool single_file) {
    std::string base = single_file ? p.stem().string() : p.filename().string();
    if (base.empty()) base = fs::absolute(p).parent_path().filename().string();
    std::string id = slugify(base);
    return id.empty() ? "report" : id;
}

void walk(const fs::path& dir, std::set<fs::path>& visited, Discovery& out, int depth) {
    std::error_code ec;
    fs::path canonical = fs::canonical(dir, ec);
    if (ec) {
        out.errors.push_back({dir.string(), ec.message()});
        return;
    }
    if (!visited.insert(canonical).second) {
        out.errors.push_back({dir.string(), "directory already visited (symbolic link loop?)"});
        return;
    }
    if (depth > 32) {
        out.errors.push_back({dir.string(), "directories nested too deeply"});
        return;
    }
    std::vector<fs::path> files, subdirs;
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
        std::error_code sec;
        auto status = fs::status(p, sec);
        if (sec) {
            out.errors.push_back({p.string(), sec.message()});
            continue;
        }
        if (fs::is_directory(status))
            subdirs.push_back(p);
        else if (fs::is_regular_file(status) && is_report_file_name(p))
            files.push_back(p);
    }
    std::sort(files.begin(), files.end());
    std::sort(subdirs.begin(), subdirs.end());
    if (files.size() > kMaxSectionFiles) {
        // More files than one report has sections: a folder of whole
        // reports, each its own source (read, indexed and updated alone).
        for (const auto& f : files)
            out.reports.push_back({id_for(f, true), f, {f}, true});
    } else if (!files.empty()) {
        out.reports.push_back({id_for(dir, false), dir, files, false});
    }
    for (const auto& sub : subdirs)
        walk(sub, visited, out, depth + 1);
}

std::optional<std::string> read_file(const fs::path& p, std::string& error) {
    std::error_code ec;
    auto size = fs::file_size(p, ec);
    if (ec) {
        error = ec.message();
        return std::nullopt;
    }
    if (size > kMaxFileBytes) {
        error = "file is " + std::to_string(size >> 20) + " MB, over the " +
                std::to_string(kMaxFileBytes >> 20) + " MB limit";
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

class Fingerprint {
public:
    void add(std::string_view bytes) {
        for (unsigned char c : bytes) {
            hash_ ^= c;
            hash_ *= 1099511628211ull;
        }
        hash_ ^= 0xff;
        hash_ *= 1099511628211ull;
    }
    std::string hex() const {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_));
        return buf;
    }

private:
    unsigned long long hash_ = 1469598103934665603ull;
};

} // namespace

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
    std::set<fs::path> visited;
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
            walk(root, visited, out, 0);
            if (out.reports.size() == before)
                out.errors.push_back({root.string(), "no report files (.txt, .md) found"});
        } else if (fs::is_regular_file(status)) {
            out.reports.push_back({id_for(root, true), root, {root}, true});
        } else {
            out.errors.push_back({root.string(), "not a regular file or directory"});
        }
    }
    return out;
}

LoadedReport load_report(const ReportSource& source) {
    LoadedReport out;
    std::vector<ParsedFile> section_files;
    Fingerprint fingerprint; // as source_fingerprint() would compute it, without reading again
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
        DecodedText decoded = decode_bytes(*bytes);
        if (decoded.binary) {
            out.errors.push_back({file.string(), "binary file, not report text; skipped"});
            continue;
        }
        ParsedFile parsed = parse_report_text(decoded.text, file.string());
        if (decoded.encoding != "utf-8")
            parsed.warnings.push_back({file.string(), 0, "not UTF-8; read as " + decoded.encoding});
        if (decoded.replaced)
            parsed.warnings.push_back(
                {file.string(), 0,
                 std::to_string(decoded.replaced) + " invalid UTF-8 sequence(s) replaced"});
        if (parsed.sections.empty()) {
            out.errors.push_back({file.string(),
                                  "no report section found (no quality statement, overall "
                                  "summary or rating heading recognised)"});
            continue;
        }
        if (!source.single_file && is_whole_report(parsed) && source.files.size() > 1) {
            std::vector<ParsedFile> one;
            one.push_back(std::move(parsed));
            out.reports.push_back(
                assemble_report(slugify(file.stem().string()), file.string(), std::move(one)));
            continue;
        }
        section_files.push_back(std::move(parsed));
    }
    if (!section_files.empty()) {
        Report r = assemble_report(source.id, source.path.string(), std::move(section_files));
        if (r.authority.empty()) {
            r.authority = source.path.filename().string();
            r.warnings.push_back(
                {source.path.string(), 0, "no council name found; using '" + r.authority + "'"});
        }
        out.reports.insert(out.reports.begin(), std::move(r));
    }
    for (auto& r : out.reports)
        if (r.authority.empty()) r.authority = fs::path(r.path).stem().string();
    if (all_read) out.fingerprint = fingerprint.hex();
    return out;
}

Report parse_single_report(std::string_view text, const std::string& path) {
    std::vector<ParsedFile> files;
    files.push_back(parse_report_text(text, path));
    return assemble_report(slugify(fs::path(path).stem().string()), path, std::move(files));
}

} // namespace cqc
