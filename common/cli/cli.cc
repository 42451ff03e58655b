#include "cli.hh"

#include "text.hh"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <streambuf>
#include <type_traits>

#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

namespace cqc {
namespace po = boost::program_options;

po::variables_map parse_command_line(int argc, char** argv, const po::options_description& options,
                                     std::vector<std::string>& positional) {
    po::options_description hidden;
    hidden.add_options()("positional", po::value(&positional)->composing());
    po::positional_options_description where;
    where.add("positional", -1);
    po::options_description all;
    all.add(options).add(hidden);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(where).run(), vm);
    po::notify(vm);
    return vm;
}

std::string range_help(size_t min, size_t max) {
    return std::to_string(min) + "-" + std::to_string(max);
}

namespace {

// A bound as messages write it: a count in digits, seconds as %g does.
std::string number_text(size_t x) {
    return std::to_string(x);
}
std::string number_text(double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

// The one checked-number parser: the whole text is a number of type T
// (from_chars takes digits only for a count: no sign, no space, no "0x",
// so "-1" cannot wrap round to a huge number as stoul would make it; a
// double must be finite) within [min, max], else an error naming the
// option, what it takes and the range.
template <typename T>
T parse_checked(std::string_view option, std::string_view text, T min, T max,
                std::string_view what) {
    T value{};
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    bool finite = true;
    if constexpr (std::is_floating_point_v<T>) finite = std::isfinite(value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || !finite ||
        value < min || value > max)
        throw po::error(std::string(option) + " takes " + std::string(what) + " from " +
                        number_text(min) + " to " + number_text(max) + ", not '" +
                        std::string(text) + "'");
    return value;
}

// An option whose text parse_checked reads when the command line is parsed.
template <typename T>
po::typed_value<std::string>* checked_value(T& target, std::string option, T min, T max,
                                            const char* value_name, std::string_view what) {
    auto* value = po::value<std::string>();
    value->value_name(value_name);
    value->notifier([&target, option = std::move(option), min, max, what](const std::string& text) {
        target = parse_checked(option, text, min, max, what);
    });
    return value;
}

constexpr std::string_view kCount = "a whole number";
constexpr std::string_view kSeconds = "a number of seconds";

} // namespace

size_t parse_count(std::string_view option, std::string_view text, size_t min, size_t max) {
    return parse_checked(option, text, min, max, kCount);
}

double parse_seconds(std::string_view option, std::string_view text, double min, double max) {
    return parse_checked(option, text, min, max, kSeconds);
}

po::typed_value<std::string>* count_value(size_t& target, std::string option, size_t min,
                                          size_t max) {
    return checked_value(target, std::move(option), min, max, "N", kCount);
}

po::typed_value<std::string>* seconds_value(double& target, std::string option, double min,
                                            double max) {
    return checked_value(target, std::move(option), min, max, "SECONDS", kSeconds);
}

std::filesystem::path database_option(std::string_view option, const std::string& text) {
    if (text.empty())
        throw po::error(std::string(option) +
                        " needs a database directory, not an empty name (leave the option out "
                        "for the default database)");
    std::filesystem::path path(text);
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (std::filesystem::exists(status) && !std::filesystem::is_directory(status))
        throw po::error(std::string(option) + " " + text +
                        " is not a directory: a database is a directory");
    return path;
}

bool use_color(std::string_view mode, bool is_terminal, const char* no_color, const char* term) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    if (no_color && *no_color) return false;
    if (term && std::string_view(term) == "dumb") return false;
    return is_terminal;
}

namespace {

class WatchedStdout : public std::streambuf {
public:
    WatchedStdout() { setp(buffer_, buffer_ + sizeof buffer_); }
    int error = 0; // errno of the first failed write

protected:
    int_type overflow(int_type c) override {
        if (sync() != 0) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override {
        const char* p = pbase();
        while (p < pptr() && !error) {
            ssize_t n = ::write(STDOUT_FILENO, p, static_cast<size_t>(pptr() - p));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                error = n < 0 ? errno : EIO;
            else
                p += n;
        }
        setp(buffer_, buffer_ + sizeof buffer_);
        return error ? -1 : 0;
    }

private:
    char buffer_[1 << 16];
};

// Never destroyed: std::cout is flushed at exit, after static objects go.
WatchedStdout* watched = nullptr;

std::string output_error_reason() {
    int error = watched ? watched->error : errno;
    return error ? std::strerror(error) : "write error";
}

} // namespace

void watch_stdout() {
    if (!watched) watched = new WatchedStdout;
    std::cout.rdbuf(watched);
}

void print_error(std::string_view program, std::string_view message) {
    std::cerr << program << ": " << terminal_safe(message) << "\n";
}

void print_usage_error(std::string_view program, std::string_view message) {
    print_error(program, message);
    std::cerr << "Try '" << program << " --help'.\n";
}

namespace {

// A program started with standard output or error closed (`2>&-`) would be
// handed that descriptor by the next open(): a database file, which the
// messages meant for the terminal would then be written into. Each closed
// one is taken by /dev/null opened read-only, where a write fails (EBADF)
// just as on the closed descriptor, so the failure is still seen.
void reserve_standard_descriptors() {
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        int opened = ::open("/dev/null", O_RDONLY);
        if (opened >= 0 && opened != fd) {
            ::dup2(opened, fd);
            ::close(opened);
        }
    }
}

// Whether every message written to standard error arrived.
bool messages_arrived() {
    std::cerr.flush();
    return std::cerr.good() && !std::ferror(stderr);
}

} // namespace

int run_guarded(std::string_view program, int (*run)(int, char**), int argc, char** argv,
                int failure_exit) {
    reserve_standard_descriptors();
    int status = failure_exit;
    try {
        status = run(argc, argv);
    } catch (const Xapian::Error& e) {
        print_error(program, e.get_description());
    } catch (const std::exception& e) {
        print_error(program, e.what());
    } catch (...) {
        print_error(program, "unexpected error");
    }
    // Nowhere is left to say it, so the status does; a failure already
    // reported by its own status keeps it.
    if (status == 0 && !messages_arrived()) return kMessagesLostExit;
    return status;
}

bool flush_output(std::string& reason) {
    std::cout.flush();
    if (std::cout && std::fflush(stdout) == 0 && !std::ferror(stdout)) return true;
    reason = output_error_reason();
    return false;
}

void check_output() {
    if (!std::cout) throw OutputError(output_error_reason());
}

int finish_output(std::string_view program, int status) {
    std::string reason;
    if (flush_output(reason)) return status;
    print_error(program, "cannot write the output: " + reason);
    return kOutputFailedExit;
}

} // namespace cqc
