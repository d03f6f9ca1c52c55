//! Every sample renders cleanly; its Markdown matches the reviewed snapshot
//! and its figures match a hand computation.

use crate::{amends, root, stderr};

/// Renders a sample into a fresh folder; returns (markdown, json).
fn render(sample: &str, id: &str) -> (String, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = root().join("samples").join(sample);
    let out = amends(
        dir.path(),
        &["render", path.to_str().unwrap(), "--out", "out"],
    );
    assert!(out.status.success(), "{sample}: {}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("out").join(format!("{id}.md"))).unwrap();
    let json = std::fs::read_to_string(dir.path().join("out").join(format!("{id}.json"))).unwrap();
    (md, serde_json::from_str(&json).unwrap())
}

fn figure<'a>(json: &'a serde_json::Value, pointer: &str) -> &'a serde_json::Value {
    json.pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the JSON"))
}

/// Checks the compensation figures against the hand computation.
fn assert_compensation(
    json: &serde_json::Value,
    availability: &str,
    credit: &str,
    goodwill: &str,
    total: &str,
) {
    assert_eq!(
        figure(json, "/compensation/contract/availability_display"),
        availability
    );
    assert_eq!(figure(json, "/compensation/contract/credit"), credit);
    assert_eq!(figure(json, "/compensation/goodwill/amount"), goodwill);
    assert_eq!(figure(json, "/compensation/total"), total);
}

#[test]
fn every_sample_is_covered_here() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "bad-letter.yaml",
            "batch", // tests/integration/batch.rs
            "critical-repeat-cs.yaml",
            "critical-vi.yaml",
            "major-within-control.yaml",
            "minor-outside-control.yaml",
            "starter-vi.yaml",
            "starter.yaml"
        ],
        "a new sample needs its own test below"
    );
}

/// The starter written by `amends init`. July has 31 × 1,440 = 44,640 min
/// = 2,678,400 s; D = 27 min = 1,620 s; A = 2,676,780 / 2,678,400 = 99.93951…%,
/// shown 99.939 %; below 99.95 -> 10 % of 12,000.00 = 1,200.00.
/// Goodwill 2 × 12,000 / 31 = 774.1935… -> 774.19. Total 1,974.19.
#[test]
fn starter() {
    let (md, json) = render("starter.yaml", "INC-2026-0142");
    assert_compensation(&json, "99.939", "1200.00", "774.19", "1974.19");
    assert_eq!(figure(&json, "/downtime/degraded_s"), 21 * 60);
    // The internal note never reaches the customer.
    assert!(!md.contains("wrong rota"));
    insta::assert_snapshot!("starter", md);
}

/// July 2019 by default (month of the first outage). D = 1,620 s as above:
/// 99.939 % < 99.99 -> 10 % of 5,000.00 = 500.00. Goodwill 2 × 5,000 / 31
/// = 322.5806… plus 5 % of 5,000 = 250, together 572.5806… -> 572.58.
/// Total 500.00 + 572.58 = 1,072.58.
#[test]
fn major_within_control() {
    let (md, json) = render("major-within-control.yaml", "HX-2019-0702");
    assert_compensation(&json, "99.939", "500.00", "572.58", "1072.58");
    assert_eq!(
        figure(&json, "/compensation/contract/period/from"),
        "2019-07-01"
    );
    assert_eq!(figure(&json, "/timeline/time_to_notify_s"), 12 * 60);
    assert_eq!(figure(&json, "/timeline/longest_silence/seconds"), 8 * 60);
    // The apology says whose failure it was; the root cause does not repeat it.
    assert!(md.contains("It was caused by a failure on our side."));
    assert!(!md.contains("within our control"));
    assert!(!md.contains("take full responsibility"));
    assert!(!md.contains("waf-rules@4482"), "internal events stay out");
    insta::assert_snapshot!("major_within_control", md);
}

