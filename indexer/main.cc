// cqc-index: parse options, run common/'s IndexWriter, print what happened.
#include "cli.hh"
#include "extract_limits.hh"
#include "index_writer.hh"
#include "paths.hh"
#include "printers.hh"
#include "report_loader.hh"
#include "schema.hh"
#include "sharding.hh"
#include "text.hh"
#include "version.hh"

#include <boost/program_options.hpp>
#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace po = boost::program_options;
using namespace cqc;

namespace {

enum Exit { ok = 0, input_failed = 1, usage = 2, database = 3 };
static_assert(database == kOutputFailedExit);
static_assert(kMessagesLostExit == 4); // in kExitHelp

constexpr const char* kProgram = "cqc-index";

// --wait and --shards: a day at most, and no more writers than is sensible.
constexpr double kMaxWaitSeconds = 86400;
constexpr size_t kMaxShards = 64;

const char* kExitHelp = R"(Exit status:
  0  everything given was indexed (warnings may have been printed)
  1  some files could not be read, parsed or indexed (each is named), or a
     --remove named no indexed report or source (each is named); the rest
     was done
  2  bad command line (an unknown option, a number out of its range, an
     empty --db or one that is a file)
  3  the database could not be opened or written: locked by another
     indexer, unreadable, an older schema, not a database cqc-index created
     (it writes to no other), or the disk full; nothing was changed, and a
     new database's partial copies were removed. Also: the output of --list
     or --show-blocks could not be written (a full disk, a closed standard
     output), or any unexpected error, with a line saying what it was
  4  everything was indexed (as 0), but standard error did not take every
     message (a full disk, a closed stderr), so warnings may be lost; a run
     that failed otherwise keeps its own status

File names, messages and report text on stderr and from --list show
control characters, bidirectional controls and bytes that are not UTF-8
as \xNN or \u{NNNN}, so a file name cannot forge a line or move the cursor.
)";

void print_help(const po::options_description& opts) {
    std::cout << "Usage: cqc-index [OPTIONS] PATH...\n\n"
                 "Index CQC local authority assessment reports into a Xapian database.\n"
                 "A PATH is a report directory (one file per section), a whole-report file,\n"
                 "or a folder of reports. Unchanged reports are skipped; changed ones are\n"
                 "re-indexed in place. A file is read once however often and however it\n"
                 "is named (a folder and a file in it, ./f.txt and d/../f.txt, a link to\n"
                 "it). The whole run is one transaction.\n\n"
              << opts << "\nDefault database: " << kDefaultDbHelp << "\n\n"
              << "Fields cqc-search can then filter on (see cqc-search --help):\n"
              << fields_help().substr(fields_help().find('\n') + 1) << "\n"
              << limits_help() << "\n"
              << kExitHelp;
}

class Progress {
public:
    explicit Progress(bool enabled) : enabled_(enabled) {}
    void update(const IndexProgress& p) {
        if (!enabled_) return;
        if (p.sources_done != p.sources_total && p.seconds - last_ < 0.1) return;
        last_ = p.seconds;
        double mb = static_cast<double>(p.bytes) / 1e6;
        std::fprintf(stderr, "\rindexing: %zu/%zu report folders, %.1f MB, %.1f MB/s   ",
                     p.sources_done, p.sources_total, mb, p.seconds > 0 ? mb / p.seconds : 0.0);
        shown_ = true;
    }
    void clear() {
        if (shown_) std::fprintf(stderr, "\r%80s\r", "");
        shown_ = false;
    }

private:
    bool enabled_;
    bool shown_ = false;
    double last_ = -1;
};

// Each --remove that named nothing: a line, and exit 1.
int report_unmatched(const IndexSummary& s) {
    for (const auto& r : s.unmatched_removals)
        print_error(kProgram, "--remove '" + r +
                                  "': no indexed report has that id and no indexed source that "
                                  "path (see --list)");
    return s.unmatched_removals.empty() ? ok : input_failed;
}

