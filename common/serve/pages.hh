// The HTML pages of cqc-search --serve, rendered from the JSON the printers
// write (printers.hh), so that a page shows what /api/* and --json say.
// Every string from a report, a query or a URL goes through html_safe
// (text.hh); the markup is this file's own.
#pragma once

#include "site.hh"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cqc {

using Json = nlohmann::ordered_json;

// The parameters that narrow a search, a grid or a list of changes, in the
// order of the field table (schema.hh), as the facets are shown: each is a
// field of the query language.
const std::vector<std::string>& filter_fields();

// "path?a=1&b=2", percent-encoded (not yet HTML-escaped).
std::string url(std::string_view path, const Params& params);

// The values of parameter `name`, in order; the first one, or "".
std::vector<std::string> values(const Params& params, std::string_view name);
std::string value(const Params& params, std::string_view name);
// Whether a yes/no parameter is given: present, and not "0".
bool flag(const Params& params, std::string_view name);

// `/`: the form alone (no query yet), or results with facets and pages.
std::string search_page(const Params& params, const Json* results, size_t limit, size_t offset);
std::string grid_page(const Params& params, const Json& grid);
std::string changes_page(const Params& params, const Json& changes);
// A report's sections in order (exported_section_json of each).
std::string report_page(const std::string& id, const std::vector<Json>& sections);
// An error page: a title, and the message (the CLI's own for a bad query).
std::string error_page(std::string_view path, const Params& params, std::string_view title,
                       std::string_view message);

// The style sheet and the script (the only one: it submits the form when
// "latest" or "exact" is ticked; without it the button does).
std::string_view style_sheet();
std::string_view script();
std::string_view icon();

} // namespace cqc
