// Calendar dates as reports and people write them ("12 March 2025", "12th
// Mar 2025", "2025-03-12", "20/01/2026") and as the index stores them (ISO 8601, "2025-03-12",
// which sorts as text). One place for both directions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cqc {

// What a text's first date is, as ISO "YYYY-MM-DD". Read: day month-name
// year ("12 March 2025", "1st Sept. 2024", "2 June 25"), month-name day,
// year ("March 12, 2025"), a month alone ("March 2025": its first day), ISO
// ("2025-03-12", also the start of a datetime) and day-first numbers as
// written in England ("20/01/2026", "20.01.2026", "20-01-26"). A two-digit
// year is 20YY.
struct DateReading {
    std::optional<std::string> date;
    // A date as written that names no day ("31 February 2025"), when no
    // good date was found: the text, for a warning that names it.
    std::string impossible;
};
DateReading read_date(std::string_view text);

// read_date(text).date.
std::optional<std::string> find_date(std::string_view text);

// A whole date, month or year as a user types it in a query: "2025",
// "2025-03", "2025-03-12". Gives the first and last ISO day it covers.
struct DateSpan {
    std::string first;
    std::string last;
};
std::optional<DateSpan> parse_date_span(std::string_view text);

} // namespace cqc
