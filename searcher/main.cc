// cqc-search: parse options, run common/'s Searcher, hand the results to a printer.
#include "cli.hh"
#include "paths.hh"
#include "printers.hh"
#include "schema.hh"
#include "search.hh"
#include "text.hh"

#include <boost/program_options.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace po = boost::program_options;
using namespace cqc;

namespace {

enum Exit { found = 0, no_matches = 1, usage = 2, database = 3 };

const char* kExitHelp = R"(Exit status:
  0  at least one result
  1  no matches
  2  bad command line or a query that cannot be parsed
  3  the database could not be opened or read (--db opens only a database
     directory, never a Xapian stub file; remote shards need --remote), or
     any unexpected error, with a line saying what it was
)";

const char* kSyntaxHelp = R"(Query syntax (Xapian):
  respite carers            either word; sections with both rank higher
  "unpaid carers"           a phrase
  respite AND carers        both; also OR, NOT, AND NOT, XOR, ( )
  +respite -dementia        must / must not contain
  carers NEAR respite       within 10 words; carers NEAR/5 respite
  safeguard*                wildcard (at most 500 words)
)";

void print_help(const po::options_description& opts) {
    std::cout << "Usage: cqc-search [OPTIONS] QUERY...\n"
                 "       cqc-search --scores [QUERY...]\n"
                 "       cqc-search --changes [QUERY...]\n"
                 "       cqc-search --similar ID [QUERY...]\n\n"
                 "Search CQC local authority assessment reports: one result per section,\n"
                 "best first, with the paragraph that matched.\n\n"
              << opts << "\n"
              << kSyntaxHelp << "\n"
              << fields_help() << "\nDefault database: " << kDefaultDbHelp << "\n\n"
              << kExitHelp;
}

} // namespace

