//! In-process timings: typesetting the benchmark report (3 pages of A4 in
//! the reference pipelines, and its 27-page variant), and the whole report
//! pipeline from an incident file. Whole-process timings, with start-up and
//! file writing, are in benches/whole-process.sh.

use criterion::{Criterion, criterion_group, criterion_main};

use amends::check::Settings;
use amends::read::Source;
use amends::render::Templates;
use amends::render::pdf::{Paper, PdfOptions, typeset};

/// The benchmark document: shared/bench/report-3p.md, copied here.
const REPORT_3P: &str = include_str!("report-3p.md");

/// The 27-page variant: the report ten times, each `# ` turned into `## Part N: `.
fn report_27p() -> String {
    (1..=10)
        .map(|n| {
            REPORT_3P
                .lines()
                .map(|l| match l.strip_prefix("# ") {
                    Some(rest) => format!("## Part {n}: {rest}"),
                    None => l.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn benches(c: &mut Criterion) {
    let options = PdfOptions { paper: Paper::A4 };
    let long = report_27p();
    c.bench_function("typeset report-3p.md", |b| {
        b.iter(|| typeset(REPORT_3P, options))
    });
    c.bench_function("typeset report-27p.md", |b| {
        b.iter(|| typeset(&long, options))
    });
    let source = Source {
        name: "major-within-control.yaml".into(),
        text: include_str!("../samples/major-within-control.yaml").into(),
    };
    let settings = Settings {
        today: chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap_or_default(),
        provider: None,
    };
    let templates = Templates::builtin().ok();
    if let Some(templates) = templates {
        c.bench_function("incident file to md + json + pdf", |b| {
            b.iter(|| amends::report(&source, settings, &templates, Some(options)))
        });
    }
}

criterion_group!(typesetting, benches);
criterion_main!(typesetting);
