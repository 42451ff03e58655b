// bare_xapian: the floor for indexing the same files with Xapian, for bench/run.
//
//   bare_xapian DB DIR
//   bare_xapian --count DB     (print the number of documents in DB)
//
// Walks DIR, and for every regular file makes one document: the whole file
// through a TermGenerator (Stem("english"), positions), its path as the
// document data. Single-threaded, one commit at the end. No parsing, no
// metadata, no values, no spelling data: what any Xapian indexer has to pay.
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: bare_xapian DB DIR | bare_xapian --count DB\n";
        return 2;
    }
    try {
        if (std::string(argv[1]) == "--count") {
            std::cout << Xapian::Database(argv[2]).get_doccount() << "\n";
            return 0;
        }
        std::vector<fs::path> files;
        for (const auto& e : fs::recursive_directory_iterator(argv[2]))
            if (e.is_regular_file()) files.push_back(e.path());
        std::sort(files.begin(), files.end());

        Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        for (const auto& path : files) {
            std::ifstream in(path, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(text.str()); // with positions (index_text, not _without_positions)
            std::string rel = path.lexically_relative(argv[2]).string();
            doc.set_data(rel);
            doc.add_boolean_term(("Q" + rel).substr(0, 240)); // a unique id, as real indexers add
            db.add_document(doc);
        }
        db.commit();
        std::cout << "bare_xapian: " << files.size() << " documents in " << argv[1] << "\n";
    } catch (const Xapian::Error& e) {
        std::cerr << "bare_xapian: " << e.get_description() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "bare_xapian: " << e.what() << "\n";
        return 1;
    }
}
