// Command-line plumbing shared by cqc-index and cqc-search: parsing, checked
// numbers, --db, colour, error lines and the state of standard output.
#pragma once

#include <boost/program_options.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cqc {

// Parse options plus any number of positional words into `positional`.
// Throws boost::program_options::error on a bad command line, including a
// value refused by one of the checked values below.
boost::program_options::variables_map
parse_command_line(int argc, char** argv,
                   const boost::program_options::options_description& options,
                   std::vector<std::string>& positional);

// Checked numbers for options. A count is a whole number written in decimal
// digits only; seconds are a finite decimal number. Outside [min, max], or
// anything else ("-1", "4294967296" where the maximum is lower, "inf",
// "1e10", "5x", ""), throws boost::program_options::error naming the option
// and the range, e.g. "--offset takes a whole number from 0 to 1000000, not
// '-3'".
size_t parse_count(std::string_view option, std::string_view text, size_t min, size_t max);
double parse_seconds(std::string_view option, std::string_view text, double min, double max);

// boost::program_options values for such options: the text is checked when
// the command line is parsed and the number stored in `target` (which keeps
// its value when the option is not given). `option` is its name as users
// type it ("--limit").
boost::program_options::typed_value<std::string>* count_value(size_t& target, std::string option,
                                                              size_t min, size_t max);
boost::program_options::typed_value<std::string>* seconds_value(double& target, std::string option,
                                                                double min, double max);

// "N-M" for a help text, so that the range is written once.
std::string range_help(size_t min, size_t max);

// A --db value: refused (boost::program_options::error) when empty, or
// when it names something that exists and is not a directory (a database
// is a directory; a file there is not one, whatever it says).
std::filesystem::path database_option(std::string_view option, const std::string& text);

// --color: "always" and "never" decide; "auto" colours a terminal unless
// NO_COLOR is set to anything but "" (no-color.org) or TERM is "dumb".
// `no_color` and `term` are the variables' values, null when unset.
bool use_color(std::string_view mode, bool is_terminal, const char* no_color, const char* term);

// "PROGRAM: MESSAGE" and a newline on stderr, the message made
// terminal_safe (text.hh): it can hold paths, queries and report text.
void print_error(std::string_view program, std::string_view message);
// That, and "Try 'PROGRAM --help'.": a bad command line.
void print_usage_error(std::string_view program, std::string_view message);

// Both programs' main: `run`, with whatever escapes it (a Xapian error, any
// exception) ending the program with a line and `failure_exit`, never with
// std::terminate. A closed standard descriptor is reserved first (no file
// the program opens can take its place), and a run that would exit 0 exits
// kMessagesLostExit when standard error did not take every message.
int run_guarded(std::string_view program, int (*run)(int, char**), int argc, char** argv,
                int failure_exit);

// Route std::cout through a buffer that writes to file descriptor 1 and
// remembers why a write failed: by the time a program looks, errno is long
// gone. Both programs call it first thing.
void watch_stdout();

// Thrown when standard output stops taking what is written to it, so that a
// long output (--export) stops there rather than running on; what() is why.
struct OutputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throw OutputError when standard output has stopped taking what is
// written to it (called after each piece of a long output).
void check_output();

// Flush standard output and say whether everything written to it arrived;
// when not, `reason` says why ("No space left on device").
bool flush_output(std::string& reason);

// Both programs' exit status when their output could not be written.
constexpr int kOutputFailedExit = 3;

// Both programs' exit status when the work was done but standard error did
// not take every message (a full disk, a closed stderr). Distinct from
// kOutputFailedExit, which for cqc-index means nothing was changed.
constexpr int kMessagesLostExit = 4;

// The exit status once a program's output is written: `status`, or
// kOutputFailedExit with a line on stderr when standard output did not take
// it all (a full disk, a closed stdout).
int finish_output(std::string_view program, int status);

} // namespace cqc
