// When two indexed reports are one report. A report's id (the council's
// slug and publication date) says which edition it claims to be; its
// content says whether it is: two files with the same content are copies
// (indexed once, whatever their folder, shard or date), two contents that
// claim one id are two reports (both kept, and a warning says so). Content
// is compared as folded for matching (paragraph_key), so the PDF and the
// text of one report, or ’ against ', do not make two reports.
#pragma once

#include "report.hh"
#include "stored.hh"

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace cqc {

// A paragraph as compared: folded for matching (fold_key: case, accents,
// typographic quotes and dashes, punctuation and spacing), never shown.
std::string paragraph_key(std::string_view text);

// A report's content in one string: its scores and the distinct words of
// its sections, folded (paragraph breaks, order, subheadings run into text,
// compounds' hyphens aside). Equal for copies and for the forms of one
// report (its PDF, its saved page, their text dumps); a sentence of its own
// makes another content.
std::string content_signature(const Report& report);

// The same, of the report indexed under `id` in `db` (several copies in a
// database searched as one count once); empty when `db` holds no such
// report.
std::string indexed_content_signature(const Xapian::Database& db, const std::string& id);

} // namespace cqc
