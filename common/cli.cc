#include "cli.hh"

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

} // namespace cqc
