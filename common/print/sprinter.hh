// A structured printer (as notmuch's sprinter.h): a printer describes each
// record once, as maps, lists and values, and a back end renders it. The
// back ends here: JSON written as it goes, a JSON tree (nlohmann's
// ordered_json), CSV and a terminal. A map's keys are given once each, in
// the order shown.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cqc {

class Sprinter {
public:
    virtual ~Sprinter() = default;
    virtual void begin_map() = 0;
    virtual void begin_list() = 0;
    virtual void end() = 0; // of the innermost map or list
    // The key of the next value, in a map.
    virtual void map_key(std::string_view key) = 0;
    virtual void string(std::string_view value) = 0;
    virtual void integer(long long value) = 0;
    virtual void real(double value) = 0;
    virtual void boolean(bool value) = 0;
    virtual void null() = 0;
    // A boolean that goes without saying when false: JSON leaves the key
    // out (this default), CSV (a cell in every row) writes "false".
    virtual void flag(std::string_view key, bool value);
    // Strings named by strings, given as pairs in which a name can come more
    // than once: as a map (this default, for JSON and CSV), each name once,
    // where it first comes, with the value of its last pair (an object holds
    // one value per key); a terminal keeps every pair.
    using StringPairs = std::vector<std::pair<std::string, std::string>>;
    virtual void string_pairs(std::string_view key, const StringPairs& pairs);

    // A key and its value, for short.
    void field(std::string_view key, std::string_view value);
    void field(std::string_view key, long long value);
    // null when empty (unknown).
    void string_or_null(std::string_view key, std::string_view value);
    // null when none.
    void integer_or_null(std::string_view key, const std::optional<int>& value);
};

// JSON, written to `out` as it is described, as nlohmann's dump(indent)
// writes it and made json_safe (text.hh) as json_text does: -1 is one line.
class JsonPrinter : public Sprinter {
public:
    explicit JsonPrinter(std::ostream& out, int indent = -1);
    void begin_map() override;
    void begin_list() override;
    void end() override;
    void map_key(std::string_view key) override;
    void string(std::string_view value) override;
    void integer(long long value) override;
    void real(double value) override;
    void boolean(bool value) override;
    void null() override;

private:
    struct Level {
        bool map;
        size_t items = 0;
    };
    std::ostream& out_;
    int indent_;
    std::vector<Level> levels_;
    bool after_key_ = false;
    void begin(bool map);
    void before_value();
    void newline(size_t depth);
};

// A JSON tree: nlohmann::ordered_json, for callers that build on it.
class JsonTreePrinter : public Sprinter {
public:
    void begin_map() override;
    void begin_list() override;
    void end() override;
    void map_key(std::string_view key) override;
    void string(std::string_view value) override;
    void integer(long long value) override;
    void real(double value) override;
    void boolean(bool value) override;
    void null() override;

    // The value described (null until one is).
    nlohmann::ordered_json& tree() { return root_; }
    // Whether the value described is whole: no map or list left open.
    bool whole() const { return open_.empty(); }

private:
    nlohmann::ordered_json root_;
    std::vector<nlohmann::ordered_json*> open_;
    std::string key_;
    nlohmann::ordered_json& add(nlohmann::ordered_json value);
};

// CSV: each record (a map) described is a row of the given columns, in
// their order, ended with CRLF. A column names its value by the keys that
// lead to it, joined by '/' ("scores/equity" for the key "equity" in the
// record's map "scores"). Strings become csv_cell (text.hh), null an empty
// cell, booleans true and false; a column the record does not give is
// empty, and lists and keys no column names are left out. string_pairs
// fill a cell only where a column says how to write them.
class CsvPrinter : public Sprinter {
public:
    struct Column {
        std::string header, path;
        // For a column given string_pairs: its cell, written from every pair.
        std::function<std::string(const StringPairs&)> pairs = nullptr;
    };
    CsvPrinter(std::ostream& out, std::vector<Column> columns);
    // The header row.
    void header();
    void begin_map() override;
    void begin_list() override;
    void end() override;
    void map_key(std::string_view key) override;
    void string(std::string_view value) override;
    void integer(long long value) override;
    void real(double value) override;
    void boolean(bool value) override;
    void null() override;
    void flag(std::string_view key, bool value) override;
    void string_pairs(std::string_view key, const StringPairs& pairs) override;

private:
    std::ostream& out_;
    std::vector<Column> columns_;
    std::vector<std::string> cells_; // of the record being described, by column
    std::vector<std::string> keys_;  // the open maps' keys, then the value's
    size_t lists_ = 0;               // lists open inside the record
    size_t maps_ = 0;                // maps open, the record's included
    void cell(std::string text);
    std::string key_path() const; // the open keys joined by '/'
};

// A terminal. Its form needs a value whole (a line that comes before the
// records it sums up, columns as wide as their widest cell), so the value
// described is kept as JsonTreePrinter keeps it and, once it ends, handed to
// the layout, which lays it out in lines, columns and colours, reading it by
// its keys as CSV's columns do (printers.cc holds the layouts). Pairs
// (string_pairs) are kept as a list of [name, value] lists, every one.
class TerminalPrinter : public JsonTreePrinter {
public:
    using Layout = std::function<void(const nlohmann::ordered_json& value)>;
    explicit TerminalPrinter(Layout layout);
    void end() override;
    void string_pairs(std::string_view key, const StringPairs& pairs) override;

private:
    Layout layout_;
};

} // namespace cqc
