#include "pages.hh"

#include "framework.hh"
#include "printers.hh"
#include "schema.hh"
#include "text.hh"

#include <algorithm>

namespace cqc {
namespace {

// Data into HTML: the one escaper (text.hh).
std::string h(std::string_view data) {
    return html_safe(data);
}

// A JSON value as text: a string as it is, a number written, null as "".
std::string text_of(const Json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_null()) return "";
    return j.dump();
}

std::string text_at(const Json& j, const char* key) {
    auto it = j.find(key);
    return it == j.end() ? "" : text_of(*it);
}

// `params` without `name`'s `value` (every value of `name` when `value` is
// null), and without offset: a narrower search starts at its first page.
Params without(const Params& params, std::string_view name, const std::string* value) {
    Params out;
    for (const auto& p : params)
        if (p.first != "offset" && !(p.first == name && (!value || p.second == *value)))
            out.push_back(p);
    return out;
}

Params with(Params params, std::string name, std::string value) {
    params.emplace_back(std::move(name), std::move(value));
    return params;
}

std::string link(std::string_view path, const Params& params, std::string_view label,
                 std::string_view attributes = "") {
    return "<a href=\"" + h(url(path, params)) + "\"" + std::string(attributes) + ">" +
           std::string(label) + "</a>";
}

const char* kNav[][2] = {{"/", "Search"}, {"/grid", "Score grid"}, {"/changes", "Changes"}};

std::string layout(std::string_view path, std::string_view title, const std::string& body) {
    std::string out = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>" +
                      h(title) +
                      " - cqc-search</title>\n"
                      "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
                      "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">\n"
                      "<script src=\"/static/site.js\" defer></script>\n</head>\n<body>\n"
                      "<a class=\"skip\" href=\"#main\">Skip to the content</a>\n"
                      "<header><nav aria-label=\"Pages\"><ul>";
    for (const auto& [href, label] : kNav)
        out += std::string("<li><a href=\"") + href + "\"" +
               (path == href ? " aria-current=\"page\"" : "") + ">" + label + "</a></li>";
    out += "</ul></nav></header>\n<main id=\"main\">\n" + body + "</main>\n</body>\n</html>\n";
    return out;
}

std::string check_box(const Params& params, const std::string& name, std::string_view label) {
    return "<label class=\"check\"><input type=\"checkbox\" id=\"" + name + "\" name=\"" + name +
           "\" value=\"1\"" + (flag(params, name) ? " checked" : "") + "> " + std::string(label) +
           "</label>\n";
}

// The form: `q`, the chosen filters kept as hidden fields, `latest` and
// `exact`.
std::string form(std::string_view action, const Params& params, std::string_view label) {
    std::string out = "<form class=\"search\" method=\"get\" action=\"" + h(action) +
                      "\" role=\"search\">\n<label for=\"q\">" + std::string(label) +
                      "</label>\n<div class=\"row\"><input id=\"q\" name=\"q\" type=\"search\" "
                      "value=\"" +
                      h(value(params, "q")) + "\" autocomplete=\"off\">";
    out += "<button type=\"submit\">Search</button></div>\n";
    for (const auto& p : params) {
        bool kept = p.first == "sort" || std::find(filter_fields().begin(), filter_fields().end(),
                                                   p.first) != filter_fields().end();
        if (kept)
            out += "<input type=\"hidden\" name=\"" + h(p.first) + "\" value=\"" + h(p.second) +
                   "\">\n";
    }
    // Ticking a box searches again (site.js).
    out += check_box(params, "latest", "Only each council's newest report");
    out += check_box(params, "exact", "Only the words I typed, no synonyms");
    return out + "</form>\n";
}

// The chosen filters, each with a link removing it.
std::string chosen(std::string_view path, const Params& params) {
    std::string items;
    for (const auto& field : filter_fields())
        for (const auto& v : values(params, field))
            items +=
                "<li>" + h(field) + ": " + h(facet_value_name(field, v)) + " " +
                link(path, without(params, field, &v), "<span aria-hidden=\"true\">×</span>",
                     " class=\"remove\" aria-label=\"Remove " + h(field) + ": " + h(v) + "\"") +
                "</li>";
    if (items.empty()) return "";
    return "<section aria-label=\"Chosen filters\"><ul class=\"chosen\">" + items +
           "</ul></section>\n";
}

std::string csv_link(std::string_view api, const Params& params) {
    return "<p class=\"downloads\">" +
           link(api, with(without(params, "format", nullptr), "format", "csv"), "Download CSV") +
           " · " + link(api, without(params, "format", nullptr), "JSON") + "</p>\n";
}

// A snippet with its highlights (code point offsets, printers.cc) in <mark>.
std::string highlighted(const std::string& snippet, const Json& spans) {
    std::vector<size_t> at = code_point_bytes(snippet);
    auto byte = [&](const Json& cp) {
        // The printers write offsets as integers, signed or not.
        size_t n = cp.is_number_integer() && cp.get<long long>() >= 0 ? cp.get<size_t>() : 0;
        return at[std::min(n, at.size() - 1)];
    };
    std::string out;
    size_t pos = 0;
    for (const auto& span : spans) {
        if (!span.is_array() || span.size() != 2) continue;
        size_t b = std::max(pos, byte(span[0])), e = std::max(b, byte(span[1]));
        out += h(snippet.substr(pos, b - pos)) + "<mark>" + h(snippet.substr(b, e - b)) + "</mark>";
        pos = e;
    }
    return out + h(snippet.substr(pos));
}

std::string score_class(const Json& score) {
    return score.is_number_integer() ? " s" + std::to_string(score.get<int>()) : " none";
}

std::string hit_html(const Json& hit) {
    std::string id = text_at(hit, "report");
    std::string out = "<li class=\"hit\"><h3>" +
                      link("/report/" + id, {}, h(text_at(hit, "authority"))) + " <span>" +
                      h(text_at(hit, "section")) + "</span></h3>\n<p class=\"meta\">";
    std::string published = text_at(hit, "published");
    out += published.empty() ? "undated" : "Published " + h(published);
    if (!text_at(hit, "statement").empty())
        out += " · " + h(statement_name(text_at(hit, "statement")));
    if (hit.value("score", Json()).is_number_integer())
        out += " · <span class=\"score" + score_class(hit["score"]) + "\">Score " +
               h(text_at(hit, "score")) + " - " + h(text_at(hit, "score_label")) + "</span>";
    if (!text_at(hit, "rating").empty()) out += " · Rated " + h(text_at(hit, "rating"));
    if (hit.value("relevance", Json()).is_number())
        out += " · " + h(text_at(hit, "relevance")) + "%";
    if (hit.value("partial", false))
        out += " · <strong class=\"partial\">partial match: not every word</strong>";
    out += "</p>\n";
    if (!text_at(hit, "heading").empty())
        out += "<p class=\"heading\">" + h(text_at(hit, "heading")) + "</p>\n";
    if (const Json via = hit.value("matched_via", Json()); via.is_object() && !via.empty()) {
        // People quote what they find: say when a word stood in for theirs
        // (JSON keeps one user's word per report word).
        std::vector<std::pair<std::string, std::string>> pairs;
        for (const auto& [report_words, user_words] : via.items())
            pairs.emplace_back(report_words, text_of(user_words));
        out += "<p class=\"note matched-via\">(" + h(stood_in_list(pairs)) + ")</p>\n";
    }
    out += "<blockquote>" + highlighted(text_at(hit, "snippet"), hit.value("highlights", Json()));
    out += "</blockquote>\n";
    if (!hit.value("passage_matches", true))
        out += "<p class=\"note\">No one paragraph holds every word: the closest is shown.</p>\n";
    return out + "</li>\n";
}

std::string facets_html(const Params& params, const Json& facets) {
    if (!facets.is_object()) return "";
    std::string out = "<aside class=\"facets\" aria-label=\"Narrow the results\">\n";
    for (const auto& [field, counts] : facets.items()) {
        std::string heading = field == "authority"   ? "council"
                              : field == "published" ? "year published"
                                                     : field;
        out += "<section><h2>" + h(heading) + "</h2><ul>";
        size_t shown = 0;
        for (const auto& [v, count] : counts.items()) {
            if (++shown > 12) break;
            auto chosen_values = values(params, field);
            bool is_chosen =
                std::find(chosen_values.begin(), chosen_values.end(), v) != chosen_values.end();
            std::string label = h(facet_value_name(field, v)) + " <span class=\"count\">" +
                                h(text_of(count)) + "</span>";
            out += "<li>" +
                   (is_chosen ? "<strong>" + label + "</strong>"
                              : link("/", with(without(params, "", nullptr), field, v), label,
                                     " class=\"facet\" data-field=\"" + h(field) + "\"")) +
                   "</li>";
        }
        out += "</ul></section>\n";
    }
    return out + "</aside>\n";
}

const char* kSorts[][2] = {{"relevance", "relevance"}, {"-score", "highest score"},
                           {"score", "lowest score"},  {"-published", "newest"},
                           {"authority", "council"},   {"-rating", "best rating"}};

std::string sort_links(const Params& params) {
    std::string current = value(params, "sort").empty() ? "relevance" : value(params, "sort");
    std::string out = "<nav class=\"sort\" aria-label=\"Sort\">Sort by: ";
    bool first = true;
    for (const auto& [key, label] : kSorts) {
        out += first ? "" : " · ";
        first = false;
        out += current == key
                   ? std::string("<strong aria-current=\"true\">") + label + "</strong>"
                   : link("/", with(without(params, "sort", nullptr), "sort", key), label);
    }
    return out + "</nav>\n";
}

std::string pages(const Params& params, size_t total, size_t limit, size_t offset) {
    if (limit == 0 || total <= limit) return "";
    std::string out = "<nav class=\"pages\" aria-label=\"Pages of results\">";
    Params base = without(params, "offset", nullptr);
    if (offset > 0)
        out += link("/", with(base, "offset", std::to_string(offset > limit ? offset - limit : 0)),
                    "← Previous", " rel=\"prev\"") +
               " ";
    out += "<span>page " + std::to_string(offset / limit + 1) + " of " +
           std::to_string((total + limit - 1) / limit) + "</span>";
    if (offset + limit < total)
        out += " " + link("/", with(base, "offset", std::to_string(offset + limit)), "Next →",
                          " rel=\"next\"");
    return out + "</nav>\n";
}

} // namespace

