//! A letter entirely in its language: the review's findings in it, numbers,
//! dates and money as CLDR writes them, zones named for the season, and the
//! Vietnamese faults the review must catch.

use crate::{amends, root, stderr, stdout};

/// A clean Vietnamese letter (the cause was ours); faults are put in its
/// apology, root cause or lessons.
const VI: &str = "\
report: {id: V-1, title: Sự cố thanh toán, date: 2026-07-05, language: vi-VN, prepared_by: {name: Lan, email: lan@acme.example}}
provider: {name: Acme, support_contact: support@acme.example}
customer: {name: Tiệm bánh}
incident:
  summary: Cổng thanh toán không hoạt động trong 27 phút do một thay đổi của chúng tôi.
  severity: major
  services: [Cổng thanh toán]
  impact:
    description: Mọi giao dịch thanh toán đều thất bại.
  root_cause:
    summary: \"ROOT\"
    within_our_control: true
timeline:
  - {at: 2026-07-02T13:42:00Z, event: started, text: Thay đổi được triển khai.}
  - {at: 2026-07-02T13:45:00Z, event: detected, text: Hệ thống cảnh báo.}
  - {at: 2026-07-02T13:50:00Z, event: customer_notified, text: Chúng tôi đã gửi email cho Quý khách.}
  - {at: 2026-07-02T14:09:00Z, event: resolved, text: Chúng tôi đã hoàn tác thay đổi.}
lessons: [\"LESSON\"]
actions:
  - {action: Triển khai thay đổi cấu hình theo từng giai đoạn., kind: prevent, owner: Nhóm nền tảng, due: 2026-08-15}
apology: \"APOLOGY\"
goodwill: {gestures: [Một buổi làm việc với kỹ sư trưởng]}
follow_up: {date: 2026-08-20, by: Lan}
";

const ROOT: &str = "Một thay đổi cấu hình của chúng tôi đã từ chối mọi giao dịch.";
const LESSON: &str = "Thay đổi cấu hình cần được triển khai theo từng giai đoạn.";
const APOLOGY: &str =
    "Chúng tôi xin lỗi vì khách hàng của Quý khách không thể thanh toán trong 27 phút.";

fn vi_letter(apology: &str, root_cause: &str, lesson: &str) -> String {
    VI.replace("APOLOGY", apology)
        .replace("ROOT", root_cause)
        .replace("LESSON", lesson)
}

/// Lints `text`; returns the JSON of its one file.
fn lint_json(dir: &std::path::Path, text: &str, extra: &[&str]) -> serde_json::Value {
    std::fs::write(dir.join("letter.yaml"), text).unwrap();
    let mut args = vec!["lint", "letter.yaml", "--format", "json"];
    args.extend_from_slice(extra);
    let out = amends(dir, &args);
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    assert_eq!(json["files"][0]["valid"], true, "{}", stderr(&out));
    json["files"][0].clone()
}

fn found(file: &serde_json::Value) -> Vec<(String, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["quote"].as_str().unwrap_or("").to_lowercase(),
            )
        })
        .collect()
}

