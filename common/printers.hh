// Printing, separate from finding: each printer renders a SearchResults.
#pragma once

#include "search.hh"

#include <nlohmann/json.hpp>

#include <ostream>

namespace cqc {

struct TerminalStyle {
    bool color = false; // ANSI colour and bold matches
};

void print_terminal(const SearchResults& results, std::ostream& out, const TerminalStyle& style);
void print_json(const SearchResults& results, std::ostream& out);
void print_csv(const SearchResults& results, std::ostream& out);

nlohmann::ordered_json results_json(const SearchResults& results);

// A section's metadata as JSON (results build on it).
nlohmann::ordered_json section_json(const StoredSection& section);
// The same with the section's text, for --export.
nlohmann::ordered_json exported_section_json(const StoredSection& section);

void print_grid_terminal(const ScoreGrid& grid, std::ostream& out, const TerminalStyle& style);
void print_grid_json(const ScoreGrid& grid, std::ostream& out);
void print_grid_csv(const ScoreGrid& grid, std::ostream& out);
nlohmann::ordered_json grid_json(const ScoreGrid& grid);

void print_changes_terminal(const Changes& changes, std::ostream& out, const TerminalStyle& style);
void print_changes_json(const Changes& changes, std::ostream& out);
void print_changes_csv(const Changes& changes, std::ostream& out);
nlohmann::ordered_json changes_json(const Changes& changes);

// Display name of a rating id ("requires-improvement" -> "Requires improvement").
std::string rating_name(const std::string& id);

} // namespace cqc
