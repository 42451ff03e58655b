#include "framework.hh"
#include "helpers.hh"
#include "text.hh"
#include "tokens.hh"

#include <xapian.h>

#include <filesystem>
#include <map>

#include <catch2/catch.hpp>

using namespace cqc;

TEST_CASE("normalisation folds accents, typographic quotes and dashes") {
    CHECK(normalise_text("Conversation Caf\xC3\xA9") == "Conversation Cafe");
    CHECK(normalise_text("people\xE2\x80\x99s \xE2\x80\x9Cview\xE2\x80\x9D") ==
          "people's \"view\"");
    CHECK(normalise_text("2023\xE2\x80\x93"
                         "2026 \xE2\x80\x94 plan") == "2023-2026 - plan");
    CHECK(normalise_text("\xEF\xAC\x81nance") == "finance"); // NFKC: the fi ligature
    CHECK(normalise_text("no\xC2\xA0"
                         "break") == "no break");
    CHECK(normalise_text("AND NEAR") == "AND NEAR"); // case kept for query operators
}

TEST_CASE("the shortcut for common typographic characters agrees with ICU") {
    // Every character the shortcut handles, each among ordinary words.
    const char* const samples[] = {
        "\xE2\x80\x98quoted\xE2\x80\x99 and \xE2\x80\x9A\xE2\x80\x9B",
        "\xE2\x80\x9C"
        "double\xE2\x80\x9D \xE2\x80\x9E\xE2\x80\x9F",
        "dashes \xE2\x80\x90\xE2\x80\x91\xE2\x80\x92\xE2\x80\x93\xE2\x80\x94\xE2\x80\x95 end",
        "no\xC2\xA0"
        "break, \xC2\xA3"
        "1.2 million and \xE2\x82\xAC"
        "5",
    };
    for (const char* s : samples) {
        INFO(s);
        CHECK(normalise_text(s) == normalise_with_icu(s));
    }
    // and each Latin-1 letter, with the copyright sign and a bullet
    for (unsigned cp = 0xC0; cp <= 0xFF; ++cp) {
        std::string text = "\xC2\xA9 \xE2\x80\xA2 x";
        text += static_cast<char>(0xC0 | (cp >> 6));
        text += static_cast<char>(0x80 | (cp & 0x3F));
        text += "x";
        INFO(cp);
        CHECK(normalise_text(text) == normalise_with_icu(text));
    }
    // and text beyond it still goes through ICU
    CHECK(normalise_text("\xE2\x80\x9C"
                         "Caf\xC3\xA9\xE2\x80\x9D") == "\"Cafe\"");
}

TEST_CASE("decoding repairs bad UTF-8, converts Windows-1252 and spots binary") {
    auto utf8 = decode_bytes("caf\xC3\xA9");
    CHECK(utf8.encoding == "utf-8");
    CHECK(utf8.text == "caf\xC3\xA9");

    auto latin = decode_bytes("caf\xE9 \x93quoted\x94");
    CHECK(latin.encoding == "windows-1252");
    CHECK(normalise_text(latin.text) == "cafe \"quoted\"");

    auto broken = decode_bytes("caf\xC3\xA9 and \xFF bad");
    CHECK(broken.replaced == 1);
    CHECK(is_valid_utf8(broken.text));

    CHECK(decode_bytes(std::string("PK\x03\x04\0\0binary", 12)).binary);
    CHECK(decode_bytes("\xEF\xBB\xBFwith bom").text == "with bom");
}

TEST_CASE("slugs are stable ids") {
    CHECK(slugify("London Borough of Harrow") == "london-borough-of-harrow");
    CHECK(slugify("  St. Helen's  Council ") == "st-helens-council");
    CHECK(slugify("Caf\xC3\xA9") == "cafe");
}

TEST_CASE("stored text keeps the report's characters: only what no reader sees is made plain") {
    // accents, dashes, curly quotes, symbols: as published
    std::string shown =
        "Caf\xC3\xA9 \xE2\x80\x93 people\xE2\x80\x99s \xE2\x80\x9Cview\xE2\x80\x9D \xC2\xA3"
        "5";
    CHECK(tidy_text(shown) == shown);
    CHECK(tidy_text("\xEF\xAC\x81nance") == "finance"); // a typesetting ligature
    CHECK(tidy_text("no\xC2\xA0"
                    "break") == "no break");                      // a space is a space
    CHECK(tidy_text("commis\xC2\xADsioning") == "commissioning"); // soft hyphen
    CHECK(tidy_text("Cafe\xCC\x81") == "Caf\xC3\xA9");            // composed (NFC)
    // and matching still folds them all
    CHECK(normalise_text(tidy_text(shown)) == normalise_text(shown));
}

