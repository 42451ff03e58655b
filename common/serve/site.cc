#include "site.hh"

#include "cli.hh"
#include "pages.hh"
#include "printers.hh"

#include <boost/program_options/errors.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

namespace cqc {

const std::vector<std::pair<std::string, std::string>>& security_headers() {
    static const std::vector<std::pair<std::string, std::string>> headers = {
        {"Content-Security-Policy",
         "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
         "object-src 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Cache-Control", "no-store"},
    };
    return headers;
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
    auto hex = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+' && plus_is_space) {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() &&
                   std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

Params parse_query_string(std::string_view query) {
    auto decode = [](std::string_view s) { return percent_decode(s, true); };
    Params out;
    size_t pos = 0;
    while (pos <= query.size()) {
        size_t end = query.find('&', pos);
        if (end == std::string_view::npos) end = query.size();
        std::string_view pair = query.substr(pos, end - pos);
        if (!pair.empty()) {
            size_t eq = pair.find('=');
            out.emplace_back(decode(pair.substr(0, eq)),
                             eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1)));
        }
        pos = end + 1;
    }
    return out;
}

std::string query_text(const Params& params) {
    std::string q = value(params, "q");
    // An unclosed phrase would take the filters into it.
    if (std::count(q.begin(), q.end(), '"') % 2) q += '"';
    for (const auto& field : filter_fields())
        for (const auto& v : values(params, field)) {
            if (v.find('"') != std::string::npos)
                throw QueryError(field + "= takes a value without double quotes, not '" + v + "'");
            q += (q.empty() ? "" : " ") + field + ":\"" + v + "\"";
        }
    return q;
}

bool host_allowed(std::string_view host, std::string_view bound) {
    // Without its port: "[::1]:8080" -> "::1", "127.0.0.1:8080" -> "127.0.0.1".
    std::string name(host);
    if (!name.empty() && name.front() == '[') {
        size_t close = name.find(']');
        if (close == std::string::npos) return false;
        std::string rest = name.substr(close + 1);
        if (!rest.empty() &&
            (rest[0] != ':' || rest.find_first_not_of("0123456789", 1) != std::string::npos))
            return false;
        name = name.substr(1, close - 1);
    } else if (size_t colon = name.find(':'); colon != std::string::npos) {
        if (name.find_first_not_of("0123456789", colon + 1) != std::string::npos) return false;
        name = name.substr(0, colon);
    }
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name.empty()) return false;
    if (name == "localhost" || name == "::1" || name == "127.0.0.1") return true;
    if (name == bound) return true;
    bool wildcard = bound == "0.0.0.0" || bound == "::";
    bool numeric = name.find_first_not_of("0123456789.") == std::string::npos ||
                   (name.find(':') != std::string::npos &&
                    name.find_first_not_of("0123456789abcdef:.") == std::string::npos);
    return wildcard && numeric;
}

namespace {

// Which directories the databases are: a database rebuilt and moved in
// whole (or removed and written again) is another directory, which
// Xapian's reopen() does not notice; its handles still read the old files.
std::string directories(const std::vector<std::filesystem::path>& dbs) {
    std::string out;
    for (const auto& db : dbs) {
        struct stat st {};
        if (::stat(db.c_str(), &st) == 0)
            out += std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
        out += ";";
    }
    return out;
}

} // namespace

struct Site::Slot {
    std::unique_ptr<Searcher> searcher;
    std::string directories; // directories(dbs) when it was opened
    // The publication years of the reports, newest first, for the page's
    // year facet; worked out again when the databases change.
    std::optional<std::vector<std::string>> years;
};

