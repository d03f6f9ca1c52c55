//! Provider defaults (issue 16): amends.toml's `[provider]` stands in for
//! what an incident file leaves out of `provider:`, field by field; the
//! library takes them as `check::Settings::provider`.

use std::fs;
use std::path::Path;

use crate::{amends, root, stderr};

/// The provider block of samples/major-within-control.yaml.
const PROVIDER_BLOCK: &str =
    "provider:\n  name: EdgeNet Inc.\n  support_contact: support@edgenet.example\n\n";

/// The sample with its provider block replaced by `block` ("" for none).
fn sample_with_provider(block: &str) -> String {
    let text = fs::read_to_string(root().join("samples/major-within-control.yaml")).unwrap();
    assert!(text.contains(PROVIDER_BLOCK));
    text.replacen(PROVIDER_BLOCK, block, 1)
}

/// A repository `proj` (with `.git`) holding `amends.toml` and `sub/i.yaml`.
fn project(dir: &Path, config: &str, incident: &str) {
    fs::create_dir_all(dir.join("proj/sub")).unwrap();
    fs::create_dir_all(dir.join("proj/.git")).unwrap();
    fs::write(dir.join("proj/amends.toml"), config).unwrap();
    fs::write(dir.join("proj/sub/i.yaml"), incident).unwrap();
}

/// A PNG of 40 × 20 opaque pixels.
fn small_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 40, 20);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[30u8; 40 * 20 * 3]).unwrap();
    writer.finish().unwrap();
    out
}

const CONFIG: &str = "[provider]\nname = \"Hexa Cloud a.s.\"\nsupport_contact = \"help@hexa.example\"\naccent = \"#0B5FA5\"\nlogo = \"brand/logo.png\"\n";

