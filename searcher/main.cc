// cqc-search: parse options, run common/'s Searcher, hand the results to a printer.
#include "cli.hh"
#include "meaning.hh"
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
     empty --db or one that is a file, options that do not combine, a
     --thesaurus FILE that cannot be read or has a bad line) or a
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
  short breaks              also finds the sector's words for it ("respite"),
                            acronyms and everyday synonyms, weighted below the
                            words typed; each hit says (matched "respite" for
                            "short breaks"); --exact turns this off
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

// A command line, resolved: what to do and with what.
struct Command {
    po::options_description options{"Options"};
    po::variables_map given; // as parsed (for --help: `options`)
    enum class Action { help, version, run } action = Action::run;
    SearchMode mode = mode_search;
    std::vector<std::string> dbs, remotes, words, thesaurus_files;
    std::vector<std::filesystem::path> paths; // --db, checked
    std::string color = "auto", sort = "relevance", group_by, facets_csv;
    SearchRequest request;
    GridRequest grid;
    TerminalStyle style;
    bool json = false, csv = false, timings = false;
    ServeOptions serving;
    ThesaurusFiles thesauri; // --thesaurus, read
    size_t port = serving.port;
};

void add_options(Command& c) {
    SearchRequest& request = c.request;
    const std::string results_range = " (" + range_help(0, kMaxResults) + ")";
    c.options.add_options()("help,h", "show this help")("version", "show the version")(
        "db,d", po::value(&c.dbs)->composing(), "database directory (repeatable: searched as one)")(
        "remote", po::value(&c.remotes)->composing(),
        "HOST:PORT of a database served by xapian-tcpsrv (repeatable; combines with --db)")(
        "json", "print one JSON object")(
        "csv", "print CSV: a header and a row per result (see Output below); facets go to "
               "--facets-csv FILE")("facets",
                                    "count matches by statement, theme, score, council and rating")(
        "facets-csv", po::value(&c.facets_csv)->value_name("FILE"),
        "count facets (as --facets) and write them to FILE as CSV: field, value, name, count")(
        "group-by", po::value(&c.group_by)->value_name("authority"),
        "one result per council: its best section and how many of its sections match")(
        "limit,n", count_value(request.limit, "--limit", 0, kMaxResults)->default_value("10"),
        ("results to show" + results_range).c_str())(
        "offset", count_value(request.offset, "--offset", 0, kMaxResults)->default_value("0"),
        ("results to skip" + results_range).c_str())(
        "all", "only sections holding every word: no partial matches after them")(
        "any", "sections holding any of the words, best first")(
        "exact", "match only the words typed (stemmed): no sector synonyms, everyday synonyms "
                 "or acronyms standing in for them")(
        "thesaurus", po::value(&c.thesaurus_files)->composing()->value_name("FILE"),
        "your own words for the reports' (repeatable): lines of KIND<tab>TERMS<tab>SOURCE as in "
        "the built-in data/thesaurus.tsv ('=' for terms that mean the same, '>' for the first "
        "found through the others; terms split by '|'), looked up before it")(
        "sort", po::value(&c.sort),
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
        "port", count_value(c.port, "--port", 0, 65535)->default_value("8080"),
        "with --serve: the TCP port (0: a free one)")(
        "bind", po::value(&c.serving.bind)->value_name("ADDR"),
        "with --serve: the address to listen on (default 127.0.0.1; another is reachable by "
        "others, and the page has no login)")(
        "color", po::value(&c.color),
        "auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never");
}

// The options given, checked against each other (option_rules.hh) and
// against the QUERY.
void check_command(Command& c) {
    const po::variables_map& vm = c.given;
    SearchRequest& request = c.request;
    for (const auto& w : c.words)
        request.query += (request.query.empty() ? "" : " ") + w;
    // A QUERY of spaces is a script's empty variable, not "everything".
    if (!c.words.empty() && request.query.find_first_not_of(" \t\n\r\f\v") == std::string::npos)
        throw po::error("the QUERY is blank: give words or field:value filters (leave QUERY out "
                        "with --scores, --changes or --export for every report)");
    // Every option either works in this run or is refused: one table says
    // which combine (option_rules.hh).
    std::vector<std::string> given;
    for (const auto& [name, value] : vm)
        if (!value.defaulted() && name != "positional") given.push_back(name);
    if (std::string refused = check_options(given); !refused.empty()) throw po::error(refused);
    c.mode = search_mode(given);
    if (c.mode == mode_serve && !c.words.empty())
        throw po::error("--serve takes no QUERY: the page asks for one");
    if (request.query.empty() && c.mode == mode_search && request.similar_to.empty())
        throw po::error("no QUERY given");
    if (vm.count("facets-csv") && c.facets_csv.empty())
        throw po::error("--facets-csv needs a FILE name");
}

