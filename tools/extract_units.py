#!/usr/bin/env python3
"""Extract Vietnamese administrative-unit tables from the `vietnamadminunits` wheel.

Source: PyPI package `vietnamadminunits` 1.0.4 by Tran Ngoc Minh Hieu (MIT licence),
https://github.com/tranngocminhhieu/vietnamadminunits

Reads the package's own data directory (dataset.db and converter_2025.json) and
writes, into the output directory:

    units-before-2025.csv          63 provinces, 696 districts, 10,035 communes
    units-from-2025.csv            34 provinces, 3,321 communes/wards/special zones
    successions-2025.csv           old commune-level unit -> 2025 unit(s)
    province-successions-2025.csv  old province -> 2025 province
    regions.csv                    old province -> socio-economic region (QĐ 318/QĐ-TTg)
    SOURCE.md                      provenance, licence and row counts

Standard library only.  Every check is an assert or an explicit error: if the
package data is not what this script expects, it stops without writing.

Usage:
    python3 extract_units.py [DATA_DIR] [OUT_DIR] [--license FILE] [--date YYYY-MM-DD]
"""

import argparse
import csv
import glob
import io
import json
import os
import re
import sqlite3
import sys
import unicodedata
from collections import Counter, defaultdict

DEFAULT_DATA_DIR = "/tmp/vau/x/vietnamadminunits/data"
DEFAULT_OUT_DIR = "/work/staging/units"
EXTRACTION_DATE = "2026-11-23"

PACKAGE = "vietnamadminunits"
PACKAGE_VERSION = "1.0.4"
PACKAGE_URL = "https://github.com/tranngocminhhieu/vietnamadminunits"
PACKAGE_PYPI = "https://pypi.org/project/vietnamadminunits/1.0.4/"
PACKAGE_AUTHOR = "Tran Ngoc Minh Hieu"
SCRIPT_REPO_PATH = "tools/extract_units.py"

# --------------------------------------------------------------------------
# Expected sizes (the script refuses to write anything if these differ)
# --------------------------------------------------------------------------
N_OLD_PROVINCES = 63
N_OLD_DISTRICTS = 696
N_OLD_COMMUNE_LEVEL = 10035
N_OLD_LEGACY_ROWS = 10040           # 10,035 communes + 5 districts without communes
N_OLD_XA_IN_WARDTYPE = 7695         # count of wardType == 'Xã' in the raw table
N_NEW_PROVINCES = 34
N_NEW_UNITS = 3321

# Canonical unit-type spellings, longest first so that prefix matching is safe.
PROVINCE_TYPES = ["Thành phố", "Tỉnh"]
DISTRICT_TYPES = ["Thành phố", "Thị xã", "Quận", "Huyện"]
OLD_COMMUNE_TYPES = {"Thị trấn": "town", "Phường": "ward", "Xã": "commune"}
NEW_COMMUNE_TYPES = {"Đặc khu": "special_zone", "Phường": "ward", "Xã": "commune"}

# The raw table's `wardType` column disagrees with the type prefix of the full
# name (`ward`) for these units.  The full name is used (it is consistent with
# the unit key, e.g. 'thitranngoclac', and with the parent: a Quận has no Xã).
# Listed explicitly so that any other disagreement stops the script.
#   code: (wardType in dataset, type taken from the full name)
EXPECTED_OLD_TYPE_OVERRIDES = {
    "15061": ("Xã", "Thị trấn"),   # Thị trấn Ngọc Lặc, Huyện Ngọc Lặc, Thanh Hóa
    "27046": ("Xã", "Phường"),     # Phường 5, Quận Phú Nhuận, Hồ Chí Minh
    "27076": ("Xã", "Phường"),     # Phường 15, Quận Phú Nhuận, Hồ Chí Minh
}
EXPECTED_NEW_TYPE_OVERRIDES = {
    "10543": ("Xã", "Phường"),     # Phường Việt Hòa, Hải Phòng   (key phuongviethoa)
    "11848": ("Phường", "Xã"),     # Xã Vĩnh Hòa, Hải Phòng       (key xavinhhoa)
    "31213": ("Xã", "Phường"),     # Phường Tân Lộc, Cần Thơ      (key phuongtanloc)
    "31299": ("Phường", "Xã"),     # Xã Phong Điền, Cần Thơ       (key xaphongdien)
}

# Names whose words start with a lower-case letter in the dataset.
# NAME_FIXES are capitalised (code: (dataset name, written name)).
# NAME_KEEP are left as they are: "Nông trường <name>" ("state farm <name>") is
# the official spelling of these towns, where "trường" is part of the common
# noun "nông trường", not the start of a proper name.
NAME_FIXES = {
    "00679": ("Đại áng", "Đại Áng"),
    "03442": ("Pa ủ", "Pa Ủ"),
    "03727": ("Mường é", "Mường É"),
    "03742": ("é Tòng", "É Tòng"),
    "06337": ("Đồng ý", "Đồng Ý"),
    "23554": ("Ya ly", "Ya Ly"),
}
NAME_KEEP = {
    "00916": "Nông trường Việt Lâm",
    "02902": "Nông trường Phong Hải",
    "04621": "Nông trường Liên Sơn",
    "04627": "Nông trường Trần Phú",
    "06616": "Nông trường Thái Bình",
    "19114": "Nông trường Việt Trung",
    "19246": "Nông trường Lệ Ninh",
}