void print_summary(const IndexSummary& s, const std::filesystem::path& db) {
    std::fprintf(stderr,
                 "cqc-index: %zu report(s), %zu section(s), %zu paragraph(s) indexed; "
                 "%zu unchanged, %zu removed; %zu warning(s), %zu error(s); %.2f s; "
                 "%u documents in %s\n",
                 s.reports, s.sections, s.paragraphs, s.unchanged, s.removed, s.warnings, s.errors,
                 s.seconds, s.documents, terminal_safe(db.string()).c_str());
    if (s.duplicates || s.skipped_files || s.page_assets)
        std::fprintf(stderr,
                     "cqc-index: %zu copy(ies) of reports already indexed; passed over %zu file(s) "
                     "that are not reports and %zu saved-page asset(s)\n",
                     s.duplicates, s.skipped_files, s.page_assets);
}

int show_blocks(const std::vector<std::string>& files) {
    if (files.empty()) {
        print_error(kProgram, "--show-blocks needs FILE arguments");
        return usage;
    }
    int status = ok;
    for (const auto& file : files) {
        std::string reason;
        std::vector<Diagnostic> warnings;
        auto doc = read_document(file, reason, warnings);
        for (const auto& w : warnings)
            std::cerr << terminal_safe(w.file) << ": warning: " << terminal_safe(w.message) << "\n";
        if (!doc) {
            std::cerr << terminal_safe(file) << ": error: " << terminal_safe(reason) << "\n";
            status = input_failed;
            continue;
        }
        std::cout << json_text(document_json(*doc)) << "\n";
    }
    return finish_output(kProgram, status);
}

// A command line, resolved: what to do and with what.
struct Command {
    po::options_description options{"Options"};
    enum class Action { help, version, show_blocks, list, index } action = Action::index;
    std::string db;
    double wait = 0;
    size_t shards = 0;
    std::vector<std::string> removals, paths;
    bool quiet = false, force = false, prune = false;
    std::filesystem::path db_path;
    Progress progress{false};
};

void add_options(Command& c) {
    c.options.add_options()("help,h", "show this help")("version", "show the version")(
        "db,d", po::value(&c.db),
        "database directory: new, empty, or one cqc-index created (it writes to no other)")(
        "force,f", "re-index every report, changed or not")(
        "prune", "remove reports whose files are gone (one that cannot be looked at, "
                 "a permission or a disk's error, is kept, with a warning)")(
        "remove", po::value(&c.removals)->composing(),
        "remove a report by id or source path, or the report of one file in a folder of "
        "whole reports (repeatable); one that names nothing indexed is an error (exit 1)")(
        "list", "list the reports in the database and exit (reads only: works while another "
                "indexer writes)")(
        "show-blocks",
        "print, as one JSON object per file, the blocks read from each FILE (headings, "
        "paragraphs, list items, table rows with their page or line) before any framework "
        "rule applies, and exit; for seeing what was read from a PDF or web page")(
        "wait", seconds_value(c.wait, "--wait", 0, kMaxWaitSeconds),
        ("wait up to SECONDS (at most " + std::to_string(static_cast<int>(kMaxWaitSeconds)) +
         ") for another indexer to finish")
            .c_str())("shards", count_value(c.shards, "--shards", 1, kMaxShards)->value_name("K"),
                      ("split the index into K (" + range_help(1, kMaxShards) +
                       ") databases under --db, written in parallel and read as one (a later "
                       "run finds the shards by itself)")
                          .c_str())("quiet,q", "print errors only");
}

// Parse the command line into `c`: throws po::error for a bad one.
void parse(int argc, char** argv, Command& c) {
    add_options(c);
    po::variables_map vm = parse_command_line(argc, argv, c.options, c.paths);
    c.db_path = vm.count("db") ? database_option("--db", c.db) : default_db_path();
    c.quiet = vm.count("quiet") > 0;
    c.force = vm.count("force") > 0;
    c.prune = vm.count("prune") > 0;
    if (vm.count("help"))
        c.action = Command::Action::help;
    else if (vm.count("version"))
        c.action = Command::Action::version;
    else if (vm.count("show-blocks"))
        c.action = Command::Action::show_blocks;
    else if (vm.count("list"))
        c.action = Command::Action::list;
    if (c.action != Command::Action::index && c.action != Command::Action::list) return;
    if (c.paths.empty() && c.removals.empty() && !c.prune && c.action != Command::Action::list)
        throw po::error("no PATH given");
    c.progress = Progress(!c.quiet && isatty(STDERR_FILENO));
}

