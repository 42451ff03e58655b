#include "results.hh"

namespace cqc {

int Hit::shown_line() const {
    return line ? line : section.line;
}

int Hit::shown_page() const {
    return page ? page : section.page;
}

} // namespace cqc
