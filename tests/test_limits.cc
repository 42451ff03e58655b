// The limits on what one file may make the readers do (issue 24,
// extract_limits.hh): past one, the file is refused with a reason naming the
// limit; up to it, nothing a real page does is refused.
#include "extract_limits.hh"
#include "report_loader.hh"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace cqc;

namespace {

std::string repeat(std::string_view piece, size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (size_t i = 0; i < times; ++i)
        out += piece;
    return out;
}

std::string page(const std::string& body) {
    return "<!DOCTYPE html><html><head><title>t</title></head><body><main>" + body +
           "</main></body></html>";
}

// The reason the file was refused, or "" when it was read.
std::string refusal(const std::string& bytes, const std::string& name = "page.html") {
    std::string reason;
    std::vector<Diagnostic> warnings;
    auto doc = read_document(name, bytes, reason, warnings);
    if (doc) return "";
    REQUIRE(!reason.empty());
    return reason;
}

// All the text read from a page, "" when it was refused.
std::string text_read(const std::string& bytes) {
    std::string reason;
    std::vector<Diagnostic> warnings;
    auto doc = read_document("page.html", bytes, reason, warnings);
    INFO(reason);
    REQUIRE(doc);
    std::string all;
    for (const auto& b : doc->blocks)
        all += b.text + "\n";
    return all;
}

const std::string kDepthReason = "nested more than " + std::to_string(kMaxHtmlDepth) + " deep";

// A PDF of `pages` empty pages, its catalog holding arrays nested `nesting`
// deep; with an xref table, as a writer makes it.
std::string pdf(int pages, size_t nesting) {
    std::vector<std::string> objects;
    objects.push_back("<< /Type /Catalog /Pages 2 0 R /Deep " + repeat("[", nesting) + "1" +
                      repeat("]", nesting) + " >>");
    std::string kids;
    for (int i = 0; i < pages; ++i)
        kids += std::to_string(i + 3) + " 0 R ";
    objects.push_back("<< /Type /Pages /Count " + std::to_string(pages) + " /Kids [" + kids +
                      "] >>");
    for (int i = 0; i < pages; ++i)
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>");
    std::string out = "%PDF-1.4\n";
    std::vector<size_t> offsets;
    for (size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    size_t xref = out.size();
    out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (size_t offset : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
        out += line;
    }
    out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
           " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return out;
}

} // namespace

TEST_CASE("a page nested past the depth limit is refused, naming the limit") {
    // Each way of nesting: plain elements; tables (four levels each:
    // table, tbody, tr, td); formatting elements the parser reopens in
    // every paragraph; misnested formatting the parser moves about.
    std::vector<std::pair<std::string, std::string>> pages = {
        {"divs", page(repeat("<div>", 200'000) + "text" + repeat("</div>", 200'000))},
        {"divs just past", page(repeat("<div>", kMaxHtmlDepth) + "text")},
        {"tables", page(repeat("<table><tr><td>", 200) + "text")},
        {"reopened formatting", page([] {
             std::string body;
             for (int round = 0; round < 40; ++round) {
                 body += "<p>";
                 for (int i = 0; i < 20; ++i)
                     body += "<font size=\"" + std::to_string(round * 20 + i) + "\">";
                 body += "text</p>";
             }
             return body;
         }())},
        {"misnested formatting", page(repeat("<b><div></b>", 400) + "text")},
        {"unclosed list items in lists", page(repeat("<ul><li>", 300) + "text")},
    };
    for (const auto& [what, bytes] : pages) {
        INFO(what);
        std::string reason = refusal(bytes);
        CHECK(reason.find(kDepthReason) != std::string::npos);
    }
}

TEST_CASE("pages nested less than the limit, however written, are read") {
    // Nesting under the limit, and markup real pages have that nests
    // nothing: unclosed paragraphs and list items, formatting left open in
    // each paragraph, icons of many self-closed SVG paths, table cells
    // with unclosed formatting.
    std::vector<std::pair<std::string, std::string>> pages = {
        {"divs", page(repeat("<div>", kMaxHtmlDepth - 20) + "needle" +
                      repeat("</div>", kMaxHtmlDepth - 20))},
        {"tables", page(repeat("<table><tr><td>", 100) + "needle")},
        {"unclosed paragraphs", page(repeat("<p>text ", 5'000) + "<p>needle")},
        {"unclosed list items", page("<ul>" + repeat("<li>item ", 5'000) + "<li>needle</ul>")},
        {"unclosed definitions",
         page("<dl>" + repeat("<dt>term <dd>text ", 2'000) + "<dd>needle</dl>")},
        {"formatting left open", page(repeat("<p><b>bold</p>", 2'000) +
                                      repeat("<p><a href=\"#x\">link</p>", 2'000) + "<p>needle")},
        {"svg paths",
         page("<p>" +
              repeat("<svg><path d=\"M0 0\"/>" + repeat("<path d=\"M1 1\"/>", 300) + "</svg>", 20) +
              "needle</p>")},
        {"cells with open formatting",
         page("<table>" + repeat("<tr><td><b>cell<td><i>cell", 2'000) + "<tr><td>needle</table>")},
        {"comments and scripts",
         page(repeat("<!-- <div> -->", 5'000) +
              repeat("<script>var s = '<div><div>';</script>", 2'000) + "<p>needle")},
    };
    for (const auto& [what, bytes] : pages) {
        INFO(what);
        CHECK(text_read(bytes).find("needle") != std::string::npos);
    }
}

TEST_CASE("a page of more blocks than the limit is refused, naming the limit") {
    std::string at_limit = page(repeat("<p>text</p>", kMaxHtmlBlocks));
    CHECK(refusal(at_limit).empty());
    std::string past = page(repeat("<p>text</p>", kMaxHtmlBlocks + 1));
    CHECK(refusal(past).find("more than " + std::to_string(kMaxHtmlBlocks) + " blocks") !=
          std::string::npos);
}

TEST_CASE("a page over the size limit is refused, naming the limit") {
    std::string body = "<p>needle</p>";
    std::string at_limit = page(body);
    at_limit.insert(at_limit.find("<main>"),
                    "<!--" + std::string(kMaxHtmlBytes - at_limit.size() - 7, 'x') + "-->");
    REQUIRE(at_limit.size() == kMaxHtmlBytes);
    CHECK(text_read(at_limit).find("needle") != std::string::npos);
    std::string past = at_limit;
    past.insert(past.find("<main>"), " ");
    CHECK(refusal(past).find("over the " + std::to_string(kMaxHtmlBytes >> 20) + " MB limit") !=
          std::string::npos);
}

TEST_CASE("a PDF of more pages than the limit is refused, naming the limit") {
    // Pages with no text: under the limit the PDF is read, and found to be
    // a scan; past it, refused for its pages before any is read.
    CHECK(refusal(pdf(10, 1), "few.pdf").find("no extractable text") != std::string::npos);
    std::string reason = refusal(pdf(kMaxPdfPages + 1, 1), "many.pdf");
    CHECK(reason.find(std::to_string(kMaxPdfPages + 1) + " pages, over the " +
                      std::to_string(kMaxPdfPages) + "-page limit") != std::string::npos);
}

TEST_CASE("a PDF of objects nested past the limit is refused, naming the limit") {
    std::string under = refusal(pdf(1, kMaxPdfNesting - 1), "under.pdf");
    CHECK(under.find("no extractable text") != std::string::npos);
    for (size_t nesting : {kMaxPdfNesting + 1, size_t{100'000}}) {
        std::string reason = refusal(pdf(1, nesting), "deep.pdf");
        CHECK(reason.find("nested more than " + std::to_string(kMaxPdfNesting) + " deep") !=
              std::string::npos);
    }
}