const std::vector<std::string>& filter_fields() {
    // From the field table: the fields a query filters by whose values the
    // index keeps (a value slot), whose values a page links to (the facets,
    // the report, the publication date); words and a section's id are for
    // typed queries.
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& f : fields())
            if (f.queryable() && f.slot >= 0) out.emplace_back(f.name);
        return out;
    }();
    return names;
}

std::string url(std::string_view path, const Params& params) {
    auto encode = [](std::string_view s) {
        static const char* hex = "0123456789ABCDEF";
        std::string out;
        for (unsigned char c : s) {
            if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
                out += static_cast<char>(c);
            else if (c == ' ')
                out += '+';
            else
                out += {'%', hex[c >> 4], hex[c & 15]};
        }
        return out;
    };
    std::string out(path);
    for (size_t i = 0; i < params.size(); ++i)
        out += (i ? "&" : "?") + encode(params[i].first) + "=" + encode(params[i].second);
    return out;
}

std::vector<std::string> values(const Params& params, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& p : params)
        if (p.first == name && !p.second.empty()) out.push_back(p.second);
    return out;
}

std::string value(const Params& params, std::string_view name) {
    auto all = values(params, name);
    return all.empty() ? "" : all.front();
}

bool flag(const Params& params, std::string_view name) {
    for (const auto& p : params)
        if (p.first == name) return p.second != "0";
    return false;
}

