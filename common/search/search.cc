#include "search.hh"

#include "database_layout.hh"
#include "framework.hh"
#include "meaning.hh"
#include "passages.hh"
#include "report_identity.hh"
#include "schema.hh"
#include "stemming.hh"
#include "text.hh"
#include "tokens.hh"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>

namespace cqc {

// Each hit's document and stored section (the result model holds only its
// metadata), for the passage matcher.
struct ShownHits {
    std::vector<Xapian::docid> docids;
    std::vector<StoredSection> sections;
};

namespace {

constexpr Xapian::termcount kSimilarTerms = 40;
// --similar: what a section of the same quality statement adds to its
// weight, more than any section's words can weigh, so that those come
// first (issue 11: the statement is what people compare councils on).
constexpr double kSameStatementBonus = 1e4;
constexpr Xapian::doccount kTermsSample = 500;
// --passages reads the paragraphs of at most this many matching sections
// (the best ones); beyond it the total is an estimate.
constexpr Xapian::doccount kPassageSections = 1000;

Xapian::valueno slot_of(FieldId id) {
    return value_slot(id);
}

Xapian::Query type_filter(std::string_view type) {
    return Xapian::Query(term(FieldId::type, type));
}

Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& filter) {
    if (query.empty() || query.get_type() == Xapian::Query::LEAF_MATCH_ALL)
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0);
    return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

// Words worth showing or feeding back: stems of free text, not of numbers
// or of words every report uses.
class WordsOnly : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        if (term.size() < 4 || term[0] != kStemMarker ||
            !std::islower(static_cast<unsigned char>(term[1])))
            return false;
        // The stopwords (tokens.hh), and words every report uses.
        static const std::set<std::string> common = [] {
            std::set<std::string> out;
            Xapian::Stem stemmer = english_stemmer();
            for (std::string_view word : stopwords())
                out.insert(stem_term(stemmer, "", std::string(word)));
            for (const char* word : {"had", "have", "they", "been", "also", "told", "people",
                                     "local", "authority", "council"})
                out.insert(stem_term(stemmer, "", word));
            return out;
        }();
        return !common.contains(term);
    }
};

} // namespace

namespace {

// --sort's keys: fields of the schema, by their names, each read from its
// own slot when descending and from its ascending slot when ascending.
struct SortField {
    SortKey key;
    FieldId field;
    FieldId descending, ascending; // the slots
};
constexpr SortField kSortFields[] = {
    {SortKey::score, FieldId::score, FieldId::score, FieldId::score_ascending},
    {SortKey::authority, FieldId::authority, FieldId::authority, FieldId::authority},
    {SortKey::rating, FieldId::rating, FieldId::rating_rank, FieldId::rating_ascending},
    {SortKey::published, FieldId::published, FieldId::published, FieldId::published_ascending},
};

const SortField& sort_field(SortKey key) {
    for (const auto& f : kSortFields)
        if (f.key == key) return f;
    throw std::logic_error("sort key missing from kSortFields");
}

// "a, b or c"
std::string one_of(const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i)
        out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

} // namespace

Sort parse_sort(const std::string& spec) {
    Sort sort;
    std::string_view key = spec;
    if (key.starts_with("-")) {
        sort.descending = true;
        key.remove_prefix(1);
    }
    if (key == "relevance" && !sort.descending) return sort;
    std::vector<std::string> names = {"relevance"};
    for (const auto& f : kSortFields) {
        std::string name(field(f.field).name);
        if (key == name) {
            sort.key = f.key;
            return sort;
        }
        names.push_back(name);
        names.push_back("-" + name);
    }
    throw QueryError("cannot sort by '" + spec + "': use " + one_of(names));
}

GridSort parse_grid_sort(const std::string& spec) {
    // The grid's keys besides statements: fields of the schema, by name.
    static constexpr std::pair<GridSort::Key, FieldId> kKeys[] = {
        {GridSort::Key::authority, FieldId::authority},
        {GridSort::Key::percent, FieldId::percent},
        {GridSort::Key::rating, FieldId::rating},
        {GridSort::Key::published, FieldId::published},
    };
    GridSort sort;
    std::string key = spec;
    if (key.starts_with("-")) {
        sort.descending = true;
        key = key.substr(1);
    }
    for (const auto& [grid_key, id] : kKeys)
        if (key == field(id).name) {
            sort.key = grid_key;
            return sort;
        }
    if (find_statement_by_id(key)) {
        sort.key = GridSort::Key::statement;
        sort.statement = key;
        return sort;
    }
    std::vector<std::string> names;
    for (const auto& [grid_key, id] : kKeys)
        names.emplace_back(field(id).name);
    std::string ids;
    for (const auto& st : statements())
        ids += ", " + std::string(st.id);
    names.push_back("a statement id (" + ids.substr(2) + ")");
    throw QueryError("cannot sort the score grid by '" + spec + "': use " + one_of(names) +
                     ", with '-' for descending");
}

GroupBy parse_group_by(const std::string& spec) {
    std::string authority(field(FieldId::authority).name);
    if (spec == authority) return GroupBy::authority;
    throw QueryError("cannot group by '" + spec + "': use " + authority);
}

namespace {

// Where the sentence holding `pos` starts: after ". ", "? " or "! ", at
// most `limit` bytes back; else the start of the word `back` bytes before.
size_t window_start(std::string_view text, size_t pos, size_t limit, size_t back) {
    size_t floor = pos > limit ? pos - limit : 0;
    for (size_t i = pos; i > floor + 1; --i)
        if (text[i - 1] == ' ' && (text[i - 2] == '.' || text[i - 2] == '?' || text[i - 2] == '!'))
            return i;
    if (floor == 0) return 0;
    size_t start = pos > back ? pos - back : 0;
    while (start > 0 && text[start - 1] != ' ')
        --start;
    return start;
}

} // namespace