/// November, 30 days = 2,592,000 s. Only the 6-minute window is an outage:
/// A = 2,591,640 / 2,592,000 = 99.98611…% -> 99.986 %, above 99.9, no tier.
/// Per hour, prorated: 20.00 × 360 / 3,600 = 2.00. Goodwill 5 % of 800 = 40.00.
#[test]
fn minor_outside_control() {
    let (md, json) = render("minor-outside-control.yaml", "NWM-2026-311");
    assert_compensation(&json, "99.986", "2.00", "40.00", "42.00");
    assert_eq!(
        figure(&json, "/compensation/contract/tier"),
        &serde_json::Value::Null
    );
    assert_eq!(figure(&json, "/downtime/degraded_s"), 45 * 60);
    // The customer heard only after resolution: no silence to measure, and it says why.
    assert_eq!(
        figure(&json, "/timeline/longest_silence"),
        &serde_json::Value::Null
    );
    // Resolved 10:03, first notice 10:20: silent for the whole incident, told 17 min late.
    assert!(md.contains("| Longest silence towards you | the whole incident (51\u{a0}min) |"));
    assert!(md.contains(
        "We did not tell you until 17 minutes after service was restored; we should have told you while it was happening."
    ));
    assert!(!md.contains("none: our first notice"));
    assert_eq!(
        figure(&json, "/timeline/notice_after_resolution_s"),
        17 * 60
    );
    assert!(md.contains("Its cause lay outside our control"));
    insta::assert_snapshot!("minor_outside_control", md);
}

/// October 2026, 31 days. The outage runs 23:10+02:00 to 02:20+01:00 across the
/// end of summer time: 21:10Z to 01:20Z = 4 h 10 min = 15,000 s (not 3 h 10 min).
/// A = 2,663,400 / 2,678,400 = 99.43996…% -> 99.439 %: below 99.9 only -> 10 %
/// of 48,000 = 4,800; plus 5 started hours × 500 = 2,500; 7,300.00 under the
/// 50 % cap (24,000). Goodwill 5 × 48,000 / 31 = 7,741.935… + 10 % = 4,800,
/// together 12,541.935… -> 12,541.94. Total 19,841.94.
#[test]
fn critical_repeat_in_czech() {
    let (md, json) = render("critical-repeat-cs.yaml", "DCM-2026-1025");
    assert_compensation(&json, "99.439", "7300.00", "12541.94", "19841.94");
    assert_eq!(figure(&json, "/downtime/outage_s"), 15_000);
    assert_eq!(
        figure(&json, "/compensation/contract/per_hour/started_hours"),
        5
    );
    assert_eq!(figure(&json, "/compensation/contract/capped"), false);
    assert!(md.contains("## Nestalo se to poprvé"));
    assert!(md.contains("19\u{a0}841,94\u{a0}CZK"));
    // Both offsets of the DST night are shown, in the order things happened.
    let summer = md.find("02:40 (UTC+02:00)").unwrap();
    let winter = md.find("02:20 (UTC+01:00)").unwrap();
    assert!(summer < winter);
    insta::assert_snapshot!("critical_repeat_cs", md);
}

/// November 2026, 30 days = 2,592,000 s. D = 08:05 to 14:45 = 6 h 40 min =
/// 24,000 s; A = 2,568,000 / 2,592,000 = 99.07407…% -> 99.074 %: below 99.9
/// only -> 10 % of 46,900,000 = 4,690,000; plus 7 started hours × 2,000,000 =
/// 14,000,000; 18,690,000 is over the 30 % cap, 14,070,000. Goodwill 3 ×
/// 46,900,000 / 30 = 4,690,000. Total 18,760,000 (VND has no minor units).
#[test]
fn critical_in_vietnamese() {
    let (md, json) = render("critical-vi.yaml", "SV-2026-1112");
    assert_compensation(&json, "99.074", "14070000", "4690000", "18760000");
    assert_eq!(figure(&json, "/downtime/outage_s"), 24_000);
    assert_eq!(
        figure(&json, "/compensation/contract/per_hour/started_hours"),
        7
    );
    assert_eq!(figure(&json, "/compensation/contract/capped"), true);
    // The tag is kept as written.
    assert!(md.contains("language: vi-VN"));
    for shown in [
        "Kính gửi Bà Nguyễn Thị Lan,",
        "vào ngày 12 tháng 11 năm 2026",
        "theo giờ Đông Dương (UTC+07:00)",
        "| Gián đoạn dịch vụ | 12/11/2026 08:05 | 12/11/2026 14:45 |",
        "10 % × 46.900.000\u{a0}VND (phí hằng tháng) = 4.690.000\u{a0}VND",
        "7 × 2.000.000\u{a0}VND = 14.000.000\u{a0}VND",
        "4.690.000\u{a0}VND + 14.000.000\u{a0}VND = 18.690.000\u{a0}VND",
        "tức 14.070.000\u{a0}VND",
        "(43.200 phút)",
        "**18.760.000\u{a0}VND**",
        "Trang {page}/{pages}",
        "watermark: BẢN CHỜ DUYỆT",
    ] {
        assert!(md.contains(shown), "{shown:?} missing from:\n{md}");
    }
    // The internal decision stays out.
    assert!(!md.contains("Quyết định chuyển đổi thủ công"));
    insta::assert_snapshot!("critical_vi", md);
}

