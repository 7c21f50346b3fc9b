//! The gazetteer's lookup table: the TSV's places and keys laid out so that loading is reading.
//!
//! `build.rs` turns `data/gazetteer.tsv.gz` into this table at compile time and the binary embeds
//! it, so a process that resolves places no longer decompresses 14 MB, parses 170,000 rows and
//! hashes 650,000 keys into maps (0.2–0.3 s of CPU and about 50 MB of heap, in every process
//! that met a place). The key indexes are sorted arrays searched in place; only the places
//! themselves are read into structs at load.
//!
//! This file is compiled twice — into the build script (`#[path]`) and into the crate — so it
//! uses nothing of the crate: the build and the reader cannot disagree on the layout.
//!
//! Layout, all integers little-endian:
//! * header: [`MAGIC`], then `u32` counts: places, folded-key entries, skeleton entries, rows
//!   skipped as malformed, and the byte lengths of the codes, names and keys sections;
//! * folded-key index and skeleton index: entries of (`u64` xxh3 of the key, `u32` row),
//!   sorted, [`INDEX_ENTRY`] bytes each;
//! * places: [`PLACE_RECORD`] bytes each (see [`write_place`]);
//! * codes: the distinct country and admin1 codes, `\n`-separated (a place holds their index);
//! * names: the places' names, one after the other;
//! * keys: each place's folded keys, `|`-separated, one place after the other.

use xxhash_rust::xxh3::xxh3_64;

pub const MAGIC: &[u8; 8] = b"SRGAZ01\0";
/// Header fields after the magic, `u32` each.
pub const HEADER_FIELDS: usize = 7;
pub const HEADER_LEN: usize = MAGIC.len() + 4 * HEADER_FIELDS;
pub const INDEX_ENTRY: usize = 12;
pub const PLACE_RECORD: usize = 36;
/// The GeoNames id of a place without one (regions outside the US).
pub const NO_GEONAMES_ID: u32 = u32::MAX;

/// Precision codes of a place record.
pub const SETTLEMENT: u8 = 0;
pub const ADMIN: u8 = 1;
pub const COUNTRY: u8 = 2;

/// Tokens shorter than this stay whole in a skeleton.
pub const SKELETON_MIN_LEN: usize = 4;

/// Appends the skeleton key of a folded key (module docs of `gazetteer`): "jisr shughour" →
/// "jsr sgr".
pub fn push_skeleton(folded: &str, skeleton: &mut String) {
    for (i, token) in folded.split(' ').filter(|token| !token.is_empty()).enumerate() {
        if i > 0 {
            skeleton.push(' ');
        }
        if token.len() < SKELETON_MIN_LEN {
            skeleton.push_str(token);
            continue;
        }
        let mut last = None;
        for (j, ch) in token.chars().enumerate() {
            if j > 0 && matches!(ch, 'a' | 'e' | 'i' | 'o' | 'u' | 'h' | 'w' | 'y') {
                continue;
            }
            if last != Some(ch) {
                skeleton.push(ch);
                last = Some(ch);
            }
        }
    }
}

/// One place as the reader gets it back from a record.
pub struct PlaceRecord {
    pub geonames_id: u32,
    pub lat: f32,
    pub lon: f32,
    pub population: u32,
    /// Byte range in the names section.
    pub name: (u32, u32),
    /// Byte range in the keys section.
    pub keys: (u32, u32),
    /// Indices in the codes list.
    pub country: u16,
    pub admin1: u16,
    pub precision: u8,
}

/// A place record: `u32` GeoNames id, `f32` lat, `f32` lon, `u32` population, `u32` name start,
/// `u32` keys start, `u32` keys end, `u16` name length, `u16` country code, `u16` admin1 code,
/// `u8` precision, one byte of padding.
pub fn write_place(out: &mut Vec<u8>, place: &PlaceRecord) {
    out.extend_from_slice(&place.geonames_id.to_le_bytes());
    out.extend_from_slice(&place.lat.to_le_bytes());
    out.extend_from_slice(&place.lon.to_le_bytes());
    out.extend_from_slice(&place.population.to_le_bytes());
    out.extend_from_slice(&place.name.0.to_le_bytes());
    out.extend_from_slice(&place.keys.0.to_le_bytes());
    out.extend_from_slice(&place.keys.1.to_le_bytes());
    let name_len = u16::try_from(place.name.1 - place.name.0).unwrap_or(0);
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&place.country.to_le_bytes());
    out.extend_from_slice(&place.admin1.to_le_bytes());
    out.push(place.precision);
    out.push(0);
}

/// Reads a place record (`None` if `bytes` is too short).
pub fn read_place(bytes: &[u8]) -> Option<PlaceRecord> {
    let name_start = u32_at(bytes, 16)?;
    let name_len = u32::from(u16_at(bytes, 28)?);
    Some(PlaceRecord {
        geonames_id: u32_at(bytes, 0)?,
        lat: f32::from_bits(u32_at(bytes, 4)?),
        lon: f32::from_bits(u32_at(bytes, 8)?),
        population: u32_at(bytes, 12)?,
        name: (name_start, name_start.checked_add(name_len)?),
        keys: (u32_at(bytes, 20)?, u32_at(bytes, 24)?),
        country: u16_at(bytes, 30)?,
        admin1: u16_at(bytes, 32)?,
        precision: *bytes.get(34)?,
    })
}