TEST_CASE("folding keeps track of where each folded byte came from") {
    const char* const samples[] = {
        "plain ASCII text",
        "Conversation Caf\xC3\xA9 \xE2\x80\x93 people\xE2\x80\x99s \xE2\x80\x9Cview\xE2\x80\x9D",
        "Cafe\xCC\x81 and \xEF\xAC\x81nance, \xC3\x86sop, stra\xC3\x9F"
        "e",
        "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xC2\xBD \xE2\x84\xA2 x\xC2\xAD"
        "y \xEF\xBC\xA1",
        "bad \xFF byte",
    };
    for (const char* s : samples) {
        INFO(s);
        MappedText m = normalise_mapped(s);
        CHECK(m.text == normalise_text(s));
        for (size_t i = 0; i < m.text.size(); ++i) {
            REQUIRE(m.begin_of(i) < m.end_of(i));
            REQUIRE(m.end_of(i) <= std::string_view(s).size());
        }
    }
    MappedText m = normalise_mapped("Caf\xC3\xA9!");
    CHECK(m.text == "Cafe!");
    CHECK(m.begin_of(3) == 3);
    CHECK(m.end_of(3) == 5); // "e" is the two bytes of "é"
    CHECK(m.begin_of(4) == 5);
}

TEST_CASE("the tokeniser gives words folded, with their place in the report's own text") {
    std::string text = "Conversation Caf\xC3\xA9\xE2\x80\x99s \xE2\x80\x9C"
                       "caf\xC3\xA9s\xE2\x80\x9D: U.N. AT&T C++ 1,000";
    auto tokens = tokenise(text);
    std::vector<std::string> words, shown;
    for (const auto& t : tokens) {
        words.push_back(t.word);
        shown.push_back(text.substr(t.begin, t.end - t.begin));
    }
    CHECK(words == std::vector<std::string>{"conversation", "cafe's", "cafes", "un", "at&t", "c++",
                                            "1,000"});
    CHECK(shown == std::vector<std::string>{"Conversation", "Caf\xC3\xA9\xE2\x80\x99s",
                                            "caf\xC3\xA9s", "U.N.", "AT&T", "C++", "1,000"});
    CHECK(code_point_offset(text, tokens[2].begin) == 21);
    // And back: every word's place, counted in code points (as JSON's
    // highlights are), is the word's bytes again (as a terminal shows them).
    auto at = code_point_bytes(text);
    for (const auto& t : tokens) {
        CHECK(at[code_point_offset(text, t.begin)] == t.begin);
        CHECK(at[code_point_offset(text, t.end)] == t.end);
    }
    CHECK(at.back() == text.size());
}

TEST_CASE("the tokeniser splits words as Xapian's TermGenerator does") {
    // Tricky cases, then every line of the bundled report and the fixtures:
    // the index is made of these words, and must stay as it was.
    std::vector<std::string> texts = {
        "people's AT&T M&S U.N.C.L.E P.T.O. A.b U.S.A",
        "C++ C# fish+chips a+++b x+",
        "1,000 2.5 3;4 1,a a,1 co-production",
        "'quoted' l'\xC3\xA9t\xC3\xA9 trailing'",
        "zero\xE2\x80\x8Bwidth caf\xC3\xA9 na\xC3\xAFve \xCE\xB1\xCE\xB2\xCE\xB3 _under_score_",
        std::string(70, 'x') + " long words are left out " + std::string(64, 'y'),
    };
    for (const auto& dir : {test::corpus(), test::fixtures()})
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
            if (entry.is_regular_file() && entry.path().extension() == ".txt")
                texts.push_back(decode_bytes(test::read_file(entry.path())).text);
    for (const auto& text : texts) {
        std::string normalised = normalise_text(text);
        std::vector<std::string> ours;
        for_each_word(normalised,
                      [&](std::string_view w, size_t, size_t) { ours.emplace_back(w); });
        Xapian::TermGenerator generator;
        generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(normalised);
        std::map<Xapian::termpos, std::string> by_position;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                by_position[*p] = *t;
        std::vector<std::string> xapian;
        for (auto& [position, word] : by_position)
            xapian.push_back(word);
        INFO(text.substr(0, 80));
        CHECK(ours == xapian);
    }
}

TEST_CASE("framework keys fold the report's characters") {
    CHECK(fold_key("Summary of people\xE2\x80\x99s experiences") ==
          "summary of peoples experiences");
    CHECK(fold_key("Caf\xC3\xA9 \xE2\x80\x93 open") == "cafe open");
}

