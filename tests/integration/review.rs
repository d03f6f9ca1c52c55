//! Legal review: finality in the output folder (issue 13's five bypasses),
//! approvals, and a redline that stays valid GFM.

use std::fs;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::{amends, approved_final, root, stderr};

fn starter() -> String {
    fs::read_to_string(root().join("samples/starter.yaml")).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

fn code(dir: &Path, args: &[&str]) -> i32 {
    amends(dir, args).status.code().unwrap_or(-1)
}

const PDF: &str = "out/INC-2026-0142.pdf";

/// Bypass 1: a final rendered as PDF only, then a draft as PDF only.
#[test]
fn a_draft_pdf_does_not_replace_a_final_pdf() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "f.yaml", &approved_final(&starter()));
    write(dir.path(), "d.yaml", &starter());
    assert_eq!(
        code(dir.path(), &["render", "f.yaml", "--format", "pdf"]),
        0
    );
    let before = fs::read(dir.path().join(PDF)).unwrap();
    let out = amends(dir.path(), &["render", "d.yaml", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("INC-2026-0142.pdf is final"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(dir.path().join(PDF)).unwrap(), before);
}

/// Bypasses 2 and 3: a stale draft .json, or an empty or corrupt one, beside a final.
#[test]
fn a_stale_or_broken_json_does_not_unlock_a_final() {
    for json in [
        Some("{\"report\": {\"status\": \"draft\"}}"),
        Some(""),
        Some("{garbage"),
        None,
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "f.yaml", &approved_final(&starter()));
        write(dir.path(), "d.yaml", &starter());
        assert_eq!(
            code(dir.path(), &["render", "f.yaml", "--format", "md,pdf"]),
            0
        );
        if let Some(json) = json {
            write(dir.path(), "out/INC-2026-0142.json", json);
        }
        let md = fs::read(dir.path().join("out/INC-2026-0142.md")).unwrap();
        let out = amends(dir.path(), &["render", "d.yaml"]);
        assert_eq!(out.status.code(), Some(1), "{json:?}: {}", stderr(&out));
        assert_eq!(
            fs::read(dir.path().join("out/INC-2026-0142.md")).unwrap(),
            md
        );
    }
}