pub fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

pub fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

pub fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

/// The table of a gazetteer TSV (the columns are in `data/gazetteer/build_gazetteer.py`):
/// malformed rows are counted in the header and left out.
pub fn build_table(text: &str) -> Vec<u8> {
    let mut builder = Builder::default();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if builder.add_row(line).is_none() {
            builder.n_skipped += 1;
        }
    }
    builder.finish()
}

#[derive(Default)]
struct Builder {
    places: Vec<u8>,
    n_places: u32,
    folded: Vec<(u64, u32)>,
    skeletons: Vec<(u64, u32)>,
    codes: Vec<String>,
    code_index: std::collections::HashMap<String, u16>,
    names: String,
    keys: String,
    n_skipped: u32,
}

impl Builder {
    /// Adds one row: `geonames_id name country lat lon population precision keys admin1`.
    fn add_row(&mut self, line: &str) -> Option<()> {
        let mut fields = line.split('\t');
        let id_field = fields.next()?;
        let geonames_id = if id_field.is_empty() { NO_GEONAMES_ID } else { id_field.parse().ok()? };
        let name = fields.next()?;
        let country = fields.next()?;
        let lat: f32 = fields.next()?.parse().ok()?;
        let lon: f32 = fields.next()?.parse().ok()?;
        let population: u32 = fields.next()?.parse().ok()?;
        let precision = match fields.next()? {
            "settlement" => SETTLEMENT,
            "admin" => ADMIN,
            "country" => COUNTRY,
            _ => return None,
        };
        let keys = fields.next()?;
        let admin1 = fields.next()?;
        if fields.next().is_some() || !lat.is_finite() || !lon.is_finite() || name.len() > usize::from(u16::MAX) {
            return None;
        }
        let row = self.n_places;
        let name_start = u32::try_from(self.names.len()).ok()?;
        let name_end = u32::try_from(self.names.len() + name.len()).ok()?;
        let keys_start = u32::try_from(self.keys.len()).ok()?;
        let keys_end = u32::try_from(self.keys.len() + keys.len()).ok()?;
        let (country, admin1) = (self.code(country)?, self.code(admin1)?);
        self.n_places = row.checked_add(1)?;
        self.names.push_str(name);
        self.keys.push_str(keys);
        let record = PlaceRecord {
            geonames_id,
            lat,
            lon,
            population,
            name: (name_start, name_end),
            keys: (keys_start, keys_end),
            country,
            admin1,
            precision,
        };
        write_place(&mut self.places, &record);
        let mut skeleton = String::new();
        let mut skeleton_hashes: Vec<u64> = Vec::new();
        for key in keys.split('|').filter(|key| !key.is_empty()) {
            self.folded.push((xxh3_64(key.as_bytes()), row));
            skeleton.clear();
            push_skeleton(key, &mut skeleton);
            // A key of short words is its own skeleton: its exact lookup covers it.
            // Spelling variants of one place often share a skeleton: index it once.
            let skeleton_hash = xxh3_64(skeleton.as_bytes());
            if skeleton != key && !skeleton_hashes.contains(&skeleton_hash) {
                skeleton_hashes.push(skeleton_hash);
                self.skeletons.push((skeleton_hash, row));
            }
        }
        Some(())
    }

    /// The index of a country or admin1 code (codes hold no newline: they are `\n`-separated).
    fn code(&mut self, code: &str) -> Option<u16> {
        if code.contains('\n') {
            return None;
        }
        if let Some(&index) = self.code_index.get(code) {
            return Some(index);
        }
        let index = u16::try_from(self.codes.len()).ok()?;
        self.codes.push(code.to_owned());
        self.code_index.insert(code.to_owned(), index);
        Some(index)
    }

    fn finish(mut self) -> Vec<u8> {
        self.folded.sort_unstable();
        self.skeletons.sort_unstable();
        let codes = self.codes.join("\n");
        let length = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for count in [
            self.n_places,
            length(self.folded.len()),
            length(self.skeletons.len()),
            self.n_skipped,
            length(codes.len()),
            length(self.names.len()),
            length(self.keys.len()),
        ] {
            out.extend_from_slice(&count.to_le_bytes());
        }
        for index in [&self.folded, &self.skeletons] {
            for (hash, row) in index {
                out.extend_from_slice(&hash.to_le_bytes());
                out.extend_from_slice(&row.to_le_bytes());
            }
        }
        out.extend_from_slice(&self.places);
        out.extend_from_slice(codes.as_bytes());
        out.extend_from_slice(self.names.as_bytes());
        out.extend_from_slice(self.keys.as_bytes());
        out
    }
}
