// startup_floor: the start-up cqc-search could have, for bench/run.
//
//   startup_floor --version
//
// Links exactly what cqc-search needs to link (Xapian, ICU,
// Boost.Program_options) and touches each, so that none is dropped by the
// linker, then does what `cqc-search --version` does: parse the options and
// print a line. Its time is process start-up plus loading those libraries;
// cqc-search's start-up above it is what the project itself costs.
#include <boost/program_options.hpp>
#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <xapian.h>

#include <iostream>

namespace po = boost::program_options;

int main(int argc, char** argv) {
    po::options_description opts("startup_floor");
    opts.add_options()("version", "print versions");
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, opts), vm);
    UVersionInfo icu;
    u_getVersion(icu);
    char icu_text[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(icu, icu_text);
    if (vm.count("version"))
        std::cout << "startup_floor (Xapian " << Xapian::version_string() << ", ICU " << icu_text
                  << ", upper(a)=" << static_cast<char>(u_toupper('a')) << ")\n";
    return 0;
}