/// The Vietnamese starter (`amends init --language vi`): the English
/// starter's figures in VND. July 2026, 31 days; D = 27 min: A = 99.939 %,
/// below 99.95 -> 10 % of 46,900,000 = 4,690,000. Goodwill 2 × 46,900,000 /
/// 31 = 3,025,806.45… -> 3,025,806. Total 7,715,806.
#[test]
fn starter_in_vietnamese() {
    let (md, json) = render("starter-vi.yaml", "INC-2026-0142");
    assert_compensation(&json, "99.939", "4690000", "3025806", "7715806");
    for shown in [
        "Kính gửi Bà Phạm Thu Trang,",
        "| Gián đoạn dịch vụ | 02/07/2026 20:42 | 02/07/2026 21:09 | 27\u{a0}phút |",
        "2\u{a0}ngày sử dụng dịch vụ miễn phí, trị giá 3.025.806\u{a0}VND (2 × 46.900.000\u{a0}VND ÷ 31 ngày",
        "**7.715.806\u{a0}VND**",
    ] {
        assert!(md.contains(shown), "{shown:?} missing from:\n{md}");
    }
    assert!(
        !md.contains("Gọi nhóm thanh toán"),
        "internal events stay out"
    );
}

/// The compensation issue's worked example, end to end: a 2-hour outage in a
/// 30-day month on USD 1,500.00 a month with a 99.9 % / 10 % tier and 2 goodwill
/// days: A = (2,592,000 − 7,200) / 2,592,000 = 99.7222…% -> 99.722 %; credit
/// 10 % × 1,500 = 150.00; goodwill 2 × 1,500 / 30 = 100.00; total 250.00.
#[test]
fn two_hour_outage_in_markdown_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\
report: {id: SLA-2H, title: Two-hour outage, date: 2026-06-20}
provider: {name: Acme}
customer: {name: Bakery}
incident:
  summary: The API was down for two hours.
  severity: major
  services: [API]
  impact: {description: Every request failed.}
  root_cause: {summary: A failed deployment., within_our_control: true}
timeline:
  - {at: 2026-06-10T08:00:00Z, event: started, text: Deployment began.}
  - {at: 2026-06-10T08:05:00Z, event: customer_notified, text: We told you.}
  - {at: 2026-06-10T10:00:00Z, event: resolved, text: Rolled back.}
actions:
  - {action: Canary deployments., kind: prevent, owner: Platform, due: 2026-07-01}
contract:
  currency: USD
  monthly_fee: 1500.00
  sla: {availability_target: 99.9, credits: [{below: 99.9, credit_percent: 10}]}
goodwill: {extra_service_days: 2}
";
    std::fs::write(dir.path().join("i.yaml"), text).unwrap();
    let out = amends(dir.path(), &["render", "i.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("out/SLA-2H.md")).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/SLA-2H.json")).unwrap())
            .unwrap();
    assert_compensation(&json, "99.722", "150.00", "100.00", "250.00");
    assert_eq!(
        figure(&json, "/compensation/contract/period/to"),
        "2026-06-30"
    );
    for shown in [
        "availability was 99.722 %",
        "10 % of USD\u{a0}1,500.00 = USD\u{a0}150.00",
        "2 days of extra service, USD\u{a0}100.00 (2 × USD\u{a0}1,500.00 ÷ 30, the number of days in the month the incident began)",
        "| Contractual service credit | USD\u{a0}150.00 |",
        "| Goodwill beyond the contract | USD\u{a0}100.00 |",
        "| **Total credited to your next invoice** | **USD\u{a0}250.00** |",
    ] {
        assert!(md.contains(shown), "{shown:?} missing from:\n{md}");
    }
}