// The requests the command makes (a bad --sort or --group-by throws
// QueryError).
void make_requests(Command& c) {
    const po::variables_map& vm = c.given;
    SearchRequest& request = c.request;
    request.facets = vm.count("facets") > 0 || vm.count("facets-csv") > 0;
    request.passages = vm.count("passages") > 0;
    request.autocorrect = vm.count("autocorrect") > 0;
    request.latest = vm.count("latest") > 0;
    request.words.exact = vm.count("exact") > 0;
    if (vm.count("any")) request.words.op = QueryBuilder::DefaultOp::any;
    if (vm.count("all")) request.relax = false;
    c.json = vm.count("json") > 0;
    c.csv = vm.count("csv") > 0;
    c.timings = vm.count("timings") > 0;
    c.style.color =
        use_color(c.color, isatty(STDOUT_FILENO), std::getenv("NO_COLOR"), std::getenv("TERM"));
    if (c.paths.empty() && c.remotes.empty()) c.paths.push_back(default_db_path());
    if (c.mode == mode_scores) {
        c.grid.query = request.query;
        c.grid.words = request.words;
        c.grid.latest = request.latest;
        if (vm.count("sort")) c.grid.sort = parse_grid_sort(c.sort);
        c.grid.offset = request.offset;
        if (!vm["limit"].defaulted()) c.grid.limit = request.limit;
    } else {
        request.sort = parse_sort(c.sort);
    }
    if (!c.group_by.empty()) request.group_by = parse_group_by(c.group_by);
}

// --thesaurus FILE...: read and checked before any search (po::error names
// the file and the line).
void read_thesauri(Command& c) {
    for (const auto& file : c.thesaurus_files) {
        if (file.empty()) throw po::error("--thesaurus needs a FILE name");
        try {
            c.thesauri.push_back(ThesaurusFile::read(file));
        } catch (const std::runtime_error& e) {
            throw po::error(std::string("--thesaurus ") + e.what());
        }
    }
}

// Parse the command line into `c`: throws po::error for a bad one.
void parse(int argc, char** argv, Command& c) {
    add_options(c);
    c.given = parse_command_line(argc, argv, c.options, c.words);
    if (c.color != "auto" && c.color != "always" && c.color != "never")
        throw po::error("--color takes auto, always or never");
    for (const auto& db : c.dbs)
        c.paths.push_back(database_option("--db", db));
    if (c.given.count("help"))
        c.action = Command::Action::help;
    else if (c.given.count("version"))
        c.action = Command::Action::version;
    if (c.action != Command::Action::run) return;
    check_command(c);
    make_requests(c);
    read_thesauri(c);
}

int run_export(const Command& c, Searcher& searcher) {
    size_t n = 0;
    searcher.export_sections(
        [&](const StoredSection& s) {
            print_exported_section(s, std::cout);
            check_output();
            ++n;
        },
        c.request.latest, c.request.query, c.request.words);
    return finish_output(kProgram, n ? found : no_matches);
}

int run_scores(const Command& c, Searcher& searcher) {
    ScoreGrid g = searcher.score_grid(c.grid);
    if (c.json)
        print_grid_json(g, std::cout);
    else if (c.csv)
        print_grid_csv(g, std::cout);
    else if (g.total == 0)
        std::cout << "no matches\n";
    else
        print_grid_terminal(g, std::cout, c.style);
    return finish_output(kProgram, g.total == 0 ? no_matches : found);
}

