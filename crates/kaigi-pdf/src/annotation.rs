//! Kaigi's annotation model, in page coordinates: PDF points with the origin
//! at the page's bottom-left corner and y growing upwards, exactly as PDF
//! annotations store them. The UI converts to screen space; storage and export
//! never need to.

use serde::{Deserialize, Serialize};

/// A point on the page, in PDF points. `pressure` is the pen pressure (0–1)
/// where the device reports it, else 0.5.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Point {
    pub x: f32,
    pub y: f32,
    #[serde(default = "half")]
    pub pressure: f32,
}

fn half() -> f32 {
    0.5
}

/// An axis-aligned rectangle on the page, in PDF points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
pub struct Rect {
    pub left: f32,
    pub bottom: f32,
    pub right: f32,
    pub top: f32,
}

impl Rect {
    /// The smallest rectangle holding both corners, whichever way they were given.
    pub fn from_corners(a: (f32, f32), b: (f32, f32)) -> Self {
        Self {
            left: a.0.min(b.0),
            bottom: a.1.min(b.1),
            right: a.0.max(b.0),
            top: a.1.max(b.1),
        }
    }

    /// The bounding box of `points`, or `None` when there are none.
    pub fn around(points: impl IntoIterator<Item = (f32, f32)>) -> Option<Self> {
        points.into_iter().fold(None, |acc: Option<Rect>, (x, y)| {
            Some(match acc {
                None => Rect {
                    left: x,
                    bottom: y,
                    right: x,
                    top: y,
                },
                Some(r) => Rect {
                    left: r.left.min(x),
                    bottom: r.bottom.min(y),
                    right: r.right.max(x),
                    top: r.top.max(y),
                },
            })
        })
    }

    /// Grows the rectangle by `by` points on every side.
    pub fn inflate(self, by: f32) -> Self {
        Self {
            left: self.left - by,
            bottom: self.bottom - by,
            right: self.right + by,
            top: self.top + by,
        }
    }

    pub fn width(&self) -> f32 {
        self.right - self.left
    }

    pub fn height(&self) -> f32 {
        self.top - self.bottom
    }

    pub fn is_finite(&self) -> bool {
        [self.left, self.bottom, self.right, self.top]
            .iter()
            .all(|v| v.is_finite())
    }
}

/// A colour as `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb`; anything else is `None`.
    pub fn parse(hex: &str) -> Option<Self> {
        let digits = hex.strip_prefix('#')?;
        if digits.len() != 6 || !digits.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
        Some(Self(byte(0)?, byte(2)?, byte(4)?))
    }

    /// The colour as PDF operands (`r g b`, each 0–1).
    pub fn operands(self) -> String {
        format!(
            "{:.3} {:.3} {:.3}",
            f32::from(self.0) / 255.0,
            f32::from(self.1) / 255.0,
            f32::from(self.2) / 255.0
        )
    }
}

/// What an annotation draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Shape {
    /// Freehand pen: one or more strokes.
    Ink {
        strokes: Vec<Vec<Point>>,
    },
    /// Freehand highlighter: a wide translucent stroke.
    FreehandHighlight {
        points: Vec<Point>,
    },
    /// Highlighter snapped to selected text: one rectangle per line of text.
    TextHighlight {
        rects: Vec<Rect>,
        text: String,
    },
    /// A sticky note pinned at a point.
    Note {
        at: Point,
        text: String,
    },
    /// Text written on the page inside a box.
    FreeText {
        rect: Rect,
        text: String,
        #[serde(rename = "fontSize")]
        font_size: f32,
    },
    Rectangle {
        rect: Rect,
    },
    Ellipse {
        rect: Rect,
    },
    /// A line with an arrow head at `to`.
    Arrow {
        from: Point,
        to: Point,
    },
}

/// One annotation on one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    /// Chosen by the client that made it (a UUID); stable across edits.
    pub id: String,
    /// 0-based page index.
    pub page: u32,
    /// `#rrggbb`.
    pub color: String,
    /// Stroke width in points.
    pub width: f32,
    pub shape: Shape,
}