#[test]
fn a_file_without_provider_renders_as_if_the_configs_were_written_in_it() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path(), CONFIG, &sample_with_provider(""));
    // The logo is relative to amends.toml's folder, not to the incident file
    // nor to the current folder.
    fs::create_dir_all(dir.path().join("proj/brand")).unwrap();
    fs::write(dir.path().join("proj/brand/logo.png"), small_png()).unwrap();
    let sub = dir.path().join("proj/sub");
    let out = amends(&sub, &["render", "i.yaml", "--out", "from-config"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // The same provider written in the file, logo beside it, no config.
    let inline = "provider:\n  name: Hexa Cloud a.s.\n  support_contact: help@hexa.example\n  accent: \"#0B5FA5\"\n  logo: logo.png\n\n";
    fs::write(sub.join("inline.yaml"), sample_with_provider(inline)).unwrap();
    fs::write(sub.join("logo.png"), small_png()).unwrap();
    let out = amends(
        &sub,
        &["render", "--no-config", "inline.yaml", "--out", "inline"],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let md = fs::read_to_string(sub.join("from-config/HX-2019-0702.md")).unwrap();
    assert!(md.contains("Hexa Cloud a.s."), "{md}");
    assert!(md.contains("help@hexa.example"), "{md}");
    assert!(!md.contains("EdgeNet"), "{md}");
    for ext in ["md", "json", "pdf"] {
        let name = format!("HX-2019-0702.{ext}");
        assert!(
            fs::read(sub.join("from-config").join(&name)).unwrap()
                == fs::read(sub.join("inline").join(&name)).unwrap(),
            "{name} differs between the config's provider and the same written in the file"
        );
    }
    // And the logo is really in the PDF (so the equality above covers it).
    let doc = lopdf::Document::load(sub.join("from-config/HX-2019-0702.pdf")).unwrap();
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image"))
        .count();
    assert_eq!(images, 1);
}

#[test]
fn the_files_own_values_win_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    project(
        dir.path(),
        "[provider]\nname = \"Hexa Cloud a.s.\"\nsupport_contact = \"help@hexa.example\"\n",
        &sample_with_provider("provider:\n  name: Own Name Ltd.\n\n"),
    );
    let sub = dir.path().join("proj/sub");
    let out = amends(&sub, &["render", "i.yaml", "--format", "md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = fs::read_to_string(sub.join("out/HX-2019-0702.md")).unwrap();
    assert!(md.contains("Own Name Ltd."), "{md}");
    assert!(!md.contains("Hexa Cloud"), "{md}");
    // The support contact the file leaves out comes from the config.
    assert!(md.contains("help@hexa.example"), "{md}");
}

#[test]
fn a_missing_provider_name_is_an_error_at_its_place_naming_amends_toml() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("proj/sub");
    let name_missing = |out: &std::process::Output, at: &str| {
        assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
        let err = stderr(out);
        assert!(
            err.contains(&format!("{at}: error: `provider.name` is missing")),
            "{err}"
        );
        assert!(err.contains("amends.toml"), "{err}");
    };
    // No provider block and no config: at the file's first key (line 3,
    // after two comment lines).
    let text = format!("# a comment\n\n{}", sample_with_provider(""));
    project(dir.path(), "", &text);
    let first_key = text.lines().position(|l| l == "report:").unwrap() + 1;
    let out = amends(&sub, &["check", "i.yaml"]);
    name_missing(&out, &format!("i.yaml:{first_key}:1"));
    let out = amends(&sub, &["check", "--no-config", "i.yaml"]);
    name_missing(&out, &format!("i.yaml:{first_key}:1"));

    // A provider block without a name, and a config without one either: at the block.
    let text = sample_with_provider("provider:\n  support_contact: s@x.example\n\n");
    project(
        dir.path(),
        "[provider]\nsupport_contact = \"help@hexa.example\"\n",
        &text,
    );
    let block = text
        .lines()
        .position(|l| l == "  support_contact: s@x.example")
        .unwrap()
        + 1;
    let out = amends(&sub, &["check", "i.yaml"]);
    name_missing(&out, &format!("i.yaml:{block}:3"));
    // render and lint say the same.
    let out = amends(&sub, &["render", "i.yaml"]);
    name_missing(&out, &format!("i.yaml:{block}:3"));
    assert!(!sub.join("out").exists());
}

#[test]
fn a_bad_provider_default_is_an_error_at_its_place_in_amends_toml() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[provider]\naccent = \"blue\"\n",
            "amends.toml:2:10: error: provider.accent `blue`",
        ),
        (
            "[provider]\nname = \"  \"\n",
            "amends.toml:2:8: error: `provider.name` is empty",
        ),
        (
            "[provider]\nname = \"Evil\\u202Eco\"\n",
            "amends.toml:2:8: error: `provider.name`: U+202E",
        ),
        (
            "[provider]\ncolour = \"red\"\n",
            "amends.toml:2:1: error: unknown field `colour`",
        ),
        // A logo is checked when amends.toml is read, not first when a PDF is.
        (
            "[provider]\nname = \"Hexa\"\nlogo = \"brand/none.png\"\n",
            "amends.toml:3:8: error: provider.logo `brand/none.png` (a PNG or JPEG, relative to amends.toml's folder): cannot read the file",
        ),
        (
            "[provider]\nname = \"Hexa\"\nlogo = \"not-an-image.png\"\n",
            "amends.toml:3:8: error: provider.logo `not-an-image.png` (a PNG or JPEG, relative to amends.toml's folder): the logo is neither a PNG nor a JPEG",
        ),
    ];
    for (config, expected) in cases {
        project(dir.path(), config, &sample_with_provider(""));
        fs::write(
            dir.path().join("proj/not-an-image.png"),
            "GIF89a, not a logo",
        )
        .unwrap();
        let out = amends(&dir.path().join("proj"), &["check", "sub/i.yaml"]);
        assert_eq!(out.status.code(), Some(1), "{config}");
        assert!(
            stderr(&out).contains(expected),
            "{config}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn the_library_takes_provider_defaults_as_a_setting() {
    let source = amends::read::Source {
        name: "i.yaml".into(),
        text: sample_with_provider("provider:\n  support_contact: s@x.example\n\n"),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap();
    let defaults = amends::check::ProviderDefaults {
        name: Some("Hexa Cloud a.s.".into()),
        support_contact: Some("help@hexa.example".into()),
        signature: None,
        accent: Some([11, 95, 165]),
        logo: None,
    };
    let settings = amends::check::Settings {
        today,
        provider: Some(&defaults),
    };
    let report = amends::check(&source, settings).unwrap();
    assert_eq!(report.provider.name, "Hexa Cloud a.s.");
    assert_eq!(
        report.provider.support_contact.as_deref(),
        Some("s@x.example")
    );
    assert_eq!(report.provider.accent, Some([11, 95, 165]));

    let without = amends::check::Settings {
        today,
        provider: None,
    };
    match amends::check(&source, without) {
        Err(amends::Error::Invalid { diagnostics, .. }) => {
            assert!(
                diagnostics.iter().any(|d| d.is_error()
                    && d.message.contains("`provider.name` is missing")
                    && d.pos.is_some()),
                "{diagnostics:?}"
            );
        }
        other => panic!("expected the missing name, got {other:?}"),
    }
}

#[test]
fn the_signature_signs_a_letter_nobody_prepared() {
    let dir = tempfile::tempdir().unwrap();
    let prepared = "  prepared_by: {name: Dana Whitfield, role: Account director, email: dana.whitfield@edgenet.example}\n";
    let unsigned = sample_with_provider("");
    assert!(unsigned.contains(prepared));
    let unsigned = unsigned.replacen(prepared, "", 1);
    project(
        dir.path(),
        "[provider]\nname = \"Hexa Cloud a.s.\"\nsignature = \"The Hexa Cloud support team\"\n",
        &unsigned,
    );
    let sub = dir.path().join("proj/sub");
    let out = amends(&sub, &["render", "i.yaml", "--format", "md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = fs::read_to_string(sub.join("out/HX-2019-0702.md")).unwrap();
    let closing = &md[md.rfind("\n---\n").unwrap()..];
    assert!(
        closing.contains("The Hexa Cloud support team  \nHexa Cloud a.s."),
        "{closing}"
    );
    // Whoever prepared the letter signs it: the signature stands back.
    fs::write(sub.join("i.yaml"), sample_with_provider("")).unwrap();
    let out = amends(&sub, &["render", "i.yaml", "--format", "md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = fs::read_to_string(sub.join("out/HX-2019-0702.md")).unwrap();
    assert!(md.contains("Dana Whitfield, Account director"), "{md}");
    assert!(!md.contains("The Hexa Cloud support team"), "{md}");
}
