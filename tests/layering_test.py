#!/usr/bin/env python3
"""The layers of common/ (common/CMakeLists.txt) hold in the build.

A layer is a library that links only the layers beneath it, and a header is
on the include path only of the targets that link its layer, so a crossing
(search/ including an extractor's header, say) is a "file not found" build
error. This test holds CMake to the table below, so that a link added to a
layer above (which would quietly open its headers) fails here:

  - each layer's direct links and its include path (with what it inherits)
    reach only its own folder and the layers beneath it; results/ (the
    result model) links no library at all, so no Xapian;
  - the compiler, given search/'s include path, finds schema.hh and does not
    find pdf_extractor.hh or index_writer.hh;
  - cqc-search loads no PDF, HTML or file-type library (ldd), where
    cqc-index does.

usage: layering_test.py LAYERS_TSV SOURCE_DIR CXX CQC_SEARCH CQC_INDEX
"""
import os
import subprocess
import sys
import tempfile

# Each layer and the layers it may reach (directly or through others).
BENEATH = {
    "results": set(),
    "text": set(),
    "framework": {"text"},
    "document": {"text"},
    "extract": {"document", "text"},
    "report": {"framework", "document", "text"},
    "schema": {"results", "report", "framework", "document", "text"},
    "index": {"extract", "schema", "results", "report", "framework", "document", "text"},
    "search": {"schema", "results", "report", "framework", "document", "text"},
    "print": {"schema", "results", "report", "framework", "document", "text"},
    "cli": {"text"},
    "serve": {"print", "results", "cli", "search", "schema", "report", "framework", "document", "text"},
}
# Only extract/ links these (pkg-config names of the shared objects).
FOREIGN = ("libpoppler", "libgumbo", "libmagic")

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def main():
    tsv, source_dir, cxx, searcher, indexer = sys.argv[1:6]
    common = os.path.realpath(os.path.join(source_dir, "common"))
    links, includes = {}, {}
    for line in open(tsv):
        layer, what, items = line.rstrip("\n").split("\t")
        values = [v for v in items.split(";") if v]
        (links if what == "links" else includes)[layer] = values
    if set(links) != set(BENEATH) or set(includes) != set(BENEATH):
        fail(f"{tsv} names layers {sorted(links)}, this test knows {sorted(BENEATH)}")

    folders = sorted(d for d in os.listdir(common) if os.path.isdir(os.path.join(common, d)))
    if folders != sorted(BENEATH):
        fail(f"common/ holds folders {folders}; every layer needs a row in this test")

    for layer, reach in BENEATH.items():
        allowed = reach | {layer}
        linked = {v[len("cqc_"):] for v in links.get(layer, []) if v.startswith("cqc_")}
        linked.discard("warnings")
        if not linked <= reach:
            fail(f"cqc_{layer} links {sorted(linked - reach)}, not beneath it")
        seen = set()
        for d in includes.get(layer, []):
            real = os.path.realpath(d)
            if real.startswith(common + os.sep):
                seen.add(os.path.relpath(real, common).split(os.sep)[0])
        if layer not in seen or not seen <= allowed:
            fail(f"cqc_{layer}'s include path reaches {sorted(seen)}, the table allows {sorted(allowed)}")

    # The result model links nothing (no Xapian): printers and servers build on it alone.
    linked = [v for v in links.get("results", []) if v != "cqc_warnings"]
    if linked:
        fail(f"cqc_results links {linked}; the result model links nothing")

    # The compiler, with search/'s include path: what is beneath is found,
    # what is beside or above is not.
    flags = ["-std=c++20", "-fsyntax-only"] + ["-I" + d for d in includes.get("search", [])]
    with tempfile.TemporaryDirectory() as tmp:
        def compiles(header):
            probe = os.path.join(tmp, "probe.cc")
            with open(probe, "w") as f:
                f.write(f'#include "{header}"\n')
            p = subprocess.run([cxx] + flags + [probe], capture_output=True, text=True)
            return p.returncode == 0, p.stderr
        ok, err = compiles("schema.hh")
        if not ok:
            fail("search/ cannot include schema.hh, beneath it:\n" + err[-2000:])
        # The result model compiles on its own include path: it needs nothing else.
        results_flags = ["-std=c++20", "-fsyntax-only"] + ["-I" + d for d in includes.get("results", [])]
        probe = os.path.join(tmp, "results_probe.cc")
        with open(probe, "w") as f:
            f.write('#include "results.hh"\ncqc::SearchResults r;\n')
        p = subprocess.run([cxx] + results_flags + [probe], capture_output=True, text=True)
        if p.returncode != 0:
            fail("results.hh does not compile on results/'s include path alone:\n" + p.stderr[-2000:])
        for header in ("pdf_extractor.hh", "index_writer.hh"):
            ok, err = compiles(header)
            if ok or not ("No such file" in err or "file not found" in err):  # g++, clang
                fail(f"search/ includes {header} (or fails for another reason):\n{err[-2000:]}")

    def loaded(program):
        p = subprocess.run(["ldd", program], capture_output=True, text=True)
        if p.returncode != 0:
            fail(f"ldd {program}: {p.stderr.strip()}")
        return [line.split()[0] for line in p.stdout.splitlines() if line.strip()]

    search_libs = loaded(searcher)
    index_libs = loaded(indexer)
    if not any(lib.startswith("libxapian") for lib in search_libs):
        fail(f"ldd {searcher} lists no libxapian: the check below would prove nothing")
    for name in FOREIGN:
        if any(lib.startswith(name) for lib in search_libs):
            fail(f"cqc-search loads {name}")
        if not any(lib.startswith(name) for lib in index_libs):
            fail(f"cqc-index does not load {name}: has the extractor moved?")

    if failures:
        sys.exit(1)
    print(f"layers hold: {len(BENEATH)} layers; cqc-search loads {len(search_libs)} libraries, "
          f"none of {', '.join(FOREIGN)}")


if __name__ == "__main__":
    main()