Highlighted snippet_window(std::string_view text,
                           const std::vector<std::pair<size_t, size_t>>& spans, size_t max_bytes) {
    if (max_bytes == 0 || text.size() <= max_bytes) return {std::string(text), spans};
    // The window holding the most matched words, starting at a sentence
    // (or a little before its first matched word).
    size_t best = 0, best_count = 0;
    for (const auto& [b, e] : spans) {
        size_t start = window_start(text, b, max_bytes / 3, max_bytes / 5);
        size_t count = std::count_if(spans.begin(), spans.end(), [&](const auto& s) {
            return s.first >= start && s.second <= start + max_bytes;
        });
        if (count > best_count) best = start, best_count = count;
    }
    size_t end = std::min(text.size(), best + max_bytes);
    if (end < text.size()) {
        size_t space = text.rfind(' ', end);
        if (space != std::string_view::npos && space > best) end = space;
    }
    while (best < end && text[best] == ' ')
        ++best;
    while (end > best && text[end - 1] == ' ')
        --end;
    Highlighted out;
    if (best > 0) out.text = "...";
    size_t shift = out.text.size();
    out.text.append(text.substr(best, end - best));
    if (end < text.size()) out.text += "...";
    for (const auto& [b, e] : spans)
        if (b >= best && e <= end) out.spans.emplace_back(b - best + shift, e - best + shift);
    return out;
}

Searcher::Searcher(const std::vector<std::filesystem::path>& dbs,
                   const std::vector<std::string>& remotes)
    : remotes_(remotes) {
    for (const auto& remote : remotes) {
        auto colon = remote.rfind(':');
        unsigned port = 0;
        try {
            if (colon != std::string::npos)
                port = static_cast<unsigned>(std::stoul(remote.substr(colon + 1)));
        } catch (const std::exception&) {
        }
        if (colon == std::string::npos || colon == 0 || port == 0 || port > 65535)
            throw DatabaseError("remote '" + remote + "' is not HOST:PORT");
        try {
            remote_parts_.push_back(
                Xapian::Remote::open(remote.substr(0, colon), port, 10000, 5000));
            db_.add_database(remote_parts_.back());
        } catch (const Xapian::NetworkError& e) {
            throw DatabaseError("cannot reach shard " + remote +
                                " (is xapian-tcpsrv running?): " + e.get_msg());
        }
    }
    for (const auto& path : dbs) {
        try {
            // Each database by itself (a sharded one's shards too), for
            // telling copies apart; the same database given twice once.
            std::vector<Xapian::Database> found;
            if (size_t shards = shard_count(path)) {
                open_for_reading(path); // refuses what is not a database
                for (size_t k = 0; k < shards; ++k)
                    found.emplace_back(shard_path(path, k).string(), Xapian::DB_BACKEND_GLASS);
            } else {
                found.push_back(open_for_reading(path));
            }
            for (auto& part : found) {
                std::string uuid = part.get_uuid();
                if (std::any_of(parts_.begin(), parts_.end(), [&](const Xapian::Database& p) {
                        return !uuid.empty() && p.get_uuid() == uuid;
                    }))
                    continue;
                db_.add_database(part);
                parts_.push_back(std::move(part));
                part_names_.push_back(path.string());
            }
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw DatabaseError("no index at " + path.string() +
                                "; build one with: cqc-index --db " + path.string() + " PATH...");
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw DatabaseError("cannot open index " + path.string() + ": " + e.get_msg());
        }
    }
}

// The reports each database holds that an earlier one (in the order
// given) holds too: excluded from every search, listing and count.
struct Searcher::Copies {
    // A database's uuid -> the report terms of its copies.
    std::map<std::string, std::vector<std::string>> excluded;
    // Report id -> the database (index into parts_) whose copy counts, for
    // ids held by more than one.
    std::map<std::string, size_t> first;
    // Report ids a --remote database holds with another one -> the names
    // (HOST:PORT or the local path's position) of the databases holding it.
    std::map<std::string, std::vector<std::string>> remote_shared;
};

namespace {

// In each database searched, its documents of reports an earlier database
// holds. The matcher makes one per database and says which (init); a
// database is known by its uuid.
class CopiesSource : public Xapian::PostingSource {
public:
    explicit CopiesSource(std::shared_ptr<const std::map<std::string, std::vector<std::string>>> e)
        : excluded_(std::move(e)) {}
    CopiesSource* clone() const override { return new CopiesSource(excluded_); }
    void init(const Xapian::Database& db) override {
        docids_.clear();
        pos_ = 0;
        started_ = false;
        if (auto it = excluded_->find(db.get_uuid()); it != excluded_->end())
            for (const auto& t : it->second)
                docids_.insert(docids_.end(), db.postlist_begin(t), db.postlist_end(t));
        std::sort(docids_.begin(), docids_.end());
        docids_.erase(std::unique(docids_.begin(), docids_.end()), docids_.end());
        set_maxweight(0);
    }
    Xapian::doccount get_termfreq_min() const override { return count(); }
    Xapian::doccount get_termfreq_est() const override { return count(); }
    Xapian::doccount get_termfreq_max() const override { return count(); }
    void next(double) override {
        if (started_)
            ++pos_;
        else
            started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        pos_ = static_cast<size_t>(std::lower_bound(docids_.begin() + pos_, docids_.end(), did) -
                                   docids_.begin());
    }
    bool at_end() const override { return pos_ >= docids_.size(); }
    Xapian::docid get_docid() const override { return docids_[pos_]; }

private:
    std::shared_ptr<const std::map<std::string, std::vector<std::string>>> excluded_;
    std::vector<Xapian::docid> docids_;
    size_t pos_ = 0;
    bool started_ = false;
    Xapian::doccount count() const { return static_cast<Xapian::doccount>(docids_.size()); }
};

} // namespace