# Areas of 0.0 km² are placeholders for "unknown" in the dataset; written empty.
ZERO_AREA_AS_MISSING = True

# --------------------------------------------------------------------------
# Regions (Decision 318/QĐ-TTg socio-economic regions), old 63 provinces
# --------------------------------------------------------------------------
REGIONS = {
    "trung_du_mien_nui_phia_bac": (14, [
        "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Yên Bái",
        "Thái Nguyên", "Lạng Sơn", "Bắc Giang", "Phú Thọ", "Điện Biên", "Lai Châu",
        "Sơn La", "Hòa Bình"]),
    "dong_bang_song_hong": (11, [
        "Hà Nội", "Vĩnh Phúc", "Bắc Ninh", "Quảng Ninh", "Hải Dương", "Hải Phòng",
        "Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình"]),
    "bac_trung_bo": (6, [
        "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế"]),
    "duyen_hai_nam_trung_bo": (8, [
        "Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa",
        "Ninh Thuận", "Bình Thuận"]),
    "tay_nguyen": (5, [
        "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"]),
    "dong_nam_bo": (6, [
        "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu",
        "Hồ Chí Minh"]),
    "dong_bang_song_cuu_long": (13, [
        "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp",
        "An Giang", "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu",
        "Cà Mau"]),
}
# Names in the region list that the dataset spells differently.  Thừa Thiên Huế
# became Thành phố Huế (a centrally-run city) on 1 January 2025; the dataset
# already uses the new name for the old province with code 46.
REGION_NAME_ALIASES = {"Thừa Thiên Huế": "Huế"}

# Old vs new placement of the tone mark (Hoà/Hòa, Thuỷ/Thủy ...), for matching only.
_TONE_PLACEMENT = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


