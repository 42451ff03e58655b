// Calendar dates as reports write them ("12 March 2025", "12th Mar 2025",
// "2025-03-12") and as the index stores them (ISO 8601, "2025-03-12", which
// sorts as text). One place for both directions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cqc {

// The first date written in `text` as ISO "YYYY-MM-DD": day month-name year
// ("12 March 2025", "1st Sept. 2024"), month-name day, year ("March 12,
// 2025") or ISO ("2025-03-12", also the start of a datetime). Nullopt when
// none is found or the day does not exist in that month.
std::optional<std::string> find_date(std::string_view text);

// A whole date, month or year as a user types it in a query: "2025",
// "2025-03", "2025-03-12". Gives the first and last ISO day it covers.
struct DateSpan {
    std::string first;
    std::string last;
};
std::optional<DateSpan> parse_date_span(std::string_view text);

} // namespace cqc
