// The walk over a document's blocks: which blocks are metadata (council,
// dates, rating), which make the score table, where each section starts and
// which paragraphs it holds under which key-finding subheading. What each
// line says is line_recognisers.cc's; merging files is report_assembly.cc's.
#include "line_recognisers.hh"
#include "report_parser.hh"

#include "text.hh"

namespace cqc {
namespace {

using namespace detail;

// What the blocks being read belong to.
enum class State {
    preamble,     // the start of a section, before any part heading
    rating_block, // "Local authority rating and score": rating, council, percentage
    score_table,  // a score table's rows
    expect,       // "What people expect": the "I" statement comes next
    commitment,   // "The local authority commitment": the "We" statement comes next
    findings,     // key findings: subheadings and paragraphs
    theme_list,   // a theme heading and the list of its statements
    // After a section's copyright footer or the site's feedback lines: not
    // the report (the site's footer, a printer's last page) until the next
    // framework heading starts a section again.
    outside,
};

class SectionWalker {
public:
    explicit SectionWalker(ParsedFile& out) : out_(out) {}

    void run(const Document& doc) {
        if (!doc.published.empty()) out_.published = doc.published;
        for (const auto& b : doc.front_matter)
            take_front_matter(b);
        for (const auto& b : doc.blocks)
            take(b);
        flush_pending_table_name();
        out_.unplaced_paragraphs += preamble_.size();
    }

private:
    ParsedFile& out_;
    State state_ = State::preamble;
    Section* section_ = nullptr;
    std::string heading_;                   // the key-finding subheading paragraphs sit under
    const Statement* table_name_ = nullptr; // score table row awaiting its score
    int table_name_line_ = 0;
    bool seen_content_ = false;   // a block other than a date or a cover's title line was read
    std::vector<Block> preamble_; // paragraphs before any section
    std::string front_before_;    // the front matter's last block that was not metadata
    std::string text_before_;     // the last block of text before any section: a cover's council
    int page_ = 0;                // of the block being read (PDF)

    void warn(int line, std::string message) {
        out_.warnings.push_back({out_.path, line, std::move(message)});
    }

    void start_section(std::string title, const Statement* statement, int line) {
        Section s;
        s.title = std::move(title);
        s.statement = statement;
        s.summary = statement == nullptr;
        s.file = out_.path;
        s.page = page_;
        s.line = page_ ? 0 : line;
        out_.sections.push_back(std::move(s));
        section_ = &out_.sections.back();
        heading_.clear();
    }

    // Back into the overall summary, or start it.
    void summary(int line) {
        if (section_ && section_->summary) return;
        for (auto& s : out_.sections)
            if (s.summary) {
                section_ = &s;
                return;
            }
        start_section(std::string(wording(Wording::overall_summary).front()), nullptr, line);
    }

    bool in_summary() const { return !section_ || section_->summary; }

    bool in_summary_head() const {
        return state_ == State::rating_block || state_ == State::score_table;
    }

    void flush_pending_table_name() {
        if (table_name_)
            warn(table_name_line_,
                 "score table row '" + std::string(table_name_->name) + "' has no score");
        table_name_ = nullptr;
    }

    void set_section_score(int score, int line) {
        if (!section_) return;
        if (section_->score && *section_->score != score)
            warn(line, "score " + std::to_string(score) + " disagrees with the score " +
                           std::to_string(*section_->score) + " given above it in '" +
                           section_->title + "'");
        else
            section_->score = score;
    }

    void add_table_row(ScoreRow row, int line) {
        for (const auto& r : out_.score_table)
            if (r.statement == row.statement) {
                if (r.score != row.score)
                    warn(line, "score table lists '" + std::string(row.statement->name) +
                                   "' twice with different scores");
                return;
            }
        out_.score_table.push_back(row);
    }

    // A score for the score table's pending statement, else for the section.
    void take_score_for(int score, int line) {
        if (state_ == State::score_table && table_name_) {
            add_table_row({table_name_, score}, line);
            table_name_ = nullptr;
        } else {
            set_section_score(score, line);
        }
    }