/// Bypass 4: `amends pdf` judges by the PDF it replaces, and may write a final over a draft.
#[test]
fn amends_pdf_judges_finality_by_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "f.yaml", &approved_final(&starter()));
    write(dir.path(), "d.yaml", &starter());
    assert_eq!(code(dir.path(), &["render", "d.yaml", "--out", "d"]), 0);
    assert_eq!(code(dir.path(), &["render", "f.yaml", "--out", "f"]), 0);
    // The final's PDF is replaced by the draft's Markdown typeset: refused.
    let out = amends(
        dir.path(),
        &[
            "pdf",
            "d/INC-2026-0142.md",
            "--output",
            "f/INC-2026-0142.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // A final over a draft PDF is fine.
    let out = amends(
        dir.path(),
        &[
            "pdf",
            "f/INC-2026-0142.md",
            "--output",
            "d/INC-2026-0142.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // --force says what it replaced.
    let out = amends(
        dir.path(),
        &[
            "pdf",
            "d/INC-2026-0142.md",
            "--output",
            "f/INC-2026-0142.pdf",
            "--force",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("replaced the final report INC-2026-0142"),
        "{}",
        stderr(&out)
    );
}

/// Bypass 5: many renders of one id at once, drafts and a final: the final
/// is never replaced by a draft, and the set is never mixed. Three rounds of
/// eight processes each.
#[test]
fn parallel_renders_never_put_a_draft_over_a_final_or_mix_a_set() {
    let base = starter();
    let approved = approved_final(&base);
    for _round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "f.yaml", &approved);
        for i in 0..7 {
            let title = format!("Checkout API outage {i}");
            write(
                dir.path(),
                &format!("d{i}.yaml"),
                &base.replace("Checkout API outage", &title),
            );
        }
        let bin = env!("CARGO_BIN_EXE_amends");
        let mut children: Vec<_> = ["f.yaml".to_owned()]
            .into_iter()
            .chain((0..7).map(|i| format!("d{i}.yaml")))
            .map(|file| {
                std::process::Command::new(bin)
                    .args(["render", &file])
                    .current_dir(dir.path())
                    .env("SOURCE_DATE_EPOCH", "1783000000")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let statuses: Vec<bool> = children
            .iter_mut()
            .map(|c| c.wait().unwrap().success())
            .collect();
        // A final may always replace a draft, so the final's run succeeds...
        assert!(statuses[0], "the final was refused");
        let md = fs::read_to_string(dir.path().join("out/INC-2026-0142.md")).unwrap();
        let json = fs::read_to_string(dir.path().join("out/INC-2026-0142.json")).unwrap();
        let pdf = fs::read(dir.path().join(PDF)).unwrap();
        // ...and no draft comes after it.
        assert!(
            md.contains("\nstatus: final\n"),
            "a draft replaced the final:\n{md}"
        );
        // One set: the JSON and the PDF are of the same run as the Markdown.
        assert!(
            json.contains("\"title\": \"Checkout API outage\","),
            "{json}"
        );
        assert!(json.contains("\"status\": \"final\""), "{json}");
        let marker = b"/AmendsStatus(final)";
        assert!(pdf.windows(marker.len()).any(|w| w == marker));
        let title = pdf_title("Remediation report: Checkout API outage");
        assert!(has(&pdf, &title), "the PDF is a draft's");
        let temps = fs::read_dir(dir.path().join("out"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(temps, 0);
    }
}

/// Drafts only, at once: whichever run wins, the set is one run's.
#[test]
fn parallel_draft_renders_never_mix_a_set() {
    let base = starter();
    let dir = tempfile::tempdir().unwrap();
    for i in 0..8 {
        write(
            dir.path(),
            &format!("d{i}.yaml"),
            &base.replace("Checkout API outage", &format!("Checkout API outage {i}")),
        );
    }
    let bin = env!("CARGO_BIN_EXE_amends");
    let children: Vec<_> = (0..8)
        .map(|i| {
            std::process::Command::new(bin)
                .args(["render", &format!("d{i}.yaml")])
                .current_dir(dir.path())
                .env("SOURCE_DATE_EPOCH", "1783000000")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let md = fs::read_to_string(dir.path().join("out/INC-2026-0142.md")).unwrap();
    let json = fs::read_to_string(dir.path().join("out/INC-2026-0142.json")).unwrap();
    let pdf = fs::read(dir.path().join(PDF)).unwrap();
    let n = (0..8)
        .find(|i| {
            md.contains(&format!(
                "title: Remediation report: Checkout API outage {i}\n"
            ))
        })
        .expect("the Markdown is one of the drafts");
    assert!(
        json.contains(&format!("\"title\": \"Checkout API outage {n}\"")),
        "{json}"
    );
    let title = pdf_title(&format!("Remediation report: Checkout API outage {n}"));
    assert!(has(&pdf, &title), "mixed set");
}

/// The PDF's Info title as printpdf writes it: UTF-16BE in hex.
fn pdf_title(title: &str) -> String {
    let hex: String = title.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("/Title<FEFF{hex}>")
}

fn has(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn render_refuses_to_overwrite_its_own_input() {
    let dir = tempfile::tempdir().unwrap();
    // A JSON incident file (YAML accepts JSON) named as the JSON output.
    write(dir.path(), "INC-2026-0142.json", &starter());
    let before = fs::read(dir.path().join("INC-2026-0142.json")).unwrap();
    let out = amends(dir.path(), &["render", "INC-2026-0142.json", "--out", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("is an input"), "{}", stderr(&out));
    assert_eq!(
        fs::read(dir.path().join("INC-2026-0142.json")).unwrap(),
        before
    );
}

#[test]
fn ids_that_differ_only_by_case_collide() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", &starter());
    write(
        dir.path(),
        "b.yaml",
        &starter().replace("INC-2026-0142", "inc-2026-0142"),
    );
    assert_eq!(code(dir.path(), &["render", "a.yaml"]), 0);
    let out = amends(dir.path(), &["render", "b.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("only by case"), "{}", stderr(&out));
}

#[test]
fn reserved_ids_are_refused_with_their_position() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["CON", "nul.x", "COM1", "INC-1.internal"] {
        write(
            dir.path(),
            "i.yaml",
            &starter().replace("INC-2026-0142", id),
        );
        let out = amends(dir.path(), &["check", "i.yaml"]);
        assert_eq!(out.status.code(), Some(1), "{id}");
        assert!(stderr(&out).contains("i.yaml:"), "{}", stderr(&out));
    }
}

#[test]
fn final_needs_a_reviewer_and_an_approval_of_this_text() {
    let dir = tempfile::tempdir().unwrap();
    let no_reviewer = starter()
        .replace("status: draft", "status: final")
        .lines()
        .filter(|l| !l.contains("reviewers:") && !l.contains("Petr Malý"))
        .collect::<Vec<_>>()
        .join("\n");
    write(dir.path(), "n.yaml", &no_reviewer);
    let out = amends(dir.path(), &["check", "n.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("has no reviewer"), "{}", stderr(&out));
    // Approved, then the letter changed: refused, and the message says
    // what changed since the approved draft still in the output folder.
    write(
        dir.path(),
        "r.yaml",
        &starter().replace("status: draft", "status: review"),
    );
    assert_eq!(code(dir.path(), &["render", "r.yaml"]), 0);
    let approved = approved_final(&starter());
    write(
        dir.path(),
        "c.yaml",
        &approved.replace("Checkout API outage", "Checkout outage"),
    );
    let out = amends(dir.path(), &["render", "c.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the letter changed after Petr Malý approved it on 2026-07-06"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains(
            "note: what changed since out/INC-2026-0142.md (the letter Petr Malý approved): "
        ),
        "{}",
        stderr(&out)
    );
    // The changed final can still be compared with the approved draft.
    let out = amends(dir.path(), &["diff", "r.yaml", "c.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(crate::stdout(&out).contains("Checkout <del>API</del> outage"));
    // Approved as is: the approval is in the JSON and the internal copy.
    write(dir.path(), "a.yaml", &approved);
    assert_eq!(code(dir.path(), &["render", "a.yaml"]), 0);
    assert_eq!(
        code(
            dir.path(),
            &[
                "render",
                "a.yaml",
                "--audience",
                "internal",
                "--format",
                "md"
            ]
        ),
        0
    );
    let json = fs::read_to_string(dir.path().join("out/INC-2026-0142.json")).unwrap();
    assert!(
        json.contains("\"approved_at\": \"2026-07-06\"") && json.contains("Legal counsel"),
        "{json}"
    );
    let internal = fs::read_to_string(dir.path().join("out/INC-2026-0142.internal.md")).unwrap();
    assert!(
        internal.contains("approval: Petr Malý | Legal counsel | 2026-07-06 | sha256:"),
        "{internal}"
    );
}

#[test]
fn a_redline_is_valid_gfm() {
    let old = "<!-- amends\nlanguage: vi\n-->\n\n# Báo cáo\n\n- Một\n- Hai\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nTổng cộng: **USD 7,282.26**.\n\nChúng tôi xin lỗi, dịch vụ đã được khôi phục.\n";
    let new = "<!-- amends\nlanguage: vi\n-->\n\n# Báo cáo\n\n- Một\n- Hai\n- Ba\n\n| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nTổng cộng: **USD 9,057.10**.\n\nChúng tôi xin lỗi, hệ thống đã hoạt động trở lại.\n";
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", old);
    write(dir.path(), "new.md", new);
    let out = amends(
        dir.path(),
        &["diff", "old.md", "new.md", "--exit-code", "--pdf", "r.pdf"],
    );
    assert_eq!(out.status.code(), Some(1), "they differ: {}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains(&dir.path().display().to_string()),
        "no absolute path"
    );
    let (mut items, mut cells_per_row, mut text_nodes) = (0, Vec::new(), String::new());
    let mut cells = 0;
    for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Item) => items += 1,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                cells_per_row.push(cells);
                cells = 0;
            }
            Event::Text(t) => text_nodes.push_str(&t),
            _ => {}
        }
    }
    assert_eq!(items, 3, "{text}");
    assert_eq!(cells_per_row, [2, 2, 2], "{text}");
    assert!(
        !text_nodes.contains("**") && !text_nodes.contains('<'),
        "{text_nodes}"
    );
    assert!(
        text.contains("<del>**USD 7,282.26**</del><ins>**USD 9,057.10**</ins>"),
        "{text}"
    );
    assert!(text.contains("| <ins>3</ins> | <ins>4</ins> |"), "{text}");
    assert!(
        text.contains(
            "<del>dịch vụ đã được khôi phục.</del><ins>hệ thống đã hoạt động trở lại.</ins>"
        ),
        "{text}"
    );
    assert!(dir.path().join("r.pdf").exists());
}

/// The typeset redline shows marks (red strike, green underline), not tags.
#[test]
fn a_typeset_redline_has_no_tags_in_its_text() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", "# T\n\nWe will call on 19 July.\n");
    write(dir.path(), "new.md", "# T\n\nWe will call on 26 July.\n");
    assert_eq!(
        code(dir.path(), &["diff", "old.md", "new.md", "--pdf", "r.pdf"]),
        0
    );
    let pdf =
        pdf_extract::extract_text_from_mem(&fs::read(dir.path().join("r.pdf")).unwrap()).unwrap();
    assert!(pdf.contains("19") && pdf.contains("26"), "{pdf}");
    assert!(!pdf.contains("<del>") && !pdf.contains("<ins>"), "{pdf}");
}

#[test]
fn diff_survives_a_lone_carriage_return() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "a\rb");
    write(dir.path(), "b.md", "a\rc\r\r- x\r- y");
    let out = amends(dir.path(), &["diff", "a.md", "a.md", "--exit-code"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = amends(dir.path(), &["diff", "a.md", "b.md", "--exit-code"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        crate::stdout(&out).contains("<ins>"),
        "{}",
        crate::stdout(&out)
    );
}

/// A final whose letter the review finds errors in is refused, even approved.
#[test]
fn final_is_refused_while_lint_finds_errors() {
    let dir = tempfile::tempdir().unwrap();
    let risky = starter().replace(
        "The change has been reversed and payments work normally again.",
        "The change has been reversed. This will never happen again.",
    );
    let text = approved_final(&risky);
    write(dir.path(), "i.yaml", &text);
    // The finding points at the promise's own line.
    let line = 1 + text
        .lines()
        .position(|l| l.contains("This will never happen again"))
        .unwrap();
    let out = amends(dir.path(), &["render", "i.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("but the review found")
            && stderr(&out).contains("error")
            && stderr(&out).contains(&format!("(risky-promise at {line}:")),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out").exists());
}

/// `diff -o` writes like any output: never over a final report.
#[test]
fn a_redline_is_not_written_over_a_final_report() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "f.yaml", &approved_final(&starter()));
    write(dir.path(), "d.yaml", &starter());
    assert_eq!(code(dir.path(), &["render", "f.yaml"]), 0);
    let before = fs::read(dir.path().join("out/INC-2026-0142.md")).unwrap();
    let out = amends(
        dir.path(),
        &["diff", "d.yaml", "f.yaml", "-o", "out/INC-2026-0142.md"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        fs::read(dir.path().join("out/INC-2026-0142.md")).unwrap(),
        before
    );
}

/// Temporary files of a killed run are removed by the next write; live
/// processes' files and other files are kept.
#[cfg(target_os = "linux")]
#[test]
fn temporary_files_of_dead_runs_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "i.yaml", &starter());
    fs::create_dir(dir.path().join("out")).unwrap();
    // No Linux pid is this large (pid_max is at most 2^22).
    let dead = dir.path().join("out/.INC-2026-0142.pdf.4194305.0.tmp");
    let live = dir.path().join(format!(
        "out/.INC-2026-0142.pdf.{}.0.tmp",
        std::process::id()
    ));
    let other = dir.path().join("out/.notes.tmp");
    // Written an hour ago: a write in progress is never that old.
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for p in [&dead, &live, &other] {
        let file = fs::File::create(p).unwrap();
        file.set_modified(an_hour_ago).unwrap();
    }
    assert_eq!(code(dir.path(), &["render", "i.yaml"]), 0);
    assert!(!dead.exists());
    assert!(live.exists() && other.exists());
}