/// The faults issue 10 names, each in the field where it does harm, and each
/// found with its words; then the near misses, which must stay quiet.
#[test]
fn the_vietnamese_faults_are_found_and_near_misses_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let clean = lint_json(dir.path(), &vi_letter(APOLOGY, ROOT, LESSON), &[]);
    assert_eq!(found(&clean), vec![], "the clean letter");
    assert_eq!(clean["word_lists"], "lint/vi.yaml");
    let faults: [(&str, &str, &str, &str); 15] = [
        (
            "apology",
            "Chúng tôi xin lỗi, nhưng lưu lượng hôm đó tăng đột biến.",
            "hedged-apology",
            "nhưng",
        ),
        (
            "apology",
            "Chúng tôi xin lỗi. Tuy nhiên, lưu lượng hôm đó rất lớn.",
            "hedged-apology",
            "tuy nhiên",
        ),
        (
            "apology",
            "Chúng tôi xin lỗi vì sự bất tiện này.",
            "non-apology",
            "sự bất tiện",
        ),
        (
            "apology",
            "Chúng tôi rất tiếc nếu Quý khách bị ảnh hưởng.",
            "non-apology",
            "rất tiếc nếu",
        ),
        (
            "root",
            "Có lẽ cấu hình đã bị ghi đè.",
            "speculation",
            "có lẽ",
        ),
        (
            "root",
            "Sự cố có thể do lưu lượng tăng đột biến.",
            "speculation",
            "có thể do",
        ),
        (
            "root",
            "Dường như bộ nhớ đệm đã hết hạn.",
            "speculation",
            "dường như",
        ),
        (
            "lesson",
            "Sự cố này sẽ không bao giờ xảy ra lại.",
            "risky-promise",
            "không bao giờ xảy ra",
        ),
        (
            "lesson",
            "Chúng tôi cam kết 100 % dịch vụ luôn ổn định.",
            "risky-promise",
            "cam kết 100 %",
        ),
        (
            "lesson",
            "Chúng tôi đã loại bỏ hoàn toàn rủi ro này.",
            "risky-promise",
            "loại bỏ hoàn toàn",
        ),
        (
            "root",
            "Sự cố nằm ngoài tầm kiểm soát của chúng tôi.",
            "blame-shifting",
            "ngoài tầm kiểm soát",
        ),
        (
            "root",
            "Đây là tình huống không thể lường trước.",
            "blame-shifting",
            "không thể lường trước",
        ),
        (
            "root",
            "Nhà cung cấp dịch vụ đám mây đã gặp sự cố.",
            "blame-shifting",
            "nhà cung cấp",
        ),
        (
            "apology",
            "Chúng tôi vô cùng chân thành xin lỗi Quý khách.",
            "grovelling",
            "vô cùng chân thành",
        ),
        (
            "root",
            "Như đã thông báo, cấu hình bị lỗi.",
            "cold-opener",
            "như đã thông báo",
        ),
    ];
    for (field, text, rule, words) in faults {
        let letter = match field {
            "apology" => vi_letter(text, ROOT, LESSON),
            "root" => vi_letter(APOLOGY, text, LESSON),
            _ => vi_letter(APOLOGY, ROOT, text),
        };
        let got = found(&lint_json(dir.path(), &letter, &[]));
        assert!(
            got.contains(&(rule.to_owned(), words.to_owned())),
            "{text:?}: expected [{rule}] {words:?}, got {got:?}"
        );
    }
    // Near misses: the same words where they are honest, negated or ordinary.
    let near: [(&str, &str); 9] = [
        (
            "apology",
            "Chúng tôi xin lỗi vì trong 27 phút Quý khách không thể nhận thanh toán, và vì chúng tôi đã không báo sớm hơn.",
        ),
        (
            "root",
            "Nguyên nhân không phải do nhà cung cấp mà do thay đổi cấu hình của chúng tôi.",
        ),
        (
            "root",
            "Đây không phải lỗi của nhà cung cấp: thay đổi cấu hình do chúng tôi triển khai đã từ chối mọi giao dịch.",
        ),
        (
            "root",
            "Chúng tôi đã hoàn tất phân tích: một thay đổi của chúng tôi đã từ chối mọi giao dịch, nhưng dữ liệu không bị mất.",
        ),
        (
            "lesson",
            "Chúng tôi không thể cam kết 100 % rằng sẽ không có sự cố nào khác, nên chúng tôi nêu rõ từng biện pháp và thời hạn.",
        ),
        (
            "lesson",
            "Dịch vụ đã hoạt động trở lại sau khi chúng tôi hoàn tác thay đổi.",
        ),
        (
            "lesson",
            "Một thay đổi nhỏ cũng phải qua kiểm thử tải trước khi triển khai.",
        ),
        (
            "root",
            "Lỗi nằm ở thay đổi cấu hình của chúng tôi; chúng tôi đã hoàn tác nó trong 19 phút.",
        ),
        (
            "apology",
            "Chúng tôi xin lỗi Quý khách vì đã để cổng thanh toán ngừng hoạt động trong 27 phút.",
        ),
    ];
    for (field, text) in near {
        let letter = match field {
            "apology" => vi_letter(text, ROOT, LESSON),
            "root" => vi_letter(APOLOGY, text, LESSON),
            _ => vi_letter(APOLOGY, ROOT, text),
        };
        let got = found(&lint_json(dir.path(), &letter, &[]));
        assert_eq!(got, vec![], "{text:?} is a near miss");
    }
    // A repeat is explained in Vietnamese too.
    let repeat = |lesson: &str| {
        vi_letter(APOLOGY, ROOT, lesson).replace(
            "  severity: major\n",
            "  severity: major\n  repeat_of: [V-0]\n",
        )
    };
    let unexplained = found(&lint_json(dir.path(), &repeat(LESSON), &[]));
    assert!(unexplained.iter().any(|(r, _)| r == "repeat-unexplained"));
    for why in [
        "Biện pháp khắc phục lần trước chỉ áp dụng cho máy chủ chính.",
        "Bản sửa lỗi chúng tôi làm sau sự cố tháng 3 chưa bao gồm cấu hình này.",
    ] {
        let got = found(&lint_json(dir.path(), &repeat(why), &[]));
        assert!(
            !got.iter().any(|(r, _)| r == "repeat-unexplained"),
            "{why}: {got:?}"
        );
    }
}

