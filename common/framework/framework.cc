#include "framework.hh"

#include "text.hh"

#include <algorithm>
#include <cctype>

namespace cqc {
namespace {

const std::vector<Theme> kThemes = {
    {"working-with-people",
     "Working with people",
     {"How the local authority works with people", "How <council> works with people"}},
    {"providing-support",
     "Providing support",
     {"How the local authority provides support", "How <council> provides support"}},
    {"ensuring-safety",
     "Ensuring safety within the system",
     {"Ensuring safety", "How the local authority ensures safety within the system",
      "How <council> ensures safety within the system"}},
    {"leadership", "Leadership", {"How the local authority is led", "How <council> is led"}},
};

const std::vector<Statement> kStatements = {
    {"assessing-needs", "Assessing needs", "working-with-people", "Needs", {}},
    {"healthier-lives",
     "Supporting people to live healthier lives",
     "working-with-people",
     "Health",
     {"Supporting people to lead healthier lives"}},
    {"equity",
     "Equity in experience and outcomes",
     "working-with-people",
     "Equity",
     {"Equity in experiences and outcomes"}},
    {"care-provision",
     "Care provision, integration and continuity",
     "providing-support",
     "Care",
     {}},
    {"partnerships",
     "Partnerships and communities",
     "providing-support",
     "Partner",
     {"Partnership and communities"}},
    {"safe-pathways",
     "Safe systems, pathways and transitions",
     "ensuring-safety",
     "Pathway",
     {"Safe pathways, systems and transitions"}},
    {"safeguarding", "Safeguarding", "ensuring-safety", "Safeg", {}},
    {"governance", "Governance, management and sustainability", "leadership", "Govern", {}},
    {"learning", "Learning, improvement and innovation", "leadership", "Learn", {}},
};

const std::vector<Rating> kRatings = {
    {"inadequate", "Inadequate", 25},
    {"requires-improvement", "Requires improvement", 39},
    {"good", "Good", 63},
    {"outstanding", "Outstanding", 88},
};

const std::vector<Acronym> kAcronyms = {
    {"DASS",
     {"Director of Adult Social Services", "Directors of Adult Social Services",
      "Director of Adult Social Care", "Director of Adult Services"}},
    {"ASC", {"adult social care"}},
    {"LGSCO",
     {"Local Government and Social Care Ombudsman", "Local Government and Social Care Ombudsmen",
      "Local Government Ombudsman"}},
    {"BCF", {"Better Care Fund"}},
    {"ICB", {"integrated care board", "integrated care boards"}},
    {"ICS", {"integrated care system", "integrated care systems"}},
    {"SAB", {"Safeguarding Adults Board", "Safeguarding Adult Board"}},
    {"SAR",
     {"safeguarding adults review", "safeguarding adults reviews", "safeguarding adult review",
      "safeguarding adult reviews"}},
    {"DoLS", {"Deprivation of Liberty Safeguards", "Deprivation of Liberty Safeguard"}},
    {"MCA", {"Mental Capacity Act"}},
    {"OT", {"occupational therapy", "occupational therapist", "occupational therapists"}},
    {"JSNA", {"Joint Strategic Needs Assessment", "Joint Strategic Needs Assessments"}},
    {"PSW", {"principal social worker", "principal social workers"}},
    {"ASCS", {"Adult Social Care Survey"}},
    {"SACE", {"Survey of Adult Carers in England"}},
    {"CHC", {"continuing healthcare", "continuing health care"}},
    {"MD", {"managing director"}},
    {"LGA", {"Local Government Association"}},
    {"VCS", {"voluntary and community sector"}},
    {"VCSE",
     {"voluntary, community and social enterprise", "voluntary community and social enterprise"}},
    {"TEC", {"technology enabled care", "technology-enabled care"}},
    {"PA", {"personal assistant", "personal assistants"}},
};

// constexpr: read while other layers' statics are initialised (line_recognisers.cc).
constexpr std::string_view kScoreLabels[] = {
    "Evidence shows significant shortfalls",
    "Evidence shows some shortfalls",
    "Evidence shows a good standard",
    "Evidence shows an exceptional standard",
};

const std::vector<std::string_view> kWording[] = {
    /* overall_summary */ {"Overall summary"},
    /* rating_heading */ {"Local authority rating and score", "Local authority rating"},
    /* score_table_heading */ {"Quality statement scores"},
    /* what_people_expect */ {"What people expect"},
    /* commitment */ {"The local authority commitment", "Local authority commitment"},
    /* key_findings */ {"Key findings for this quality statement", "Key findings"},
    /* score_table_header */
    {"Quality statement | Score", "Quality statement scores", "Quality statement", "Score",
     "Statement score"},
    /* theme_list_intro */ {"This theme includes"},
    /* copyright_footer */
    {"\xC2\xA9", "(c) Care Quality Commission", "Copyright Care Quality Commission"},
    /* page_after_report */
    {"Is this page useful", "Was this page helpful", "Was this page useful", "Send feedback",
     "Give feedback on this page", "Report a problem with this page"},
    /* cover_title */ {"Local authority assessment"},
    /* publisher */ {"Care Quality Commission"},
    /* published_opening */ {"Published", "Date of publication", "Publication date"},
    /* assessed_opening */
    {"Assessment activity", "Assessment dates", "Assessment date", "Dates of assessment",
     "Date of assessment", "Assessed"},
};
static_assert(std::size(kWording) == kWordingParts);

// True when every word of `query` is a prefix of some word of `name`, so
// "care provision", "safeguard" and "govern" all find their statement.
bool words_in(std::string_view query, std::string_view name) {
    auto name_words = split_words(fold_key(name));
    auto query_words = split_words(fold_key(query));
    if (query_words.empty()) return false;
    return std::all_of(query_words.begin(), query_words.end(), [&](const std::string& q) {
        return std::any_of(name_words.begin(), name_words.end(),
                           [&](const std::string& w) { return w.starts_with(q); });
    });
}

template <typename Item>
std::vector<const Item*> matching(const std::vector<Item>& items, std::string_view words) {
    std::vector<const Item*> found;
    std::string key = fold_key(words);
    for (const auto& item : items) {
        if (fold_key(item.id) == key) return {&item};
    }
    for (const auto& item : items) {
        bool hit = words_in(words, item.name);
        if constexpr (requires { item.variants; }) {
            for (auto v : item.variants)
                hit = hit || words_in(words, v);
        }
        if (hit) found.push_back(&item);
    }
    return found;
}

} // namespace

std::span<const Theme> themes() {
    return kThemes;
}
std::span<const Statement> statements() {
    return kStatements;
}
std::span<const Rating> ratings() {
    return kRatings;
}
std::span<const Acronym> acronyms() {
    return kAcronyms;
}

const Theme* find_theme_by_id(std::string_view id) {
    for (const auto& t : kThemes)
        if (t.id == id) return &t;
    return nullptr;
}

const Statement* find_statement_by_id(std::string_view id) {
    for (const auto& s : kStatements)
        if (s.id == id) return &s;
    return nullptr;
}

std::string statement_name(std::string_view id) {
    const Statement* s = find_statement_by_id(id);
    return std::string(s ? s->name : id);
}

std::string theme_name(std::string_view id) {
    const Theme* t = find_theme_by_id(id);
    return std::string(t ? t->name : id);
}

const Rating* find_rating_by_id(std::string_view id) {
    for (const auto& r : kRatings)
        if (r.id == id) return &r;
    return nullptr;
}

namespace {

// Folded names and variants, computed once: headings are checked on every line.
struct FoldedName {
    std::string key;   // whole name, or the part before "<council>"
    std::string after; // the part after "<council>"; empty when there is no hole
    bool hole = false;
};

template <typename Item>
std::vector<std::vector<FoldedName>> fold_names(const std::vector<Item>& items) {
    std::vector<std::vector<FoldedName>> out;
    for (const auto& item : items) {
        std::vector<FoldedName> names;
        auto add = [&](std::string_view v) {
            auto hole = v.find("<council>");
            if (hole == std::string_view::npos)
                names.push_back({fold_key(v), "", false});
            else
                names.push_back({fold_key(v.substr(0, hole)), fold_key(v.substr(hole + 9)), true});
        };
        add(item.name);
        for (auto v : item.variants)
            add(v);
        out.push_back(std::move(names));
    }
    return out;
}

bool matches(const std::string& key, const FoldedName& name) {
    if (!name.hole) return key == name.key;
    return key.size() > name.key.size() + name.after.size() + 1 && key.starts_with(name.key) &&
           key.ends_with(name.after);
}

template <typename Item>
const Item* match_heading(const std::vector<Item>& items, const std::string& key) {
    static const auto folded = fold_names(items);
    for (size_t i = 0; i < items.size(); ++i)
        for (const auto& name : folded[i])
            if (matches(key, name)) return &items[i];
    return nullptr;
}

} // namespace

const Statement* match_statement_heading(std::string_view heading) {
    // Long lines are paragraphs, not headings.
    if (heading.size() > 80) return nullptr;
    return match_heading(kStatements, fold_key(heading));
}

const Theme* match_theme_heading(std::string_view heading) {
    if (heading.size() > 120) return nullptr;
    std::string key = fold_key(heading);
    // "Theme 2: Providing support" is the PDF form of a theme heading.
    if (key.starts_with("theme ") && key.size() > 8 && std::isdigit((unsigned char)key[6]) &&
        key[7] == ' ')
        key = key.substr(8);
    else if (key.starts_with("theme "))
        key = key.substr(6);
    return match_heading(kThemes, key);
}

const Rating* match_rating_name(std::string_view text) {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> folded;
        for (const auto& r : kRatings)
            folded.push_back(fold_key(r.name));
        return folded;
    }();
    std::string key = fold_key(text);
    for (size_t i = 0; i < names.size(); ++i)
        if (key == names[i]) return &kRatings[i];
    return nullptr;
}

std::vector<const Statement*> statements_matching(std::string_view words) {
    return matching(kStatements, words);
}
std::vector<const Theme*> themes_matching(std::string_view words) {
    return matching(kThemes, words);
}
std::vector<const Rating*> ratings_matching(std::string_view words) {
    return matching(kRatings, words);
}

std::string_view score_label(int score) {
    if (score < kMinScore || score > kMaxScore) return {};
    return kScoreLabels[score - kMinScore];
}

std::span<const std::string_view> wording(Wording part) {
    return kWording[static_cast<size_t>(part)];
}

std::optional<int> overall_percent(std::span<const int> scores) {
    if (scores.empty()) return std::nullopt;
    int sum = 0;
    for (int s : scores)
        sum += s;
    int max = kMaxScore * static_cast<int>(scores.size());
    return (200 * sum + max) / (2 * max); // round half up
}

const Rating* rating_for_percent(int percent) {
    const Rating* found = nullptr;
    for (const auto& r : kRatings)
        if (percent >= r.min_percent) found = &r;
    return found ? found : &kRatings.front();
}

} // namespace cqc