std::string search_page(const Params& params, const Json* results, size_t limit, size_t offset) {
    std::string body = "<h1>Search the CQC's assessments of councils</h1>\n" +
                       form("/", params, "Words, phrases and field:value filters");
    if (!results) {
        body += "<p>Try <a href=\"/?q=unpaid+carers\">unpaid carers</a> or "
                "<a href=\"/?q=waiting+lists&amp;score=1\">waiting lists scored 1</a>.</p>\n";
        return layout("/", "Search", body);
    }
    const Json& r = *results;
    body += chosen("/", params);
    size_t total = r.value("total", size_t{0});
    std::string summary = std::to_string(total) + (total == 1 ? " section" : " sections");
    const Json& hits = r["results"];
    if (!hits.empty())
        summary +=
            ", showing " + std::to_string(offset + 1) + "-" + std::to_string(offset + hits.size());
    body += "<div class=\"layout\">\n" + facets_html(params, r.value("facets", Json())) +
            "<section class=\"results\" aria-label=\"Results\">\n<p class=\"total\" "
            "role=\"status\">" +
            h(summary) + "</p>\n";
    if (r.contains("corrected"))
        body += "<p>Did you mean " +
                link("/", with(without(params, "q", nullptr), "q", text_of(r["corrected"])),
                     h(text_of(r["corrected"]))) +
                "?</p>\n";
    bool stood_in = std::any_of(hits.begin(), hits.end(), [](const Json& hit) {
        return !hit.value("matched_via", Json::object()).empty();
    });
    if (stood_in)
        body += "<p class=\"note\">Some results hold other words for yours, as each says. " +
                link("/", with(without(params, "exact", nullptr), "exact", "1"),
                     "Search only the words you typed") +
                ".</p>\n";
    body += sort_links(params) + csv_link("/api/search", params);
    if (hits.empty()) body += "<p class=\"none\">No matches.</p>\n";
    body += "<ol class=\"hits\" start=\"" + std::to_string(offset + 1) + "\">\n";
    for (const auto& hit : hits)
        body += hit_html(hit);
    body += "</ol>\n" + pages(params, total, limit, offset) + "</section>\n</div>\n";
    return layout("/", value(params, "q").empty() ? "Search" : value(params, "q"), body);
}

