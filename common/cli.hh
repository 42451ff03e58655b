// Command-line plumbing shared by cqc-index and cqc-search.
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace cqc {

// Parse options plus any number of positional words into `positional`.
// Throws boost::program_options::error on a bad command line.
boost::program_options::variables_map
parse_command_line(int argc, char** argv,
                   const boost::program_options::options_description& options,
                   std::vector<std::string>& positional);

} // namespace cqc