// --list. Reading only: no lock, works while an indexer writes and on a
// read-only file system; every shard of a sharded database.
int run_list(const Command& c) {
    auto reports = list_reports(c.db_path);
    // Tab-separated: a tab or newline in an id or path is escaped.
    for (const auto& [id, source] : reports)
        std::cout << terminal_safe(id) << "\t" << terminal_safe(source) << "\n";
    return finish_output(kProgram, ok);
}

// Where the writer's progress, warnings and errors go.
IndexOptions index_options(Command& c) {
    IndexOptions options;
    options.db = c.db_path;
    options.force = c.force;
    options.wait_seconds = c.wait;
    options.on_progress = [&c](const IndexProgress& p) { c.progress.update(p); };
    options.on_warning = [&c](const Diagnostic& d) {
        if (c.quiet) return;
        c.progress.clear();
        std::cerr << terminal_safe(d.file) << (d.line ? ":" + std::to_string(d.line) : "")
                  << ": warning: " << terminal_safe(d.message) << "\n";
    };
    options.on_error = [&c](const FileError& e) {
        c.progress.clear();
        std::cerr << terminal_safe(e.file) << ": error: " << terminal_safe(e.reason) << "\n";
    };
    return options;
}

// Index, remove and prune, in one database or its shards.
int run_index(Command& c) {
    IndexOptions options = index_options(c);
    IndexSummary s;
    size_t existing = shard_count(options.db);
    if (c.shards > 1 || existing > 0) {
        ShardedRun run;
        run.paths.assign(c.paths.begin(), c.paths.end());
        run.removals = c.removals;
        run.prune = c.prune;
        s = index_sharded(options, c.shards > 1 ? c.shards : existing, run);
    } else {
        IndexWriter writer(options);
        for (const auto& r : c.removals)
            writer.remove(r);
        if (c.prune) writer.prune();
        std::vector<std::filesystem::path> roots(c.paths.begin(), c.paths.end());
        if (!roots.empty()) writer.add(roots);
        s = writer.commit();
    }
    c.progress.clear();
    int removals_status = report_unmatched(s);
    if (!c.quiet) print_summary(s, options.db);
    return s.errors ? input_failed : removals_status;
}

int dispatch(Command& c) {
    switch (c.action) {
    case Command::Action::help:
        print_help(c.options);
        return ok;
    case Command::Action::version:
        std::cout << version_line(kProgram) << "\n";
        return ok;
    case Command::Action::show_blocks:
        return show_blocks(c.paths);
    case Command::Action::list:
        return run_list(c);
    case Command::Action::index:
        break;
    }
    return run_index(c);
}

// Every failure's line and exit status, in one place.
int failure_status(Command& c, std::exception_ptr failure) {
    c.progress.clear();
    const std::string db = c.db_path.string();
    // --list names a missing or unreadable index as such.
    const bool list = c.action == Command::Action::list;
    auto database_line = [&](const Xapian::Error& e) {
        return "database " + db + ": " + e.get_description();
    };
    try {
        std::rethrow_exception(failure);
    } catch (const po::error& e) { // a bad command line
        print_usage_error(kProgram, e.what());
        return usage;
    } catch (const DatabaseLocked& e) {
        print_error(kProgram, e.what());
    } catch (const Xapian::DatabaseNotFoundError& e) {
        print_error(kProgram, list ? "no index at " + db : database_line(e));
    } catch (const Xapian::DatabaseOpeningError& e) {
        print_error(kProgram,
                    list ? "cannot open index " + db + ": " + e.get_msg() : database_line(e));
    } catch (const Xapian::Error& e) {
        print_error(kProgram, database_line(e));
    } catch (const std::exception& e) {
        print_error(kProgram, e.what());
    } catch (...) {
        print_error(kProgram, "unexpected error");
    }
    return database;
}

} // namespace

int run(int argc, char** argv) {
    watch_stdout();
    Command command;
    try {
        parse(argc, argv, command);
        return dispatch(command);
    } catch (...) {
        return failure_status(command, std::current_exception());
    }
}

// Whatever escapes run() ends the program with a line and exit 3, never
// with std::terminate.
int main(int argc, char** argv) {
    return run_guarded(kProgram, run, argc, argv, database);
}
