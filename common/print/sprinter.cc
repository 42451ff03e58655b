#include "sprinter.hh"

#include "text.hh"

#include <algorithm>
#include <utility>

namespace cqc {

void Sprinter::field(std::string_view key, std::string_view value) {
    map_key(key);
    string(value);
}

void Sprinter::field(std::string_view key, long long value) {
    map_key(key);
    integer(value);
}

void Sprinter::string_or_null(std::string_view key, std::string_view value) {
    map_key(key);
    if (value.empty())
        null();
    else
        string(value);
}

void Sprinter::flag(std::string_view key, bool value) {
    if (!value) return;
    map_key(key);
    boolean(true);
}

void Sprinter::string_pairs(std::string_view key, const StringPairs& pairs) {
    StringPairs once;
    for (const auto& pair : pairs) {
        auto same = std::find_if(once.begin(), once.end(),
                                 [&](const auto& kv) { return kv.first == pair.first; });
        if (same == once.end())
            once.push_back(pair);
        else
            same->second = pair.second;
    }
    map_key(key);
    begin_map();
    for (const auto& [name, value] : once)
        field(name, value);
    end();
}

void Sprinter::integer_or_null(std::string_view key, const std::optional<int>& value) {
    map_key(key);
    if (value)
        integer(*value);
    else
        null();
}

namespace {

// A string as nlohmann writes it (quoted, escaped, bytes that are not UTF-8
// replaced), made json_safe: as json_text does to the whole text, a code
// point at a time.
std::string quoted(std::string_view s) {
    return json_safe(nlohmann::json(std::string(s))
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// A number as nlohmann writes it.
std::string real_text(double value) {
    return nlohmann::json(value).dump();
}

} // namespace

JsonPrinter::JsonPrinter(std::ostream& out, int indent) : out_(out), indent_(indent) {}

void JsonPrinter::newline(size_t depth) {
    if (indent_ < 0) return;
    out_ << '\n' << std::string(depth * static_cast<size_t>(indent_), ' ');
}

// Before a value: after its key in a map, or after a comma and newline in a
// list.
void JsonPrinter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (level.items++) out_ << ',';
    newline(levels_.size());
}

void JsonPrinter::begin(bool map) {
    before_value();
    levels_.push_back({map});
    out_ << (map ? '{' : '[');
}

void JsonPrinter::begin_map() {
    begin(true);
}

void JsonPrinter::begin_list() {
    begin(false);
}

void JsonPrinter::end() {
    Level level = levels_.back();
    levels_.pop_back();
    if (level.items) newline(levels_.size());
    out_ << (level.map ? '}' : ']');
}

void JsonPrinter::map_key(std::string_view key) {
    Level& level = levels_.back();
    if (level.items++) out_ << ',';
    newline(levels_.size());
    out_ << quoted(key) << (indent_ < 0 ? ":" : ": ");
    after_key_ = true;
}

void JsonPrinter::string(std::string_view value) {
    before_value();
    out_ << quoted(value);
}

void JsonPrinter::integer(long long value) {
    before_value();
    out_ << value;
}

void JsonPrinter::real(double value) {
    before_value();
    out_ << real_text(value);
}

void JsonPrinter::boolean(bool value) {
    before_value();
    out_ << (value ? "true" : "false");
}

void JsonPrinter::null() {
    before_value();
    out_ << "null";
}

// A value goes into the innermost open map (under the last key) or list.
// Keys are appended, not looked up (an ordered_json object looks each key up
// on insertion, which is quadratic over a thousand councils' facets): a
// printer gives each key of a map once.
nlohmann::ordered_json& JsonTreePrinter::add(nlohmann::ordered_json value) {
    if (open_.empty()) {
        root_ = std::move(value);
        return root_;
    }
    auto& parent = *open_.back();
    if (parent.is_object()) {
        auto& pairs = static_cast<nlohmann::ordered_json::object_t::Container&>(
            parent.get_ref<nlohmann::ordered_json::object_t&>());
        pairs.emplace_back(std::move(key_), std::move(value));
        return pairs.back().second;
    }
    parent.push_back(std::move(value));
    return parent.back();
}

void JsonTreePrinter::begin_map() {
    open_.push_back(&add(nlohmann::ordered_json::object()));
}

void JsonTreePrinter::begin_list() {
    open_.push_back(&add(nlohmann::ordered_json::array()));
}

void JsonTreePrinter::end() {
    open_.pop_back();
}

void JsonTreePrinter::map_key(std::string_view key) {
    key_ = key;
}

void JsonTreePrinter::string(std::string_view value) {
    add(std::string(value));
}

void JsonTreePrinter::integer(long long value) {
    add(value);
}

void JsonTreePrinter::real(double value) {
    add(value);
}

void JsonTreePrinter::boolean(bool value) {
    add(value);
}

void JsonTreePrinter::null() {
    add(nullptr);
}

TerminalPrinter::TerminalPrinter(Layout layout) : layout_(std::move(layout)) {}

void TerminalPrinter::end() {
    JsonTreePrinter::end();
    if (whole()) layout_(tree());
}

void TerminalPrinter::string_pairs(std::string_view key, const StringPairs& pairs) {
    map_key(key);
    begin_list();
    for (const auto& [name, value] : pairs) {
        begin_list();
        string(name);
        string(value);
        end();
    }
    end();
}

CsvPrinter::CsvPrinter(std::ostream& out, std::vector<Column> columns)
    : out_(out), columns_(std::move(columns)) {}

void CsvPrinter::header() {
    for (size_t c = 0; c < columns_.size(); ++c)
        out_ << (c ? "," : "") << columns_[c].header;
    out_ << "\r\n";
}

void CsvPrinter::begin_map() {
    if (lists_) {
        ++lists_; // inside a list: left out, counted to find its end
        return;
    }
    if (maps_++ == 0) {
        cells_.assign(columns_.size(), "");
        keys_.clear();
    }
}

void CsvPrinter::begin_list() {
    ++lists_;
}

void CsvPrinter::end() {
    if (lists_) {
        --lists_;
        if (!lists_ && !keys_.empty()) keys_.pop_back(); // the list's key
        return;
    }
    if (--maps_ > 0) {
        keys_.pop_back(); // the map's key
        return;
    }
    for (size_t c = 0; c < cells_.size(); ++c)
        out_ << (c ? "," : "") << cells_[c];
    out_ << "\r\n";
}

void CsvPrinter::map_key(std::string_view key) {
    if (!lists_) keys_.emplace_back(key);
}

std::string CsvPrinter::key_path() const {
    std::string path;
    for (const auto& k : keys_)
        path += (path.empty() ? "" : "/") + k;
    return path;
}

void CsvPrinter::cell(std::string text) {
    if (lists_) return;
    std::string path = key_path();
    keys_.pop_back();
    auto it = std::find_if(columns_.begin(), columns_.end(),
                           [&](const Column& c) { return c.path == path; });
    if (it != columns_.end()) cells_[static_cast<size_t>(it - columns_.begin())] = std::move(text);
}

void CsvPrinter::string(std::string_view value) {
    cell(csv_cell(value));
}

void CsvPrinter::integer(long long value) {
    cell(std::to_string(value));
}

void CsvPrinter::real(double value) {
    cell(real_text(value));
}

void CsvPrinter::boolean(bool value) {
    cell(value ? "true" : "false");
}

void CsvPrinter::null() {
    cell("");
}

void CsvPrinter::string_pairs(std::string_view key, const StringPairs& pairs) {
    map_key(key);
    auto it = std::find_if(columns_.begin(), columns_.end(),
                           [&](const Column& c) { return c.pairs && c.path == key_path(); });
    if (it != columns_.end())
        cell(csv_cell(it->pairs(pairs)));
    else if (!lists_)
        keys_.pop_back();
}

void CsvPrinter::flag(std::string_view key, bool value) {
    map_key(key);
    boolean(value);
}

} // namespace cqc
