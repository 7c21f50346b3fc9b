//! The figure: one humanitarian number stated in one article, with everything needed to check it.

use chrono::NaiveDate;

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    Killed,
    Injured,
    Missing,
    /// A flow: people who fled, crossed a border, were evacuated or made homeless.
    Displaced,
    /// A stock: refugees hosted somewhere.
    Refugees,
    Arrested,
    Defected,
}

impl Measure {
    pub const ALL: [Measure; 7] = [
        Measure::Killed,
        Measure::Injured,
        Measure::Missing,
        Measure::Displaced,
        Measure::Refugees,
        Measure::Arrested,
        Measure::Defected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Killed => "killed",
            Measure::Injured => "injured",
            Measure::Missing => "missing",
            Measure::Displaced => "displaced",
            Measure::Refugees => "refugees",
            Measure::Arrested => "arrested",
            Measure::Defected => "defected",
        }
    }

    pub fn parse(text: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// How the article hedges the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    Exact,
    AtLeast,
    MoreThan,
    About,
    Nearly,
    UpTo,
    MostOf,
    Vague,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::MoreThan => "more_than",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::UpTo => "up_to",
            Qualifier::MostOf => "most_of",
            Qualifier::Vague => "vague",
        }
    }

    pub fn parse(text: &str) -> Option<Qualifier> {
        Some(match text {
            "exact" => Qualifier::Exact,
            "at_least" => Qualifier::AtLeast,
            "more_than" | "over" => Qualifier::MoreThan,
            "about" => Qualifier::About,
            "nearly" => Qualifier::Nearly,
            "up_to" => Qualifier::UpTo,
            "most_of" => Qualifier::MostOf,
            "vague" => Qualifier::Vague,
            _ => return None,
        })
    }

    /// The interval a number allows under this qualifier (documented in the README):
    /// exact N → [N, N]; at least N → [N, open]; more than N → [N+1, open]; about N → N ± 10 %;
    /// nearly N → [90 % of N, N]; up to N → [0, N]; most of N → [half of N, N]; a vague word →
    /// its own interval.
    pub fn interval(self, value: u64, vague: Option<(u64, u64)>) -> (Option<u64>, Option<u64>) {
        if let Some((low, high)) = vague {
            return (Some(low), Some(high));
        }
        let tenth = value / 10;
        match self {
            Qualifier::Exact => (Some(value), Some(value)),
            Qualifier::AtLeast => (Some(value), None),
            Qualifier::MoreThan => (Some(value + 1), None),
            Qualifier::About => (Some(value - tenth), Some(value + tenth)),
            Qualifier::Nearly => (Some(value - tenth), Some(value)),
            Qualifier::UpTo => (Some(0), Some(value)),
            Qualifier::MostOf => (Some(value / 2 + 1), Some(value)),
            Qualifier::Vague => (Some(value), Some(value)),
        }
    }
}

/// What a count of displaced people (or refugees) says of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Displacement {
    /// They fled, were evacuated, forced from or lost their homes: a count that only grows.
    Fled,
    /// They crossed into another country ("crossed into Turkey"): they are its refugees.
    Crossed,
    /// They are staying somewhere ("living in 154 accommodation centres", "remained in relief
    /// camps", refugees hosted): a stock that rises and falls.
    Sheltered,
}

impl Displacement {
    pub fn as_str(self) -> &'static str {
        match self {
            Displacement::Fled => "fled",
            Displacement::Crossed => "crossed",
            Displacement::Sheltered => "sheltered",
        }
    }

    pub fn parse(text: &str) -> Option<Displacement> {
        [Displacement::Fled, Displacement::Crossed, Displacement::Sheltered].into_iter().find(|d| d.as_str() == text)
    }
}

/// How a figure's time expression bounds what it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// What happened within a span: "in the past 24 hours", "overnight", "on Monday" (that
    /// day's events), "last week". A flow.
    Period,
    /// From a start up to the report: "since March", "since the offensive began". A cumulative
    /// count.
    Since,
    /// A total or a stock at a moment: "as of Wednesday", "the toll rose to 312 on Monday",
    /// "450,000 remained in camps on Thursday", "ten days ago the figure stood at 23".
    AsOf,
}

