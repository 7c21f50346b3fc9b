//! The offline base map: Natural Earth 1:50m country outlines (public domain), packaged by the
//! npm `world-atlas` (ISC), turned into `assets/world.tsv.gz` by `assets/build_world.py`, shipped
//! inside the binary and read once. A story's map draws only the countries its box touches.

use sitrep_report::escape_html;
use std::fmt::Write;
use std::io::Read;
use std::sync::OnceLock;

const WORLD_TSV_GZ: &[u8] = include_bytes!("../assets/world.tsv.gz");

struct Country {
    name: String,
    /// min lon, min lat, max lon, max lat.
    bbox: [f32; 4],
    /// In x = longitude, y = -latitude.
    path: String,
}

fn countries() -> &'static [Country] {
    static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let mut text = String::new();
        if flate2::read::GzDecoder::new(WORLD_TSV_GZ).read_to_string(&mut text).is_err() {
            // The file is ours and tested; a broken build draws maps without outlines.
            return Vec::new();
        }
        text.lines()
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let name = fields.next()?.to_owned();
                let mut bbox = [0f32; 4];
                let mut numbers = fields.next()?.split(',');
                for slot in &mut bbox {
                    *slot = numbers.next()?.parse().ok()?;
                }
                Some(Country { name, bbox, path: fields.next()?.to_owned() })
            })
            .collect()
    })
}

/// A point on the map.
pub(crate) struct MapPoint {
    pub lat: f32,
    pub lon: f32,
    pub label: String,
    /// Where the point links to (a page of ours).
    pub href: String,
    pub conflict: bool,
}

/// An SVG map of `points` over the country outlines around them, or `None` without points.
pub(crate) fn map_svg(points: &[MapPoint]) -> Option<String> {
    if points.is_empty() {
        return None;
    }
    let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (180f32, -180f32, 90f32, -90f32);
    for p in points {
        min_lon = min_lon.min(p.lon);
        max_lon = max_lon.max(p.lon);
        min_lat = min_lat.min(p.lat);
        max_lat = max_lat.max(p.lat);
    }
    // At least 8 degrees across, a margin around the points, a 2:1 box.
    let margin = ((max_lon - min_lon).max(max_lat - min_lat) * 0.25).max(3.0);
    let (mut west, mut east, mut south, mut north) =
        (min_lon - margin, max_lon + margin, min_lat - margin, max_lat + margin);
    let (width, height) = (east - west, north - south);
    if width < 2.0 * height {
        let grow = (2.0 * height - width) / 2.0;
        west -= grow;
        east += grow;
    } else {
        let grow = (width / 2.0 - height) / 2.0;
        south -= grow;
        north += grow;
    }
    let (width, height) = (east - west, north - south);
    let radius = width / 120.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="map" viewBox="{west:.2} {:.2} {width:.2} {height:.2}" role="img" aria-labelledby="map-title" preserveAspectRatio="xMidYMid meet"><title id="map-title">Map of the places of this story's figures</title><rect x="{west:.2}" y="{:.2}" width="{width:.2}" height="{height:.2}" class="sea"/>"#,
        -north, -north
    );
    for country in countries() {
        let [c_west, c_south, c_east, c_north] = country.bbox;
        if c_east < west || c_west > east || c_north < south || c_south > north {
            continue;
        }
        let _ = write!(
            svg,
            r#"<path class="land" d="{}"><title>{}</title></path>"#,
            country.path,
            escape_html(&country.name)
        );
    }
    for p in points {
        let _ = write!(
            svg,
            r#"<a href="{}"><circle class="{}" cx="{:.3}" cy="{:.3}" r="{radius:.3}"><title>{}</title></circle></a>"#,
            escape_html(&p.href),
            if p.conflict { "point conflict" } else { "point" },
            p.lon,
            -p.lat,
            escape_html(&p.label)
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outlines_load_and_cover_the_seed_countries() {
        let names: Vec<&str> = countries().iter().map(|c| c.name.as_str()).collect();
        assert!(names.len() > 200, "{} countries", names.len());
        assert!(names.contains(&"Turkey") && names.contains(&"Syria"));
    }

    #[test]
    fn a_map_of_the_border_draws_its_countries_and_escapes_labels() {
        let points = [MapPoint {
            lat: 36.37,
            lon: 36.22,
            label: "<script>Antakya</script>".to_owned(),
            href: "/stories/1".to_owned(),
            conflict: false,
        }];
        let svg = map_svg(&points).unwrap_or_default();
        assert!(svg.contains("<title>Turkey</title>") && svg.contains("<title>Syria</title>"));
        assert!(!svg.contains("<title>Brazil</title>"));
        assert!(svg.contains("&lt;script&gt;Antakya") && !svg.contains("<script>"));
        assert!(map_svg(&[]).is_none());
    }
}
