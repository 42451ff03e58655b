#include "dates.hh"

#include <array>
#include <cctype>
#include <cstdio>
#include <regex>

namespace cqc {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : days[month - 1];
}

// "March", "Mar", "Mar.", "Sept" -> 3, 3, 3, 9
int month_number(std::string name) {
    for (auto& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!name.empty() && name.back() == '.') name.pop_back();
    if (name.size() < 3) return 0;
    for (size_t i = 0; i < kMonths.size(); ++i)
        if (kMonths[i].starts_with(name)) return static_cast<int>(i + 1);
    return 0;
}

std::optional<std::string> iso(int year, int month, int day) {
    if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 ||
        day > days_in(year, month))
        return std::nullopt;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return std::string(buf);
}

} // namespace

DateReading read_date(std::string_view text) {
    // Long lines are paragraphs; a date worth reading sits near the start
    // of a short line, and std::regex recurses per character.
    if (text.size() > 400) text = text.substr(0, 400);
    // Alternatives, in the order tried at one place: ISO; day-first numbers
    // (one separator throughout); day month year; month day, year; month
    // year.
    static const std::regex re(
        R"((\d{4})-(\d{1,2})-(\d{1,2})(?![0-9])|)"
        R"(\b(\d{1,2})([/.-])(\d{1,2})\5(\d{4}|\d{2})(?![0-9])|)"
        R"(\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9}\.?),?\s+(\d{4}|\d{2})\b|)"
        R"(\b([A-Za-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,\s*(\d{4})\b|)"
        R"(\b([A-Za-z]{3,9}\.?)\s+(\d{4})\b)");
    auto number = [](const auto& group) { return std::stoi(group.str()); };
    // "25" is 2025: reports are of this century.
    auto year = [&](const auto& group) {
        int y = number(group);
        return group.length() == 2 ? 2000 + y : y;
    };
    DateReading out;
    std::match_results<std::string_view::const_iterator> m;
    auto begin = text.begin();
    while (std::regex_search(begin, text.end(), m, re)) {
        std::optional<std::string> date;
        int month = 0;
        if (m[1].matched) {
            month = number(m[2]);
            date = iso(number(m[1]), month, number(m[3]));
        } else if (m[4].matched) {
            month = number(m[6]);
            date = iso(year(m[7]), month, number(m[4]));
        } else if (m[8].matched) {
            month = month_number(m[9].str());
            date = iso(year(m[10]), month, number(m[8]));
        } else if (m[11].matched) {
            month = month_number(m[11].str());
            date = iso(number(m[13]), month, number(m[12]));
        } else {
            month = month_number(m[14].str());
            date = iso(number(m[15]), month, 1);
        }
        if (date) {
            out.date = date;
            out.impossible.clear();
            return out;
        }
        // A real month with a day it does not have is a date written wrong;
        // other words before a number ("Page 2025") are not dates at all.
        if (month >= 1 && month <= 12 && out.impossible.empty()) out.impossible = m[0].str();
        begin = m[0].second;
    }
    return out;
}

std::optional<std::string> find_date(std::string_view text) {
    return read_date(text).date;
}

std::optional<DateSpan> parse_date_span(std::string_view text) {
    static const std::regex re(R"((\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?)");
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_match(text.begin(), text.end(), m, re)) return std::nullopt;
    int year = std::stoi(m[1].str());
    if (!m[2].matched) {
        auto first = iso(year, 1, 1), last = iso(year, 12, 31);
        if (!first) return std::nullopt;
        return DateSpan{*first, *last};
    }
    int month = std::stoi(m[2].str());
    if (!m[3].matched) {
        auto first = iso(year, month, 1);
        if (!first) return std::nullopt;
        return DateSpan{*first, *iso(year, month, days_in(year, month))};
    }
    auto day = iso(year, month, std::stoi(m[3].str()));
    if (!day) return std::nullopt;
    return DateSpan{*day, *day};
}

} // namespace cqc