impl ScopeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Period => "period",
            ScopeKind::Since => "since",
            ScopeKind::AsOf => "as_of",
        }
    }

    pub fn parse(text: &str) -> Option<ScopeKind> {
        [ScopeKind::Period, ScopeKind::Since, ScopeKind::AsOf].into_iter().find(|k| k.as_str() == text)
    }

    /// The kind of a time expression from its words alone, for figures stored before kinds
    /// were (a best reading: a day or a span is a period, "since" a start, "ago" a moment).
    pub fn from_text(text: &str) -> ScopeKind {
        let lower = text.to_lowercase();
        if lower.starts_with("since") || lower.starts_with("so far") {
            ScopeKind::Since
        } else if lower.contains("ago") || lower.starts_with("as of") {
            ScopeKind::AsOf
        } else {
            ScopeKind::Period
        }
    }
}

/// The time a figure covers, as written and resolved to dates where the published date allows.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub text: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub kind: ScopeKind,
}

/// A place a figure is tied to: as written, and resolved against the gazetteer when it can be.
#[derive(Debug, Clone, PartialEq)]
pub struct FigurePlace {
    pub text: String,
    /// The GeoNames id; None when unresolved, and for regions outside the US (resolved, but
    /// without an id in the gazetteer's sources).
    pub geonames_id: Option<u32>,
    pub name: Option<String>,
    pub country: Option<String>,
    pub lat: Option<f32>,
    pub lon: Option<f32>,
    pub precision: Option<&'static str>,
}

/// Words for soldiers and police: counted apart from everyone else, and when they cross or
/// arrive, they defected.
pub const SECURITY_FORCES: &[&str] = &[
    "soldiers",
    "troops",
    "police",
    "policemen",
    "officers",
    "personnel",
    "forces",
    "guards",
    "soldier",
    "officer",
    "policeman",
];

impl FigurePlace {
    /// How broad the place is: a country (3) holds regions (2), which hold towns and described
    /// places (1); a place not placed on the map is 0.
    pub fn breadth(&self) -> u8 {
        match self.precision {
            Some("country") => 3,
            Some("admin") => 2,
            Some(_) => 1,
            None => 0,
        }
    }

    /// Found in the gazetteer: it has a point and a country.
    pub fn is_resolved(&self) -> bool {
        self.lat.is_some() && self.country.is_some()
    }

    /// One key per gazetteer place, whether or not it has a GeoNames id.
    pub fn identity(&self) -> Option<String> {
        if !self.is_resolved() {
            return None;
        }
        Some(match self.geonames_id {
            Some(id) => format!("geonames:{id}"),
            None => format!(
                "{}:{}:{}",
                self.precision.unwrap_or(""),
                self.country.as_deref().unwrap_or(""),
                self.name.as_deref().unwrap_or(&self.text)
            ),
        })
    }
}

/// One humanitarian figure with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub measure: Measure,
    /// The number as a point (None for a vague word such as "hundreds").
    pub value: Option<u64>,
    pub low: Option<u64>,
    pub high: Option<u64>,
    /// The number as written, with its qualifier ("more than 8,500", "Twenty-six", "hundreds").
    pub text: String,
    pub qualifier: Qualifier,
    /// What is counted when not people ("families", "households"); never converted.
    pub unit: Option<String>,
    /// Who is counted, as the article names them ("civilians", "soldiers", "children").
    pub who: Option<String>,
    /// For the displaced and refugees: fled, crossed a border, or staying somewhere.
    pub displacement: Option<Displacement>,
    /// A part of a count given in full ("41 of the dead were children"): not the count itself.
    pub subset: bool,
    pub place: Option<FigurePlace>,
    pub scope: Option<Scope>,
    /// Who the article says the figure comes from.
    pub source: Option<String>,
    pub sentence: String,
    /// Character offsets (not bytes) of the number in the article's cleaned text.
    pub span: (usize, usize),
    /// Character offsets of the sentence in the cleaned text.
    pub sentence_span: (usize, usize),
    /// A historical toll in background (an earlier year or event), not news of the day.
    pub background: bool,
}