// The one output sanitiser (text.hh): what report text, names and paths may
// carry never reaches a terminal, stderr, JSON or CSV as it is.
TEST_CASE("terminal_safe escapes controls, escape sequences and bidi controls") {
    // ESC sequences: clear the screen, set the window title (OSC), colour.
    CHECK(terminal_safe("a\x1b[2Jb") == "a\\x1B[2Jb");
    CHECK(terminal_safe("\x1b]0;owned\x07") == "\\x1B]0;owned\\x07");
    // Backspace and carriage return overwrite what was shown; a newline
    // forges a line; tab and DEL too, in one-line data.
    CHECK(terminal_safe("safe\b\b\b\bevil") == "safe\\x08\\x08\\x08\\x08evil");
    CHECK(terminal_safe("file\nfake.txt: error: x") == "file\\x0Afake.txt: error: x");
    CHECK(terminal_safe("a\rb\tc\x7f") == "a\\x0Db\\x09c\\x7F");
    CHECK(terminal_safe(std::string("nul\0here", 8)) == "nul\\x00here");
    // C1 controls as UTF-8 (U+009B is CSI) and as raw bytes (not UTF-8).
    CHECK(terminal_safe("\xC2\x9B"
                        "31m") == "\\u{009B}31m");
    CHECK(terminal_safe("\x9b"
                        "31m") == "\\x9B31m");
    // Bidi embeddings, overrides, isolates and marks, line separators.
    CHECK(terminal_safe("\xE2\x80\xAEtxt.exe") == "\\u{202E}txt.exe");
    CHECK(terminal_safe("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD") ==
          "\\u{202A}\\u{202B}\\u{202C}\\u{202D}");
    CHECK(terminal_safe("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9") ==
          "\\u{2066}\\u{2067}\\u{2068}\\u{2069}");
    CHECK(terminal_safe("\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C") == "\\u{200E}\\u{200F}\\u{061C}");
    CHECK(terminal_safe("one\xE2\x80\xA8two\xE2\x80\xA9") == "one\\u{2028}two\\u{2029}");
    // Bytes that are not UTF-8, a truncated sequence among them.
    CHECK(terminal_safe("caf\xE9 \xE2\x80") == "caf\\xE9 \\xE2\\x80");
}

TEST_CASE("terminal_safe shows the report's own characters") {
    const std::string text = "Caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\x9Cquoted\xE2\x80\x9D \xC2\xA3"
                             "5 \xE2\x80\xA2 na\xC3\xAFve \xE2\x80\x8D \xF0\x9F\x98\x80 ~!";
    CHECK(terminal_safe(text) == text);
    CHECK(terminal_safe("") == "");
}

TEST_CASE("terminal_safe keeps tab and newline only where the format has room") {
    CHECK(terminal_safe("a\tb\nc", Layout::text) == "a\tb\nc");
    CHECK(terminal_safe("a\rb\x1b", Layout::text) == "a\\x0Db\\x1B");
    CHECK(terminal_safe("a\tb\nc", Layout::line) == "a\\x09b\\x0Ac");
}

TEST_CASE("json_safe escapes what nlohmann's dump leaves raw, and only that") {
    // A dump escapes C0 itself; DEL, C1, bidi and separators it leaves.
    CHECK(json_safe("{\"a\":\"x\x7f\xC2\x9B\xE2\x80\xAE\xE2\x80\xA8y\"}") ==
          "{\"a\":\"x\\u007f\\u009b\\u202e\\u2028y\"}");
    // A dump's own layout (newlines, indentation) and text are kept.
    const std::string pretty = "{\n  \"a\": \"Caf\xC3\xA9 \xE2\x80\x94\"\n}";
    CHECK(json_safe(pretty) == pretty);
}

TEST_CASE("csv_cell guards formulas, escapes controls and quotes") {
    // OWASP's formula starts: = + - @ tab and carriage return.
    CHECK(csv_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_cell("+1") == "'+1");
    CHECK(csv_cell("-2+3") == "'-2+3");
    CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_cell("\tx") == "'\tx");
    // A carriage return is escaped (a CSV cell keeps tab and newline only),
    // so no cell starts with one.
    CHECK(csv_cell("\r=1") == "\\x0D=1");
    // Only at the start: a formula character inside is text already.
    CHECK(csv_cell("a=b-c") == "a=b-c");
    CHECK(csv_cell("") == "");
    // Quoting as RFC 4180: commas, quotes and newlines (kept) in quotes.
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
    // Escape sequences and bidi controls as on a terminal.
    CHECK(csv_cell("x\x1b[2J") == "x\\x1B[2J");
    CHECK(csv_cell("\xE2\x80\xAEgnp.exe") == "\\u{202E}gnp.exe");
}
