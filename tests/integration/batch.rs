//! Batches: one incident, a customers file, one letter each and a manifest.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::{amends, fails_with, root, stderr};

/// Copies the sample batch into `dir`. Customers in a language this build
/// has no wording for are left out (they would be refused: see
/// `a_language_without_wording_is_refused`).
fn sample_batch(dir: &Path) {
    let templates = amends::render::Templates::builtin().unwrap();
    let sample = root().join("samples/batch");
    fs::copy(sample.join("incident.yaml"), dir.join("incident.yaml")).unwrap();
    let csv = fs::read_to_string(sample.join("customers.csv")).unwrap();
    let kept: Vec<&str> = csv
        .lines()
        .enumerate()
        .filter(|(i, line)| {
            let language = line.split(',').nth(3).unwrap_or("");
            *i == 0 || templates.wording(language).is_some()
        })
        .map(|(_, line)| line)
        .collect();
    assert!(kept.len() > 20, "the sample keeps most of its customers");
    fs::write(dir.join("customers.csv"), kept.join("\n") + "\n").unwrap();
}

fn manifest(dir: &Path, name: &str) -> Value {
    serde_json::from_str(&fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

fn decimal(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

#[test]
fn the_sample_batch_renders_and_its_totals_are_the_letters_totals() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    let out = amends(dir.path(), &["render", "incident.yaml", "--out", "out"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let outdir = dir.path().join("out");
    let m = manifest(&outdir, "HX-2019-0702-B.manifest.json");
    let lines = m["customers"].as_array().unwrap();
    let customers = fs::read_to_string(dir.path().join("customers.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!(lines.len(), customers);
    assert_eq!(m["written"], customers);
    assert_eq!(m["not_written"], 0);
    // Sorted by customer id.
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["customer"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    // Each letter's JSON total, summed per currency, is the manifest's total.
    let mut sums: BTreeMap<String, Decimal> = BTreeMap::new();
    for line in lines {
        let id = line["report_id"].as_str().unwrap();
        assert!(outdir.join(format!("{id}.pdf")).exists());
        assert!(outdir.join(format!("{id}.md")).exists());
        let letter: Value =
            serde_json::from_str(&fs::read_to_string(outdir.join(format!("{id}.json"))).unwrap())
                .unwrap();
        let total = decimal(&letter["compensation"]["total"]);
        let currency = letter["compensation"]["contract"]["currency"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(decimal(&line["total"]), total, "{id}");
        assert_eq!(line["currency"].as_str().unwrap(), currency, "{id}");
        *sums.entry(currency).or_default() += total;
    }
    let totals: BTreeMap<String, Decimal> = m["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["currency"].as_str().unwrap().to_owned(),
                decimal(&t["total"]),
            )
        })
        .collect();
    assert_eq!(totals, sums);
    assert!(totals.len() >= 5, "several currencies: {totals:?}");
    // The CSV manifest has a line per customer and one per currency.
    let csv = fs::read_to_string(outdir.join("HX-2019-0702-B.manifest.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + customers + totals.len());
    // By hand: C1091 is on `premium` in region `eu`: 16 minutes of outage in
    // July 2019 (44,640 minutes) is 99.964 % < 99.99 %, not < 99.9 %: 10 % of
    // CZK 36,500 = 3,650.00. Goodwill: 2 days of 36,500 / 31 = 2,354.8387 plus
    // 5 % = 1,825, rounded once: 4,179.84. Total 7,829.84.
    let c1091 = lines.iter().find(|l| l["customer"] == "C1091").unwrap();
    assert_eq!(
        (
            &c1091["currency"],
            &c1091["credit"],
            &c1091["goodwill"],
            &c1091["total"]
        ),
        (
            &Value::from("CZK"),
            &Value::from("3650.00"),
            &Value::from("4179.84"),
            &Value::from("7829.84")
        )
    );
    // A letter carries its customer's name, salutation and language.
    let czech = fs::read_to_string(outdir.join("HX-2019-0702-B-C1091.md")).unwrap();
    assert!(czech.contains("Pekárna Dvořák s.r.o."));
    assert!(czech.contains("Vážená paní, vážený pane,"));
    assert!(czech.contains("## Shrnutí"));
}

#[test]
fn shards_merge_into_the_manifest_of_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    let whole = amends(
        dir.path(),
        &[
            "render",
            "incident.yaml",
            "--format",
            "json",
            "--out",
            "whole",
        ],
    );
    assert!(whole.status.success(), "{}", stderr(&whole));
    let mut shards = Vec::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let folder = format!("shard{i}");
        let out = amends(
            dir.path(),
            &[
                "render",
                "incident.yaml",
                "--format",
                "json",
                "--shard",
                &shard,
                "--out",
                &folder,
                "--quiet",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(out.stdout.is_empty(), "--quiet lists no files");
        shards.push(format!("{folder}/HX-2019-0702-B.manifest.{i}-of-3.json"));
    }
    let one = manifest(
        &dir.path().join("shard1"),
        "HX-2019-0702-B.manifest.1-of-3.json",
    );
    let all = manifest(&dir.path().join("whole"), "HX-2019-0702-B.manifest.json");
    assert!(
        one["customers"].as_array().unwrap().len() < all["customers"].as_array().unwrap().len()
    );
    let mut args = vec!["manifest", "merge", "--out", "merged"];
    args.extend(shards.iter().map(String::as_str));
    let merged = amends(dir.path(), &args);
    assert!(merged.status.success(), "{}", stderr(&merged));
    for name in [
        "HX-2019-0702-B.manifest.json",
        "HX-2019-0702-B.manifest.csv",
    ] {
        assert_eq!(
            fs::read_to_string(dir.path().join("merged").join(name)).unwrap(),
            fs::read_to_string(dir.path().join("whole").join(name)).unwrap(),
            "{name}"
        );
    }
    // Merging a shard twice is refused.
    let twice = amends(
        dir.path(),
        &[
            "manifest", "merge", "--out", "again", &shards[0], &shards[0],
        ],
    );
    assert_eq!(twice.status.code(), Some(1));
    assert!(stderr(&twice).contains("more than one manifest"));
}

/// Renders the sample incident with `csv` as its customers; asserts the
/// refusal and that nothing was written.
fn refused(csv: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    fs::write(dir.path().join("customers.csv"), csv).unwrap();
    let out = amends(dir.path(), &["render", "incident.yaml", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.path().join("out").exists(), "nothing is written");
    stderr(&out)
}

const HEADER: &str = "id,name,contact,language,timezone,currency,monthly_fee,plan\n";
const GOOD: &str = "C1,Acme,Ann,en,Europe/Prague,EUR,100.00,standard\n";

#[test]
fn a_duplicate_customer_id_is_refused_at_the_second() {
    let err = refused(&format!("{HEADER}{GOOD}{GOOD}"));
    assert!(
        err.contains(
            "customers.csv:3:1: error: `id`: customer `C1` is listed twice (first on line 2)"
        ),
        "{err}"
    );
}

#[test]
fn unknown_and_superseded_currencies_are_refused() {
    let err = refused(&format!(
        "{HEADER}C1,Acme,Ann,en,UTC,EURO,100.00,standard\nC2,Beta,Bo,en,UTC,HRK,100.00,standard\n"
    ));
    assert!(
        err.contains("customers.csv:2:6: error: `currency`: `EURO` is not an ISO 4217"),
        "{err}"
    );
    assert!(
        err.contains(
            "customers.csv:3:6: error: `currency`: `HRK` was replaced by EUR on 2023-01-01"
        ),
        "{err}"
    );
}

#[test]
fn a_language_without_wording_is_refused() {
    let err = refused(&format!(
        "{HEADER}C1,Acme,Ann,tlh,UTC,EUR,100.00,standard\n"
    ));
    assert!(
        err.contains(
            "customers.csv:2:4: error: `language`: there is no wording for the language `tlh`"
        ),
        "{err}"
    );
}

#[test]
fn a_missing_unknown_or_short_column_is_refused() {
    let err = refused(
        "id,name,contact,language,timezone,currency,plan,colour\nC1,A,B,en,UTC,EUR,standard,red\n",
    );
    assert!(
        err.contains("customers.csv:1:8: error: unknown column `colour`"),
        "{err}"
    );
    assert!(
        err.contains("customers.csv:1:1: error: the header has no column `monthly_fee`"),
        "{err}"
    );
    let err = refused(&format!("{HEADER}C1,Acme,Ann,en,UTC,EUR,100.00\n"));
    assert!(err.contains("customers.csv:2:8: error: the row has 7 values but the header has 8 columns: it is missing column(s) plan"), "{err}");
}

#[test]
fn a_time_zone_that_does_not_exist_is_refused() {
    let err = refused(&format!(
        "{HEADER}C1,Acme,Ann,en,Mars/Olympus,EUR,100.00,standard\n"
    ));
    assert!(
        err.contains(
            "customers.csv:2:5: error: `timezone`: `Mars/Olympus` is not an IANA time zone"
        ),
        "{err}"
    );
}

#[test]
fn an_unknown_plan_or_region_is_refused() {
    let err = refused(
        "id,name,contact,language,timezone,currency,monthly_fee,plan,region\nC1,Acme,Ann,en,UTC,EUR,100.00,gold,mars\n",
    );
    assert!(
        err.contains("customers.csv:2:8: error: `plan`: no plan `gold` under `plans:`"),
        "{err}"
    );
    assert!(
        err.contains("customers.csv:2:9: error: `region`: no region `mars` under `regions:`"),
        "{err}"
    );
}

#[test]
fn a_million_rows_are_refused_at_the_row_limit() {
    let mut csv = String::with_capacity(40_000_000);
    csv.push_str(HEADER);
    for i in 0..1_000_000 {
        csv.push_str(&format!("C{i},A,B,en,UTC,EUR,1,standard\n"));
    }
    let err = refused(&csv);
    assert!(
        err.contains("customers.csv:100002:1: error: the file lists more than 100000 customers"),
        "{err}"
    );
}

#[test]
fn a_yaml_customers_file_may_give_its_own_contract_and_windows() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    fs::write(
        dir.path().join("customers.yaml"),
        "customers:\n  - id: Y1\n    name: Yarrow Ltd\n    contact: Ada\n    services: [HTTP proxy]\n    windows:\n      - {from: 2019-07-02T13:42:00Z, to: 2019-07-02T13:52:00Z, kind: outage}\n    contract:\n      currency: EUR\n      monthly_fee: \"1000.00\"\n      sla:\n        availability_target: 99.99\n        credits: [{below: 99.99, credit_percent: 10}]\n",
    )
    .unwrap();
    let out = amends(
        dir.path(),
        &[
            "render",
            "incident.yaml",
            "--customers",
            "customers.yaml",
            "--format",
            "json",
            "--out",
            "out",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let letter: Value = serde_json::from_str(
        &fs::read_to_string(dir.path().join("out/HX-2019-0702-B-Y1.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(letter["compensation"]["contract"]["currency"], "EUR");
    assert_eq!(letter["compensation"]["contract"]["credit"], "100.00");
    // A bad value in the YAML file is refused at its line and column.
    fs::write(
        dir.path().join("bad.yaml"),
        "customers:\n  - id: Y1\n    name: Yarrow Ltd\n    timezone: Europe/Atlantis\n",
    )
    .unwrap();
    let out = amends(
        dir.path(),
        &[
            "render",
            "incident.yaml",
            "--customers",
            "bad.yaml",
            "--out",
            "out2",
        ],
    );
    fails_with(&out, "bad.yaml:4:15: error: `timezone`: `Europe/Atlantis`");
}

#[test]
fn a_letter_not_written_is_named_in_the_manifest_and_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    let args = [
        "render",
        "incident.yaml",
        "--format",
        "md,json",
        "--out",
        "out",
    ];
    let first = amends(dir.path(), &args);
    assert!(first.status.success(), "{}", stderr(&first));
    // C1007's letter on disk became final (sent alone, after approval).
    let out = dir.path().join("out");
    for ext in ["md", "json"] {
        let path = out.join(format!("HX-2019-0702-B-C1007.{ext}"));
        let text = fs::read_to_string(&path).unwrap();
        let made_final = match ext {
            "md" => text.replacen("status: draft", "status: final", 1),
            _ => text.replacen("\"status\": \"draft\"", "\"status\": \"final\"", 1),
        };
        assert_ne!(text, made_final, "{ext}");
        fs::write(&path, made_final).unwrap();
    }
    let kept = fs::read_to_string(out.join("HX-2019-0702-B-C1007.json")).unwrap();
    // Its fee changes: the final letter would change.
    let csv = fs::read_to_string(dir.path().join("customers.csv")).unwrap();
    let changed = csv.replacen(
        "C1007,Lumen Books Ltd.,Priya Raman,en,Europe/London,GBP,1200.00",
        "C1007,Lumen Books Ltd.,Priya Raman,en,Europe/London,GBP,1300.00",
        1,
    );
    assert_ne!(csv, changed);
    fs::write(dir.path().join("customers.csv"), changed).unwrap();
    let second = amends(dir.path(), &args);
    fails_with(&second, "customer `C1007`: letter not written");
    let m = manifest(&out, "HX-2019-0702-B.manifest.json");
    assert_eq!(m["not_written"], 1);
    let lines = m["customers"].as_array().unwrap();
    let lumen = lines.iter().find(|l| l["customer"] == "C1007").unwrap();
    assert_eq!(lumen["written"], false);
    assert!(lumen["error"].as_str().unwrap().contains("final report"));
    assert!(
        lines
            .iter()
            .filter(|l| l["customer"] != "C1007")
            .all(|l| l["written"] == true)
    );
    // The refused letter is the final one, untouched.
    let letter = fs::read_to_string(out.join("HX-2019-0702-B-C1007.json")).unwrap();
    assert_eq!(letter, kept);
    // With --force it is replaced.
    let mut forced = args.to_vec();
    forced.push("--force");
    let third = amends(dir.path(), &forced);
    assert!(third.status.success(), "{}", stderr(&third));
    let letter = fs::read_to_string(out.join("HX-2019-0702-B-C1007.json")).unwrap();
    assert!(letter.contains("\"monthly_fee\": \"1300.00\""), "{letter}");
}

/// The sample incident with `edit` applied to its text.
fn edit_incident(dir: &Path, edit: impl Fn(&str) -> String) {
    let path = dir.join("incident.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(text, edited, "the edit applies");
    fs::write(path, edited).unwrap();
}

#[test]
fn a_batch_of_many_customers_cannot_be_final() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    edit_incident(dir.path(), |t| t.replace("status: draft", "status: final"));
    let out = amends(dir.path(), &["render", "incident.yaml", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("incident.yaml:7:11: error: a batch of")
            && stderr(&out).contains("cannot be `final`"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_final_batch_of_one_is_held_to_its_approvals() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    fs::write(dir.path().join("customers.csv"), format!("{HEADER}{GOOD}")).unwrap();
    let wrong = format!("sha256:{}", "0".repeat(64));
    edit_incident(dir.path(), |t| {
        t.replace("status: draft", "status: final").replace(
            "approved: false}",
            &format!("approved: true, approved_at: 2019-07-11, fingerprint: \"{wrong}\"}}"),
        )
    });
    let out = amends(dir.path(), &["render", "incident.yaml", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let m = manifest(&dir.path().join("out"), "HX-2019-0702-B.manifest.json");
    let line = &m["customers"][0];
    assert_eq!(line["written"], false);
    let why = line["error"].as_str().unwrap();
    assert!(
        why.contains("changed after Omar Haddad approved it"),
        "{why}"
    );
    assert!(!dir.path().join("out/HX-2019-0702-B-C1.md").exists());
}

#[test]
fn a_letter_reads_the_incident_in_its_own_language() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    let out = amends(
        dir.path(),
        &["render", "incident.yaml", "--format", "md", "--out", "out"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let letter = |id: &str| {
        fs::read_to_string(dir.path().join(format!("out/HX-2019-0702-B-{id}.md"))).unwrap()
    };
    // The incident's own English texts appear in no cs or vi letter.
    let english = [
        "a firewall rule we deployed",
        "Visitors to every proxied domain",
        "could not take orders",
        "backtracked",
        "routine update to managed rules",
        "deployed to every location at once",
        "Automated alerts fired",
        "staged rollout as code",
        "canary locations",
        "Firewall team",
        "Web application firewall",
        "Account director",
        "A walkthrough of the new rollout",
    ];
    let csv = fs::read_to_string(dir.path().join("customers.csv")).unwrap();
    let mut seen = BTreeMap::new();
    for row in csv.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        let (id, language) = (cells[0], cells[3]);
        let text = letter(id);
        for phrase in english {
            assert_eq!(
                text.contains(phrase),
                language == "en",
                "{id} ({language}): {phrase}"
            );
        }
        *seen.entry(language.to_owned()).or_insert(0) += 1;
        match language {
            "cs" => {
                assert!(text.contains("vyčerpalo výkon procesorů našich okrajových serverů"));
                assert!(text.contains("| Tým firewallu |"), "{id}");
                assert!(text.contains("Firewall webových aplikací"), "{id}");
            }
            "vi" => {
                assert!(text.contains("cửa hàng trực tuyến của Quý khách"), "{id}");
                assert!(text.contains("| Nhóm Tường lửa |"), "{id}");
            }
            _ => assert!(text.contains("Firewall team")),
        }
    }
    assert!(seen.len() >= 2, "{seen:?}");
}

#[test]
fn a_language_the_incident_is_not_written_in_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    edit_incident(dir.path(), |t| {
        let cut = t.find("  vi:\n    title:").unwrap();
        t[..cut].to_owned()
    });
    fs::write(
        dir.path().join("customers.csv"),
        format!("{HEADER}{GOOD}C2,Beta,Bo,vi,Asia/Ho_Chi_Minh,VND,1000000,standard\n"),
    )
    .unwrap();
    let out = amends(dir.path(), &["render", "incident.yaml", "--out", "out"]);
    fails_with(
        &out,
        "customers.csv:3:4: error: `language`: the incident's texts are in en, cs, not in `vi`",
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_translation_must_give_every_text_of_the_incident() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    // Czech: a timeline text dropped, an apology the incident has not;
    // Vietnamese: the lessons dropped.
    edit_incident(dir.path(), |t| {
        let t = t
            .replacen("      - Firewall byl celosvětově vypnut.\n", "", 1)
            .replacen(
                "    gestures: [Osobní",
                "    apology: Omlouváme se.\n    gestures: [Osobní",
                1,
            );
        let vi = t.find("  vi:\n").unwrap();
        let lessons = vi + t[vi..].find("    lessons:\n").unwrap();
        let actions = lessons + t[lessons..].find("    actions:\n").unwrap();
        format!("{}{}", &t[..lessons], &t[actions..])
    });
    let out = amends(dir.path(), &["render", "incident.yaml", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    // Each at the translation's own line and column.
    assert!(
        err.contains("incident.yaml:157:7: error: the translation into `cs` has 6 item(s) under `timeline` but the incident has 7"),
        "{err}"
    );
    assert!(
        err.contains("incident.yaml:171:14: error: the translation into `cs` gives `apology`, which the incident does not"),
        "{err}"
    );
    assert!(
        err.contains("incident.yaml:174:5: error: the translation into `vi` lacks `lessons`, which the incident gives"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_batch_is_one_incident_file_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    fs::copy(
        dir.path().join("incident.yaml"),
        dir.path().join("second.yaml"),
    )
    .unwrap();
    let out = amends(
        dir.path(),
        &["render", "incident.yaml", "second.yaml", "--out", "out"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("one incident file at a time"));
    let out = amends(dir.path(), &["render", "incident.yaml", "--shard", "4/3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn findings_are_summarised_once_for_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    let incident = fs::read_to_string(dir.path().join("incident.yaml"))
        .unwrap()
        .replace(
            "On 2 July 2019 visitors",
            "After an unforeseeable event on 2 July 2019 visitors",
        );
    fs::write(dir.path().join("incident.yaml"), incident).unwrap();
    let out = amends(
        dir.path(),
        &[
            "render",
            "incident.yaml",
            "--format",
            "json",
            "--out",
            "out",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let told: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("blame-shifting"))
        .collect();
    assert_eq!(told.len(), 1, "{err}");
    // The English word lists catch the English phrase in the English letters.
    let letters = fs::read_to_string(dir.path().join("customers.csv"))
        .unwrap()
        .lines()
        .filter(|l| l.split(',').nth(3) == Some("en"))
        .count();
    assert!(letters > 5);
    assert!(
        told[0].contains(&format!(
            "lint: blame-shifting in {letters} letter(s), e.g. C1007, C1014, C1021"
        )),
        "{err}"
    );
}

#[test]
fn a_per_hour_plan_is_in_one_currency() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    let incident = fs::read_to_string(dir.path().join("incident.yaml"))
        .unwrap()
        .replace(
            "plans:\n",
            "plans:\n  hourly:\n    availability_target: 99.9\n    per_hour: {amount: \"50.00\", per: started_hour}\n",
        );
    fs::write(dir.path().join("incident.yaml"), incident).unwrap();
    fs::write(
        dir.path().join("customers.csv"),
        format!("{HEADER}C1,Acme,Ann,en,UTC,EUR,100.00,hourly\nC2,Beta,Bo,en,UTC,EUR,200.00,hourly\nC3,Gamma,Cy,en,UTC,JPY,20000,hourly\n"),
    )
    .unwrap();
    let out = amends(dir.path(), &["render", "incident.yaml", "--out", "out"]);
    fails_with(
        &out,
        "customers.csv:4:6: error: `currency`: plan `hourly` pays a per-hour amount",
    );
}

#[test]
fn check_checks_the_customers_an_incident_names() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    let ok = amends(dir.path(), &["check", "incident.yaml"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stderr(&ok).contains("customers.csv: ok,"),
        "{}",
        stderr(&ok)
    );
    fs::write(
        dir.path().join("customers.csv"),
        format!("{HEADER}C1,Acme,Ann,en,UTC,EUR,-5,standard\n"),
    )
    .unwrap();
    let bad = amends(dir.path(), &["check", "incident.yaml"]);
    fails_with(&bad, "customers.csv:2:7: error: `monthly_fee` is -5");
}

#[test]
fn a_region_tag_reads_its_language_translation() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    fs::write(
        dir.path().join("customers.csv"),
        format!(
            "{HEADER}C1,Acme,Ann,cs-CZ,Europe/Prague,CZK,1000.00,standard\nC2,Beta,Bo,en-GB,Europe/London,GBP,100.00,standard\n"
        ),
    )
    .unwrap();
    let out = amends(
        dir.path(),
        &["render", "incident.yaml", "--format", "md", "--out", "out"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let read = |id: &str| {
        fs::read_to_string(dir.path().join(format!("out/HX-2019-0702-B-{id}.md"))).unwrap()
    };
    let czech = read("C1");
    assert!(czech.contains("Tým firewallu"), "{czech}");
    assert!(!czech.contains("Firewall team"), "{czech}");
    let english = read("C2");
    assert!(english.contains("Firewall team"), "{english}");
}

#[test]
fn translation_tags_compare_without_case() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    edit_incident(dir.path(), |t| t.replacen("\n  cs:\n", "\n  CS:\n", 1));
    fs::write(
        dir.path().join("customers.csv"),
        format!("{HEADER}C1,Acme,Ann,cs,Europe/Prague,CZK,1000.00,standard\n"),
    )
    .unwrap();
    let out = amends(
        dir.path(),
        &["render", "incident.yaml", "--format", "md", "--out", "out"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let czech = fs::read_to_string(dir.path().join("out/HX-2019-0702-B-C1.md")).unwrap();
    assert!(czech.contains("Tým firewallu"), "{czech}");
    // The same language twice, by case, is refused.
    edit_incident(dir.path(), |t| t.replacen("\n  vi:\n", "\n  cs:\n", 1));
    let out = amends(dir.path(), &["render", "incident.yaml", "--out", "out2"]);
    fails_with(&out, "is given twice");
}

#[test]
fn a_customers_file_changed_after_its_check_renders_no_letter_from_it() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    let (source, settings, templates) = library_inputs(dir.path());
    let batch = amends::batch::prepare(&source, None, settings, &templates).unwrap();
    // Checked, then a fee changes before the letters are rendered.
    let path = dir.path().join("customers.csv");
    let csv = fs::read_to_string(&path).unwrap();
    let changed = csv.replacen(",1200.00,", ",1300.00,", 1);
    assert_ne!(csv, changed);
    fs::write(&path, changed).unwrap();
    let options = amends::batch::Options {
        out: dir.path().join("out"),
        markdown: true,
        json: false,
        pdf: None,
        force: false,
        shard: None,
        inputs: Vec::new(),
    };
    let outcome = amends::batch::run(&batch, &templates, &options, &|| {}).unwrap();
    let m = manifest(&dir.path().join("out"), "HX-2019-0702-B.manifest.json");
    let lines = m["customers"].as_array().unwrap();
    assert_eq!(lines.len(), batch.customers.len());
    assert!(lines.iter().all(|l| l["written"] == false), "{m}");
    assert!(
        lines.iter().all(|l| l["error"]
            .as_str()
            .unwrap()
            .contains("customers.csv: the customers file changed after it was checked")),
        "{m}"
    );
    assert!(outcome.manifest.customers.iter().all(|l| !l.written));
    let letters = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count();
    assert_eq!(letters, 0, "no letter is written from the changed file");
}

/// A batch reviews the texts its letters share once (per thread): every
/// letter's findings are still exactly those of the letter reviewed alone,
/// also where the letters differ (a short outage in one region may be
/// called brief, a long one may not).
#[test]
fn a_batch_letter_has_the_findings_of_the_letter_reviewed_alone() {
    let dir = tempfile::tempdir().unwrap();
    sample_batch(dir.path());
    edit_incident(dir.path(), |t| {
        t.replace("    failed_requests: 182000\n", "")
            .replace(
                "On 2 July 2019 visitors",
                "Briefly, after an unforeseeable event caused by our vendor, we guarantee it never recurs. On 2 July 2019 visitors",
            )
            .replace(
                "Dne 2. července 2019",
                "Krátce: dodavatel způsobil drobný výpadek. Dne 2. července 2019",
            )
            .replace(
                "regions:\n",
                "regions:\n  short:\n    - {from: 2019-07-02T13:42:00Z, to: 2019-07-02T13:50:00Z, kind: outage}\n",
            )
    });
    // Every other customer of each language in the short region: some
    // letters may call the outage brief, the others may not.
    let path = dir.path().join("customers.csv");
    let csv = fs::read_to_string(&path).unwrap();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let edited: Vec<String> = csv
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let language = line.split(',').nth(3).unwrap_or("").to_owned();
            let n = seen.entry(language).or_insert(0);
            *n += 1;
            match line.rsplit_once(',') {
                Some((rest, _)) if i > 0 && n.is_multiple_of(2) => format!("{rest},short"),
                _ => line.to_owned(),
            }
        })
        .collect();
    fs::write(&path, edited.join("\n") + "\n").unwrap();

    let (source, settings, templates) = library_inputs(dir.path());
    let batch = amends::batch::prepare(&source, None, settings, &templates).unwrap();
    let options = amends::batch::Options {
        out: dir.path().join("out"),
        markdown: false,
        json: true,
        pdf: None,
        force: false,
        shard: None,
        inputs: Vec::new(),
    };
    amends::batch::run(&batch, &templates, &options, &|| {}).unwrap();

    let mut rows = batch.customers.rereader();
    let mut rules = BTreeMap::new();
    for at in 0..batch.customers.len() {
        let entry = rows.get(at).unwrap();
        let report = amends::batch::customer::customer_report(
            &entry,
            &batch.report,
            &batch.translations,
            &batch.terms,
            &templates,
        )
        .unwrap();
        let figures = amends::figures::compute(&report).unwrap();
        let alone = amends::findings(
            &source,
            batch.edition(&report.meta.language).0,
            &report,
            &figures,
            &templates,
            amends::review::Thresholds::default(),
        )
        .unwrap();
        let letter: Value = serde_json::from_str(
            &fs::read_to_string(dir.path().join(format!("out/{}.json", report.meta.id))).unwrap(),
        )
        .unwrap();
        assert_eq!(
            letter["review"],
            serde_json::to_value(&alone).unwrap(),
            "{}",
            report.meta.id
        );
        *rules
            .entry(("letters", report.meta.language.clone()))
            .or_insert(0) += 1;
        // Letters with each rule, by language.
        let found: std::collections::BTreeSet<&str> = alone.iter().map(|f| f.rule).collect();
        for rule in found {
            *rules
                .entry((rule, report.meta.language.clone()))
                .or_insert(0) += 1;
        }
    }
    // The texts' findings came up, in more than one language, and the
    // minimising one in some letters only.
    let count = |rule: &'static str, language: &str| {
        rules
            .get(&(rule, language.to_owned()))
            .copied()
            .unwrap_or(0)
    };
    assert!(count("blame-shifting", "en") > 0, "{rules:?}");
    assert!(count("risky-promise", "en") > 0, "{rules:?}");
    assert!(count("blame-shifting", "cs") > 0, "{rules:?}");
    for language in ["en", "cs"] {
        let minimising = count("minimising", language);
        assert!(
            minimising > 0 && minimising < count("letters", language),
            "{language}: {rules:?}"
        );
    }
}

/// The incident file in `dir`, fixed settings and the built-in templates:
/// what a batch needs through the library.
fn library_inputs(
    dir: &Path,
) -> (
    amends::read::Source,
    amends::check::Settings<'static>,
    amends::render::Templates,
) {
    let source = amends::read::source(&dir.join("incident.yaml")).unwrap();
    let settings = amends::check::Settings {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        provider: None,
    };
    (
        source,
        settings,
        amends::render::Templates::builtin().unwrap(),
    )
}
