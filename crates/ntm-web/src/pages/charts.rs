//! Charts drawn on the server as SVG: no script, readable by screen readers
//! through their titles, printable.

use std::fmt::Write;

use maud::{Markup, PreEscaped, html};

/// One bar: a label, a count and the total it is out of.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub title: String,
    pub value: u32,
    pub total: u32,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Horizontal bars, one per row, with "value/total" at the end.
pub fn horizontal_bars(caption: &str, bars: &[Bar]) -> Markup {
    const ROW: u32 = 24;
    const LABEL: u32 = 64;
    const WIDTH: u32 = 560;
    const BAR_MAX: u32 = WIDTH - LABEL - 70;
    let height = ROW * bars.len() as u32 + 8;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape(caption)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i as u32 * ROW + 4;
        let length = (BAR_MAX * bar.value.min(bar.total))
            .checked_div(bar.total)
            .unwrap_or(0);
        let _ = write!(
            svg,
            r##"<g><title>{title}: {v}/{t}</title><text x="0" y="{ty}">{label}</text><rect x="{LABEL}" y="{y}" width="{BAR_MAX}" height="16" fill="#eceff2"/><rect x="{LABEL}" y="{y}" width="{length}" height="16" fill="#0b6b2f"/><text x="{tx}" y="{ty}">{v}/{t}</text></g>"##,
            title = escape(&bar.title),
            label = escape(&bar.label),
            v = bar.value,
            t = bar.total,
            ty = y + 13,
            tx = LABEL + BAR_MAX + 6,
        );
    }
    svg.push_str("</svg>");
    html! { figure { (PreEscaped(svg)) figcaption.muted { (caption) } } }
}

/// Vertical bars (a distribution), with the count above each bar.
pub fn columns(caption: &str, bars: &[Bar]) -> Markup {
    const COLUMN: u32 = 90;
    const HEIGHT: u32 = 160;
    let width = COLUMN * bars.len().max(1) as u32;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" viewBox="0 0 {width} {h}" width="{width}" height="{h}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape(caption),
        h = HEIGHT + 40
    );
    for (i, bar) in bars.iter().enumerate() {
        let x = i as u32 * COLUMN + 15;
        let height = (HEIGHT - 20) * bar.value / max;
        let y = HEIGHT - height;
        let _ = write!(
            svg,
            r##"<g><title>{title}: {v}</title><rect x="{x}" y="{y}" width="60" height="{height}" fill="#0b5d3b"/><text x="{cx}" y="{vy}" text-anchor="middle">{v}</text><text x="{cx}" y="{ly}" text-anchor="middle">{label}</text></g>"##,
            title = escape(&bar.title),
            label = escape(&bar.label),
            v = bar.value,
            cx = x + 30,
            vy = y.saturating_sub(4).max(12),
            ly = HEIGHT + 18,
        );
    }
    svg.push_str("</svg>");
    html! { figure { (PreEscaped(svg)) figcaption.muted { (caption) } } }
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
            chart.contains(r#"width="213""#),
            "half of the 426 px bar: {chart}"
        );
    }
}
