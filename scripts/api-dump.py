#!/usr/bin/env python3
"""The public API of QualKit's library products, as text: one line per public declaration.

Reads the symbol graphs of `swift package dump-symbol-graph --minimum-access-level public` (SPI and
package declarations are not in them) and writes API/<Module>.txt. With --check, compares instead and
fails when the API changed without the dump changing with it, or when any public declaration mentions
the engine's insides.

    swift package dump-symbol-graph --minimum-access-level public
    python3 scripts/api-dump.py            # rewrite API/*.txt after a deliberate change
    python3 scripts/api-dump.py --check    # CI
"""
import glob, json, os, re, sys

MODULES = ["QualKitCore", "QualKitSpecs", "QualKitLearners", "QualKitReports", "QualKitCredentials"]
FORBIDDEN = ["Unsafe", "Workspace", "Outcome", "ByteBuffer", "LineReader", "RecordLoader", "ResultByteWriter"]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
graphs = glob.glob(os.path.join(root, ".build", "*", "symbolgraph")) + glob.glob(os.path.join(root, ".build", "symbolgraph"))
if not graphs:
    sys.exit("api-dump: no symbol graphs; run `swift package dump-symbol-graph --minimum-access-level public` first")
graph_dir = graphs[0]

def lines_for(module):
    out = set()
    for path in sorted(glob.glob(os.path.join(graph_dir, f"{module}.symbols.json")) + glob.glob(os.path.join(graph_dir, f"{module}@*.symbols.json"))):
        extended = os.path.basename(path).split("@")[1].split(".")[0] if "@" in os.path.basename(path) else None
        if extended and extended not in MODULES:
            continue   # extensions of the standard library or Foundation: listed under the module, marked
        data = json.load(open(path))
        for s in data.get("symbols", []):
            if s.get("accessLevel") != "public" or s.get("spi"):
                continue
            if "::SYNTHESIZED::" in s.get("identifier", {}).get("precise", ""):
                continue   # the standard library's default implementations, inherited

            decl = "".join(f["spelling"] for f in s.get("declarationFragments", []))
            where = ".".join(s["pathComponents"][:-1])
            prefix = f"[extension of {extended}] " if extended else ""
            out.add(f"{prefix}{where + '.' if where else ''}{' '.join(decl.split())}")
    return sorted(out)

check = "--check" in sys.argv
failed = False
for m in MODULES:
    text = "".join(l + "\n" for l in lines_for(m))
    dest = os.path.join(root, "API", f"{m}.txt")
    bad = [l for l in text.splitlines() if any(re.search(r"\b" + w, l) for w in FORBIDDEN)]
    if bad:
        failed = True
        print(f"api-dump: {m}: public declarations mention the engine's insides:\n  " + "\n  ".join(bad))
    if check:
        old = open(dest).read() if os.path.exists(dest) else ""
        if old != text:
            failed = True
            import difflib
            print(f"api-dump: the public API of {m} changed; review it, then run `python3 scripts/api-dump.py` and commit API/{m}.txt:")
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), text.splitlines(True), f"API/{m}.txt", "now"))
    else:
        open(dest, "w").write(text)
        print(f"API/{m}.txt: {len(text.splitlines())} declarations")
sys.exit(1 if failed else 0)