struct Site::Lease {
    Site& site;
    Slot slot;
    explicit Lease(Site& s) : site(s) {
        std::unique_lock lock(site.mutex_);
        site.idle_changed_.wait(lock, [&] { return !site.idle_.empty(); });
        slot = std::move(site.idle_.back());
        site.idle_.pop_back();
    }
    ~Lease() {
        {
            std::lock_guard lock(site.mutex_);
            site.idle_.push_back(std::move(slot));
        }
        site.idle_changed_.notify_one();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    // The searcher, at the databases' latest revision: a report indexed
    // since the last request is found.
    Searcher& operator*() {
        std::string now = directories(site.dbs_);
        bool reopened = false;
        if (now == slot.directories) {
            try {
                if (slot.searcher->reopen()) slot.years.reset();
                reopened = true;
            } catch (const Xapian::Error&) {
            }
        }
        // Opened afresh; when that fails, the request fails (503) and the
        // old searcher stays for the next.
        if (!reopened) slot = {site.open_searcher(), now, {}};
        return *slot.searcher;
    }
    const std::vector<std::string>& years() {
        if (!slot.years) {
            std::set<std::string, std::greater<>> found;
            for (const auto& row : slot.searcher->score_grid(GridRequest{}).rows)
                if (row.report.published.size() >= 4)
                    found.insert(row.report.published.substr(0, 4));
            slot.years.emplace(found.begin(), found.end());
        }
        return *slot.years;
    }
};

Site::Site(const std::vector<std::filesystem::path>& dbs, const std::vector<std::string>& remotes,
           std::string bound, size_t searchers, ThesaurusFiles thesauri)
    : bound_(std::move(bound)), dbs_(dbs), remotes_(remotes), thesauri_(std::move(thesauri)) {
    for (size_t i = 0; i < std::max<size_t>(searchers, 1); ++i)
        idle_.push_back({open_searcher(), directories(dbs), {}});
}

std::unique_ptr<Searcher> Site::open_searcher() const {
    auto searcher = std::make_unique<Searcher>(dbs_, remotes_);
    searcher->use_thesauri(thesauri_);
    return searcher;
}

Site::~Site() = default;

namespace {

// The most results one page or API call may ask for.
constexpr size_t kMaxLimit = 1000;

HttpResponse html(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

HttpResponse typed(std::string type, std::string body) {
    HttpResponse r;
    r.content_type = std::move(type);
    r.body = std::move(body);
    return r;
}

size_t count(const Params& params, const char* name, size_t fallback, size_t max) {
    std::string v = value(params, name);
    if (v.empty()) return fallback;
    try {
        return parse_count(name, v, 0, max);
    } catch (const boost::program_options::error& e) {
        throw QueryError(e.what());
    }
}

WordMatching word_matching(const Params& params) {
    return {flag(params, "any") ? QueryBuilder::DefaultOp::any : QueryBuilder::DefaultOp::all,
            flag(params, "exact")};
}

SearchRequest search_request(const Params& params) {
    SearchRequest r;
    r.query = query_text(params);
    if (r.query.find_first_not_of(" \t\n\r\f\v") == std::string::npos)
        throw QueryError("no QUERY given: type words, or choose a filter");
    r.limit = count(params, "limit", 10, kMaxLimit);
    r.offset = count(params, "offset", 0, kMaxResults);
    r.latest = flag(params, "latest");
    r.words = word_matching(params);
    if (flag(params, "all")) r.relax = false;
    if (!value(params, "sort").empty()) r.sort = parse_sort(value(params, "sort"));
    return r;
}

GridRequest grid_request(const Params& params) {
    GridRequest r;
    r.query = query_text(params);
    r.latest = flag(params, "latest");
    r.words = word_matching(params);
    if (!value(params, "sort").empty()) r.sort = parse_grid_sort(value(params, "sort"));
    r.offset = count(params, "offset", 0, kMaxResults);
    if (!value(params, "limit").empty()) r.limit = count(params, "limit", 0, kMaxResults);
    return r;
}

template <class T> std::string printed_as(void (*print)(const T&, std::ostream&), const T& value) {
    std::ostringstream out;
    print(value, out);
    return out.str();
}

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kCsv = "text/csv; charset=utf-8";

HttpResponse csv(std::string body, const char* name) {
    HttpResponse r = typed(kCsv, std::move(body));
    r.headers.emplace_back("Content-Disposition",
                           std::string("attachment; filename=\"") + name + ".csv\"");
    return r;
}

} // namespace

namespace {

// What went wrong goes to stderr; the client is told only that it did.
HttpResponse failed(const std::string& path, const Params& params, const std::string& why,
                    int status) {
    std::cerr << "cqc-search: " << terminal_safe(why) << "\n";
    if (status == 503)
        return html(503, error_page(path, params, "The database could not be read",
                                    "Try again in a moment; the server's own output says why."));
    return html(500, error_page(path, params, "Something went wrong",
                                "The server's own output says what."));
}

} // namespace

HttpResponse Site::handle(const HttpRequest& request) {
    std::string path = request.target.substr(0, request.target.find('?'));
    bool api = path.rfind("/api/", 0) == 0;
    Params params;
    try {
        if (!host_allowed(request.host, bound_)) {
            HttpResponse r = html(421, "");
            r.content_type = "text/plain; charset=utf-8";
            r.body =
                "This server answers only to its own address (Host " +
                std::string(bound_ == "0.0.0.0" || bound_ == "::" ? "an IP address" : "127.0.0.1") +
                "), not to another name.\n";
            return r;
        }
        if (request.method != "GET" && request.method != "HEAD") {
            HttpResponse r =
                typed("text/plain; charset=utf-8", "Only GET and HEAD are answered.\n");
            r.status = 405;
            r.headers.emplace_back("Allow", "GET, HEAD");
            return r;
        }
        if (size_t q = request.target.find('?'); q != std::string::npos)
            params = parse_query_string(std::string_view(request.target).substr(q + 1));
        return route(path, params);
    } catch (const QueryError& e) {
        if (api) {
            HttpResponse r =
                typed(kJson, json_text(nlohmann::ordered_json{{"error", e.what()}}) + "\n");
            r.status = 400;
            return r;
        }
        return html(400, error_page(path, params, "That query cannot be run", e.what()));
    } catch (const DatabaseError& e) {
        return failed(path, params, e.what(), 503);
    } catch (const Xapian::Error& e) {
        return failed(path, params, e.get_description(), 503);
    } catch (const std::exception& e) {
        return failed(path, params, e.what(), 500);
    } catch (...) {
        return failed(path, params, "an unexpected error answering " + path, 500);
    }
}

HttpResponse Site::route(const std::string& path, const Params& params) {
    bool as_csv = value(params, "format") == "csv";

    if (path == "/static/style.css")
        return typed("text/css; charset=utf-8", std::string(style_sheet()));
    if (path == "/static/site.js")
        return typed("text/javascript; charset=utf-8", std::string(script()));
    if (path == "/static/icon.svg" || path == "/favicon.ico")
        return typed("image/svg+xml", std::string(icon()));

    if (path == "/" && value(params, "q").empty() &&
        std::none_of(filter_fields().begin(), filter_fields().end(),
                     [&](const std::string& f) { return !value(params, f).empty(); }))
        return html(200, search_page(params, nullptr, 0, 0));
    if (path == "/" || path == "/api/search") {
        SearchRequest r = search_request(params);
        r.facets = path == "/" || flag(params, "facets");
        Lease searcher(*this);
        SearchResults results = (*searcher).search(r);
        if (path == "/api/search")
            return as_csv ? csv(printed_as(print_csv, results), "cqc-search")
                          : typed(kJson, printed_as(print_json, results));
        Json j = results_json(results);
        // The page's facet of publication years (the schema has no such
        // facet, so --json and /api/search have none): per year, how many
        // sections the same search finds with published:YEAR added.
        Json years = Json::object();
        for (const auto& year : searcher.years()) {
            SearchRequest count = r;
            count.query += " published:\"" + year + "\"";
            count.limit = count.offset = count.terms = 0;
            count.facets = count.relax = false;
            if (auto total = (*searcher).search(count).total) years[year] = total;
        }
        if (!years.empty()) j["facets"]["published"] = years;
        return html(200, search_page(params, &j, r.limit, r.offset));
    }
    if (path == "/grid" || path == "/api/grid") {
        GridRequest r = grid_request(params);
        Lease searcher(*this);
        ScoreGrid grid = (*searcher).score_grid(r);
        if (path == "/api/grid")
            return as_csv ? csv(printed_as(print_grid_csv, grid), "cqc-scores")
                          : typed(kJson, printed_as(print_grid_json, grid));
        return html(200, grid_page(params, grid_json(grid)));
    }
    if (path == "/changes" || path == "/api/changes") {
        std::string q = query_text(params);
        Lease searcher(*this);
        Changes c = (*searcher).changes(q, flag(params, "latest"), word_matching(params));
        if (path == "/api/changes")
            return as_csv ? csv(printed_as(print_changes_csv, c), "cqc-changes")
                          : typed(kJson, printed_as(print_changes_json, c));
        return html(200, changes_page(params, changes_json(c)));
    }
    if (path.rfind("/report/", 0) == 0) {
        std::string id = percent_decode(std::string_view(path).substr(8), false);
        std::vector<Json> sections;
        if (!id.empty() && id.find('"') == std::string::npos) {
            Lease searcher(*this);
            (*searcher).export_sections(
                [&](const StoredSection& s) { sections.push_back(exported_section_json(s)); },
                false, "report:\"" + id + "\"");
        }
        if (sections.empty())
            return html(
                404, error_page(path, {}, "No such report", "No report has the id '" + id + "'."));
        return html(200, report_page(id, sections));
    }
    return html(404, error_page(path, {}, "No such page", "There is no page at " + path + "."));
}

} // namespace cqc
