// Printing, separate from finding: each printer renders the result model
// (results.hh). Each record (a hit, a grid row, a change) is described
// once to a structured printer (sprinter.hh), and a back end per form
// renders it: JSON, a JSON tree (for the web page), CSV, and the terminal,
// whose layouts put the described values in lines, columns and colours.
#pragma once

#include "results.hh"
#include "stored.hh"
#include "text.hh"

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace cqc {

struct TerminalStyle {
    bool color = false; // ANSI colour and bold matches
};

void print_terminal(const SearchResults& results, std::ostream& out, const TerminalStyle& style);
void print_json(const SearchResults& results, std::ostream& out);
void print_csv(const SearchResults& results, std::ostream& out);
// --facets-csv: a row per facet value (field, value as stored, name as
// shown on a terminal, count), every value.
void print_facets_csv(const FacetCounts& facets, std::ostream& out);

// Every JSON the programs write goes through here: bytes that are not UTF-8
// become U+FFFD instead of an exception (a query or file name can hold
// them), and the unsafe code points are escaped (json_safe, text.hh).
template <class Json> std::string json_text(const Json& value, int indent = -1) {
    return json_safe(value.dump(indent, ' ', false, Json::error_handler_t::replace));
}

nlohmann::ordered_json results_json(const SearchResults& results);

// A section's metadata as JSON (results build on it).
nlohmann::ordered_json section_json(const StoredSection& section);
// The same with the section's text, for --export.
nlohmann::ordered_json exported_section_json(const StoredSection& section);
// That as one line of JSON, ended by a newline: a line of --export.
void print_exported_section(const StoredSection& section, std::ostream& out);

void print_grid_terminal(const ScoreGrid& grid, std::ostream& out, const TerminalStyle& style);
void print_grid_json(const ScoreGrid& grid, std::ostream& out);
void print_grid_csv(const ScoreGrid& grid, std::ostream& out);
nlohmann::ordered_json grid_json(const ScoreGrid& grid);

void print_changes_terminal(const Changes& changes, std::ostream& out, const TerminalStyle& style);
void print_changes_json(const Changes& changes, std::ostream& out);
void print_changes_csv(const Changes& changes, std::ostream& out);
nlohmann::ordered_json changes_json(const Changes& changes);

// A facet or filter value as people read it: statements, themes and
// ratings by name, scores with their label (the index stores ids and
// digits); any other value as it is. A rating's name, as JSON's facets give
// it, reads as itself.
std::string facet_value_name(const std::string& name, const std::string& value);

// What a result says when the report's words stood in for the user's, as
// (report's words, user's words) pairs: `matched "respite" for "short
// breaks"; matched ...` (not yet made safe for where it is shown). The
// terminal, the page and the CSV all say it so.
std::string stood_in_list(const std::vector<std::pair<std::string, std::string>>& pairs);

// Display name of a rating id ("requires-improvement" -> "Requires improvement").
std::string rating_name(const std::string& id);

} // namespace cqc