/// The messages section of a built-in word-list file.
fn messages(code: &str) -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string(root().join(format!("templates/lint/{code}.yaml"))).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    value["messages"].as_object().unwrap().clone()
}

/// The literal stretches of a message (between placeholders), long enough
/// to be language.
fn message_fragments(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (key, value) in messages(code) {
        let Some(text) = value.as_str() else { continue };
        if key == "acknowledged" {
            continue;
        }
        for part in text.split(['{', '}']) {
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            if part.split_whitespace().count() >= 3 {
                out.push(part.to_owned());
            }
        }
    }
    out
}

/// A Czech and a Vietnamese letter full of faults: every finding, in `lint`'s
/// JSON and text and in the internal copy, is in the letter's language, and
/// nothing of the English (or the other language's) messages appears.
#[test]
fn findings_speak_the_letters_language() {
    let dir = tempfile::tempdir().unwrap();
    let vi = vi_letter(
        "Chúng tôi vô cùng chân thành xin lỗi vì sự bất tiện, nhưng lưu lượng tăng đột biến. Xem <!-- ghi chú --> tại db-prod-2.acme.net.",
        "Có lẽ nhà cung cấp gặp sự cố ngoài tầm kiểm soát; đã xảy ra lỗi. Như đã thông báo, sự cố nhỏ.",
        "Sự cố sẽ không bao giờ xảy ra lại.",
    )
    .replace(
        "  - {at: 2026-07-02T13:50:00Z, event: customer_notified, text: Chúng tôi đã gửi email cho Quý khách.}\n",
        "  - {at: 2026-07-02T15:50:00Z, event: customer_notified, text: Chúng tôi đã gửi email cho Quý khách.}\n",
    )
    .replace("T14:09:00Z, event: resolved", "T18:09:00Z, event: resolved")
    .replace("follow_up: {date: 2026-08-20, by: Lan}\n", "")
    .replace("lessons: [", "review: {acknowledged: [{rule: raw-html, reason: Đã kiểm tra, by: Hà}, {rule: no-such-rule, reason: x, by: y}]}\nlessons: [");
    let cs = format!(
        "{}\napology: Velmi upřímně se omlouváme za případné nepříjemnosti, ale dodavatel pravděpodobně selhal; nikdy se to nebude opakovat.\n",
        std::fs::read_to_string(root().join("samples/critical-repeat-cs.yaml")).unwrap()
    );
    for (code, text) in [("vi", vi), ("cs", cs)] {
        std::fs::write(dir.path().join(format!("{code}.yaml")), &text).unwrap();
        let file = lint_json(dir.path(), &text, &[]);
        let list = file["findings"].as_array().unwrap();
        assert!(list.len() >= 8, "{code}: {list:?}");
        let own = message_fragments(code);
        for f in list {
            let message = f["message"].as_str().unwrap();
            // Each message is one of the language's own, filled in.
            assert!(
                own.iter()
                    .any(|fragment| message.contains(fragment.as_str())),
                "{code}: {message:?} is not from lint/{code}.yaml"
            );
        }
        let out = amends(dir.path(), &["lint", &format!("{code}.yaml")]);
        let text_output = stderr(&out);
        let out = amends(
            dir.path(),
            &[
                "render",
                &format!("{code}.yaml"),
                "--audience",
                "internal",
                "--format",
                "md",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let internal = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.to_string_lossy().ends_with(".internal.md") && {
                    std::fs::read_to_string(p).unwrap().contains(&format!(
                        "language: {}",
                        if code == "vi" { "vi-VN" } else { "cs" }
                    ))
                }
            })
            .unwrap();
        let internal = std::fs::read_to_string(internal).unwrap();
        for other in ["en", "cs", "vi"].iter().filter(|o| **o != code) {
            for fragment in message_fragments(other) {
                for (what, shown) in [("lint", &text_output), ("internal copy", &internal)] {
                    assert!(
                        !shown.contains(&fragment),
                        "{code} {what} carries {other} message {fragment:?}:\n{shown}"
                    );
                }
            }
        }
        // The acknowledged finding's note is in the language too.
        if code == "vi" {
            assert!(
                internal.contains("Hà đã chấp thuận giữ nguyên: Đã kiểm tra"),
                "{internal}"
            );
            assert!(
                text_output.contains("Hà đã chấp thuận giữ nguyên: Đã kiểm tra"),
                "{text_output}"
            );
            assert!(
                internal.contains("2 giờ 5 phút"),
                "durations in Vietnamese units: {internal}"
            );
        }
    }
}