int run(int argc, char** argv) {
    po::options_description opts("Options");
    std::vector<std::string> dbs;
    std::vector<std::string> remotes;
    std::vector<std::string> words;
    std::string color = "auto";
    std::string sort = "relevance";
    SearchRequest request;
    opts.add_options()("help,h", "show this help")("version", "show the version")(
        "db,d", po::value(&dbs)->composing(), "database directory (repeatable: searched as one)")(
        "remote", po::value(&remotes)->composing(),
        "HOST:PORT of a database served by xapian-tcpsrv (repeatable; combines with --db)")(
        "json", "print one JSON object")("csv", "print CSV: a header and a row per result")(
        "facets", "count matches by statement, theme, score, council and rating")(
        "limit,n", po::value(&request.limit)->default_value(10), "results to show")(
        "offset", po::value(&request.offset)->default_value(0),
        "results to skip")("all", "require every word (default: any word, best first)")(
        "sort", po::value(&sort),
        "relevance (default), score, -score, authority, -authority, rating, -rating, published, "
        "-published; '-' is descending, sections without the key last")(
        "passages", "one result per matching paragraph instead of per section")(
        "scores", "the score grid: every report's rating, percentage and nine scores "
                  "(with a QUERY: reports with a matching section)")(
        "changes", "for each council with more than one report, what changed between consecutive "
                   "editions (by publication date): the two reports, each quality statement whose "
                   "score changed, and paragraphs added and removed per section (with a QUERY: "
                   "councils with a matching section in either edition)")(
        "latest", "only each council's newest report (by publication date; undated reports "
                  "count as older), in every mode; with --changes, the change to the newest")(
        "similar", po::value(&request.similar_to),
        "sections of other reports most like section ID (an id from --json)")(
        "terms", po::value(&request.terms), "list the N terms that most set the matches apart")(
        "autocorrect", "run the spelling-corrected query when a word is not in the index")(
        "export", "print every indexed section as one JSON object per line, with its text")(
        "timings", "print where the time went (open, parse, match and facets, snippets) on stderr")(
        "color", po::value(&color), "auto, always or never");
    po::variables_map vm;
    try {
        vm = parse_command_line(argc, argv, opts, words);
        if (color != "auto" && color != "always" && color != "never")
            throw po::error("--color takes auto, always or never");
    } catch (const po::error& e) {
        std::cerr << "cqc-search: " << e.what() << "\nTry 'cqc-search --help'.\n";
        return usage;
    }
    if (vm.count("help")) {
        print_help(opts);
        return found;
    }
    if (vm.count("version")) {
        std::cout << "cqc-search " << CQC_VERSION << " (Xapian " << Xapian::version_string()
                  << ")\n";
        return found;
    }
    for (const auto& w : words)
        request.query += (request.query.empty() ? "" : " ") + w;
    bool grid = vm.count("scores") > 0;
    bool exporting = vm.count("export") > 0;
    bool changes = vm.count("changes") > 0;
    if (changes && (grid || exporting || !request.similar_to.empty())) {
        std::cerr << "cqc-search: --changes does not combine with --scores, --export or --similar\n"
                     "Try 'cqc-search --help'.\n";
        return usage;
    }
    if (request.query.empty() && !grid && !exporting && !changes && request.similar_to.empty()) {
        std::cerr << "cqc-search: no QUERY given\nTry 'cqc-search --help'.\n";
        return usage;
    }
    request.facets = vm.count("facets") > 0;
    request.passages = vm.count("passages") > 0;
    request.autocorrect = vm.count("autocorrect") > 0;
    request.latest = vm.count("latest") > 0;
    if (vm.count("all")) request.default_op = QueryBuilder::DefaultOp::all;
    TerminalStyle style;
    style.color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO));

    std::vector<std::filesystem::path> paths(dbs.begin(), dbs.end());
    if (paths.empty() && remotes.empty()) paths.push_back(default_db_path());
    try {
        request.sort = parse_sort(sort);
        auto started = std::chrono::steady_clock::now();
        Searcher searcher(paths, remotes);
        double open_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        if (exporting) {
            size_t n = 0;
            searcher.export_sections([&](const StoredSection& s) {
                std::cout << exported_section_json(s).dump() << "\n";
                ++n;
            }, request.latest);
            return n ? found : no_matches;
        }
        if (grid) {
            ScoreGrid g = searcher.score_grid(request.query, request.latest);
            if (vm.count("json"))
                print_grid_json(g, std::cout);
            else if (vm.count("csv"))
                print_grid_csv(g, std::cout);
            else if (g.rows.empty())
                std::cout << "no matches\n";
            else
                print_grid_terminal(g, std::cout, style);
            return g.rows.empty() ? no_matches : found;
        }
        if (changes) {
            Changes c = searcher.changes(request.query, request.latest);
            if (vm.count("json"))
                print_changes_json(c, std::cout);
            else if (vm.count("csv"))
                print_changes_csv(c, std::cout);
            else if (c.changes.empty())
                std::cout << "no matches\n";
            else
                print_changes_terminal(c, std::cout, style);
            return c.changes.empty() ? no_matches : found;
        }
        SearchResults results = searcher.search(request);
        if (vm.count("timings"))
            std::fprintf(stderr,
                         "timings (ms): open %.2f, parse %.2f, match+facets %.2f, terms %.2f, "
                         "best passages+snippets %.2f\n",
                         open_ms, results.timings.parse, results.timings.match, results.timings.terms,
                         results.timings.passages);
        if (vm.count("json"))
            print_json(results, std::cout);
        else if (vm.count("csv"))
            print_csv(results, std::cout);
        else {
            if (results.total == 0 && results.corrected.empty())
                std::cout << "no matches\n";
            else
                print_terminal(results, std::cout, style);
        }
        return results.total ? found : no_matches;
    } catch (const QueryError& e) {
        std::cerr << "cqc-search: " << e.what() << "\n";
        return usage;
    } catch (const DatabaseError& e) {
        std::cerr << "cqc-search: " << e.what() << "\n";
        return database;
    } catch (const Xapian::Error& e) {
        std::cerr << "cqc-search: " << e.get_description() << "\n";
        return database;
    }
}

// Whatever escapes run() ends the program with a line and exit 3, never
// with std::terminate.
int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const Xapian::Error& e) {
        std::cerr << "cqc-search: " << terminal_safe(e.get_description()) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "cqc-search: " << terminal_safe(e.what()) << "\n";
    } catch (...) {
        std::cerr << "cqc-search: unexpected error\n";
    }
    return database;
}
