#!/usr/bin/env python3
"""Re-grade tests/relevance/paraphrases.json from each query's own fields.

  tests/relevance/grade_paraphrases.py BUILD_DIR

Each query names the sentence it aims at ("aims_at", written by reading the
reports) and the sector's words for its concept ("concept", a regular
expression, case-insensitive unless it holds an acronym). Over the sections
scripts/relevance indexes for the paraphrase set: a section holding the
sentence is graded 3, one naming the concept three times or more 2, once or
twice 1. The grades are then what was committed, read by eye; this script
exists so that a new fixture or a changed sentence can be re-graded the same
way. It never runs the search engine's ranking, only its export of sections.
"""
import json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PUBLISHED_REPORTS = ["pdf-2025", "pdf-2026", "web/saltmarsh.html",
                     "mixed/fenwick-borough-council.pdf", "web-sections"]


def norm(t):
    return re.sub(r"\s+", " ", t.replace("\u2019", "'").replace("\u00a0", " ").replace("\u00ad", ""))


def main():
    build = sys.argv[1]
    path = os.path.join(ROOT, "tests", "relevance", "paraphrases.json")
    data = json.load(open(path))
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "db")
        subprocess.run([os.path.join(build, "indexer", "cqc-index"), "--db", db, "-q",
                        os.path.join(ROOT, "corpus"), os.path.join(ROOT, "tests", "fixtures"),
                        *[os.path.join(ROOT, "tests", "published", p) for p in PUBLISHED_REPORTS]],
                       check=True)
        out = subprocess.run([os.path.join(build, "searcher", "cqc-search"), "--db", db, "--export"],
                             check=True, capture_output=True, text=True).stdout
    sections = [json.loads(line) for line in out.splitlines()]
    for q in data["queries"]:
        flags = 0 if re.search(r"[A-Z]{2}", q["concept"]) else re.I
        grades = {}
        for s in sections:
            text = norm(s["section"] + " \n " + s["text"])
            if norm(q["aims_at"]) in text:
                grades[s["id"]] = 3
                continue
            n = len(re.findall(q["concept"], text, flags))
            if n:
                grades[s["id"]] = 2 if n >= 3 else 1
        if 3 not in grades.values():
            sys.exit(f"grade_paraphrases: no section holds the sentence of {q['query']!r}")
        q["judgments"] = dict(sorted(grades.items(), key=lambda kv: (-kv[1], kv[0])))
    json.dump(data, open(path, "w"), indent=2)
    open(path, "a").write("\n")


if __name__ == "__main__":
    main()