/// A language added by the user without the findings' messages is refused,
/// naming the file and what to add; never English messages in its letter.
#[test]
fn a_user_language_without_messages_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = amends(dir.path(), &["templates", "dump", "t"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let t = dir.path().join("t");
    std::fs::copy(t.join("lang/en.yaml"), t.join("lang/de.yaml")).unwrap();
    let lists = std::fs::read_to_string(t.join("lint/en.yaml")).unwrap();
    let without = &lists[..lists.find("\nmessages:").unwrap()];
    std::fs::write(t.join("lint/de.yaml"), without).unwrap();
    let letter = crate::lint::CLEAN.replace("date: 2026-07-05,", "date: 2026-07-05, language: de,");
    std::fs::write(dir.path().join("de.yaml"), letter).unwrap();
    for command in ["lint", "render", "check"] {
        let out = amends(dir.path(), &[command, "de.yaml", "--templates", "t"]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("lint/de.yaml"), "{command}: {err}");
        assert!(err.contains("`messages`"), "{command}: {err}");
        assert!(err.contains("translate them"), "{command}: {err}");
    }
    // With the messages the language works.
    std::fs::write(t.join("lint/de.yaml"), &lists).unwrap();
    let out = amends(dir.path(), &["lint", "de.yaml", "--templates", "t"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// `digits` grouped by threes with `separator`.
fn grouped(digits: &str, separator: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// Money as each language writes it, by hand (CLDR's separators, the code
/// where the language puts it, a no-break space between).
fn money(language: &str, amount: &str, code: &str) -> String {
    let (int, frac) = amount
        .split_once('.')
        .map_or((amount, None), |(i, f)| (i, Some(f)));
    match language {
        "en" => format!(
            "{code}\u{a0}{}{}",
            grouped(int, ","),
            frac.map_or(String::new(), |f| format!(".{f}"))
        ),
        "cs" => format!(
            "{}{}\u{a0}{code}",
            grouped(int, "\u{a0}"),
            frac.map_or(String::new(), |f| format!(",{f}"))
        ),
        _ => format!(
            "{}{}\u{a0}{code}",
            grouped(int, "."),
            frac.map_or(String::new(), |f| format!(",{f}"))
        ),
    }
}

/// A date in words as each language writes it, by hand.
fn long_date(language: &str, iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').map(|p| p.parse().unwrap()).collect();
    let (y, m, d) = (parts[0], parts[1] as usize, parts[2]);
    let en = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let cs = [
        "ledna",
        "února",
        "března",
        "dubna",
        "května",
        "června",
        "července",
        "srpna",
        "září",
        "října",
        "listopadu",
        "prosince",
    ];
    match language {
        "en" => format!("{d} {} {y}", en[m - 1]),
        "cs" => format!("{d}. {} {y}", cs[m - 1]),
        _ => format!("ngày {d} tháng {m} năm {y}"),
    }
}

/// Every sample's money, dates and grouped numbers read as CLDR writes them
/// in its language, checked against hand-written rules rather than the
/// formatter that made them; and the other languages' money forms are absent.
#[test]
fn numbers_dates_and_money_follow_cldr_in_every_sample() {
    let samples = [
        ("starter.yaml", "INC-2026-0142"),
        ("major-within-control.yaml", "HX-2019-0702"),
        ("minor-outside-control.yaml", "NWM-2026-311"),
        ("critical-repeat-cs.yaml", "DCM-2026-1025"),
        ("critical-vi.yaml", "SV-2026-1112"),
        ("starter-vi.yaml", "INC-2026-0142"),
    ];
    for (sample, id) in samples {
        let dir = tempfile::tempdir().unwrap();
        let path = root().join("samples").join(sample);
        let out = amends(
            dir.path(),
            &["render", path.to_str().unwrap(), "--format", "md,json"],
        );
        assert!(out.status.success(), "{sample}: {}", stderr(&out));
        let md = std::fs::read_to_string(dir.path().join(format!("out/{id}.md"))).unwrap();
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(format!("out/{id}.json"))).unwrap(),
        )
        .unwrap();
        let tag = json["report"]["language"].as_str().unwrap();
        let language = &tag[..2];
        let mut expected = vec![long_date(
            language,
            json["report"]["date"].as_str().unwrap(),
        )];
        if let Some(date) = json["follow_up"]["date"].as_str() {
            expected.push(long_date(language, date));
        }
        let c = &json["compensation"];
        if let Some(code) = c["contract"]["currency"].as_str() {
            for pointer in ["/contract/credit", "/goodwill/amount", "/total"] {
                let amount = c.pointer(pointer).and_then(|v| v.as_str()).unwrap();
                expected.push(money(language, amount, code));
                for other in ["en", "cs", "vi"].iter().filter(|o| **o != language) {
                    let foreign = money(other, amount, code);
                    // Small amounts can read alike (`USD 2.00` is no Czech form).
                    if amount.len() > 6 {
                        assert!(!md.contains(&foreign), "{sample}: {foreign:?} is {other}");
                    }
                }
            }
            let minutes = c["contract"]["period_minutes"]
                .as_u64()
                .unwrap()
                .to_string();
            let sep = match language {
                "en" => ",",
                "cs" => "\u{a0}",
                _ => ".",
            };
            expected.push(grouped(&minutes, sep));
        }
        for shown in expected {
            assert!(
                md.contains(&shown),
                "{sample} ({tag}): {shown:?} missing from:\n{md}"
            );
        }
    }
}

/// The zone is named for the season of the incident, in each language: a
/// winter and a summer incident in Prague.
#[test]
fn zone_names_follow_the_season_in_every_language() {
    let cases = [
        (
            "en",
            "Central European Time (UTC+01:00)",
            "Central European Summer Time (UTC+02:00)",
        ),
        (
            "cs",
            "středoevropský čas (UTC+01:00)",
            "středoevropský letní čas (UTC+02:00)",
        ),
        (
            "vi",
            "giờ Trung Âu (UTC+01:00)",
            "giờ mùa hè Trung Âu (UTC+02:00)",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (language, winter, summer) in cases {
        for (month, expected, wrong) in [("01", winter, summer), ("07", summer, winter)] {
            let text = crate::lint::CLEAN
                .replace(
                    "date: 2026-07-05,",
                    &format!(
                        "date: 2026-{month}-05, language: {language}, timezone: Europe/Prague,"
                    ),
                )
                .replace("2026-07-02T", &format!("2026-{month}-02T"));
            std::fs::write(dir.path().join("z.yaml"), text).unwrap();
            let out = amends(
                dir.path(),
                &["render", "z.yaml", "--format", "md", "--force"],
            );
            assert!(out.status.success(), "{}", stderr(&out));
            let md = std::fs::read_to_string(dir.path().join("out/L-1.md")).unwrap();
            assert!(
                md.contains(expected),
                "{language} {month}: {expected:?} missing from:\n{md}"
            );
            assert!(!md.contains(wrong), "{language} {month}: {wrong:?}");
        }
    }
}

/// Renders the clean letter with `timezone` and its timeline moved to
/// `day` at the UTC `hours` given (started, detected, notified, resolved);
/// returns the zone line of the Markdown.
fn zone_line(timezone: &str, day: &str, hours: [&str; 4]) -> String {
    let mut text = crate::lint::CLEAN.replace(
        "date: 2026-07-05,",
        &format!("date: 2026-12-05, timezone: {timezone},"),
    );
    for (from, to) in ["13:42", "13:45", "13:50", "14:09"].iter().zip(hours) {
        text = text.replace(&format!("2026-07-02T{from}"), &format!("{day}T{to}"));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("z.yaml"), text).unwrap();
    let out = amends(dir.path(), &["render", "z.yaml", "--format", "md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("out/L-1.md")).unwrap();
    md.lines()
        .find(|l| l.starts_with("All times are"))
        .unwrap_or_else(|| panic!("no zone line in:\n{md}"))
        .to_owned()
}

/// An incident across a clock change (Prague, 25 October 2026, 01:00 UTC)
/// has both offsets and the generic name: neither summer nor winter time is
/// true of all of it. A zone that never changes keeps its one name.
#[test]
fn a_clock_change_inside_the_incident_shows_both_offsets_and_the_generic_name() {
    assert_eq!(
        zone_line(
            "Europe/Prague",
            "2026-10-25",
            ["00:40", "00:50", "00:55", "01:20"]
        ),
        "All times are on 25 October 2026, in Central European Time (UTC+02:00, UTC+01:00)."
    );
    assert_eq!(
        zone_line(
            "Asia/Kolkata",
            "2026-10-25",
            ["00:40", "00:50", "00:55", "01:20"]
        ),
        "All times are on 25 October 2026, in India Standard Time (UTC+05:30)."
    );
}

/// Ireland's summer time is its daylight time (CLDR: Irish Standard Time),
/// though tzdb writes it as the standard time with a negative saving in
/// winter: the summer name in July, the generic name in January.
#[test]
fn ireland_is_named_for_its_summer_like_everywhere_else() {
    let hours = ["13:42", "13:45", "13:50", "14:09"];
    assert_eq!(
        zone_line("Europe/Dublin", "2026-07-02", hours),
        "All times are on 2 July 2026, in Irish Standard Time (UTC+01:00)."
    );
    assert_eq!(
        zone_line("Europe/Dublin", "2026-01-02", hours),
        "All times are on 2 January 2026, in Irish Time (UTC+00:00)."
    );
}

/// The zone data is bundled and current: British Columbia keeps UTC-07:00
/// all year from November 2026 (tzdb 2026), where older data said UTC-08:00.
#[test]
fn zone_data_knows_recent_rule_changes() {
    let hours = ["13:42", "13:45", "13:50", "14:09"];
    assert_eq!(
        zone_line("America/Vancouver", "2026-11-20", hours),
        "All times are on 20 November 2026, in Pacific Time (UTC-07:00)."
    );
}

/// UTC (as `UTC` or `Etc/UTC`) is shown as plain UTC, without a name or an
/// offset; its other spellings are ordinary zones with CLDR's name.
#[test]
fn utc_is_shown_plainly() {
    let hours = ["13:42", "13:45", "13:50", "14:09"];
    for zone in ["UTC", "Etc/UTC"] {
        assert_eq!(
            zone_line(zone, "2026-07-02", hours),
            "All times are on 2 July 2026, in UTC.",
            "{zone}"
        );
    }
    assert_eq!(
        zone_line("Zulu", "2026-07-02", hours),
        "All times are on 2 July 2026, in Coordinated Universal Time (UTC+00:00)."
    );
}
