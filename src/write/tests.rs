use super::*;

fn out(name: &str, text: &str) -> Output {
    Output {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn md(status: &str, body: &str) -> String {
    format!("<!-- amends\ntitle: T\nstatus: {status}\n-->\n\n{body}")
}

fn set<'a>(outputs: &'a [Output], is_final: bool) -> ReportSet<'a> {
    ReportSet {
        stem: "a",
        outputs,
        is_final,
        private: false,
        inputs: &[],
    }
}

#[test]
fn names_that_leave_the_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["../x.md", "a/b.md", "..", "", "a\\b"] {
        let outputs = [out(name, "x")];
        assert!(
            matches!(
                publish(dir.path(), &set(&outputs, false), false),
                Err(WriteError::UnsafeName(_))
            ),
            "{name}"
        );
    }
}

#[test]
fn a_final_report_is_replaced_only_when_unchanged_or_forced() {
    let dir = tempfile::tempdir().unwrap();
    let one = [out("a.md", &md("final", "one"))];
    let two = [out("a.md", &md("final", "two"))];
    publish(dir.path(), &set(&one, true), false).unwrap();
    // Same bytes: fine, nothing changes.
    publish(dir.path(), &set(&one, true), false).unwrap();
    let err = publish(dir.path(), &set(&two, true), false).unwrap_err();
    assert!(matches!(err, WriteError::FinalExists { .. }), "{err}");
    assert_eq!(fs::read(dir.path().join("a.md")).unwrap(), one[0].bytes);
    let done = publish(dir.path(), &set(&two, true), true).unwrap();
    assert_eq!(done.replaced_final.unwrap().0, vec!["a.md".to_owned()]);
    assert_eq!(fs::read(dir.path().join("a.md")).unwrap(), two[0].bytes);
    // Only the outputs and the lock are left: no temporary files.
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, [LOCK_NAME, "a.md"]);
}

#[test]
fn a_draft_is_not_added_beside_a_final_of_another_format() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = [out("a.pdf", "%PDF << /AmendsStatus (final) >>")];
    publish(dir.path(), &set(&pdf, true), false).unwrap();
    let draft = [out("a.md", &md("draft", "x"))];
    assert!(publish(dir.path(), &set(&draft, false), false).is_err());
    assert!(!dir.path().join("a.md").exists());
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.json");
    fs::write(&input, "{}").unwrap();
    let outputs = [out("a.json", "{}\n")];
    let inputs = [input.clone()];
    let set = ReportSet {
        inputs: &inputs,
        ..set(&outputs, false)
    };
    let err = publish(dir.path(), &set, true).unwrap_err();
    assert!(matches!(err, WriteError::OutputIsInput { .. }), "{err}");
    assert_eq!(fs::read_to_string(&input).unwrap(), "{}");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_link_at_an_output_name_is_not_read_and_counts_as_final() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("a.json")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("a.pdf"))
        .status();
    let outputs = [out("a.md", &md("draft", "x"))];
    let err = publish(dir.path(), &set(&outputs, false), false).unwrap_err();
    assert!(matches!(err, WriteError::FinalExists { .. }), "{err}");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    if status.is_ok_and(|s| s.success()) {
        assert!(err.to_string().contains("a.pdf"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn modes_are_kept_and_private_copies_are_created_0600() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let outputs = [out("a.internal.md", &md("draft", "x"))];
    let private = ReportSet {
        stem: "a.internal",
        private: true,
        ..set(&outputs, false)
    };
    publish(dir.path(), &private, false).unwrap();
    let mode = |p: &str| {
        fs::metadata(dir.path().join(p))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("a.internal.md"), 0o600);
    let customer = [out("a.md", &md("draft", "x"))];
    publish(dir.path(), &set(&customer, false), false).unwrap();
    fs::set_permissions(dir.path().join("a.md"), fs::Permissions::from_mode(0o640)).unwrap();
    let again = [out("a.md", &md("draft", "y"))];
    publish(dir.path(), &set(&again, false), false).unwrap();
    assert_eq!(mode("a.md"), 0o640);
}

#[test]
fn a_failed_write_leaves_the_old_set_whole() {
    let dir = tempfile::tempdir().unwrap();
    let old = [
        out("a.md", &md("draft", "1")),
        out("a.json", "{\"report\":{\"status\":\"draft\"}}"),
    ];
    publish(dir.path(), &set(&old, false), false).unwrap();
    // The second output's temporary name is too long for the file system:
    // it fails before anything is renamed, so the old set stays whole.
    let long = format!("{}.json", "a".repeat(248));
    let new = [out("a.md", &md("draft", "2")), out(&long, "{}")];
    assert!(publish(dir.path(), &set(&new, false), true).is_err());
    assert_eq!(fs::read(dir.path().join("a.md")).unwrap(), old[0].bytes);
    let temps = fs::read_dir(dir.path())
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

#[test]
fn atomic_create_writes_a_new_file_and_never_replaces_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("incident.yaml");
    atomic_create(&path, b"first").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"first");
    let err = atomic_create(&path, b"second").unwrap_err();
    assert!(matches!(err, WriteError::Exists { .. }), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"first");
    // A folder at the name is not replaced either.
    fs::create_dir(dir.path().join("folder")).unwrap();
    let err = atomic_create(&dir.path().join("folder"), b"x").unwrap_err();
    assert!(matches!(err, WriteError::Exists { .. }), "{err}");
    // Nor a link, even one to nothing: nothing is written through it.
    #[cfg(unix)]
    {
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.yaml"), &link).unwrap();
        let err = atomic_create(&link, b"x").unwrap_err();
        assert!(matches!(err, WriteError::Exists { .. }), "{err}");
        assert!(!dir.path().join("elsewhere.yaml").exists());
    }
    // No temporary file is left behind.
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

/// The one listing taken under the lock also finds the temporary files a
/// killed writer left: they are removed before the new outputs are written.
#[test]
fn publishing_removes_temporary_files_left_by_dead_writers() {
    let dir = tempfile::tempdir().unwrap();
    // No pid is this large on Linux; a day old, so stale even without /proc.
    let left = dir.path().join(".a.md.4294967294.0.tmp");
    let file = File::create(&left).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86_400))
        .unwrap();
    let outputs = [out("a.md", &md("draft", "x"))];
    publish(dir.path(), &set(&outputs, false), false).unwrap();
    assert!(!left.exists());
    assert_eq!(fs::read(dir.path().join("a.md")).unwrap(), outputs[0].bytes);
}