const Searcher::Copies& Searcher::copies() {
    if (copies_) return *copies_;
    auto out = std::make_shared<Copies>();
    // Remote databases are not told apart (their documents' database is
    // not known here): several --remote holding one report count it twice.
    if (remotes_.empty() && parts_.size() > 1) {
        std::map<std::string, size_t> first;
        auto slot = slot_of(FieldId::edition);
        for (size_t k = 0; k < parts_.size(); ++k) {
            std::string uuid = parts_[k].get_uuid();
            for (auto v = parts_[k].valuestream_begin(slot); v != parts_[k].valuestream_end(slot);
                 ++v) {
                std::string id = parse_edition_value(*v).report;
                if (id.empty()) continue;
                auto [it, added] = first.emplace(id, k);
                if (added || it->second == k) continue;
                out->excluded[uuid].push_back(term(FieldId::report, id));
                out->first[id] = it->second;
            }
        }
    }
    if (!remote_parts_.empty()) find_remote_copies(*out);
    copies_ = out;
    return *copies_;
}

// The report ids of each database, read from its report terms (a remote
// database answers term lists, not our value streams); an id held by more
// than one database, one of them remote, is noted with their names.
void Searcher::find_remote_copies(Copies& out) {
    std::map<std::string, std::vector<std::string>> holders;
    auto collect = [&](const Xapian::Database& part, const std::string& name) {
        std::string prefix = term(FieldId::report, "");
        for (auto t = part.allterms_begin(prefix); t != part.allterms_end(prefix); ++t)
            holders[(*t).substr(prefix.size())].push_back(name);
    };
    for (size_t k = 0; k < remote_parts_.size(); ++k)
        collect(remote_parts_[k], remotes_[k]);
    for (size_t k = 0; k < parts_.size(); ++k)
        collect(parts_[k], part_names_[k]);
    for (auto& [id, names] : holders)
        if (names.size() > 1) out.remote_shared[id] = std::move(names);
}

std::vector<std::string> Searcher::notices() {
    if (remote_parts_.empty()) return {};
    const auto& shared = retrying([&]() -> const Copies& { return copies(); }).remote_shared;
    if (shared.empty()) return {};
    const auto& [id, names] = *shared.begin();
    std::string where;
    for (const auto& n : names)
        where += (where.empty() ? "" : " and ") + n;
    return {std::to_string(shared.size()) + " report(s) are held by more than one database, a " +
            "--remote one among them (" + id + " by " + where +
            "); across --remote databases a copy cannot be left out, so results, counts and " +
            "facets count such a report once per database holding it"};
}

Xapian::Query Searcher::without_copies(const Xapian::Query& q) {
    const Copies& c = copies();
    if (c.excluded.empty() || q.empty()) return q;
    auto excluded =
        std::make_shared<const std::map<std::string, std::vector<std::string>>>(c.excluded);
    auto* source = new CopiesSource(excluded);
    return Xapian::Query(Xapian::Query::OP_AND_NOT, q, Xapian::Query(source->release()));
}

bool Searcher::is_copy(Xapian::docid did, const std::string& report) {
    const Copies& c = copies();
    auto it = c.first.find(report);
    return it != c.first.end() && (did - 1) % parts_.size() != it->second;
}

// An indexer committing while we read can invalidate what we hold;
// reopening sees its new revision.
template <typename F> auto Searcher::retrying(F f) -> decltype(f()) {
    for (int attempt = 0;; ++attempt) {
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 5) throw;
            db_.reopen();
            copies_.reset();
        } catch (const Xapian::NetworkError& e) {
            std::string names;
            for (const auto& r : remotes_)
                names += (names.empty() ? "" : ", ") + r;
            throw DatabaseError("a remote shard stopped answering (" + names + "): " + e.get_msg());
        }
    }
}

bool Searcher::reopen() {
    if (!db_.reopen()) return false;
    copies_.reset();
    surface_words_.clear();
    return true;
}

SearchResults Searcher::search(const SearchRequest& request) {
    // Beyond this, Xapian's 32-bit counts would wrap.
    if (request.limit > kMaxResults || request.offset > kMaxResults)
        throw QueryError("limit and offset are at most " + std::to_string(kMaxResults));
    return retrying([&] { return run(request); });
}

ScoreGrid Searcher::score_grid(const GridRequest& request) {
    return retrying([&] { return run_grid(request); });
}

ScoreGrid Searcher::score_grid(const std::string& query, bool latest) {
    GridRequest request;
    request.query = query;
    request.latest = latest;
    return score_grid(request);
}

Changes Searcher::changes(const std::string& query, bool latest, WordMatching words) {
    return retrying([&] { return run_changes(query, latest, words); });
}

std::set<std::string> Searcher::superseded() {
    return retrying([&] {
        std::set<std::string> out;
        // Editions sorted by council, then date: undated ("") first.
        std::vector<Edition> all = editions();
        for (size_t begin = 0, end; begin < all.size(); begin = end) {
            end = begin;
            while (end < all.size() && all[end].key == all[begin].key)
                ++end;
            const std::string& newest = all[end - 1].published;
            for (size_t i = begin; i < end; ++i)
                if (all[i].published != newest) out.insert(all[i].report);
        }
        return out;
    });
}

