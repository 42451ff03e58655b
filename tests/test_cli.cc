// The command-line helpers both programs share (common/cli/cli.hh).
#include "cli.hh"
#include "option_rules.hh"

#include "helpers.hh"

#include <catch2/catch.hpp>

#include <cmath>

using namespace cqc;
namespace po = boost::program_options;

namespace {

// The message a refused value gives, or "" when it is taken.
template <class F> std::string refusal(F f) {
    try {
        f();
    } catch (const po::error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("counts are whole numbers within their range, never wrapped") {
    CHECK(parse_count("--limit", "10", 0, 1000) == 10);
    CHECK(parse_count("--limit", "0", 0, 1000) == 0);
    CHECK(parse_count("--limit", "1000", 0, 1000) == 1000);
    // Each of these was accepted before: negatives wrapped to huge numbers,
    // 4294967296 became 0 in Xapian's 32-bit counts.
    for (const char* bad : {"-1", "-3", "4294967296", "18446744073709551616", "1001", "", " 5",
                            "5 ", "+5", "5x", "0x10", "1e3", "2.5"}) {
        INFO(bad);
        CHECK(refusal([&] { parse_count("--offset", bad, 0, 1000); }) ==
              "--offset takes a whole number from 0 to 1000, not '" + std::string(bad) + "'");
    }
    CHECK(refusal([&] { parse_count("--terms", "0", 1, 1000); }) ==
          "--terms takes a whole number from 1 to 1000, not '0'");
}

TEST_CASE("seconds are finite numbers within their range") {
    CHECK(parse_seconds("--wait", "120", 0, 86400) == 120);
    CHECK(parse_seconds("--wait", "0.5", 0, 86400) == 0.5);
    CHECK(parse_seconds("--wait", "0", 0, 86400) == 0);
    for (const char* bad : {"inf", "infinity", "nan", "1e10", "-1", "86401", "", "5s", "1,5"}) {
        INFO(bad);
        CHECK(refusal([&] { parse_seconds("--wait", bad, 0, 86400); }) ==
              "--wait takes a number of seconds from 0 to 86400, not '" + std::string(bad) + "'");
    }
}

TEST_CASE("checked values refuse at parse time and store when given") {
    size_t limit = 10;
    po::options_description opts;
    opts.add_options()("limit,n", count_value(limit, "--limit", 0, 100));
    auto parse = [&](std::vector<const char*> args) {
        args.insert(args.begin(), "prog");
        std::vector<std::string> positional;
        parse_command_line(static_cast<int>(args.size()), const_cast<char**>(args.data()), opts,
                           positional);
    };
    parse({"word"});
    CHECK(limit == 10); // not given: untouched
    parse({"-n", "7"});
    CHECK(limit == 7);
    CHECK(refusal([&] {
              parse({"-n", "-1"});
          }) == "--limit takes a whole number from 0 to 100, not '-1'");
    CHECK(limit == 7);
}

TEST_CASE("a database option must name a directory, or somewhere one can be made") {
    test::ScratchDir dir;
    test::write_file(dir / "file", "remote :evil\n");
    CHECK(database_option("--db", (dir / "db").string()) == dir / "db"); // not there yet
    CHECK(database_option("--db", dir.path().string()) == dir.path());
    CHECK(refusal([&] { database_option("--db", ""); }).starts_with("--db needs a database"));
    CHECK(refusal([&] { database_option("--db", (dir / "file").string()); }) ==
          "--db " + (dir / "file").string() + " is not a directory: a database is a directory");
}

TEST_CASE("colour: always and never decide, auto honours NO_COLOR and TERM=dumb") {
    CHECK(use_color("auto", true, nullptr, "xterm-256color"));
    CHECK_FALSE(use_color("auto", false, nullptr, "xterm"));
    CHECK_FALSE(use_color("auto", true, "1", "xterm"));
    CHECK(use_color("auto", true, "", "xterm")); // NO_COLOR set but empty: no effect
    CHECK_FALSE(use_color("auto", true, nullptr, "dumb"));
    CHECK(use_color("auto", true, nullptr, nullptr));
    CHECK(use_color("always", false, "1", "dumb"));
    CHECK_FALSE(use_color("never", true, nullptr, "xterm"));
}

TEST_CASE("options combine only as the one table says (issue 22)") {
    using V = std::vector<std::string>;
    CHECK(check_options(V{"json", "limit", "offset", "sort", "terms", "facets"}).empty());
    CHECK(check_options(V{"scores", "json", "limit", "offset", "sort", "latest"}).empty());
    CHECK(check_options(V{"changes", "csv", "latest", "any"}).empty());
    CHECK(check_options(V{"export", "latest", "all"}).empty());
    CHECK(check_options(V{"passages", "terms", "json"}).empty());
    // Each refusal names both options.
    for (const V& refused : {V{"json", "csv"}, V{"terms", "csv"}, V{"terms", "scores"},
                             V{"terms", "changes"}, V{"terms", "export"}, V{"export", "scores"},
                             V{"changes", "limit"}, V{"changes", "offset"}, V{"export", "limit"},
                             V{"export", "offset"}, V{"scores", "similar"}, V{"export", "json"}}) {
        std::string message = check_options(refused);
        INFO(refused[0] << " " << refused[1] << ": " << message);
        CHECK_THAT(message, Catch::Contains("does not combine with"));
        for (const auto& name : refused)
            CHECK_THAT(message, Catch::Contains("-" + (name == "limit" ? "n" : "-" + name)));
    }
    CHECK(search_mode(V{"json", "changes"}) == mode_changes);
    CHECK(search_mode(V{"json"}) == mode_search);
    // An option the table does not know is the program's mistake.
    CHECK_THROWS_AS(check_options(V{"no-such-option"}), std::logic_error);
    // --help is written from the same table: every option is in it.
    std::string help = option_rules_help();
    for (const auto& rule : option_rules())
        CHECK_THAT(help, Catch::Contains("--" + std::string(rule.option)));
}
