#include "text.hh"

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
