//! Charts drawn on the server without script: the words and figures are
//! HTML text (legible at any width: a scaled picture would shrink them to
//! a few pixels on a phone), each bar a small SVG stretched to its share;
//! a list screen readers read as "TC 1: 8/16", printable.

use maud::{Markup, PreEscaped, html};

/// One bar: a label, a count and the total it is out of.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub title: String,
    pub value: u32,
    pub total: u32,
}

/// The share `value` is of `total`, in hundredths (0 when there is no total).
fn share(value: u32, total: u32) -> u32 {
    (100 * value.min(total)).checked_div(total).unwrap_or(0)
}

/// A bar `length` of 100 long, stretched to its box: no text inside.
fn bar_svg(class: &str, length: u32, horizontal: bool) -> Markup {
    let svg = if horizontal {
        format!(
            r##"<svg class="{class}" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="10" fill="#eceff2"/><rect width="{length}" height="10" fill="#0b6b2f"/></svg>"##
        )
    } else {
        format!(
            r##"<svg class="{class}" viewBox="0 0 10 100" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect y="{y}" width="10" height="{length}" fill="#0b5d3b"/></svg>"##,
            y = 100 - length
        )
    };
    PreEscaped(svg)
}

/// Horizontal bars, one per row, with "value/total" at the end.
pub fn horizontal_bars(caption: &str, bars: &[Bar]) -> Markup {
    html! {
        figure.chart.bar-chart {
            ul.bar-list {
                @for bar in bars {
                    li title={(bar.title) ": " (bar.value) "/" (bar.total)} {
                        span.bar-label { (bar.label) span.visually-hidden { " (" (bar.title) "):" } }
                        (bar_svg("bar", share(bar.value, bar.total), true))
                        span.bar-value { (bar.value) "/" (bar.total) }
                    }
                }
            }
            figcaption.muted { (caption) }
        }
    }
}

/// Vertical bars (a distribution), with the count above each bar; the
/// tallest bar is the largest count.
pub fn columns(caption: &str, bars: &[Bar]) -> Markup {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    html! {
        figure.chart.column-chart {
            ul.column-list {
                @for bar in bars {
                    li title={(bar.title) ": " (bar.value)} {
                        span.column-value { (bar.value) }
                        (bar_svg("column", share(bar.value, max), false))
                        span.column-label { (bar.label) }
                    }
                }
            }
            figcaption.muted { (caption) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scale_to_their_total() {
        let chart = horizontal_bars(
            "Số xã đạt <từng> tiêu chí",
            &[Bar {
                label: "TC 1".into(),
                title: "Quy hoạch & \"x\"".into(),
                value: 8,
                total: 16,
            }],
        )
        .into_string();
        assert!(chart.contains("Số xã đạt &lt;từng&gt; tiêu chí"));
        assert!(chart.contains("Quy hoạch &amp; &quot;x&quot;: 8/16"));
        assert!(
            chart.contains(r#"<rect width="50" height="10""#),
            "half the bar: {chart}"
        );
        assert!(chart.contains("<span class=\"bar-value\">8/16</span>"));
    }

    #[test]
    fn columns_scale_to_the_largest_count() {
        let bar = |value| Bar {
            label: format!("{value}"),
            title: String::new(),
            value,
            total: 10,
        };
        let chart = columns("Nhóm", &[bar(4), bar(2)]).into_string();
        assert!(
            chart.contains(r#"<rect y="0" width="10" height="100""#),
            "{chart}"
        );
        assert!(
            chart.contains(r#"<rect y="50" width="10" height="50""#),
            "{chart}"
        );
    }
}