// "Scores: 1 Evidence shows significant shortfalls, ...", in the
// framework's own words (framework.hh).
std::string score_legend() {
    std::string out = "Scores:";
    for (int score = kMinScore; score <= kMaxScore; ++score)
        out += std::string(score == kMinScore ? " " : ", ") + std::to_string(score) + " " +
               std::string(score_label(score));
    return out + ".";
}

std::string grid_page(const Params& params, const Json& grid) {
    std::string body = "<h1>Score grid</h1>\n" +
                       form("/grid", params, "Reports with a section matching (optional)") +
                       chosen("/grid", params);
    size_t total = grid.value("total", size_t{0});
    body += "<p class=\"total\" role=\"status\">" + std::to_string(total) +
            (total == 1 ? " report" : " reports") + ". " + h(score_legend()) + "</p>\n" +
            csv_link("/api/grid", params);
    std::string sort = value(params, "sort");
    auto header = [&](const std::string& key, const std::string& label, const std::string& title) {
        bool asc = sort == key, desc = sort == "-" + key;
        std::string next = asc ? "-" + key : key;
        std::string aria = asc    ? " aria-sort=\"ascending\""
                           : desc ? " aria-sort=\"descending\""
                                  : "";
        std::string arrow = asc ? " ▲" : desc ? " ▼" : "";
        return "<th scope=\"col\"" + aria + " title=\"" + h(title) + "\">" +
               link("/grid", with(without(params, "sort", nullptr), "sort", next), h(label) + arrow,
                    " class=\"sort\" data-key=\"" + h(key) + "\"") +
               "</th>";
    };
    body += "<div class=\"scroll\"><table class=\"grid\">\n<caption>Each report's rating, "
            "percentage and score for each quality statement; a column's heading sorts by "
            "it</caption>\n<thead><tr>" +
            header("authority", "Council", "Council") +
            header("published", "Published", "Publication date") +
            header("rating", "Rating", "Rating") + header("percent", "%", "Percentage score");
    for (const auto& st : statements())
        body += header(std::string(st.id), std::string(st.short_name), std::string(st.name));
    body += "</tr></thead>\n<tbody>\n";
    for (const auto& r : grid.value("reports", Json::array())) {
        std::string published = text_at(r, "published");
        body += "<tr><th scope=\"row\">" +
                link("/report/" + text_at(r, "report"), {}, h(text_at(r, "authority"))) +
                "</th><td>" + (published.empty() ? "-" : h(published)) + "</td><td>" +
                (text_at(r, "rating").empty() ? "-" : h(text_at(r, "rating"))) +
                (r.value("indicative", false) ? " (indicative)" : "") + "</td><td class=\"num\">" +
                (text_at(r, "percent").empty() ? "-" : h(text_at(r, "percent"))) + "</td>";
        const Json& scores = r.value("scores", Json::object());
        for (const auto& st : statements()) {
            Json s = scores.value(std::string(st.id), Json());
            body += "<td class=\"num" + score_class(s) + "\">" +
                    (s.is_null() ? "-" : h(text_of(s))) + "</td>";
        }
        body += "</tr>\n";
    }
    body += "</tbody></table></div>\n";
    return layout("/grid", "Score grid", body);
}

