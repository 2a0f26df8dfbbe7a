"""Import of a national catalogue export in the portal's flattened shape: 2,500 records generated from the test
fixtures (tests/assets/catalogue/national-flattened.json) with varied codes, names, times, fees and counts; then the
export of all of them. The issue's bound: the import under 30 s."""

import json
import random
import re
import tempfile
import time
from pathlib import Path

from modules.catalogue.services import export_records, import_file

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "assets" / "catalogue" / "national-flattened.json"
N = 2_500


def _vary(record: dict, index: int, rng: random.Random) -> dict:
    item = dict(record)
    item["ma_thu_tuc"] = f"{1 + index % 3}.{100000 + index:06d}"
    item["ten_thu_tuc"] = f"{record['ten_thu_tuc']} ({index})"
    ways = item["cach_thuc_thuc_hien"]
    ways = re.sub(r"(?<=[a-zà-ỹ])\d+(?= (?:Ngày|Giờ|Tháng))", lambda _m: str(rng.randint(1, 30)), ways)
    ways = re.sub(r"\d{2,3}\.000 Đồng", lambda _m: f"{rng.randint(1, 500)}.000 Đồng", ways)
    item["cach_thuc_thuc_hien"] = ways
    item["thanh_phan_ho_so"] = re.sub(r"(?<=[a-zà-ỹx])1 bản chính", f"{rng.randint(1, 3)} bản chính",
                                      item["thanh_phan_ho_so"])
    return item


def generated_export(count: int = N) -> dict:
    records = json.loads(FIXTURES.read_text())["data"]
    rng = random.Random(13)
    return {"data": [_vary(records[i % len(records)], i, rng) for i in range(count)]}


def run() -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "national-export.json"
        path.write_text(json.dumps(generated_export(), ensure_ascii=False))
        started = time.perf_counter()
        report = import_file(path)
        imported = time.perf_counter() - started
    started = time.perf_counter()
    exported = export_records()
    export_s = time.perf_counter() - started
    channels = sum(len(r["cach_thuc_thuc_hien"]) for r in exported)
    components = sum(len(r["thanh_phan_ho_so"]) for r in exported)
    return [
        (f"catalogue: import {N:,} flattened records (s)", f"{imported:.1f}"),
        ("catalogue: records created / skipped", f"{len(report.created):,} / {len(report.skipped)}"),
        ("catalogue: channels / components stored", f"{channels:,} / {components:,}"),
        ("catalogue: records with a reported problem", f"{len(report.by_record()):,}"),
        (f"catalogue: export {len(exported):,} records (s)", f"{export_s:.1f}"),
    ]
