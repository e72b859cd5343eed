"""Build Parley's CAMEO codebook (src/parley/data/codebooks/cameo.json) from the reference data.

Reads ``codebooks/cameo_codes.csv`` (names, Goldstein scores; andybega/icews, MIT) and
``codebooks/CAMEO2PLOVER-2021.txt`` (the official CAMEO -> PLOVER crosswalk, Schrodt 2021,
CC BY-SA 4.0) and writes, per CAMEO code: name, Goldstein score, PLOVER type, mode, context
and GDELT quad class. Run:

    python scripts/build_codebooks.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "parley" / "data" / "codebooks" / "cameo.json"


def quad_class(code: str) -> int:
    """GDELT/ICEWS quad class of a CAMEO code from its root (01-05, 06-09, 10-14, 15-20)."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    cb = args.data / "codebooks"
    codes: dict[str, dict[str, object]] = {}
    with open(cb / "cameo_codes.csv", encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            gs = row["goldstein"].strip()
            codes[code] = {
                "name": row["name"].strip(),
                "goldstein": float(gs) if gs not in ("", "NA") else None,
                "plover": None,
                "mode": None,
                "context": None,
                "quad": quad_class(code),
            }
    line_re = re.compile(r"^(\d{2,4}):\s*([^#]*)(?:#\s*(.*))?$")
    for line in (cb / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = line_re.match(line.strip())
        if not m:
            continue
        code, fields, comment = m.group(1), m.group(2), (m.group(3) or "").strip()
        parts = [p.strip() for p in fields.split(",")]
        plover = parts[0] or None
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        context = parts[2] if len(parts) > 2 and parts[2] else None
        entry = codes.setdefault(
            code,
            {"name": comment, "goldstein": None, "plover": None, "mode": None,
             "context": None, "quad": quad_class(code)},
        )
        entry.update({"plover": plover, "mode": mode, "context": context})
    # PLOVER drops CAMEO 01 (statements) and 02 (appeals). Parley's gold data codes an
    # appeal ("0234 appeal for military protection") as a REQUEST, which is what an appeal
    # is in PLOVER's terms, so 02x codes map to REQUEST; 01x stay without a type.
    for code, entry in codes.items():
        if code.startswith("02") and entry["plover"] is None:
            entry["plover"] = "REQUEST"
            entry["mode"] = "appeal"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(dict(sorted(codes.items())), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(codes)} codes to {OUT}")


if __name__ == "__main__":
    main()