std::string changes_page(const Params& params, const Json& changes) {
    std::string body = "<h1>What changed between editions</h1>\n" +
                       form("/changes", params, "Councils with a section matching (optional)") +
                       chosen("/changes", params) + csv_link("/api/changes", params);
    const Json& list = changes.value("changes", Json::array());
    if (list.empty())
        body += "<p class=\"none\">No council has a second edition that matches.</p>\n";
    auto edition = [](const Json& e) {
        std::string published = text_at(e, "published");
        std::string out = link("/report/" + text_at(e, "report"), {},
                               published.empty() ? "undated" : h(published));
        if (!text_at(e, "rating").empty()) out += " " + h(text_at(e, "rating"));
        if (!text_at(e, "percent").empty()) out += " " + h(text_at(e, "percent")) + "%";
        return out;
    };
    for (const auto& c : list) {
        body += "<section class=\"change\"><h2>" + h(text_at(c, "authority")) + "</h2>\n<p>" +
                edition(c.value("from", Json())) + " → " + edition(c.value("to", Json())) +
                "</p>\n<ul>";
        auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
        // Named: a range-for over a temporary's items() would outlive it.
        const Json scores = c.value("scores", Json::object());
        const Json paragraphs = c.value("paragraphs", Json::object());
        for (const auto& [statement, s] : scores.items())
            body += "<li>" + h(statement_name(statement)) + ": score " +
                    h(or_dash(text_at(s, "from"))) + " → " + h(or_dash(text_at(s, "to"))) + "</li>";
        for (const auto& [section, p] : paragraphs.items())
            body += "<li>" + h(section == "summary" ? "Summary" : statement_name(section)) + ": " +
                    h(text_at(p, "added")) + " paragraphs added, " + h(text_at(p, "removed")) +
                    " removed</li>";
        body += "</ul></section>\n";
    }
    return layout("/changes", "Changes", body);
}

std::string report_page(const std::string& id, const std::vector<Json>& sections) {
    std::string title = sections.empty() ? id : text_at(sections.front(), "authority");
    std::string body = "<h1>" + h(title) + "</h1>\n";
    if (!sections.empty()) {
        const Json& first = sections.front();
        std::string published = text_at(first, "published");
        body +=
            "<p class=\"meta\">" + (published.empty() ? "undated" : "Published " + h(published));
        if (!text_at(first, "rating").empty()) body += " · Rated " + h(text_at(first, "rating"));
        body += " · report " + h(id) + "</p>\n" +
                csv_link("/api/search", {{"report", id}, {"limit", "1000"}}) +
                "<nav aria-label=\"Sections\"><ol class=\"toc\">";
        for (size_t i = 0; i < sections.size(); ++i)
            body += "<li><a href=\"#s" + std::to_string(i) + "\">" +
                    h(text_at(sections[i], "section")) + "</a></li>";
        body += "</ol></nav>\n";
    }
    for (size_t i = 0; i < sections.size(); ++i) {
        const Json& s = sections[i];
        body += "<section class=\"report-section\" id=\"s" + std::to_string(i) + "\"><h2>" +
                h(text_at(s, "section")) + "</h2>\n";
        if (s.value("score", Json()).is_number_integer())
            body += "<p class=\"score" + score_class(s["score"]) + "\">Score " +
                    h(text_at(s, "score")) + " - " + h(score_label(s["score"].get<int>())) +
                    "</p>\n";
        std::string text = text_at(s, "text");
        size_t pos = 0;
        while (pos < text.size()) {
            size_t end = text.find('\n', pos);
            if (end == std::string::npos) end = text.size();
            if (end > pos)
                body += "<p>" + h(std::string_view(text).substr(pos, end - pos)) + "</p>\n";
            pos = end + 1;
        }
        body += "</section>\n";
    }
    return layout("/report", title, body);
}