impl Annotation {
    /// The rectangle the annotation covers on its page, including its stroke.
    pub fn bounds(&self) -> Option<Rect> {
        let half = self.width.max(0.0) / 2.0;
        let rect = match &self.shape {
            Shape::Ink { strokes } => {
                Rect::around(strokes.iter().flatten().map(|p| (p.x, p.y)))?.inflate(half)
            }
            Shape::FreehandHighlight { points } => {
                Rect::around(points.iter().map(|p| (p.x, p.y)))?.inflate(half)
            }
            Shape::TextHighlight { rects, .. } => Rect::around(
                rects
                    .iter()
                    .flat_map(|r| [(r.left, r.bottom), (r.right, r.top)]),
            )?,
            Shape::Note { at, .. } => Rect {
                left: at.x,
                bottom: at.y - NOTE_ICON_PT,
                right: at.x + NOTE_ICON_PT,
                top: at.y,
            },
            Shape::FreeText { rect, .. } => *rect,
            Shape::Rectangle { rect } | Shape::Ellipse { rect } => rect.inflate(half),
            Shape::Arrow { from, to } => Rect::around([(from.x, from.y), (to.x, to.y)])?
                .inflate(half + arrow_head(self.width)),
        };
        rect.is_finite().then_some(rect)
    }

    /// The same annotation moved by `dx`, `dy` points on its page.
    #[must_use]
    pub fn translated(&self, dx: f32, dy: f32) -> Self {
        self.mapped(|x, y| (x + dx, y + dy))
    }

    /// The same annotation with every point taken through `f`, which must
    /// keep axis-aligned rectangles axis-aligned (moves, quarter turns).
    #[must_use]
    pub fn mapped(&self, f: impl Fn(f32, f32) -> (f32, f32)) -> Self {
        let p = |p: &Point| {
            let (x, y) = f(p.x, p.y);
            Point {
                x,
                y,
                pressure: p.pressure,
            }
        };
        let r = |r: &Rect| Rect::from_corners(f(r.left, r.bottom), f(r.right, r.top));
        let shape = match &self.shape {
            Shape::Ink { strokes } => Shape::Ink {
                strokes: strokes.iter().map(|s| s.iter().map(p).collect()).collect(),
            },
            Shape::FreehandHighlight { points } => Shape::FreehandHighlight {
                points: points.iter().map(p).collect(),
            },
            Shape::TextHighlight { rects, text } => Shape::TextHighlight {
                rects: rects.iter().map(r).collect(),
                text: text.clone(),
            },
            Shape::Note { at, text } => Shape::Note {
                at: p(at),
                text: text.clone(),
            },
            Shape::FreeText {
                rect,
                text,
                font_size,
            } => Shape::FreeText {
                rect: r(rect),
                text: text.clone(),
                font_size: *font_size,
            },
            Shape::Rectangle { rect } => Shape::Rectangle { rect: r(rect) },
            Shape::Ellipse { rect } => Shape::Ellipse { rect: r(rect) },
            Shape::Arrow { from, to } => Shape::Arrow {
                from: p(from),
                to: p(to),
            },
        };
        Self {
            shape,
            ..self.clone()
        }
    }

    fn all_finite(&self) -> bool {
        let pt = |p: &Point| p.x.is_finite() && p.y.is_finite() && p.pressure.is_finite();
        match &self.shape {
            Shape::Ink { strokes } => strokes.iter().flatten().all(pt),
            Shape::FreehandHighlight { points } => points.iter().all(pt),
            Shape::TextHighlight { rects, .. } => rects.iter().all(Rect::is_finite),
            Shape::Note { at, .. } => pt(at),
            Shape::FreeText {
                rect, font_size, ..
            } => rect.is_finite() && font_size.is_finite() && *font_size > 0.0,
            Shape::Rectangle { rect } | Shape::Ellipse { rect } => rect.is_finite(),
            Shape::Arrow { from, to } => pt(from) && pt(to),
        }
    }