Xapian::Query Searcher::similar_query(const std::string& id, Xapian::Query& exclude) {
    std::string idterm = term(FieldId::id, id);
    auto post = db_.postlist_begin(idterm);
    if (post == db_.postlist_end(idterm))
        throw QueryError("no section with id '" + id + "' (ids are printed by --json)");
    Xapian::Document found = db_.get_document(*post);
    // A report's id is an id too, but a report has no words of its own to
    // compare: its sections do.
    if (found.get_value(slot_of(FieldId::type)) != doctype::section) {
        std::string example;
        std::string report_term = term(FieldId::report, id);
        for (auto it = db_.postlist_begin(report_term);
             it != db_.postlist_end(report_term) && example.empty(); ++it) {
            Xapian::Document part = db_.get_document(*it);
            if (part.get_value(slot_of(FieldId::type)) == doctype::section)
                example = read_section_data(part.get_data()).id;
        }
        throw QueryError("'" + id + "' is a report, not a section: --similar takes a section id" +
                         (example.empty() ? "" : ", such as '" + example + "'") +
                         " (ids are printed by --json)");
    }
    StoredSection source = read_section_data(found.get_data());
    Xapian::RSet rset;
    rset.add_document(*post);
    Xapian::Enquire enquire(db_);
    WordsOnly words;
    Xapian::ESet eset = enquire.get_eset(kSimilarTerms, rset, &words);
    std::vector<Xapian::Query> terms;
    for (auto t = eset.begin(); t != eset.end(); ++t)
        terms.emplace_back(*t);
    // Other reports only: the point is to compare councils.
    exclude = Xapian::Query(term(FieldId::report, source.report));
    Xapian::Query similar(Xapian::Query::OP_OR, terms.begin(), terms.end());
    if (source.statement.empty()) return similar;
    // The same statement of other councils first, the words ranking each
    // group; a query given with --similar can still filter to another.
    auto* same = new Xapian::ValueMapPostingSource(slot_of(FieldId::statement));
    same->add_mapping(source.statement, kSameStatementBonus);
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, similar, Xapian::Query(same->release()));
}

namespace {
double ms_since(std::chrono::steady_clock::time_point& mark) {
    auto now = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - mark).count();
    mark = now;
    return ms;
}

} // namespace

// What a search looks in: sections, without the excluded (--similar's own
// report) and the superseded ones (--latest).
struct Searcher::Scope {
    Xapian::Query exclude, old;
    Xapian::Query operator()(const Xapian::Query& q) const {
        Xapian::Query out = filtered(q, type_filter(doctype::section));
        if (!exclude.empty()) out = Xapian::Query(Xapian::Query::OP_AND_NOT, out, exclude);
        if (!old.empty()) out = Xapian::Query(Xapian::Query::OP_AND_NOT, out, old);
        return out;
    }
};

namespace {

void sort_by(Xapian::Enquire& enquire, const Sort& sort) {
    if (sort.key == SortKey::relevance) return;
    const SortField& by = sort_field(sort.key);
    // Missing values are "" in the plain slots (lowest: last when
    // descending) and kSortsLast in the ascending ones (last when ascending).
    enquire.set_sort_by_value_then_relevance(
        slot_of(sort.descending ? by.descending : by.ascending), sort.descending);
}

// The hits of `mset`, ranked after `ranked_before` others; each hit's
// document and stored section go to `shown`, for the passage matcher.
void add_hits(SearchResults& results, const Xapian::MSet& mset, size_t ranked_before, bool partial,
              ShownHits& shown) {
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = ranked_before + it.get_rank() + 1;
        hit.relevance = it.get_percent();
        if (results.group_by != GroupBy::none) hit.group_sections = it.get_collapse_count() + 1;
        StoredSection section = read_section_data(it.get_document().get_data());
        hit.section = section;
        hit.partial = partial;
        results.hits.push_back(std::move(hit));
        shown.docids.push_back(*it);
        shown.sections.push_back(std::move(section));
    }
}

// The subheading heading: queries see for passage p of `passages`
// (StoredSection::passages): none for the framework's parts at its end,
// whose headings are the framework's, not the report's.
std::string_view matching_heading(const std::vector<Paragraph>& passages, size_t framework_parts,
                                  size_t p) {
    return p + framework_parts < passages.size() ? std::string_view(passages[p].heading)
                                                 : std::string_view();
}

// Each section is shown by its best paragraph (what people expect and the
// commitment included, after the paragraphs, so a tie goes to a paragraph): of those that match the
// whole query (passages.hh), the one that scores highest on its matched
// words; when none does, the closest (flagged); for a filter-only query,
// the first.
void show_best_passages(SearchResults& results, const ShownHits& shown, PassageMatcher& matcher,
                        size_t snippet_bytes) {
    matcher.learn_sections(shown.docids);
    for (size_t h = 0; h < results.hits.size(); ++h) {
        Hit& hit = results.hits[h];
        size_t framework_parts = 0;
        const auto paragraphs = shown.sections[h].passages(&framework_parts);
        if (paragraphs.empty()) continue;
        size_t best = 0;
        PassageMatch best_match;
        for (size_t p = 0; p < paragraphs.size(); ++p) {
            PassageMatch m =
                matcher.match(shown.docids[h], matching_heading(paragraphs, framework_parts, p),
                              paragraphs[p].text);
            if (p == 0 || (m.whole && !best_match.whole) ||
                (m.whole == best_match.whole && m.score > best_match.score))
                best = p, best_match = std::move(m);
        }
        hit.heading = paragraphs[best].heading;
        hit.line = paragraphs[best].line;
        hit.page = paragraphs[best].page;
        hit.passage_matches = best_match.whole;
        hit.snippet = snippet_window(paragraphs[best].text, best_match.spans, snippet_bytes);
    }
}

} // namespace

