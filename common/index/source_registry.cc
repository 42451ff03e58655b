// The registry of indexed sources in a database's metadata (source_registry.hh).
#include "source_registry.hh"

#include "hashing.hh"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace cqc {
namespace {

constexpr const char* kSourcePrefix = "src:"; // source path -> its record (JSON)
constexpr const char* kReportPrefix = "rid:"; // report id -> source path

// A path in JSON: as text when it is UTF-8, else its bytes in hex, so that
// any path survives (prune compares it with the file system).
void put_path(nlohmann::json& j, const std::string& path) {
    bool utf8 = true;
    try {
        (void)nlohmann::json(path).dump();
    } catch (const nlohmann::json::exception&) {
        utf8 = false;
    }
    if (utf8) {
        j["path"] = path;
        return;
    }
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : path)
        out += {hex[c >> 4], hex[c & 15]};
    j["path_hex"] = out;
}

std::string get_path(const nlohmann::json& j) {
    if (auto it = j.find("path"); it != j.end() && it->is_string()) return it->get<std::string>();
    std::string out;
    if (auto it = j.find("path_hex"); it != j.end() && it->is_string()) {
        std::string hex = it->get<std::string>();
        for (size_t i = 0; i + 1 < hex.size(); i += 2)
            out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return out;
}

std::optional<SourceRecord> parse_source(const std::string& raw, const std::string& path) {
    if (raw.empty()) return std::nullopt;
    auto j = nlohmann::json::parse(raw, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    SourceRecord r;
    r.path = get_path(j);
    if (r.path.empty()) r.path = path; // written before records named their path
    r.fingerprint = j.value("fingerprint", "");
    r.reports = j.value("reports", std::vector<std::string>{});
    if (auto it = j.find("files"); it != j.end() && it->is_array())
        for (const auto& f : *it)
            if (f.is_object() && f.contains("report") && f["report"].is_string())
                r.files[f["report"].get<std::string>()] = get_path(f);
    if (auto it = j.find("copy_of"); it != j.end() && it->is_array())
        for (const auto& owner : *it)
            if (owner.is_object()) r.copy_of.push_back(get_path(owner));
    return r;
}

} // namespace

// Metadata keys: a long source path or report id is hashed (fit_key).
std::string source_meta_key(const std::string& source) {
    return fit_key(kSourcePrefix + source);
}
std::string report_meta_key(const std::string& id) {
    return fit_key(kReportPrefix + id);
}

std::optional<SourceRecord> read_source(const Xapian::Database& db, const std::string& path) {
    return parse_source(db.get_metadata(source_meta_key(path)), path);
}

std::string source_json(const SourceRecord& r) {
    nlohmann::json j = {{"fingerprint", r.fingerprint}, {"reports", r.reports}};
    put_path(j, r.path);
    if (!r.files.empty()) {
        nlohmann::json files = nlohmann::json::array();
        for (const auto& [id, path] : r.files) {
            nlohmann::json f = {{"report", id}};
            put_path(f, path);
            files.push_back(std::move(f));
        }
        j["files"] = std::move(files);
    }
    if (!r.copy_of.empty()) {
        nlohmann::json owners = nlohmann::json::array();
        for (const auto& path : r.copy_of) {
            nlohmann::json o = nlohmann::json::object();
            put_path(o, path);
            owners.push_back(std::move(o));
        }
        j["copy_of"] = std::move(owners);
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Every source record in a database, whatever the length of its path.
std::vector<SourceRecord> all_sources(const Xapian::Database& db) {
    std::vector<SourceRecord> out;
    for (auto it = db.metadata_keys_begin(kSourcePrefix); it != db.metadata_keys_end(kSourcePrefix);
         ++it) {
        std::string legacy_path = (*it).substr(std::string_view(kSourcePrefix).size());
        if (auto r = parse_source(db.get_metadata(*it), legacy_path)) out.push_back(std::move(*r));
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> indexed_reports(const Xapian::Database& db) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& source : all_sources(db))
        for (const auto& id : source.reports)
            out.emplace_back(id, source.path);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace cqc