int run_changes(const Command& c, Searcher& searcher) {
    Changes changes = searcher.changes(c.request.query, c.request.latest, c.request.words);
    if (c.json)
        print_changes_json(changes, std::cout);
    else if (c.csv)
        print_changes_csv(changes, std::cout);
    else if (changes.changes.empty())
        std::cout << "no matches\n";
    else
        print_changes_terminal(changes, std::cout, c.style);
    return finish_output(kProgram, changes.changes.empty() ? no_matches : found);
}

// --facets-csv FILE; false (with a line) when it could not be written.
bool write_facets_csv(const std::string& name, const FacetCounts& facets) {
    errno = 0;
    std::ofstream file(name, std::ios::binary);
    if (file) print_facets_csv(facets, file);
    file.close();
    if (file) return true;
    print_error(kProgram, "cannot write --facets-csv " + name + ": " +
                              (errno ? std::strerror(errno) : "write error"));
    return false;
}

int run_search(const Command& c, Searcher& searcher, double open_ms) {
    SearchResults results = searcher.search(c.request);
    if (c.timings)
        std::fprintf(stderr,
                     "timings (ms): open %.2f, parse %.2f, match+facets %.2f, terms %.2f, "
                     "best passages+snippets %.2f\n",
                     open_ms, results.timings.parse, results.timings.match, results.timings.terms,
                     results.timings.passages);
    if (c.json)
        print_json(results, std::cout);
    else if (c.csv)
        print_csv(results, std::cout);
    else if (results.hits.empty() && results.total == 0 && results.corrected.empty())
        std::cout << "no matches\n";
    else
        print_terminal(results, std::cout, c.style);
    if (!c.facets_csv.empty() && !write_facets_csv(c.facets_csv, results.facets)) return database;
    // Partial matches are results too.
    return finish_output(kProgram, results.total || !results.hits.empty() ? found : no_matches);
}

// One function per mode, on the databases opened once.
int dispatch(const Command& c) {
    if (c.action == Command::Action::help) {
        print_help(c.options);
        return found;
    }
    if (c.action == Command::Action::version) {
        std::cout << version_line(kProgram) << "\n";
        return found;
    }
    for (const auto& thesaurus : c.thesauri)
        for (const auto& w : thesaurus->warnings())
            print_error(kProgram, "warning: --thesaurus " + w);
    if (c.mode == mode_serve) {
        if (std::string w = wordnet_missing_warning(); !w.empty()) print_error(kProgram, w);
        return serve({.dbs = c.paths,
                      .remotes = c.remotes,
                      .bind = c.serving.bind,
                      .port = static_cast<unsigned>(c.port),
                      .thesauri = c.thesauri});
    }
    auto started = std::chrono::steady_clock::now();
    Searcher searcher(c.paths, c.remotes);
    searcher.use_thesauri(c.thesauri);
    double open_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    for (const auto& notice : searcher.notices())
        print_error(kProgram, "warning: " + notice);
    if (!c.request.words.exact && !c.request.query.empty())
        if (std::string w = wordnet_missing_warning(); !w.empty()) print_error(kProgram, w);
    switch (c.mode) {
    case mode_export:
        return run_export(c, searcher);
    case mode_scores:
        return run_scores(c, searcher);
    case mode_changes:
        return run_changes(c, searcher);
    case mode_search:
    case mode_serve:
        break;
    }
    return run_search(c, searcher, open_ms);
}

// Every failure's line and exit status, in one place (with run_guarded's
// for the rest).
int failure_status(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const po::error& e) { // a bad command line
        print_usage_error(kProgram, e.what());
        return usage;
    } catch (const QueryError& e) {
        print_error(kProgram, e.what());
        return usage;
    } catch (const DatabaseError& e) {
        print_error(kProgram, e.what());
        return database;
    } catch (const OutputError& e) {
        print_error(kProgram, std::string("cannot write the output: ") + e.what());
        return kOutputFailedExit;
    } catch (...) {
        throw; // anything else (a Xapian error, any exception): run_guarded's line, `database`
    }
}

} // namespace

int run(int argc, char** argv) {
    watch_stdout();
    Command command;
    try {
        parse(argc, argv, command);
        return dispatch(command);
    } catch (...) {
        return failure_status(std::current_exception());
    }
}

// Whatever escapes run() ends the program with a line and exit 3, never
// with std::terminate.
int main(int argc, char** argv) {
    return run_guarded(kProgram, run, argc, argv, database);
}