    // Dates, the web page's "<Council> assessment" title and a cover's
    // "<Council>" / "Local authority assessment": about the report, not in it.
    // `t`: the block's text normalised; what is kept is kept as written.
    bool take_metadata(const Block& b, std::string_view t) {
        if (b.kind == BlockKind::table_row || b.line_count > 3) return false;
        if (auto published = match_published_line(t)) {
            if (published->date) {
                if (out_.published.empty()) out_.published = *published->date;
            } else {
                // Never dropped quietly: an edition without its date sorts
                // as the oldest, and --latest and --changes would be wrong.
                auto as_written = match_published_line(b.text);
                warn(b.line, "publication date cannot be read: '" +
                                 (as_written ? as_written->written : published->written) +
                                 "' (the report is indexed as undated)");
            }
            return true;
        }
        if (auto assessed = match_assessed_line(t)) {
            auto as_written = match_assessed_line(b.text);
            if (out_.assessed.empty()) out_.assessed = as_written ? *as_written : *assessed;
            return true;
        }
        if (is_title_page_line(t)) {
            // The council's name stands above it, a paragraph or (short as
            // it is) a subheading of no section.
            if (!text_before_.empty() && out_.authority.empty()) out_.authority = text_before_;
            if (!preamble_.empty() && preamble_.back().text == text_before_) preamble_.pop_back();
            text_before_.clear();
            return true;
        }
        bool first = !seen_content_;
        seen_content_ = true;
        if (first && !section_)
            if (auto name = match_title_line(t)) {
                auto as_written = match_title_line(b.text);
                out_.authority = as_written ? *as_written : *name;
                return true;
            }
        return false;
    }

    // A cover: the council's name stands above "Local authority assessment".
    void take_front_matter(const Block& b) {
        if (is_title_page_line(b.text)) {
            if (!front_before_.empty()) out_.authority = front_before_;
            return;
        }
        std::string storage;
        if (!take_metadata(b, normalised_view(b.text, storage))) front_before_ = b.text;
    }

    // Theme headings in a PDF list their statements as bullets; a bullet
    // naming a statement is never a section. Other bullets are paragraphs.
    bool take_list_item(const Block& b, std::string_view t) {
        if (b.kind != BlockKind::list_item) return false;
        if (state_ != State::theme_list && !match_statement_heading(t)) paragraph(b);
        return true;
    }

    // "Score: 2", "2 - Evidence shows some shortfalls": the pending score
    // table row's score, else the section's.
    bool take_score(const Block& b, std::string_view t) {
        if (auto score = match_score_line(t)) {
            out_.indicative = out_.indicative || score->indicative;
            if (score->score) take_score_for(*score->score, block_position(b));
            // A bare "Score:" leaves its score to the label below it.
            return true;
        }
        if (auto label = match_score_label(t)) {
            take_score_for(*label, block_position(b));
            return true;
        }
        return false;
    }

    // A row of the overall summary's score table, with its furniture.
    bool take_score_table_row(const Block& b, std::string_view t) {
        if (in_summary_head() && is_table_furniture(t)) return true;
        auto row = b.kind == BlockKind::table_row ? match_table_cells(b.cells) : match_table_row(t);
        if (!row || !(in_summary_head() || in_summary())) return false;
        state_ = State::score_table;
        add_table_row(*row, block_position(b));
        return true;
    }

    // A statement's name: a score table row's first cell in the summary's
    // head, else the start of its section.
    bool take_statement_heading(const Block& b, std::string_view t) {
        const Statement* st = match_statement_heading(t);
        if (!st) return false;
        if (state_ == State::score_table ||
            (state_ == State::rating_block && section_ && section_->summary)) {
            flush_pending_table_name();
            state_ = State::score_table;
            table_name_ = st;
            table_name_line_ = block_position(b);
            return true;
        }
        start_section(b.text, st, block_position(b));
        state_ = State::preamble;
        return true;
    }

    // A short line where a score table row's score belongs that no score
    // form reads ("Score: three"): the row's score, unread, said so; the
    // table goes on. Taken as the end of the table it would file the rest
    // of the summary under the next row's statement.
    bool take_unread_table_score(const Block& b, std::string_view t) {
        if (state_ != State::score_table || !table_name_ || b.line_count > 1 || t.size() > 80)
            return false;
        // It holds a digit, or opens with the word a bare "Score" line is.
        bool holds_digit = t.find_first_of("0123456789") != std::string_view::npos;
        if (!holds_digit && !match_score_line(t.substr(0, t.find_first_of(" :")))) return false;
        warn(block_position(b), "score table row '" + std::string(table_name_->name) +
                                    "': cannot read a score in '" + b.text + "'");
        table_name_ = nullptr;
        return true;
    }

    // Anything else ends a score table.
    void end_score_table() {
        if (state_ != State::score_table) return;
        flush_pending_table_name();
        state_ = State::findings;
    }

    // Lines about the report's shape, not its content: theme headings (and
    // the list that follows them), their boilerplate, the copyright footer.
    bool take_furniture(std::string_view t) {
        if (match_theme_heading(t)) {
            state_ = State::theme_list;
            return true;
        }
        if (is_copyright(t) || is_page_after_report(t)) {
            // The section ends here; what follows is the report's only
            // under a framework heading.
            if (section_) state_ = State::outside;
            return true;
        }
        return is_theme_boilerplate(t) || is_publisher_line(t);
    }