SearchResults Searcher::run(const SearchRequest& request) {
    auto mark = std::chrono::steady_clock::now();
    SearchResults results;
    results.query = request.query;
    results.passages = request.passages;
    QueryBuilder builder(db_, thesauri_);
    builder.set_exact(request.words.exact);
    Scope scope;
    Xapian::Query user = user_query(request, builder, results, scope.exclude);
    results.timings.parse = ms_since(mark);
    if (request.latest) scope.old = superseded_query();
    Xapian::Enquire enquire(db_);
    Xapian::Query query = without_copies(scope(user));
    enquire.set_query(query);
    sort_by(enquire, request.sort);

    PassageMatcher matcher(db_, user, builder.stemmer());
    if (request.passages) {
        results.ranked = matcher.has_words();
        collect_passages(results, enquire, request, matcher);
        results.timings.match = ms_since(mark);
        if (request.terms > 0 && results.total > 0)
            results.terms = significant_terms(query, request.terms);
        results.timings.terms = ms_since(mark);
        return results;
    }
    ShownHits shown;
    match_sections(results, enquire, request, shown);
    add_partial_matches(results, request, builder, user, scope, shown);
    results.timings.match = ms_since(mark);
    if (request.terms > 0 && results.total > 0)
        results.terms = significant_terms(query, request.terms);
    results.timings.terms = ms_since(mark);
    const std::vector<Meaning> meanings = builder.meanings();
    for (size_t h = 0; h < results.hits.size(); ++h)
        results.hits[h].matched_via =
            matched_via(db_.get_document(shown.docids[h]), meanings, builder.stemmer());
    show_best_passages(results, shown, matcher, request.snippet_bytes);
    results.timings.passages = ms_since(mark);
    return results;
}

// The query of the request's words and filters, or, with --similar, of the
// words that set the section apart (filtered by the request's query); with
// --autocorrect, of the spelling correction when there is one.
Xapian::Query Searcher::user_query(const SearchRequest& request, QueryBuilder& builder,
                                   SearchResults& results, Xapian::Query& exclude) {
    if (!request.similar_to.empty()) {
        Xapian::Query user = similar_query(request.similar_to, exclude);
        if (!request.query.empty())
            user = Xapian::Query(Xapian::Query::OP_FILTER, user, builder.parse(request.query));
        return user;
    }
    Xapian::Query user = builder.parse(request.query, request.words.op);
    results.corrected = builder.corrected();
    if (request.autocorrect && !results.corrected.empty()) {
        user = builder.parse(results.corrected, request.words.op);
        results.autocorrected = true;
    }
    return user;
}

// The ranked sections: every match counted, so that totals and facets are
// exact. With --group-by authority, one result per council: Xapian keeps
// each council's best section and counts the others it collapsed (exactly,
// as every match is counted). Its estimate of the sections before
// collapsing is not exact; a match spy sees every one (locally and through
// xapian-tcpsrv).
void Searcher::match_sections(SearchResults& results, Xapian::Enquire& enquire,
                              const SearchRequest& request, ShownHits& shown) {
    Xapian::ValueCountMatchSpy sections(slot_of(FieldId::type));
    if (request.group_by == GroupBy::authority) {
        // One line per report: a council's editions are never mixed in
        // one line (its date and section count are one report's).
        enquire.set_collapse_key(slot_of(FieldId::report));
        enquire.add_matchspy(&sections);
    }
    FacetCounter facets(!remotes_.empty());
    if (request.facets) facets.attach(enquire);
    Xapian::MSet mset =
        enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                         static_cast<Xapian::doccount>(request.limit), db_.get_doccount());
    results.total = mset.get_matches_estimated();
    // A query of filters only gives every match the same weight, 0.
    results.ranked = mset.get_max_possible() > 0;
    results.group_by = request.group_by;
    if (request.group_by != GroupBy::none) results.sections = sections.get_total();
    if (request.facets) results.facets = facets.counts();
    add_hits(results, mset, 0, false, shown);
}

// Too few sections hold every word: those holding most of them follow,
// n-1 of the n words first, then n-2..., each group by relevance (or
// --sort), never counted in the total. (Not with --group-by: a council
// is one result, however many of the words its sections hold.)
void Searcher::add_partial_matches(SearchResults& results, const SearchRequest& request,
                                   QueryBuilder& builder, const Xapian::Query& user,
                                   const Scope& scope, ShownHits& shown) {
    size_t wanted = request.offset + request.limit;
    if (!request.relax || request.words.op != QueryBuilder::DefaultOp::all ||
        !request.similar_to.empty() || request.group_by != GroupBy::none || results.total >= wanted)
        return;
    size_t skip = request.offset > results.total ? request.offset - results.total : 0;
    size_t need = wanted - std::max<size_t>(request.offset, results.total);
    size_t ranked_before = results.total;
    const std::string& text = results.autocorrected ? results.corrected : request.query;
    for (const auto& relaxed : builder.relaxations(text)) {
        if (need == 0) break;
        Xapian::Enquire tier(db_);
        tier.set_query(
            without_copies(Xapian::Query(Xapian::Query::OP_AND_NOT, scope(relaxed), user)));
        sort_by(tier, request.sort);
        Xapian::MSet mset = tier.get_mset(static_cast<Xapian::doccount>(skip),
                                          static_cast<Xapian::doccount>(need), db_.get_doccount());
        size_t count = mset.get_matches_estimated();
        add_hits(results, mset, ranked_before, true, shown);
        need -= mset.size();
        skip -= std::min(skip, count);
        ranked_before += count;
    }
}