def match_key(name):
    s = unicodedata.normalize("NFC", name).strip().lower()
    s = re.sub(r"\s+", " ", s)
    for old, new in _TONE_PLACEMENT.items():
        s = s.replace(old, new)
    return s


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------
class DataError(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise DataError(msg)


def split_type(full, types):
    """Return (canonical type, name) for a full name such as 'Thị Xã Việt Yên'."""
    for t in types:
        if full[: len(t)].lower() == t.lower() and full[len(t): len(t) + 1] == " ":
            return t, full[len(t) + 1:]
    raise DataError(f"no known type prefix {types} in {full!r}")


def canonical_type(value, types):
    for t in types:
        if value is not None and value.lower() == t.lower():
            return t
    raise DataError(f"unknown type {value!r}, expected one of {types}")


_DISAMBIG = re.compile(r" \((?:Thị trấn|Xã|Phường|Thị xã|Thành phố|Huyện|Quận)\)$")


def check_short(code, name, full, short):
    """The name derived from the full name must agree with the dataset's short name
    (which may carry a ' (Thị trấn)' disambiguator, or be the full name for
    numbered units such as 'Phường 2')."""
    s = _DISAMBIG.sub("", short)
    check(name == s or short == full,
          f"{code}: name {name!r} from {full!r} disagrees with short name {short!r}")


def lower_word_starts(name):
    return [w for w in re.split(r"[\s\-]+", name) if w and w[0].islower()]


def capitalise_words(name):
    return re.sub(r"(^|[\s\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), name)


def fmt_num(x, nd=6):
    if x is None:
        return ""
    check(isinstance(x, (int, float)), f"non-numeric coordinate/area {x!r}")
    v = round(float(x), nd)
    s = f"{v:.{nd}f}".rstrip("0")
    if s.endswith("."):
        s += "0"
    return s


def check_name_text(code, name):
    check(name == name.strip() and "  " not in name, f"{code}: whitespace problem in {name!r}")
    check(unicodedata.is_normalized("NFC", name), f"{code}: name {name!r} is not NFC")


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        check(len(r) == len(header), f"{os.path.basename(path)}: bad row {r}")
        w.writerow(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return len(rows)


def assert_unique(rows, idx, label):
    c = Counter(r[idx] for r in rows)
    dups = [k for k, v in c.items() if v > 1]
    check(not dups, f"{label}: duplicate codes {dups[:10]}")


# --------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------
def load(data_dir):
    db = os.path.join(data_dir, "dataset.db")
    conv = os.path.join(data_dir, "converter_2025.json")
    check(os.path.isfile(db), f"missing {db}")
    check(os.path.isfile(conv), f"missing {conv}")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    legacy = [dict(r) for r in con.execute("SELECT * FROM admin_units_legacy")]
    new = [dict(r) for r in con.execute("SELECT * FROM admin_units")]
    con.close()
    with open(conv, encoding="utf-8") as f:
        converter = json.load(f)
    return legacy, new, converter


def one_value(rows, cols, label):
    vals = {tuple(r[c] for c in cols) for r in rows}
    check(len(vals) == 1, f"{label}: inconsistent values for {cols}: {sorted(vals, key=str)[:5]}")
    return dict(zip(cols, vals.pop()))


def build_old(legacy, notes):
    check(len(legacy) == N_OLD_LEGACY_ROWS, f"admin_units_legacy has {len(legacy)} rows")

    by_prov, by_dist = defaultdict(list), defaultdict(list)
    for r in legacy:
        by_prov[r["provinceCode"]].append(r)
        by_dist[r["districtCode"]].append(r)

    provinces = []
    for code in sorted(by_prov):
        v = one_value(by_prov[code], ["province", "provinceShort", "provinceLat", "provinceLon",
                                      "provinceKey"], f"province {code}")
        check(re.fullmatch(r"\d{2}", code or ""), f"bad province code {code!r}")
        t, name = split_type(v["province"], PROVINCE_TYPES)
        check(name == v["provinceShort"], f"province {code}: {name!r} != {v['provinceShort']!r}")
        check_name_text(code, name)
        check(not lower_word_starts(name), f"province {code}: lower-case word in {name!r}")
        provinces.append({"code": code, "type": t, "name": name, "lat": v["provinceLat"],
                          "lon": v["provinceLon"], "key": v["provinceKey"]})
    check(len(provinces) == N_OLD_PROVINCES, f"{len(provinces)} old provinces")
    prov_codes = {p["code"] for p in provinces}

    districts = []
    for code in sorted(by_dist):
        v = one_value(by_dist[code], ["district", "districtShort", "districtType", "districtLat",
                                      "districtLon", "provinceCode", "districtKey"],
                      f"district {code}")
        check(re.fullmatch(r"\d{3}", code or ""), f"bad district code {code!r}")
        t, name = split_type(v["district"], DISTRICT_TYPES)
        check(t == canonical_type(v["districtType"], DISTRICT_TYPES),
              f"district {code}: type {t!r} vs districtType {v['districtType']!r}")
        if v["district"][: len(t)] != t:
            notes["district_prefix_case"].append((code, v["district"], f"{t} {name}"))
        check_short(code, name, v["district"], v["districtShort"])
        check_name_text(code, name)
        check(not lower_word_starts(name), f"district {code}: lower-case word in {name!r}")
        check(v["provinceCode"] in prov_codes, f"district {code}: unknown province")
        districts.append({"code": code, "type": t, "name": name, "lat": v["districtLat"],
                          "lon": v["districtLon"], "parent": v["provinceCode"]})
    check(len(districts) == N_OLD_DISTRICTS, f"{len(districts)} old districts")
    dist_codes = {d["code"] for d in districts}

    communes, district_only = [], []
    raw_xa = sum(1 for r in legacy if r["wardType"] == "Xã")
    check(raw_xa == N_OLD_XA_IN_WARDTYPE, f"wardType 'Xã' count is {raw_xa}")
    seen_fixes, seen_keep, seen_overrides = {}, {}, {}
    for r in legacy:
        if r["ward"] is None:
            check(all(r[c] is None for c in ("wardCode", "wardShort", "wardType", "wardKey")),
                  f"partial NULL ward row in district {r['districtCode']}")
            district_only.append(r)
            continue
        code = r["wardCode"]
        check(re.fullmatch(r"\d{5}", code or ""), f"bad commune code {code!r}")
        t, name = split_type(r["ward"], list(OLD_COMMUNE_TYPES))
        if r["ward"][: len(t)] != t:
            notes["ward_prefix_case"].append((code, r["ward"], f"{t} {name}"))
        raw_t = canonical_type(r["wardType"], list(OLD_COMMUNE_TYPES))
        if raw_t != t:
            seen_overrides[code] = (r["wardType"], t)
        check_short(code, name, r["ward"], r["wardShort"])
        check_name_text(code, name)
        low = lower_word_starts(name)
        if low:
            if code in NAME_FIXES:
                check(NAME_FIXES[code][0] == name, f"{code}: expected {NAME_FIXES[code][0]!r}, got {name!r}")
                fixed = capitalise_words(name)
                check(fixed == NAME_FIXES[code][1], f"{code}: {fixed!r} != {NAME_FIXES[code][1]!r}")
                seen_fixes[code] = (name, fixed)
                name = fixed
            elif code in NAME_KEEP:
                check(NAME_KEEP[code] == name, f"{code}: expected {NAME_KEEP[code]!r}, got {name!r}")
                seen_keep[code] = name
            else:
                raise DataError(f"{code}: unexpected lower-case word start in {name!r}: {low}")
        check(r["districtCode"] in dist_codes, f"{code}: parent district {r['districtCode']} missing")
        communes.append({"code": code, "type": t, "kind": OLD_COMMUNE_TYPES[t], "name": name,
                         "lat": r["wardLat"], "lon": r["wardLon"], "parent": r["districtCode"],
                         "key": f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"})
    check(seen_fixes.keys() == NAME_FIXES.keys(), f"name fixes not all seen: {set(NAME_FIXES) - set(seen_fixes)}")
    check(seen_keep.keys() == NAME_KEEP.keys(), f"kept names not all seen: {set(NAME_KEEP) - set(seen_keep)}")
    check(seen_overrides == EXPECTED_OLD_TYPE_OVERRIDES,
          f"wardType/full-name disagreements differ from expected: {seen_overrides}")
    communes.sort(key=lambda c: c["code"])
    check(len(communes) == N_OLD_COMMUNE_LEVEL, f"{len(communes)} old commune-level units")
    check(len(district_only) == N_OLD_LEGACY_ROWS - N_OLD_COMMUNE_LEVEL,
          f"{len(district_only)} district-only rows")
    notes["name_fixes"] = seen_fixes
    notes["name_keep"] = seen_keep
    notes["old_type_overrides"] = seen_overrides
    notes["district_only"] = district_only
    return provinces, districts, communes


def build_new(new, notes):
    check(len(new) == N_NEW_UNITS, f"admin_units has {len(new)} rows")
    by_prov = defaultdict(list)
    for r in new:
        by_prov[r["provinceCode"]].append(r)
    provinces = []
    for code in sorted(by_prov):
        v = one_value(by_prov[code], ["province", "provinceShort", "provinceLat", "provinceLon",
                                      "provinceKey"], f"new province {code}")
        check(re.fullmatch(r"\d{2}", code or ""), f"bad new province code {code!r}")
        t, name = split_type(v["province"], PROVINCE_TYPES)
        check(name == v["provinceShort"], f"new province {code}: {name!r} != {v['provinceShort']!r}")
        check_name_text(code, name)
        check(not lower_word_starts(name), f"new province {code}: lower-case word in {name!r}")
        provinces.append({"code": code, "type": t, "name": name, "lat": v["provinceLat"],
                          "lon": v["provinceLon"], "key": v["provinceKey"]})
    check(len(provinces) == N_NEW_PROVINCES, f"{len(provinces)} new provinces")

    units, overrides, zero_area = [], {}, []
    for r in new:
        code = r["wardCode"]
        check(re.fullmatch(r"\d{5}", code or ""), f"bad new unit code {code!r}")
        t, name = split_type(r["ward"], list(NEW_COMMUNE_TYPES))
        raw_t = canonical_type(r["wardType"], list(NEW_COMMUNE_TYPES))
        if raw_t != t:
            overrides[code] = (r["wardType"], t)
        check_short(code, name, r["ward"], r["wardShort"])
        check_name_text(code, name)
        check(not lower_word_starts(name), f"new unit {code}: lower-case word in {name!r}")
        area = r["wardAreaKm2"]
        if area is not None and area == 0 and ZERO_AREA_AS_MISSING:
            zero_area.append((code, r["ward"], r["province"]))
            area = None
        units.append({"code": code, "type": t, "kind": NEW_COMMUNE_TYPES[t], "name": name,
                      "lat": r["wardLat"], "lon": r["wardLon"], "parent": r["provinceCode"],
                      "area": area, "key": (r["provinceKey"], r["wardKey"]),
                      "raw_area": r["wardAreaKm2"], "full": r["ward"], "province": r["province"]})
    check(overrides == EXPECTED_NEW_TYPE_OVERRIDES,
          f"new wardType/full-name disagreements differ from expected: {overrides}")
    units.sort(key=lambda u: u["code"])
    check(len(units) == N_NEW_UNITS, f"{len(units)} new units")
    notes["new_type_overrides"] = overrides
    notes["zero_area"] = zero_area
    notes["null_area"] = [(u["code"], u["full"], u["province"]) for u in units if u["raw_area"] is None]
    return provinces, units


def build_successions(converter, old_prov, old_communes, district_only, new_prov, new_units, notes):
    old_prov_by_key = {p["key"]: p["code"] for p in old_prov}
    new_prov_by_key = {p["key"]: p["code"] for p in new_prov}
    check(len(old_prov_by_key) == N_OLD_PROVINCES and len(new_prov_by_key) == N_NEW_PROVINCES,
          "province keys are not unique")

    # provinces
    prov_rows, seen_old = [], set()
    for nkey, okeys in converter["DICT_PROVINCE"].items():
        check(nkey in new_prov_by_key, f"DICT_PROVINCE: unknown new province key {nkey}")
        for ok in okeys:
            check(ok in old_prov_by_key, f"DICT_PROVINCE: unknown old province key {ok}")
            check(ok not in seen_old, f"DICT_PROVINCE: {ok} mapped twice")
            seen_old.add(ok)
            prov_rows.append((old_prov_by_key[ok], new_prov_by_key[nkey]))
    check(len(seen_old) == N_OLD_PROVINCES, f"DICT_PROVINCE covers {len(seen_old)} old provinces")
    check({n for _, n in prov_rows} == set(new_prov_by_key.values()), "some new province has no predecessor")
    prov_rows.sort()
    old_to_new_prov = dict(prov_rows)

    # commune-level units
    old_by_key = {}
    for c in old_communes:
        check(c["key"] not in old_by_key, f"duplicate old key {c['key']}")
        old_by_key[c["key"]] = c
    district_only_keys = {f"{r['provinceKey']}_{r['districtKey']}_": r for r in district_only}
    new_by_key = {}
    for u in new_units:
        check(u["key"] not in new_by_key, f"duplicate new key {u['key']}")
        new_by_key[u["key"]] = u

    rows, mapped, district_only_targets = [], defaultdict(list), defaultdict(list)

    def target(pkey, wkey, where):
        u = new_by_key.get((pkey, wkey))
        check(u is not None, f"{where}: new unit {pkey}/{wkey} not in admin_units")
        return u

    for pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        check(pkey in new_prov_by_key, f"NO_DIVIDED: unknown province {pkey}")
        for wkey, okeys in wards.items():
            u = target(pkey, wkey, "NO_DIVIDED")
            for ok in okeys:
                if ok in district_only_keys:
                    district_only_targets[ok].append((u, "merge", True))
                    continue
                c = old_by_key.get(ok)
                check(c is not None, f"NO_DIVIDED: old key {ok} not in admin_units_legacy")
                mapped[c["code"]].append(("merge", u["code"], True))
    for pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        check(pkey in new_prov_by_key, f"DIVIDED: unknown province {pkey}")
        for ok, parts in olds.items():
            check(sum(1 for p in parts if p["isDefaultNewWard"]) == 1,
                  f"DIVIDED: {ok} has not exactly one default part")
            for p in parts:
                check(isinstance(p["isDefaultNewWard"], bool), f"DIVIDED: {ok}: non-bool default")
                u = target(pkey, p["newWardKey"], f"DIVIDED {ok}")
                if ok in district_only_keys:
                    district_only_targets[ok].append((u, "split", p["isDefaultNewWard"]))
                    continue
                c = old_by_key.get(ok)
                check(c is not None, f"DIVIDED: old key {ok} not in admin_units_legacy")
                mapped[c["code"]].append(("split", u["code"], p["isDefaultNewWard"]))

    new_parent = {u["code"]: u["parent"] for u in new_units}
    old_prov_of_commune = {}
    dist_to_prov = notes["dist_to_prov"]
    for c in old_communes:
        old_prov_of_commune[c["code"]] = dist_to_prov[c["parent"]]
    cross_province = []
    for code, targets in mapped.items():
        kinds = {k for k, _, _ in targets}
        check(len(kinds) == 1, f"{code}: both merged and split")
        check(sum(1 for _, _, d in targets if d) == 1, f"{code}: not exactly one default successor")
        check(len({n for _, n, _ in targets}) == len(targets), f"{code}: repeated successor")
        if kinds == {"merge"}:
            check(len(targets) == 1, f"{code}: merged into several units")
        for kind, ncode, default in targets:
            if new_parent[ncode] != old_to_new_prov[old_prov_of_commune[code]]:
                cross_province.append((code, ncode))
            rows.append((code, ncode, kind, "true" if default else "false"))
    rows.sort()
    unmapped = [c for c in old_communes if c["code"] not in mapped]
    notes["unmapped"] = unmapped
    notes["cross_province"] = cross_province
    notes["n_mapped"] = len(mapped)
    notes["n_merge_old"] = sum(1 for t in mapped.values() if t[0][0] == "merge")
    notes["n_split_old"] = sum(1 for t in mapped.values() if t[0][0] == "split")
    notes["district_only_targets"] = {
        k: [(u["code"], u["full"], kind, d) for u, kind, d in v] for k, v in district_only_targets.items()}
    return prov_rows, rows


def build_regions(old_prov):
    by_key = defaultdict(list)
    for p in old_prov:
        by_key[match_key(p["name"])].append(p)
    assigned, rows, problems = {}, [], []
    for region, (expected_n, names) in REGIONS.items():
        check(len(names) == expected_n, f"region list {region}: {len(names)} names, expected {expected_n}")
        n = 0
        for name in names:
            lookup = REGION_NAME_ALIASES.get(name, name)
            hits = by_key.get(match_key(lookup), [])
            if len(hits) != 1:
                problems.append(f"{region}: {name!r} matches {len(hits)} provinces")
                continue
            p = hits[0]
            if p["code"] in assigned:
                problems.append(f"{name!r} ({p['code']}) already in {assigned[p['code']]}")
                continue
            assigned[p["code"]] = region
            rows.append((p["code"], region))
            n += 1
        if n != expected_n:
            problems.append(f"{region}: matched {n}, expected {expected_n}")
    missing = [f"{p['code']} {p['name']}" for p in old_prov if p["code"] not in assigned]
    if missing:
        problems.append(f"provinces without a region: {missing}")
    check(not problems, "region matching failed:\n  " + "\n  ".join(problems))
    check(len(rows) == N_OLD_PROVINCES, f"{len(rows)} region rows")
    counts = Counter(r for _, r in rows)
    for region, (expected_n, _) in REGIONS.items():
        check(counts[region] == expected_n, f"region {region}: {counts[region]} != {expected_n}")
    rows.sort()
    return rows


# --------------------------------------------------------------------------
# SOURCE.md
# --------------------------------------------------------------------------
def source_md(counts, license_text, notes, date):
    fixes = "\n".join(f"  - `{c}`: '{a}' → '{b}'" for c, (a, b) in sorted(notes["name_fixes"].items()))
    keeps = ", ".join(f"`{c}` {n}" for c, n in sorted(notes["name_keep"].items()))
    old_ov = "\n".join(f"  - `{c}`: wardType '{a}', written as '{b}'"
                       for c, (a, b) in sorted(notes["old_type_overrides"].items()))
    new_ov = "\n".join(f"  - `{c}`: wardType '{a}', written as '{b}'"
                       for c, (a, b) in sorted(notes["new_type_overrides"].items()))
    zero = ", ".join(f"`{c}` {w} ({p})" for c, w, p in notes["zero_area"]) or "none"
    nulla = ", ".join(f"`{c}` {w} ({p})" for c, w, p in notes["null_area"]) or "none"
    islands = "\n".join(
        f"  - `{r['districtCode']}` {r['district']} ({r['province']}) → "
        + ", ".join(f"`{c}` {w}" for c, w, _, _ in notes["district_only_targets"].get(
            f"{r['provinceKey']}_{r['districtKey']}_", []))
        for r in sorted(notes["district_only"], key=lambda r: r["districtCode"]))
    return f"""# Vietnamese administrative units (before and after the 1 July 2025 reform)

Extracted on {date} from the Python package **`{PACKAGE}` {PACKAGE_VERSION}**
by {PACKAGE_AUTHOR} (PyPI: {PACKAGE_PYPI}, source: {PACKAGE_URL}),
released under the MIT licence (full text below). Input files: `data/dataset.db`
(SQLite tables `admin_units_legacy` and `admin_units`) and `data/converter_2025.json`
inside the wheel.

Produced by `{SCRIPT_REPO_PATH}` in this repository (standard library only):

    python3 {SCRIPT_REPO_PATH} <package data dir> <output dir>

All files are UTF-8 CSV, comma separated, header row, LF line endings, fields quoted
only when needed. Codes are strings with leading zeros, as carried by the dataset
(they follow the GSO numbering). Coordinates are decimal degrees as given by the
dataset, rounded to 6 decimals, empty when missing.

## Files

| File | Rows (excluding header) | Content |
|---|---:|---|
| `units-before-2025.csv` | {counts['units-before-2025.csv']:,} | 63 provinces, 696 districts and 10,035 commune-level units of the three-tier system in force until 30 June 2025 |
| `units-from-2025.csv` | {counts['units-from-2025.csv']:,} | 34 provinces and 3,321 commune-level units of the two-tier system in force since 1 July 2025 |
| `successions-2025.csv` | {counts['successions-2025.csv']:,} | which 2025 unit(s) each pre-2025 commune-level unit became |
| `province-successions-2025.csv` | {counts['province-successions-2025.csv']:,} | which 2025 province each of the 63 old provinces became |
| `regions.csv` | {counts['regions.csv']:,} | socio-economic region (Decision 318/QĐ-TTg) of each of the 63 old provinces |

### `units-before-2025.csv`

`code,kind,type_name,name,parent_code,lat,lon`

- provinces: `kind=province`, 2-digit code, `type_name` Tỉnh / Thành phố, no parent;
- districts: `kind=district`, 3-digit code, `type_name` Huyện / Quận / Thị xã / Thành phố, parent = province code;
- commune-level units: 5-digit code, `kind` commune (Xã) / ward (Phường) / town (Thị trấn), parent = district code.

`name` is the name without the type word (`Phường 2` → type `Phường`, name `2`).
Coordinates come from the dataset's provinceLat/Lon, districtLat/Lon and wardLat/Lon.
Rows are ordered provinces, districts, communes, each by code.

### `units-from-2025.csv`

`code,kind,type_name,name,parent_code,lat,lon,area_km2`

- provinces: `kind=province`, 2-digit code, coordinates from provinceLat/Lon, `area_km2` empty;
- units: 5-digit code, `kind` commune (Xã) / ward (Phường) / special_zone (Đặc khu), parent = province code,
  coordinates from wardLat/Lon, `area_km2` from wardAreaKm2.

Note that 5-digit codes are reused between the two eras with different meanings; always
qualify a code by the file it comes from.

### `successions-2025.csv`

`old_code,new_code,kind,default` — `old_code` is a commune-level code from
`units-before-2025.csv`, `new_code` a unit code from `units-from-2025.csv`.

- `kind=merge`: the old unit went whole into the new one (`DICT_PROVINCE_WARD_NO_DIVIDED`); `default=true`.
- `kind=split`: the old unit was divided; one row per part (`DICT_PROVINCE_WARD_DIVIDED`);
  `default=true` on the part the package uses when no finer location is known (`isDefaultNewWard`).

Keys of the converter were joined to codes through the dataset's key columns
(provinceKey, districtKey, wardKey). {notes['n_mapped']:,} of 10,035 old units are mapped
({notes['n_merge_old']:,} merged whole, {notes['n_split_old']:,} split); {len(notes['unmapped'])} unmapped.
The converter also maps the five island districts that had no communes; they are
not commune-level units and so are not in this file:
{islands}

### `province-successions-2025.csv`

`old_code,new_code` from `DICT_PROVINCE`; every old province maps to exactly one new one.

### `regions.csv`

`province_code,region` with region keys trung_du_mien_nui_phia_bac (14),
dong_bang_song_hong (11), bac_trung_bo (6), duyen_hai_nam_trung_bo (8), tay_nguyen (5),
dong_nam_bo (6), dong_bang_song_cuu_long (13). The province list per region was
supplied with the extraction script; it is not part of the package. Thừa Thiên Huế
(code 46) appears in the dataset under its 2025 name Huế.

## Deviations from the raw dataset

- Lower-case word starts in proper names were capitalised:
{fixes}
- Left unchanged: {keeps} (official spelling "Nông trường …", a common noun followed by the name).
- Some full names carry a type word with a capital second letter ("Thị Xã Việt Yên",
  "Thị Trấn Óc Eo"); `type_name` is always written in the canonical form.
- The type is taken from the full name where the raw `wardType` column disagrees with it:
  before 2025
{old_ov}
  from 2025
{new_ov}
  Hence 7,692 `Xã` (commune), 1,726 `Phường` (ward) and 617 `Thị trấn` (town) before 2025,
  whereas the raw `wardType` column counts 7,695 / 1,724 / 616.
- `wardAreaKm2` of 0.0 is written as empty (unknown): {zero}.
  Missing in the dataset: {nulla}.

## Licence of the source data

{license_text.rstrip()}
"""


# --------------------------------------------------------------------------
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", nargs="?", default=DEFAULT_DATA_DIR,
                    help=f"the package's data directory (default {DEFAULT_DATA_DIR})")
    ap.add_argument("out_dir", nargs="?", default=DEFAULT_OUT_DIR,
                    help=f"output directory (default {DEFAULT_OUT_DIR})")
    ap.add_argument("--license", dest="license_file", default=None,
                    help="the wheel's LICENSE file (default: found in the *.dist-info next to the package)")
    ap.add_argument("--date", default=EXTRACTION_DATE, help="extraction date for SOURCE.md")
    args = ap.parse_args(argv)

    data_dir = os.path.abspath(args.data_dir)
    lic = args.license_file
    if lic is None:
        root = os.path.dirname(os.path.dirname(data_dir))
        cands = sorted(glob.glob(os.path.join(root, f"{PACKAGE}-{PACKAGE_VERSION}.dist-info", "licenses", "LICENSE"))
                       + glob.glob(os.path.join(root, f"{PACKAGE}-{PACKAGE_VERSION}.dist-info", "LICENSE")))
        check(cands, f"LICENSE not found under {root}/{PACKAGE}-{PACKAGE_VERSION}.dist-info; use --license")
        lic = cands[0]
    with open(lic, encoding="utf-8") as f:
        license_text = f.read()
    check(license_text.startswith("MIT License") and "Tran Ngoc Minh Hieu" in license_text,
          f"{lic} is not the expected MIT licence")
    meta = os.path.join(os.path.dirname(os.path.dirname(lic)), "METADATA")
    if not os.path.isfile(meta):
        meta = os.path.join(os.path.dirname(lic), "METADATA")
    if os.path.isfile(meta):
        with open(meta, encoding="utf-8") as f:
            m = f.read()
        check(f"\nName: {PACKAGE}\n" in m and f"\nVersion: {PACKAGE_VERSION}\n" in m,
              f"{meta} is not {PACKAGE} {PACKAGE_VERSION}")

    legacy, new, converter = load(data_dir)
    notes = defaultdict(list)
    old_prov, old_dist, old_comm = build_old(legacy, notes)
    notes["dist_to_prov"] = {d["code"]: d["parent"] for d in old_dist}
    new_prov, new_units = build_new(new, notes)

    n_xa = sum(1 for c in old_comm if c["type"] == "Xã")
    check(n_xa == N_OLD_XA_IN_WARDTYPE - sum(1 for a, _ in EXPECTED_OLD_TYPE_OVERRIDES.values() if a == "Xã")
          + sum(1 for _, b in EXPECTED_OLD_TYPE_OVERRIDES.values() if b == "Xã"), f"{n_xa} communes 'Xã'")

    prov_succ, succ = build_successions(converter, old_prov, old_comm, notes["district_only"],
                                        new_prov, new_units, notes)
    regions = build_regions(old_prov)

    before = ([(p["code"], "province", p["type"], p["name"], "", fmt_num(p["lat"]), fmt_num(p["lon"]))
               for p in old_prov]
              + [(d["code"], "district", d["type"], d["name"], d["parent"], fmt_num(d["lat"]), fmt_num(d["lon"]))
                 for d in old_dist]
              + [(c["code"], c["kind"], c["type"], c["name"], c["parent"], fmt_num(c["lat"]), fmt_num(c["lon"]))
                 for c in old_comm])
    after = ([(p["code"], "province", p["type"], p["name"], "", fmt_num(p["lat"]), fmt_num(p["lon"]), "")
              for p in new_prov]
             + [(u["code"], u["kind"], u["type"], u["name"], u["parent"], fmt_num(u["lat"]), fmt_num(u["lon"]),
                 fmt_num(u["area"])) for u in new_units])

    # uniqueness and referential checks
    assert_unique(before, 0, "units-before-2025")
    assert_unique(after, 0, "units-from-2025")
    assert_unique(prov_succ, 0, "province-successions-2025")
    assert_unique(regions, 0, "regions")
    check(len(set((o, n) for o, n, _, _ in succ)) == len(succ), "successions: duplicate pair")
    kinds_before = Counter(r[1] for r in before)
    check(kinds_before["province"] == N_OLD_PROVINCES and kinds_before["district"] == N_OLD_DISTRICTS
          and kinds_before["commune"] + kinds_before["ward"] + kinds_before["town"] == N_OLD_COMMUNE_LEVEL,
          f"kind counts {kinds_before}")
    kinds_after = Counter(r[1] for r in after)
    check(kinds_after["province"] == N_NEW_PROVINCES and len(after) - N_NEW_PROVINCES == N_NEW_UNITS,
          f"kind counts {kinds_after}")
    codes_before = {r[0]: r[1] for r in before}
    codes_after = {r[0]: r[1] for r in after}
    for r in before:
        if r[1] == "district":
            check(codes_before.get(r[4]) == "province", f"{r[0]}: bad parent {r[4]}")
        elif r[1] != "province":
            check(codes_before.get(r[4]) == "district", f"{r[0]}: bad parent {r[4]}")
    for r in after:
        if r[1] != "province":
            check(codes_after.get(r[4]) == "province", f"{r[0]}: bad parent {r[4]}")
    for o, n, _, _ in succ:
        check(codes_before.get(o) in ("commune", "ward", "town"), f"successions: bad old code {o}")
        check(codes_after.get(n) not in (None, "province"), f"successions: bad new code {n}")
    for o, n in prov_succ:
        check(codes_before.get(o) == "province" and codes_after.get(n) == "province",
              f"province successions: bad pair {o},{n}")

    os.makedirs(args.out_dir, exist_ok=True)
    counts = {}
    counts["units-before-2025.csv"] = write_csv(
        os.path.join(args.out_dir, "units-before-2025.csv"),
        ["code", "kind", "type_name", "name", "parent_code", "lat", "lon"], before)
    counts["units-from-2025.csv"] = write_csv(
        os.path.join(args.out_dir, "units-from-2025.csv"),
        ["code", "kind", "type_name", "name", "parent_code", "lat", "lon", "area_km2"], after)
    counts["successions-2025.csv"] = write_csv(
        os.path.join(args.out_dir, "successions-2025.csv"),
        ["old_code", "new_code", "kind", "default"], succ)
    counts["province-successions-2025.csv"] = write_csv(
        os.path.join(args.out_dir, "province-successions-2025.csv"), ["old_code", "new_code"], prov_succ)
    counts["regions.csv"] = write_csv(
        os.path.join(args.out_dir, "regions.csv"), ["province_code", "region"], regions)
    with open(os.path.join(args.out_dir, "SOURCE.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(source_md(counts, license_text, notes, args.date))

    # summary
    print(f"source: {PACKAGE} {PACKAGE_VERSION}  data: {data_dir}")
    print(f"output: {os.path.abspath(args.out_dir)}")
    for k, v in counts.items():
        print(f"  {k:32s} {v:6d} rows")
    print(f"before 2025 by kind: {dict(sorted(kinds_before.items()))}")
    print(f"from 2025 by kind:   {dict(sorted(kinds_after.items()))}")
    print(f"successions: {notes['n_mapped']} old units mapped ({notes['n_merge_old']} merge, "
          f"{notes['n_split_old']} split), {len(notes['unmapped'])} unmapped "
          f"{[c['code'] + ' ' + c['name'] for c in notes['unmapped']]}")
    print(f"  rows by kind: {dict(Counter(r[2] for r in succ))}; "
          f"crossing province lines: {len(notes['cross_province'])}")
    print("  district-only rows (not commune-level, not written):")
    for r in sorted(notes["district_only"], key=lambda r: r["districtCode"]):
        k = f"{r['provinceKey']}_{r['districtKey']}_"
        print(f"    {r['districtCode']} {r['district']} ({r['province']}) -> {notes['district_only_targets'].get(k)}")
    print(f"regions: {dict(Counter(r for _, r in regions))}")
    print("name fixes:", {c: f"{a} -> {b}" for c, (a, b) in sorted(notes['name_fixes'].items())})
    print("names kept with lower-case word:", notes["name_keep"])
    print("type taken from full name (old):", notes["old_type_overrides"])
    print("type taken from full name (new):", notes["new_type_overrides"])
    print("district names with 'Thành Phố'/'Thị Xã' casing:", [c for c, _, _ in notes["district_prefix_case"]])
    print("commune names with 'Thị Trấn' casing:", [c for c, _, _ in notes["ward_prefix_case"]])
    print("area 0.0 written empty:", notes["zero_area"], " area missing:", notes["null_area"])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DataError as e:
        print(f"ERROR: {e}", file=sys.stderr)
        sys.exit(1)