    /// Checks what a hostile or corrupt client could send: finite numbers,
    /// a real colour, sane sizes.
    pub fn validate(&self) -> Result<(), String> {
        if self.id.is_empty() || self.id.len() > 64 {
            return Err("annotation id must be 1–64 characters".into());
        }
        if Rgb::parse(&self.color).is_none() {
            return Err(format!("colour must be #rrggbb, got {:?}", self.color));
        }
        if !(self.width.is_finite() && (0.0..=100.0).contains(&self.width)) {
            return Err(format!("width must be 0–100 points, got {}", self.width));
        }
        let points = match &self.shape {
            Shape::Ink { strokes } => strokes.iter().map(Vec::len).sum(),
            Shape::FreehandHighlight { points } => points.len(),
            Shape::TextHighlight { rects, .. } => rects.len(),
            _ => 1,
        };
        if points == 0 || points > MAX_POINTS {
            return Err(format!("an annotation holds 1–{MAX_POINTS} points"));
        }
        if !self.all_finite() || self.bounds().is_none() {
            return Err("annotation coordinates must be finite".into());
        }
        Ok(())
    }
}

/// Upper bound on points in one annotation (a long, dense pen stroke is ~2,000).
pub const MAX_POINTS: usize = 50_000;

/// Size of a sticky note's icon on the page.
pub const NOTE_ICON_PT: f32 = 20.0;

/// Length of an arrow head's sides for a line of `width`.
pub fn arrow_head(width: f32) -> f32 {
    (width * 4.0).max(8.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f32, y: f32) -> Point {
        Point {
            x,
            y,
            pressure: 0.5,
        }
    }

    #[test]
    fn ink_bounds_include_half_the_stroke_width() {
        let a = Annotation {
            id: "a".into(),
            page: 0,
            color: "#ff0000".into(),
            width: 4.0,
            shape: Shape::Ink {
                strokes: vec![vec![p(10.0, 20.0), p(30.0, 5.0)]],
            },
        };
        assert_eq!(
            a.bounds(),
            Some(Rect {
                left: 8.0,
                bottom: 3.0,
                right: 32.0,
                top: 22.0
            })
        );
        assert!(a.validate().is_ok());
    }

    #[test]
    fn validation_refuses_bad_colours_empty_strokes_and_nan() {
        let mut a = Annotation {
            id: "a".into(),
            page: 0,
            color: "red".into(),
            width: 2.0,
            shape: Shape::Rectangle {
                rect: Rect::from_corners((0.0, 0.0), (5.0, 5.0)),
            },
        };
        assert!(a.validate().is_err());
        a.color = "#00ff00".into();
        assert!(a.validate().is_ok());
        a.shape = Shape::Ink { strokes: vec![] };
        assert!(a.validate().is_err());
        a.shape = Shape::Arrow {
            from: p(f32::NAN, 0.0),
            to: p(1.0, 1.0),
        };
        assert!(a.validate().is_err());
    }

    #[test]
    fn colours_parse_only_as_hex() {
        assert_eq!(Rgb::parse("#1e88e5"), Some(Rgb(0x1e, 0x88, 0xe5)));
        assert_eq!(Rgb::parse("#1e88e"), None);
        assert_eq!(Rgb::parse("#ｇｇｇ"), None);
        assert_eq!(Rgb(255, 0, 0).operands(), "1.000 0.000 0.000");
    }

    #[test]
    fn corners_in_any_order_make_the_same_rect() {
        assert_eq!(
            Rect::from_corners((5.0, 1.0), (2.0, 9.0)),
            Rect::from_corners((2.0, 9.0), (5.0, 1.0))
        );
    }

    #[test]
    fn notes_sit_below_their_anchor() {
        let a = Annotation {
            id: "n".into(),
            page: 0,
            color: "#ffcc00".into(),
            width: 1.0,
            shape: Shape::Note {
                at: p(100.0, 700.0),
                text: "確認".into(),
            },
        };
        let b = a.bounds().unwrap();
        assert_eq!((b.top, b.bottom), (700.0, 700.0 - NOTE_ICON_PT));
    }
}