// What sets the matches of `query` apart from the whole index: the
// heaviest words of its best matches.
std::vector<WeightedTerm> Searcher::significant_terms(const Xapian::Query& query, size_t count) {
    Xapian::Enquire sample(db_);
    sample.set_query(query);
    Xapian::MSet top = sample.get_mset(0, kTermsSample);
    Xapian::RSet rset;
    for (auto it = top.begin(); it != top.end(); ++it)
        rset.add_document(*it);
    WordsOnly words;
    Xapian::ESet eset = sample.get_eset(static_cast<Xapian::termcount>(count), rset, &words);
    std::vector<WeightedTerm> out;
    for (auto t = eset.begin(); t != eset.end(); ++t)
        out.push_back({surface_word(*t), t.get_weight()});
    return out;
}

// --passages: the paragraphs of the best matching sections that match the
// query (passages.hh), best first (or in the sections' --sort order), each
// whole. When no paragraph matches on its own, each section's closest
// paragraph instead, flagged. Facets count the paragraphs listed, so they
// add up to the total.
void Searcher::collect_passages(SearchResults& results, Xapian::Enquire& enquire,
                                const SearchRequest& request, PassageMatcher& matcher) {
    Xapian::MSet sections = enquire.get_mset(0, kPassageSections, db_.get_doccount());
    results.total_exact = sections.size() >= sections.get_matches_estimated();
    struct Candidate {
        PassageMatch match;
        size_t section; // index into `stored`
        size_t paragraph;
    };
    std::vector<Xapian::docid> docids;
    for (auto it = sections.begin(); it != sections.end(); ++it)
        docids.push_back(*it);
    matcher.learn_sections(docids);
    std::vector<StoredSection> stored;            // sections with a candidate
    std::vector<std::vector<Paragraph>> passages; // of each of `stored`
    std::vector<Xapian::docid> stored_docids;
    std::vector<Candidate> found;   // paragraphs that match
    std::vector<Candidate> closest; // each section's closest, should none match
    for (auto it = sections.begin(); it != sections.end(); ++it) {
        StoredSection section = read_section_data(it.get_document().get_data());
        std::optional<Candidate> best;
        bool any = false;
        size_t framework_parts = 0;
        std::vector<Paragraph> these = section.passages(&framework_parts);
        for (size_t p = 0; p < these.size(); ++p) {
            PassageMatch m =
                matcher.match(*it, matching_heading(these, framework_parts, p), these[p].text);
            if (m.whole) {
                found.push_back({std::move(m), stored.size(), p});
                any = true;
            } else if (found.empty() && m.score > 0 && (!best || m.score > best->match.score)) {
                best = Candidate{std::move(m), stored.size(), p};
            }
        }
        if (best && found.empty()) {
            closest.push_back(std::move(*best));
            any = true;
        }
        if (!any) continue;
        stored.push_back(std::move(section));
        passages.push_back(std::move(these));
        stored_docids.push_back(*it);
    }
    if (found.empty()) found = std::move(closest);
    if (request.sort.key == SortKey::relevance)
        std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
            return a.match.score > b.match.score;
        });
    results.total = static_cast<Xapian::doccount>(found.size());
    if (request.facets) {
        FacetCounter facets(false); // counted here, by hand
        std::vector<Xapian::doccount> per_section(stored.size());
        for (const auto& c : found)
            ++per_section[c.section];
        for (size_t s = 0; s < stored.size(); ++s)
            if (per_section[s]) facets.add(db_.get_document(stored_docids[s]), per_section[s]);
        results.facets = facets.counts();
    }

    double top = 0;
    for (const auto& c : found)
        top = std::max(top, c.match.score);
    for (size_t i = request.offset; i < found.size() && i < request.offset + request.limit; ++i) {
        const Candidate& c = found[i];
        Hit hit;
        hit.rank = i + 1;
        hit.relevance = top > 0 ? static_cast<int>(std::lround(100 * c.match.score / top)) : 100;
        hit.section = stored[c.section];
        const Paragraph& p = passages[c.section][c.paragraph];
        hit.heading = p.heading;
        hit.line = p.line;
        hit.page = p.page;
        hit.passage_matches = c.match.whole;
        hit.snippet = snippet_window(p.text, c.match.spans, 0);
        results.hits.push_back(std::move(hit));
    }
}

// Stems are for matching, not reading: a stem term is shown as the
// commonest word of the spelling data with that stem ("Zcommuniti" ->
// "communities"), or as the bare stem where there is none (remote shards
// have no spelling data in Xapian 1.4).
std::string Searcher::surface_word(const std::string& stem) {
    if (surface_words_.empty()) {
        std::map<std::string, Xapian::doccount> frequency;
        Xapian::Stem stemmer = english_stemmer(true);
        try {
            for (auto w = db_.spellings_begin(); w != db_.spellings_end(); ++w) {
                std::string key = stem_term(stemmer, "", *w);
                if (w.get_termfreq() > frequency[key]) {
                    frequency[key] = w.get_termfreq();
                    surface_words_[key] = *w;
                }
            }
        } catch (const Xapian::UnimplementedError&) {
        }
        surface_words_[""] = ""; // looked up once, even when there is none
    }
    auto found = surface_words_.find(stem);
    if (found != surface_words_.end()) return found->second;
    return stem.size() > 1 && stem[0] == kStemMarker ? stem.substr(1) : stem;
}

