#include "document.hh"

namespace cqc {
namespace {

std::string_view kind_name(BlockKind kind) {
    switch (kind) {
    case BlockKind::heading:
        return "heading";
    case BlockKind::paragraph:
        return "paragraph";
    case BlockKind::list_item:
        return "list_item";
    case BlockKind::table_row:
        return "table_row";
    }
    return "paragraph";
}

nlohmann::json block_json(const Block& b) {
    nlohmann::json j = {{"kind", kind_name(b.kind)}, {"text", b.text}};
    if (b.level) j["level"] = b.level;
    if (!b.cells.empty()) j["cells"] = b.cells;
    if (b.line) j["line"] = b.line;
    if (b.page) j["page"] = b.page;
    if (b.page_break_before) j["page_break_before"] = true;
    return j;
}

} // namespace

nlohmann::json document_json(const Document& doc) {
    nlohmann::json front = nlohmann::json::array(), blocks = nlohmann::json::array();
    for (const auto& b : doc.front_matter)
        front.push_back(block_json(b));
    for (const auto& b : doc.blocks)
        blocks.push_back(block_json(b));
    nlohmann::json j = {{"path", doc.path}, {"front_matter", front}, {"blocks", blocks}};
    if (!doc.published.empty()) j["published"] = doc.published;
    return j;
}

} // namespace cqc
