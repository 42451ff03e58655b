// inprocess: cqc-search's query latency without the process around it, for bench/run.
//
//   inprocess DB QUERIES REPS
//
// Opens DB once with cqc::Searcher, runs every query of QUERIES (one a line;
// blank and # lines skipped) once to warm up, then REPS more times, timing
// Searcher::search() with facets on (limit 10, as cqc-search --json --facets
// does) and, separately, turning the results into JSON (print_json into a
// string, as the program would print them). Prints tab-separated lines:
//   open  MS                  the Searcher constructor
//   first MS                  the first search() of the process (cold: one-off set-up)
//   q     INDEX  SEARCH_MS  JSON_MS  TOTAL_MATCHES
#include "printers.hh"
#include "search.hh"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {
double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: inprocess DB QUERIES REPS\n";
        return 2;
    }
    std::vector<std::string> queries;
    std::ifstream in(argv[2]);
    if (!in) {
        std::cerr << "inprocess: cannot read " << argv[2] << "\n";
        return 2;
    }
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') queries.push_back(line);
    int reps = std::stoi(argv[3]);

    try {
        auto t0 = std::chrono::steady_clock::now();
        cqc::Searcher searcher({std::filesystem::path(argv[1])});
        std::cout << "open\t" << ms_since(t0) << "\n";
        for (int rep = -1; rep < reps; ++rep) { // rep -1: warm-up, not printed
            for (size_t i = 0; i < queries.size(); ++i) {
                cqc::SearchRequest request;
                request.query = queries[i];
                request.limit = 10;
                request.facets = true;
                auto t1 = std::chrono::steady_clock::now();
                cqc::SearchResults results = searcher.search(request);
                double search_ms = ms_since(t1);
                auto t2 = std::chrono::steady_clock::now();
                std::ostringstream json;
                cqc::print_json(results, json);
                double json_ms = ms_since(t2);
                if (rep < 0 && i == 0) std::cout << "first\t" << search_ms << "\n";
                if (rep >= 0)
                    std::cout << "q\t" << i << "\t" << search_ms << "\t" << json_ms << "\t"
                              << results.total << "\n";
            }
        }
    } catch (const Xapian::Error& e) {
        std::cerr << "inprocess: " << e.get_description() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "inprocess: " << e.what() << "\n";
        return 1;
    }
}
