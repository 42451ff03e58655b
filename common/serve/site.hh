// cqc-search --serve without the socket: a request (method, target, Host)
// in, a response out. The pages are rendered from the JSON the printers
// write (printers.hh), /api/* is that JSON (or CSV) itself, and every
// report string reaches HTML through html_safe (text.hh). server.hh puts a
// socket in front of it.
#pragma once

#include "search.hh"

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace cqc {

struct HttpRequest {
    std::string method; // "GET"
    std::string target; // "/?q=carers&statement=safeguarding"
    std::string host;   // the Host header, "" when none
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    // Besides Content-Type and the security headers every response has.
    std::vector<std::pair<std::string, std::string>> headers;
};

// The headers every response carries: a Content-Security-Policy allowing
// this server's own style sheet and script only (no inline script or
// style), no framing, no MIME sniffing, no referrer.
const std::vector<std::pair<std::string, std::string>>& security_headers();

// "%3C" -> "<" (and '+' -> ' ' in a query string).
std::string percent_decode(std::string_view text, bool plus_is_space);

// A query string's parameters, in order, percent-decoded ('+' is a space).
using Params = std::vector<std::pair<std::string, std::string>>;
Params parse_query_string(std::string_view query);

// The query the CLI would run for these parameters: `q` followed by a
// field:"value" filter per value of each filter field (statement, theme,
// score, rating, authority, published, report), which the query parser
// ORs within a field and ANDs across fields, as on the command line.
// Throws QueryError for a value holding a double quote.
std::string query_text(const Params& params);

// Whether a Host header names this server: the loopback address (by
// number or as "localhost"), or `bound` (the address given to --bind;
// when that is a wildcard such as 0.0.0.0, any address written as a
// number). Anything else, a name that DNS could point here included, is
// refused: that is DNS rebinding.
bool host_allowed(std::string_view host, std::string_view bound);

class Site {
public:
    // Opens the databases as cqc-search does (throws DatabaseError), once
    // per searcher: `searchers` requests are answered at a time.
    // `thesauri`: the user's own (--thesaurus), for every search.
    Site(const std::vector<std::filesystem::path>& dbs, const std::vector<std::string>& remotes,
         std::string bound = "127.0.0.1", size_t searchers = 1, ThesaurusFiles thesauri = {});
    ~Site();

    // Never throws: an error is a page (400 with the CLI's message for a
    // bad query; 500 or 503 without the exception's text, which goes to
    // stderr).
    HttpResponse handle(const HttpRequest& request);

private:
    struct Slot;
    struct Lease;
    std::string bound_;
    std::vector<std::filesystem::path> dbs_;
    std::vector<std::string> remotes_;
    ThesaurusFiles thesauri_;
    std::mutex mutex_;
    std::condition_variable idle_changed_;
    std::vector<Slot> idle_; // the searchers not answering a request
    HttpResponse route(const std::string& path, const Params& params);
    std::unique_ptr<Searcher> open_searcher() const;
};

} // namespace cqc
