// cqc-search: parse options, run common/'s Searcher, hand the results to a printer.
#include "cli.hh"
#include "option_rules.hh"
#include "paths.hh"
#include "printers.hh"
#include "schema.hh"
#include "search.hh"
#include "serve.hh"
#include "version.hh"

#include <boost/program_options.hpp>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

namespace po = boost::program_options;
using namespace cqc;

namespace {

enum Exit { found = 0, no_matches = 1, usage = 2, database = 3 };
static_assert(database == kOutputFailedExit);
static_assert(kMessagesLostExit == 4); // in kExitHelp

constexpr const char* kProgram = "cqc-search";

const char* kExitHelp = R"(Exit status:
  0  at least one result (partial matches included)
  1  no matches
  2  bad command line (an unknown option, a number out of its range, an
     empty --db or one that is a file, options that do not combine) or a
     query that cannot mean anything (unparsable, an unknown field, a bad
     value such as score:5 or authority:NOSUCH, a reversed range)
  3  the database could not be opened or read (--db opens only a database
     directory, never a Xapian stub file; remote shards need --remote), or
     the output could not be written (a full disk, a closed standard output,
     an unwritable --facets-csv FILE), or any unexpected error, with a line
     saying what it was; a pipe closed early (| head) ends it by SIGPIPE
  4  results were printed (as 0), but standard error did not take every
     message (a full disk, a closed stderr); a run that failed otherwise
     keeps its own status
)";

const char* kOutputHelp = R"(Output:
  Report text, names and paths are shown as the report has them, except
  control characters, bidirectional controls and bytes that are not UTF-8:
  on a terminal and on stderr they are shown as \xNN or \u{NNNN}, in JSON as
  \uNNNN escapes, in CSV as on a terminal but with tabs and newlines kept
  inside their quoted cells. A CSV cell starting with =, +, -, @ or a tab is
  prefixed with ' so that a spreadsheet shows it as text instead of running
  it as a formula.
)";

void usage_error(const std::string& message) {
    print_error(kProgram, message);
    std::cerr << "Try 'cqc-search --help'.\n";
}

const char* kSyntaxHelp = R"(Query syntax (Xapian):
  respite carers            every word; when fewer sections than --limit hold
                            them all, sections holding most of them follow,
                            marked partial (--all: none; --any: either word)
  "unpaid carers"           a phrase
  respite OR carers         either; also AND, NOT, AND NOT, XOR, ( )
  +respite -dementia        must / must not contain
  -- -dementia              negation alone (after --, or NOT dementia): every
                            section except those
  carers NEAR respite       within 10 words; carers NEAR/5 respite
  safeguard*                wildcard (the wildcards of a query share 500 words)
)";

void print_help(const po::options_description& opts) {
    std::cout << "Usage: cqc-search [OPTIONS] QUERY...\n"
                 "  or:  cqc-search --scores [QUERY...]\n"
                 "  or:  cqc-search --changes [QUERY...]\n"
                 "  or:  cqc-search --similar ID [QUERY...]\n"
                 "  or:  cqc-search --serve [--port N] [--bind ADDR]\n\n"
                 "Search CQC local authority assessment reports: one result per section,\n"
                 "best first, with the paragraph that matched.\n\n"
              << opts << "\n"
              << kSyntaxHelp << "\n"
              << fields_help() << "\n"
              << option_rules_help() << "\n"
              << kOutputHelp << "\nDefault database: " << kDefaultDbHelp << "\n\n"
              << kExitHelp;
}

} // namespace