std::string error_page(std::string_view path, const Params& params, std::string_view title,
                       std::string_view message) {
    std::string action = path == "/grid" || path == "/changes" ? std::string(path) : "/";
    std::string body = "<h1>" + h(title) + "</h1>\n<p class=\"error\" role=\"alert\">" +
                       h(message) + "</p>\n" + form(action, params, "Search again");
    return layout(path, title, body);
}

std::string_view style_sheet() {
    return R"(*{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{padding:0 1rem 2rem;max-width:80rem;margin:0 auto}
header nav ul{display:flex;gap:1rem;list-style:none;margin:0;padding:.6rem 1rem;background:#12365a}
header a{color:#fff}header a[aria-current]{font-weight:bold;text-decoration:none}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:3rem;background:#ff0;padding:.3rem}
a{color:#0b4f9c}a:focus,button:focus,input:focus{outline:3px solid #f5a623;outline-offset:2px}
.search .row{display:flex;gap:.5rem}.search input[type=search]{flex:1;min-width:0;font-size:1rem;padding:.4rem}
.search button{font-size:1rem;padding:.4rem 1rem}.search label{display:block;margin:.4rem 0}
.check{font-size:.95rem}
.layout{display:flex;gap:2rem;align-items:flex-start}.results{flex:1;min-width:0}
.facets{width:16rem;flex:none}.facets h2{font-size:1rem;text-transform:capitalize;margin:.8rem 0 .2rem}
.facets ul{list-style:none;padding:0;margin:0}.count{color:#555;font-size:.85rem}
.chosen{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
.chosen li{background:#e8eef5;border-radius:1rem;padding:.1rem .7rem}
.remove{text-decoration:none;font-weight:bold;padding:0 .3rem}
.hits{padding-left:1.5rem}.hit h3{margin:.2rem 0;font-size:1.1rem}.hit h3 span{font-weight:normal}
.meta{color:#444;margin:.1rem 0;font-size:.9rem}.heading{font-weight:bold;margin:.3rem 0}
blockquote{margin:.3rem 0 1rem;padding-left:.8rem;border-left:3px solid #c8d3df}
mark{background:#fff2a8;color:inherit;font-weight:bold}
.partial{color:#8a4b00}.note{font-size:.9rem;color:#555}.error{color:#a00000;font-weight:bold}
.scroll{overflow-x:auto}table.grid{border-collapse:collapse;font-size:.9rem}
caption{text-align:left;color:#444;padding:.3rem 0}
.grid th,.grid td{border:1px solid #ccd;padding:.2rem .4rem;text-align:left}
.grid .num{text-align:center}.grid thead a{text-decoration:none}
.s1{background:#f4b6b6}.s2{background:#fbe0a6}.s3{background:#cfe8c4}.s4{background:#8fd08a}
.score.s1,.score.s2,.score.s3,.score.s4{padding:0 .3rem;border-radius:.2rem}
@media (max-width:40rem){.layout{display:block}.facets{width:auto}header nav ul{gap:.6rem}}
)";
}

std::string_view script() {
    return R"(// cqc-search: ticking "latest" or "exact" runs the search again (without
// JavaScript, the Search button does).
document.addEventListener("DOMContentLoaded", function () {
  ["latest", "exact"].forEach(function (id) {
    var box = document.getElementById(id);
    if (box && box.form) box.addEventListener("change", function () { box.form.submit(); });
  });
});
)";
}

std::string_view icon() {
    return R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="#12365a" stroke-width="2"/><path d="M10 10l5 5" stroke="#12365a" stroke-width="2"/></svg>
)";
}

} // namespace cqc