void Searcher::export_sections(const std::function<void(const StoredSection&)>& each, bool latest,
                               const std::string& query, WordMatching words) {
    retrying([&] {
        std::set<std::string> old;
        if (latest) old = superseded();
        if (!query.empty()) {
            // The sections matching the query, still in index order.
            QueryBuilder builder(db_, thesauri_);
            builder.set_exact(words.exact);
            Xapian::Enquire enquire(db_);
            enquire.set_query(without_copies(
                filtered(builder.parse(query, words.op), type_filter(doctype::section))));
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_docid_order(Xapian::Enquire::ASCENDING);
            Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                StoredSection s = read_section_data(it.get_document().get_data());
                if (!old.contains(s.report)) each(s);
            }
            return 0;
        }
        std::string section = term(FieldId::type, doctype::section);
        for (auto it = db_.postlist_begin(section); it != db_.postlist_end(section); ++it) {
            StoredSection s = read_section_data(db_.get_document(*it).get_data());
            if (!old.contains(s.report) && !is_copy(*it, s.report)) each(s);
        }
        return 0;
    });
}

// Every report's edition (council key, published date, id), sorted by
// council, then date (undated first), then id. The edition value is on
// report documents only; a match spy reads it locally and through
// xapian-tcpsrv alike.
std::vector<Edition> Searcher::editions() {
    std::vector<Edition> out;
    auto add = [&](const std::string& value) {
        Edition e = parse_edition_value(value);
        if (!e.report.empty()) out.push_back(std::move(e));
    };
    if (remotes_.empty()) {
        // Locally the slot's value stream holds exactly the report documents'.
        auto slot = slot_of(FieldId::edition);
        for (auto v = db_.valuestream_begin(slot); v != db_.valuestream_end(slot); ++v)
            add(*v);
    } else {
        Xapian::Enquire enquire(db_);
        enquire.set_query(type_filter(doctype::report));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::ValueCountMatchSpy spy(slot_of(FieldId::edition));
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, db_.get_doccount());
        for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
            add(*v);
    }
    std::sort(out.begin(), out.end(), [](const Edition& a, const Edition& b) {
        return std::tie(a.key, a.published, a.report) < std::tie(b.key, b.published, b.report);
    });
    // A report that several databases hold is one edition, not a pair.
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Edition& a, const Edition& b) {
                              return std::tie(a.key, a.published, a.report) ==
                                     std::tie(b.key, b.published, b.report);
                          }),
              out.end());
    return out;
}

// Sections and reports of superseded reports: AND_NOT this for --latest.
Xapian::Query Searcher::superseded_query() {
    std::vector<Xapian::Query> ids;
    for (const auto& id : superseded())
        ids.emplace_back(term(FieldId::report, id));
    if (ids.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end());
}

// Ids of the reports with a section matching `query`, or (for filters
// such as statement:safeguarding score:2) a score matching it that only the
// report's score table gives.
std::set<std::string> Searcher::matching_reports(const std::string& query, WordMatching words) {
    QueryBuilder builder(db_, thesauri_);
    builder.set_exact(words.exact);
    Xapian::Enquire enquire(db_);
    Xapian::Query parts(Xapian::Query::OP_OR, type_filter(doctype::section),
                        type_filter(doctype::score));
    enquire.set_query(without_copies(filtered(builder.parse(query, words.op), parts)));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy by_report(slot_of(FieldId::report));
    enquire.add_matchspy(&by_report);
    enquire.get_mset(0, 0, db_.get_doccount());
    std::set<std::string> out;
    for (auto v = by_report.values_begin(); v != by_report.values_end(); ++v)
        out.insert(*v);
    return out;
}

namespace {

// The grid's order: the key (missing last, either way), then by council and
// its editions oldest first.
void sort_grid(std::vector<GridRow>& rows, const GridSort& sort) {
    auto by_council = [](const GridRow& a, const GridRow& b) {
        return std::tie(a.report.authority, a.report.published, a.report.report) <
               std::tie(b.report.authority, b.report.published, b.report.report);
    };
    std::stable_sort(rows.begin(), rows.end(), by_council);
    if (sort.key == GridSort::Key::authority) {
        if (sort.descending)
            std::stable_sort(rows.begin(), rows.end(), [](const GridRow& a, const GridRow& b) {
                return a.report.authority > b.report.authority;
            });
        return;
    }
    // The key as a number, or none.
    auto key = [&](const GridRow& row) -> std::optional<double> {
        const StoredReport& r = row.report;
        switch (sort.key) {
        case GridSort::Key::percent:
            if (r.percent) return *r.percent;
            return std::nullopt;
        case GridSort::Key::rating: {
            auto all = ratings();
            for (size_t i = 0; i < all.size(); ++i)
                if (all[i].id == r.rating) return static_cast<double>(i);
            return std::nullopt;
        }
        case GridSort::Key::published:
            if (r.published.empty()) return std::nullopt;
            // YYYY-MM-DD as a number keeps the order of the dates.
            return std::stod(r.published.substr(0, 4) + r.published.substr(5, 2) +
                             r.published.substr(8, 2));
        case GridSort::Key::statement: {
            auto it = r.scores.find(sort.statement);
            if (it == r.scores.end()) return std::nullopt;
            return it->second;
        }
        case GridSort::Key::authority:
            break;
        }
        return std::nullopt;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const GridRow& a, const GridRow& b) {
        auto x = key(a), y = key(b);
        if (!x || !y) return x.has_value() && !y.has_value();
        return sort.descending ? *x > *y : *x < *y;
    });
}

} // namespace