/// Without a contract: no contractual credit, goodwill still shown, no amounts.
#[test]
fn no_contract_still_shows_goodwill() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("samples/starter.yaml")).unwrap();
    let cut = text
        .find("contract:  ")
        .or_else(|| text.find("\ncontract:"))
        .unwrap();
    let goodwill = text.find("\ngoodwill:").unwrap();
    let text = format!("{}{}", &text[..cut], &text[goodwill..]);
    std::fs::write(dir.path().join("i.yaml"), text).unwrap();
    let out = amends(dir.path(), &["render", "i.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("out/INC-2026-0142.md")).unwrap();
    assert!(md.contains(
        "No service-level agreement covers this service, so no contractual credit is due."
    ));
    assert!(
        md.contains("- 2 days of extra service, free of charge"),
        "{md}"
    );
    assert!(!md.contains("EUR"));
}

/// The deliberately bad letter is valid input: it renders, with the review's
/// findings printed as warnings (`amends lint` fails on it; see lint.rs).
#[test]
fn bad_letter_renders_with_its_findings_as_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = root().join("samples/bad-letter.yaml");
    let out = amends(dir.path(), &["render", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("[blame-shifting]"),
        "{}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/BAD-2026-0001.json")).unwrap(),
    )
    .unwrap();
    assert!(json["review"].as_array().unwrap().len() >= 13);
    // Without a contract there is no fee to value the extra credit, but it is still given.
    let md = std::fs::read_to_string(dir.path().join("out/BAD-2026-0001.md")).unwrap();
    assert!(
        md.contains("- an extra credit of 5 % of your monthly fee"),
        "{md}"
    );
    assert_eq!(json["compensation"]["total"], serde_json::Value::Null);
}

/// Every literal stretch of a wording file's sentences (the text between
/// placeholders), long enough to be language rather than punctuation.
fn wording_fragments(code: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(format!("templates/lang/{code}.yaml"))).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let mut strings = Vec::new();
    collect_strings(&value, &mut strings);
    let mut fragments = Vec::new();
    for s in strings {
        let mut rest = s.as_str();
        loop {
            let (literal, after) = match rest.find('{') {
                Some(open) => (
                    &rest[..open],
                    rest[open..].find('}').map(|c| &rest[open + c + 1..]),
                ),
                None => (rest, None),
            };
            let literal = literal
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_owned();
            if literal.split_whitespace().count() >= 2 && literal.chars().count() >= 10 {
                fragments.push(literal);
            }
            match after {
                Some(after) => rest = after,
                None => break,
            }
        }
    }
    fragments
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// A letter is entirely in its language: no sentence of another language's
/// wording appears in any sample's letter.
#[test]
fn no_sample_carries_another_languages_wording() {
    let samples = [
        ("starter.yaml", "INC-2026-0142", "en"),
        ("major-within-control.yaml", "HX-2019-0702", "en"),
        ("minor-outside-control.yaml", "NWM-2026-311", "en"),
        ("critical-repeat-cs.yaml", "DCM-2026-1025", "cs"),
        ("critical-vi.yaml", "SV-2026-1112", "vi"),
        ("starter-vi.yaml", "INC-2026-0142", "vi"),
    ];
    let languages = ["en", "cs", "vi"];
    for (sample, id, language) in samples {
        let (md, _) = render(sample, id);
        // The internal copy too: outlook, reasons and findings included.
        let dir = tempfile::tempdir().unwrap();
        let path = root().join("samples").join(sample);
        let out = amends(
            dir.path(),
            &[
                "render",
                path.to_str().unwrap(),
                "--audience",
                "internal",
                "--format",
                "md",
            ],
        );
        assert!(out.status.success(), "{sample}: {}", stderr(&out));
        let internal =
            std::fs::read_to_string(dir.path().join(format!("out/{id}.internal.md"))).unwrap();
        for other in languages.iter().filter(|l| **l != language) {
            for fragment in wording_fragments(other) {
                assert!(
                    !md.contains(&fragment) && !internal.contains(&fragment),
                    "{sample} ({language}) carries {other} wording: {fragment:?}"
                );
            }
        }
        // Its own wording is there: the language really is the letter's.
        let own = wording_fragments(language);
        assert!(
            own.iter().filter(|f| md.contains(f.as_str())).count() >= 10,
            "{sample}"
        );
    }
}