    // The overall percentage stated on its own line in the summary.
    bool take_percent(std::string_view t) {
        auto percent = match_percent_line(t);
        if (!percent || !in_summary()) return false;
        out_.stated_percent = percent;
        return true;
    }

    // The headings of the summary and of a section's parts.
    bool take_part_heading(const Block& b, std::string_view t) {
        auto part = match_part_heading(t);
        if (!part) return false;
        switch (*part) {
        case Wording::overall_summary:
            summary(block_position(b));
            state_ = State::preamble;
            break;
        case Wording::rating_heading:
            summary(block_position(b));
            state_ = State::rating_block;
            break;
        case Wording::score_table_heading:
            summary(block_position(b));
            state_ = State::score_table;
            break;
        case Wording::what_people_expect: {
            state_ = State::expect;
            // "What people expect: “I have ...”" on one line
            auto colon = b.text.find(':');
            if (colon != std::string::npos && trim(b.text.substr(colon + 1)).size() > 0) {
                if (section_) section_->what_people_expect = unquote(b.text.substr(colon + 1));
                state_ = State::findings;
            }
            break;
        }
        case Wording::commitment:
            state_ = State::commitment;
            break;
        default: // Wording::key_findings
            state_ = State::findings;
            heading_.clear();
            break;
        }
        return true;
    }

    // The overall rating: in the rating block, or the first one stated in
    // the summary (a heading naming a rating outside the block is not one).
    bool take_rating(const Block& b, std::string_view t) {
        auto rating = match_rating_line(t);
        if (!rating) return false;
        if (state_ != State::rating_block &&
            (!in_summary() || out_.stated_rating || b.kind == BlockKind::heading))
            return false;
        summary(block_position(b));
        out_.stated_rating = rating->rating;
        out_.stated_percent = rating->percent;
        out_.indicative = out_.indicative || rating->indicative;
        return true;
    }

    // The council's name on a line of its own in the rating block.
    bool take_authority(const Block& b, std::string_view t) {
        if (state_ != State::rating_block || b.line_count != 1) return false;
        if (!out_.authority.empty() && fold_key(out_.authority) != fold_key(t)) return false;
        out_.authority = b.text;
        return true;
    }

    // Running text: the "I" or "We" statement a heading announced, a
    // key-finding subheading, or a paragraph under it.
    void take_text(const Block& b, std::string_view t) {
        if (state_ == State::outside) return;
        if (!section_) text_before_ = b.text;
        if (state_ == State::rating_block || state_ == State::theme_list) state_ = State::findings;
        if (state_ == State::expect) {
            if (section_) section_->what_people_expect = unquote(b.text);
            state_ = State::findings;
            return;
        }
        if (state_ == State::commitment) {
            if (section_) section_->commitment = b.text;
            state_ = State::findings;
            return;
        }
        if (looks_like_heading(b, t)) {
            heading_ = b.text;
            return;
        }
        paragraph(b);
    }

    // The framework's wording is recognised in the block's text normalised
    // (`t`: typographic quotes and dashes folded); what the report says is
    // kept as written (`b.text`). Each step takes the block or passes it on.
    void take(const Block& b) {
        std::string storage;
        const std::string_view t = normalised_view(b.text, storage);
        page_ = b.page;
        if (take_metadata(b, t)) return;
        if (b.kind == BlockKind::table_row && is_table_furniture(t)) return;
        if (take_list_item(b, t) || take_score(b, t) || take_score_table_row(b, t) ||
            take_statement_heading(b, t))
            return;
        if (take_unread_table_score(b, t)) return;
        end_score_table();
        if (take_furniture(t) || take_percent(t) || take_part_heading(b, t) || take_rating(b, t) ||
            take_authority(b, t))
            return;
        take_text(b, t);
    }

    void paragraph(const Block& b) {
        if (state_ == State::outside) return;
        if (!section_) {
            // Text before any report heading is not report content we can place.
            preamble_.push_back(b);
            return;
        }
        section_->paragraphs.push_back({heading_, b.text, b.line, b.page});
    }
};

} // namespace

ParsedFile recognise(const Document& doc) {
    ParsedFile out;
    out.path = doc.path;
    SectionWalker(out).run(doc);
    if (out.unplaced_paragraphs && !out.sections.empty())
        out.warnings.push_back({doc.path, 0,
                                std::to_string(out.unplaced_paragraphs) +
                                    " paragraph(s) before the first section heading not indexed"});
    for (auto& s : out.sections)
        if (s.statement == nullptr && !s.summary)
            out.warnings.push_back(
                {doc.path, s.line, "section '" + s.title + "' names no quality statement"});
    return out;
}

} // namespace cqc
