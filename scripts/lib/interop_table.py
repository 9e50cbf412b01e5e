"""Writes the interop case table (case x client x plaintext/TLS) into docs/interop.md.

Usage: interop_table.py RESULTS_TSV DOC_MD
RESULTS_TSV holds lines "client<TAB>mode<TAB>case<TAB>PASS|FAIL" (scripts/test interop writes
it); the table replaces whatever lies between the begin and end markers in DOC_MD.
"""

import sys
from pathlib import Path

BEGIN = "<!-- interop-table:begin (scripts/test interop --update-docs) -->"
END = "<!-- interop-table:end -->"
CLIENTS = ("go", "java", "python")
MODES = ("plaintext", "tls")


def table(rows: list[tuple[str, str, str, str]]) -> str:
    result = {(client, mode, case): outcome for client, mode, case, outcome in rows}
    cases = list(dict.fromkeys(case for _, _, case, _ in rows))
    header = ["case"] + [f"{client} {mode}" for client in CLIENTS for mode in MODES]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for case in cases:
        cells = [result.get((client, mode, case), "–") for client in CLIENTS for mode in MODES]
        cells = ["pass" if c == "PASS" else "**FAIL**" if c == "FAIL" else c for c in cells]
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    results, doc = Path(sys.argv[1]), Path(sys.argv[2])
    rows = [tuple(line.split("\t")) for line in results.read_text().splitlines() if line]
    text = doc.read_text()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    doc.write_text(text[:start] + "\n" + table(rows) + "\n" + text[end:])
    print(f"wrote the case table ({len(rows)} results) into {doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