const SAMPLES: [(&str, &str); 6] = [
    ("starter-vi.yaml", "INC-2026-0142"),
    ("starter.yaml", "INC-2026-0142"),
    ("major-within-control.yaml", "HX-2019-0702"),
    ("minor-outside-control.yaml", "NWM-2026-311"),
    ("critical-repeat-cs.yaml", "DCM-2026-1025"),
    ("critical-vi.yaml", "SV-2026-1112"),
];

/// Renders incident text (not a sample file) and returns its JSON.
fn render_text(text: &str, id: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("i.yaml"), text).unwrap();
    let out = amends(dir.path(), &["render", "i.yaml", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(
        &std::fs::read_to_string(dir.path().join(format!("out/{id}.json"))).unwrap(),
    )
    .unwrap()
}

/// Internal events change nothing the customer lived: adding an internal
/// "notice" and "update" at the very start of every sample leaves time to
/// notify, the message counts and the longest silence as they were.
#[test]
fn communication_figures_ignore_internal_events() {
    for (sample, id) in SAMPLES {
        let text = std::fs::read_to_string(root().join("samples").join(sample)).unwrap();
        // The first event is `started`: the noise goes right after it, at its instant.
        let timeline = text.find("\ntimeline:\n").unwrap() + "\ntimeline:\n".len();
        let first_at = &text[timeline..][text[timeline..].find("at: ").unwrap() + 4..];
        let at = &first_at[..first_at.find([',', '\n']).unwrap()];
        let second = timeline + 1 + text[timeline + 1..].find("\n  - ").unwrap();
        let noisy = format!(
            "{}\n  - {{at: {at}, event: customer_notified, text: Paged the team., internal: true}}\n  - {{at: {at}, event: update, text: War room opened., internal: true}}{}",
            &text[..second],
            &text[second..]
        );
        assert_ne!(noisy, text, "{sample}");
        let (plain, with_noise) = (render_text(&text, id), render_text(&noisy, id));
        for pointer in [
            "/timeline/time_to_notify_s",
            "/timeline/customer_messages",
            "/timeline/messages_during",
            "/timeline/messages_after",
            "/timeline/longest_silence",
            "/timeline/notice_after_resolution_s",
        ] {
            assert_eq!(
                plain.pointer(pointer),
                with_noise.pointer(pointer),
                "{sample}: {pointer}"
            );
        }
    }
}

fn money(json: &serde_json::Value, pointer: &str) -> rust_decimal::Decimal {
    figure(json, pointer).as_str().unwrap().parse().unwrap()
}

/// Every compensation section adds up to the cent: the credit is the tier
/// line plus the per-hour line (or the cap), the goodwill is its lines, the
/// total is the two; every amount carries the currency's minor units.
#[test]
fn every_compensation_section_adds_up_to_the_cent() {
    use rust_decimal::Decimal;
    for (sample, id) in SAMPLES {
        let (_, json) = render(sample, id);
        let k = figure(&json, "/compensation/contract");
        let minor = k["minor_units"].as_u64().unwrap() as u32;
        let tier = money(&json, "/compensation/contract/tier_credit");
        let per_hour = match k["per_hour"].is_null() {
            true => Decimal::ZERO,
            false => money(&json, "/compensation/contract/per_hour/amount"),
        };
        let credit = money(&json, "/compensation/contract/credit");
        assert_eq!(
            money(&json, "/compensation/contract/uncapped"),
            tier + per_hour,
            "{sample}"
        );
        if k["capped"] == true {
            assert_eq!(
                credit,
                money(&json, "/compensation/contract/cap"),
                "{sample}"
            );
            assert!(tier + per_hour > credit, "{sample}");
        } else {
            assert_eq!(credit, tier + per_hour, "{sample}");
        }
        let g = figure(&json, "/compensation/goodwill");
        let part = |key: &str| match g[key].as_str() {
            Some(v) => v.parse::<Decimal>().unwrap(),
            None => Decimal::ZERO,
        };
        let goodwill = money(&json, "/compensation/goodwill/amount");
        assert_eq!(
            goodwill,
            part("days_value") + part("percent_value"),
            "{sample}"
        );
        assert_eq!(
            money(&json, "/compensation/total"),
            credit + goodwill,
            "{sample}"
        );
        for amount in [tier, credit, goodwill, money(&json, "/compensation/total")] {
            assert_eq!(amount.scale(), minor, "{sample}: {amount}");
        }
    }
}
