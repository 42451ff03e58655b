// cqc-search --serve: the pages of site.hh over HTTP, with Boost.Beast.
#pragma once

#include "meaning.hh"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cqc {

struct ServeOptions {
    std::vector<std::filesystem::path> dbs;
    std::vector<std::string> remotes;
    std::string bind = "127.0.0.1"; // an IP address, or "localhost"
    unsigned port = 8080;           // 0: a free port, chosen by the system
    ThesaurusFiles thesauri;        // --thesaurus, for every search
};

// What one request may hold and how long it may take: more is refused
// (431, 413) or the connection closed, so that a client cannot hold the
// server's memory or its threads.
struct ServeLimits {
    static constexpr size_t header_bytes = 8 * 1024; // request line and headers
    static constexpr size_t header_count = 64;
    static constexpr size_t body_bytes = 0;    // GET and HEAD carry none
    static constexpr int read_seconds = 10;    // a request, or the wait for the next one
    static constexpr size_t connections = 256; // more are answered 503 and closed
    static constexpr unsigned threads = 8;     // answering at a time
    // Searches running at a time (the others' requests wait for one): two
    // per core keep the cores busy between one search's bursts without
    // stretching every search over eight. On 2 cores, 600 councils, wrk at
    // 8 connections: 4 at a time gave a p99 of 45-48 ms against 50-52 ms
    // with 8, at the same requests a second; 3 lowered both, 2 cost 10% of
    // them (bench/results/results.md has the load table).
    static unsigned searchers();
};

// Whether `bind` is a loopback address (no warning is due).
bool is_loopback(std::string_view bind);

// cqc-search's exit status for a --bind that is not an address (a bad
// command line).
constexpr int kBadBindExit = 2;

// Serve until SIGINT or SIGTERM, then exit 0 at once. The first line on
// standard output is the URL. Throws DatabaseError when the databases do
// not open, std::system_error when the port cannot be had.
int serve(const ServeOptions& options);

} // namespace cqc