ScoreGrid Searcher::run_grid(const GridRequest& request) {
    ScoreGrid grid;
    grid.query = request.query;
    Xapian::Query reports = type_filter(doctype::report);
    if (!request.query.empty()) {
        std::vector<Xapian::Query> ids;
        for (const auto& id : matching_reports(request.query, request.words))
            ids.emplace_back(term(FieldId::report, id));
        if (ids.empty()) return grid;
        reports = Xapian::Query(Xapian::Query::OP_AND, reports,
                                Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
    }
    if (request.latest)
        if (Xapian::Query old = superseded_query(); !old.empty())
            reports = Xapian::Query(Xapian::Query::OP_AND_NOT, reports, old);
    Xapian::Enquire enquire(db_);
    enquire.set_query(without_copies(reports));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it)
        grid.rows.push_back({read_report_data(it.get_document().get_data())});
    sort_grid(grid.rows, request.sort);
    grid.total = grid.rows.size();
    size_t first = std::min(request.offset, grid.rows.size());
    size_t last =
        request.limit ? std::min(grid.rows.size(), first + *request.limit) : grid.rows.size();
    grid.rows = std::vector<GridRow>(grid.rows.begin() + static_cast<std::ptrdiff_t>(first),
                                     grid.rows.begin() + static_cast<std::ptrdiff_t>(last));
    grid.offset = first;
    return grid;
}

namespace {

// A section's place in its report: its statement, else the key of its id
// ("summary").
std::string section_place(const StoredSection& s) {
    if (!s.statement.empty()) return s.statement;
    auto slash = s.id.rfind('/');
    return slash == std::string::npos ? s.id : s.id.substr(slash + 1);
}

using ParagraphCounts = std::map<std::string, std::map<std::string, size_t>>; // place -> text -> n

} // namespace

Changes Searcher::run_changes(const std::string& query, bool latest, WordMatching words) {
    Changes out;
    out.query = query;
    std::set<std::string> matching;
    if (!query.empty()) {
        matching = matching_reports(query, words);
        if (matching.empty()) return out;
    }
    auto report_of = [&](const std::string& id) {
        std::string t = term(FieldId::id, id);
        for (auto post = db_.postlist_begin(t); post != db_.postlist_end(t); ++post)
            if (!is_copy(*post, id)) return read_report_data(db_.get_document(*post).get_data());
        return StoredReport{};
    };
    auto paragraphs_of = [&](const std::string& id) {
        ParagraphCounts counts;
        std::string t = term(FieldId::report, id);
        const auto type_slot = slot_of(FieldId::type);
        for (auto it = db_.postlist_begin(t); it != db_.postlist_end(t); ++it) {
            if (is_copy(*it, id)) continue;
            Xapian::Document doc = db_.get_document(*it);
            if (doc.get_value(type_slot) != doctype::section) continue;
            StoredSection s = read_section_data(doc.get_data());
            auto& texts = counts[section_place(s)];
            // Compared as folded for matching: ’ against ', the PDF and the
            // text of one report, are no change.
            for (const auto& p : s.paragraphs)
                ++texts[paragraph_key(p.text)];
        }
        return counts;
    };
    // a's paragraphs that b lacks, counting repeats
    auto missing = [](const std::map<std::string, size_t>& a,
                      const std::map<std::string, size_t>& b) {
        size_t n = 0;
        for (const auto& [text, count] : a) {
            auto it = b.find(text);
            size_t there = it == b.end() ? 0 : it->second;
            if (count > there) n += count - there;
        }
        return n;
    };

    std::vector<Edition> all = editions();
    for (size_t begin = 0, end; begin < all.size(); begin = end) {
        end = begin;
        while (end < all.size() && all[end].key == all[begin].key)
            ++end;
        for (size_t i = latest ? std::max(begin + 1, end - 1) : begin + 1; i < end; ++i) {
            const Edition& from = all[i - 1];
            const Edition& to = all[i];
            if (!query.empty() && !matching.contains(from.report) && !matching.contains(to.report))
                continue;
            EditionChange change;
            change.from = report_of(from.report);
            change.to = report_of(to.report);
            change.authority =
                change.to.authority.empty() ? change.from.authority : change.to.authority;
            for (const auto& st : statements()) {
                std::string id(st.id);
                auto f = change.from.scores.find(id), t = change.to.scores.find(id);
                std::optional<int> a, b;
                if (f != change.from.scores.end()) a = f->second;
                if (t != change.to.scores.end()) b = t->second;
                if (a != b) change.scores.push_back({id, a, b});
            }
            ParagraphCounts before = paragraphs_of(from.report), after = paragraphs_of(to.report);
            std::vector<std::string> places = {"summary"};
            for (const auto& st : statements())
                places.emplace_back(st.id);
            for (const auto& counts : {before, after})
                for (const auto& [place, texts] : counts)
                    if (std::find(places.begin(), places.end(), place) == places.end())
                        places.push_back(place);
            static const std::map<std::string, size_t> none;
            for (const auto& place : places) {
                auto b = before.find(place), a = after.find(place);
                const auto& old_texts = b == before.end() ? none : b->second;
                const auto& new_texts = a == after.end() ? none : a->second;
                ParagraphChange p{place, missing(new_texts, old_texts),
                                  missing(old_texts, new_texts)};
                if (p.added || p.removed) change.paragraphs.push_back(std::move(p));
            }
            out.changes.push_back(std::move(change));
        }
    }
    std::stable_sort(
        out.changes.begin(), out.changes.end(),
        [](const EditionChange& a, const EditionChange& b) { return a.authority < b.authority; });
    return out;
}

} // namespace cqc