int run(int argc, char** argv) {
    watch_stdout();
    po::options_description opts("Options");
    std::vector<std::string> dbs;
    std::vector<std::string> remotes;
    std::vector<std::string> words;
    std::string color = "auto";
    std::string sort = "relevance";
    std::string group_by;
    std::string facets_csv;
    SearchRequest request;
    ServeOptions serving;
    size_t port = serving.port;
    const std::string results_range = " (" + range_help(0, kMaxResults) + ")";
    opts.add_options()("help,h", "show this help")("version", "show the version")(
        "db,d", po::value(&dbs)->composing(), "database directory (repeatable: searched as one)")(
        "remote", po::value(&remotes)->composing(),
        "HOST:PORT of a database served by xapian-tcpsrv (repeatable; combines with --db)")(
        "json", "print one JSON object")(
        "csv", "print CSV: a header and a row per result (see Output below); facets go to "
               "--facets-csv FILE")("facets",
                                    "count matches by statement, theme, score, council and rating")(
        "facets-csv", po::value(&facets_csv)->value_name("FILE"),
        "count facets (as --facets) and write them to FILE as CSV: field, value, name, count")(
        "group-by", po::value(&group_by)->value_name("authority"),
        "one result per council: its best section and how many of its sections match")(
        "limit,n", count_value(request.limit, "--limit", 0, kMaxResults)->default_value("10"),
        ("results to show" + results_range).c_str())(
        "offset", count_value(request.offset, "--offset", 0, kMaxResults)->default_value("0"),
        ("results to skip" + results_range).c_str())(
        "all", "only sections holding every word: no partial matches after them")(
        "any", "sections holding any of the words, best first")(
        "sort", po::value(&sort),
        "relevance (default), score, -score, authority, -authority, rating, -rating, published, "
        "-published; '-' is descending, sections without the key last. With --scores: "
        "authority (default), percent, rating, published or a statement id, '-' descending")(
        "passages", "one result per matching paragraph instead of per section")(
        "scores", "the score grid: every report's rating, percentage and nine scores "
                  "(with a QUERY: reports with a matching section or score; every report "
                  "unless -n is given)")(
        "changes", "for each council with more than one report, what changed between consecutive "
                   "editions (by publication date): the two reports, each quality statement whose "
                   "score changed, and paragraphs added and removed per section (with a QUERY: "
                   "councils with a matching section in either edition)")(
        "latest", "only each council's newest report (by publication date; undated reports "
                  "count as older), in every mode; with --changes, the change to the newest")(
        "similar", po::value(&request.similar_to),
        "sections of other reports most like section ID (an id from --json)")(
        "terms", count_value(request.terms, "--terms", 1, kMaxTerms),
        ("list the N terms that most set the matches apart (" + range_help(1, kMaxTerms) + ")")
            .c_str())("autocorrect",
                      "run the spelling-corrected query when a word is not in the index")(
        "export", "print every indexed section (with a QUERY: every matching section) as one "
                  "JSON object per line, with its text")(
        "timings", "print where the time went (open, parse, match and facets, snippets) on stderr")(
        "serve", "serve the search, the score grid and the changes as web pages (and their JSON "
                 "and CSV under /api/) until interrupted; the first line printed is the URL")(
        "port", count_value(port, "--port", 0, 65535)->default_value("8080"),
        "with --serve: the TCP port (0: a free one)")(
        "bind", po::value(&serving.bind)->value_name("ADDR"),
        "with --serve: the address to listen on (default 127.0.0.1; another is reachable by "
        "others, and the page has no login)")(
        "color", po::value(&color),
        "auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never");
    po::variables_map vm;
    std::vector<std::filesystem::path> paths;
    try {
        vm = parse_command_line(argc, argv, opts, words);
        if (color != "auto" && color != "always" && color != "never")
            throw po::error("--color takes auto, always or never");
        for (const auto& db : dbs)
            paths.push_back(database_option("--db", db));
    } catch (const po::error& e) {
        usage_error(e.what());
        return usage;
    }
    if (vm.count("help")) {
        print_help(opts);
        return found;
    }
    if (vm.count("version")) {
        std::cout << version_line("cqc-search") << "\n";
        return found;
    }
    for (const auto& w : words)
        request.query += (request.query.empty() ? "" : " ") + w;
    // A QUERY of spaces is a script's empty variable, not "everything".
    if (!words.empty() && request.query.find_first_not_of(" \t\n\r\f\v") == std::string::npos) {
        usage_error("the QUERY is blank: give words or field:value filters (leave QUERY out with "
                    "--scores, --changes or --export for every report)");
        return usage;
    }
    // Every option either works in this run or is refused: one table says
    // which combine (option_rules.hh).
    std::vector<std::string> given;
    for (const auto& [name, value] : vm)
        if (!value.defaulted() && name != "positional") given.push_back(name);
    if (std::string refused = check_options(given); !refused.empty()) {
        usage_error(refused);
        return usage;
    }
    SearchMode mode = search_mode(given);
    bool grid = mode == mode_scores;
    bool exporting = mode == mode_export;
    bool changes = mode == mode_changes;
    if (mode == mode_serve && !words.empty()) {
        usage_error("--serve takes no QUERY: the page asks for one");
        return usage;
    }
    if (request.query.empty() && mode == mode_search && request.similar_to.empty()) {
        usage_error("no QUERY given");
        return usage;
    }
    request.facets = vm.count("facets") > 0 || vm.count("facets-csv") > 0;
    if (vm.count("facets-csv") && facets_csv.empty()) {
        usage_error("--facets-csv needs a FILE name");
        return usage;
    }
    request.passages = vm.count("passages") > 0;
    request.autocorrect = vm.count("autocorrect") > 0;
    request.latest = vm.count("latest") > 0;
    if (vm.count("any")) request.default_op = QueryBuilder::DefaultOp::any;
    if (vm.count("all")) request.relax = false;
    TerminalStyle style;
    style.color =
        use_color(color, isatty(STDOUT_FILENO), std::getenv("NO_COLOR"), std::getenv("TERM"));

    if (paths.empty() && remotes.empty()) paths.push_back(default_db_path());
    try {
        if (mode == mode_serve)
            return serve({.dbs = paths,
                          .remotes = remotes,
                          .bind = serving.bind,
                          .port = static_cast<unsigned>(port)});
        GridRequest grid_request;
        if (grid) {
            grid_request.query = request.query;
            grid_request.default_op = request.default_op;
            grid_request.latest = request.latest;
            if (vm.count("sort")) grid_request.sort = parse_grid_sort(sort);
            grid_request.offset = request.offset;
            if (!vm["limit"].defaulted()) grid_request.limit = request.limit;
        } else {
            request.sort = parse_sort(sort);
        }
        if (!group_by.empty()) request.group_by = parse_group_by(group_by);
        auto started = std::chrono::steady_clock::now();
        Searcher searcher(paths, remotes);
        double open_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        if (exporting) {
            size_t n = 0;
            searcher.export_sections(
                [&](const StoredSection& s) {
                    std::cout << json_text(exported_section_json(s)) << "\n";
                    check_output();
                    ++n;
                },
                request.latest, request.query, request.default_op);
            return finish_output(kProgram, n ? found : no_matches);
        }
        if (grid) {
            ScoreGrid g = searcher.score_grid(grid_request);
            if (vm.count("json"))
                print_grid_json(g, std::cout);
            else if (vm.count("csv"))
                print_grid_csv(g, std::cout);
            else if (g.total == 0)
                std::cout << "no matches\n";
            else
                print_grid_terminal(g, std::cout, style);
            return finish_output(kProgram, g.total == 0 ? no_matches : found);
        }
        if (changes) {
            Changes c = searcher.changes(request.query, request.latest, request.default_op);
            if (vm.count("json"))
                print_changes_json(c, std::cout);
            else if (vm.count("csv"))
                print_changes_csv(c, std::cout);
            else if (c.changes.empty())
                std::cout << "no matches\n";
            else
                print_changes_terminal(c, std::cout, style);
            return finish_output(kProgram, c.changes.empty() ? no_matches : found);
        }
        SearchResults results = searcher.search(request);
        if (vm.count("timings"))
            std::fprintf(stderr,
                         "timings (ms): open %.2f, parse %.2f, match+facets %.2f, terms %.2f, "
                         "best passages+snippets %.2f\n",
                         open_ms, results.timings.parse, results.timings.match,
                         results.timings.terms, results.timings.passages);
        if (vm.count("json"))
            print_json(results, std::cout);
        else if (vm.count("csv"))
            print_csv(results, std::cout);
        else {
            if (results.hits.empty() && results.total == 0 && results.corrected.empty())
                std::cout << "no matches\n";
            else
                print_terminal(results, std::cout, style);
        }
        if (!facets_csv.empty()) {
            errno = 0;
            std::ofstream file(facets_csv, std::ios::binary);
            if (file) print_facets_csv(results.facets, file);
            file.close();
            if (!file) {
                print_error(kProgram, "cannot write --facets-csv " + facets_csv + ": " +
                                          (errno ? std::strerror(errno) : "write error"));
                return database;
            }
        }
        // Partial matches are results too.
        return finish_output(kProgram, results.total || !results.hits.empty() ? found : no_matches);
    } catch (const QueryError& e) {
        print_error(kProgram, e.what());
        return usage;
    } catch (const DatabaseError& e) {
        print_error(kProgram, e.what());
        return database;
    } catch (const Xapian::Error& e) {
        print_error(kProgram, e.get_description());
        return database;
    } catch (const OutputError& e) {
        print_error(kProgram, std::string("cannot write the output: ") + e.what());
        return kOutputFailedExit;
    } catch (const std::exception& e) {
        print_error(kProgram, e.what());
        return database;
    } catch (...) {
        print_error(kProgram, "unexpected error");
        return database;
    }
}

// Whatever escapes run() ends the program with a line and exit 3, never
// with std::terminate.
int main(int argc, char** argv) {
    return run_guarded(kProgram, run, argc, argv, database);
}
