//! `specwright lint`: report formats, exit codes, ruleset discovery, baselines and the
//! refusal of JavaScript custom functions, through the real binary.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn specwright() -> Command {
    Command::new(env!("CARGO_BIN_EXE_specwright"))
}

/// Line numbers below are 0-based, as in Spectral's JSON.
const SPEC: &str = "openapi: 3.0.3
info:
  title: Shop
  version: '1.0'
paths:
  /orders:
    get:
      responses:
        '200': {description: ok}
    post:
      summary: Create
      responses:
        '201': {description: created}
";

/// One error rule (operation summaries) and one warning rule (info description).
const RULESET: &str = "rules:
  op-summary:
    description: Operations have a summary.
    message: 'Operation {{property}}: {{error}}'
    documentationUrl: https://example.com/rules/op-summary
    severity: error
    given: $.paths[*][get,put,post,delete]
    then:
      field: summary
      function: truthy
  info-description:
    description: The API is described.
    severity: warn
    given: $.info
    then:
      field: description
      function: truthy
";

struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.tmp.path()
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.tmp.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `specwright lint` run inside this folder.
    fn lint(&self, args: &[&str]) -> Output {
        specwright()
            .current_dir(self.path())
            .arg("lint")
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs `lint`, which must exit 2 (bad input or ruleset); returns what it said.
    fn refused(&self, args: &[&str]) -> String {
        let o = self.lint(args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        stderr(&o)
    }

    fn standard() -> Dir {
        let d = Dir::new();
        d.write("api.yaml", SPEC);
        d.write("rules.yaml", RULESET);
        d
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn json_is_spectrals_shape_with_zero_based_ranges() {
    let d = Dir::standard();
    let o = d.lint(&["api.yaml", "-r", "rules.yaml", "-f", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2, "{v:#}");
    for f in list {
        let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["code", "message", "path", "range", "severity", "source"]
        );
    }
    // Sorted by position: info (line 1) before the operation (line 6).
    let info = &list[0];
    assert_eq!(info["code"], "info-description");
    assert_eq!(info["severity"], 1);
    assert_eq!(info["path"], serde_json::json!(["info"]));
    assert_eq!(info["message"], "The API is described.");
    // A block mapping's range starts right after its key's colon and ends at its last scalar.
    assert_eq!(
        info["range"],
        serde_json::json!({"start": {"line": 1, "character": 5}, "end": {"line": 3, "character": 16}})
    );
    let op = &list[1];
    assert_eq!(op["code"], "op-summary");
    assert_eq!(op["severity"], 0);
    // `summary` is missing: the closest existing path is reported, like Spectral.
    assert_eq!(op["path"], serde_json::json!(["paths", "/orders", "get"]));
    assert_eq!(
        op["message"],
        // Spectral 6.16's words: {{property}} for a missing field is the path from the last
        // existing segment, in the rule's template and in the function's own message alike.
        "Operation get.summary: \"get.summary\" property must be truthy"
    );
    assert_eq!(
        op["range"],
        serde_json::json!({"start": {"line": 6, "character": 8}, "end": {"line": 8, "character": 31}})
    );
    assert!(op["source"].as_str().unwrap().ends_with("api.yaml"));
}

#[test]
fn sarif_is_2_1_0_with_rule_metadata() {
    let d = Dir::standard();
    let o = d.lint(&["api.yaml", "-r", "rules.yaml", "-f", "sarif"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "specwright");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["info-description", "op-summary"]);
    let op_rule = &rules[1];
    assert_eq!(
        op_rule["shortDescription"]["text"],
        "Operations have a summary."
    );
    assert_eq!(op_rule["helpUri"], "https://example.com/rules/op-summary");
    assert_eq!(op_rule["defaultConfiguration"]["level"], "error");
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "warning");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        // ruleIndex points at the rule's metadata.
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("api.yaml"));
        assert!(r["partialFingerprints"].is_object());
    }
    let op = results
        .iter()
        .find(|r| r["ruleId"] == "op-summary")
        .unwrap();
    assert_eq!(op["level"], "error");
    // SARIF lines and columns are 1-based.
    assert_eq!(
        op["locations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
    assert_eq!(
        op["locations"][0]["physicalLocation"]["region"]["startColumn"],
        9
    );
    assert_eq!(
        op["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "/paths/~1orders/get"
    );
}

#[test]
fn junit_counts_only_findings_at_or_above_the_fail_severity() {
    let d = Dir::standard();
    let o = d.lint(&["api.yaml", "-r", "rules.yaml", "-f", "junit"]);
    let xml = stdout(&o);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("failures=\"1\""), "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 1, "{xml}");
    assert!(xml.contains("op-summary"));
    assert!(!xml.contains("info-description"), "{xml}");

    let o = d.lint(&["api.yaml", "-r", "rules.yaml", "-f", "junit", "-F", "warn"]);
    let xml = stdout(&o);
    assert_eq!(xml.matches("<failure ").count(), 2, "{xml}");
    assert!(xml.contains("<testsuites name=\"specwright lint\" tests=\"2\" failures=\"2\">"));

    // Nothing fails with --fail-severity off: one passing case per file.
    let o = d.lint(&["api.yaml", "-r", "rules.yaml", "-f", "junit", "-F", "off"]);
    let xml = stdout(&o);
    assert_eq!(xml.matches("<failure ").count(), 0, "{xml}");
    assert!(
        xml.contains("<testcase classname=\"api.yaml\" name=\"lint\"/>"),
        "{xml}"
    );
}

#[test]
fn github_actions_annotations() {
    let d = Dir::standard();
    let o = d.lint(&["api.yaml", "-r", "rules.yaml", "-f", "github-actions"]);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "::warning title=info-description,file=api.yaml,line=2,col=6,endLine=4,endColumn=17::The API is described.",
            "::error title=op-summary,file=api.yaml,line=7,col=9,endLine=9,endColumn=32::Operation get.summary: \"get.summary\" property must be truthy",
        ]
    );
}

#[test]
fn stylish_groups_findings_by_file() {
    let d = Dir::standard();
    d.write(
        "other.yaml",
        "openapi: 3.0.3\ninfo: {title: Other, version: '1', description: Other API}\npaths:\n  /x:\n    delete:\n      responses: {'204': {description: gone}}\n",
    );
    let o = d.lint(&["api.yaml", "other.yaml", "-r", "rules.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let api = text.find("\napi.yaml\n").expect("api.yaml header");
    let other = text.find("\nother.yaml\n").expect("other.yaml header");
    assert!(api < other, "{text}");
    let (api_part, other_part) = text.split_at(other);
    assert_eq!(api_part.matches("op-summary").count(), 1, "{text}");
    assert_eq!(api_part.matches("info-description").count(), 1, "{text}");
    assert!(api_part.contains("  7:9  "), "line:column 1-based: {text}");
    assert!(other_part.contains("op-summary"), "{text}");
    assert!(!other_part.contains("info-description"), "{text}");
    assert!(
        text.contains("3 problems (2 errors, 1 warnings, 0 infos, 0 hints)"),
        "{text}"
    );
    // Not a terminal: no colours.
    assert!(!text.contains('\x1b'));
}

#[test]
fn exit_codes_follow_the_fail_severity() {
    let d = Dir::standard();
    // An error is present: default fail severity (error) fails.
    assert_eq!(
        d.lint(&["api.yaml", "-r", "rules.yaml"]).status.code(),
        Some(1)
    );
    assert_eq!(
        d.lint(&["api.yaml", "-r", "rules.yaml", "-F", "off"])
            .status
            .code(),
        Some(0)
    );
    // Only a warning: passes by default, fails from `warn` down.
    d.write(
        "warn-only.yaml",
        &SPEC.replace("    get:\n", "    get:\n      summary: List\n"),
    );
    for (fail, code) in [
        ("error", 0),
        ("warn", 1),
        ("info", 1),
        ("hint", 1),
        ("off", 0),
    ] {
        let o = d.lint(&["warn-only.yaml", "-r", "rules.yaml", "-F", fail]);
        assert_eq!(o.status.code(), Some(code), "--fail-severity {fail}");
    }
    // Nothing found.
    d.write(
        "clean.yaml",
        &SPEC
            .replace("    get:\n", "    get:\n      summary: List\n")
            .replace(
                "  version: '1.0'\n",
                "  version: '1.0'\n  description: Shop API\n",
            ),
    );
    let o = d.lint(&["clean.yaml", "-r", "rules.yaml", "-F", "hint", "-f", "json"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o), serde_json::json!([]));
}

#[test]
fn bad_input_exits_2_and_says_why() {
    let d = Dir::standard();
    let err = d.refused(&["missing.yaml", "-r", "rules.yaml"]);
    assert!(err.contains("missing.yaml"), "{err}");

    d.write("broken.yaml", "openapi: 3.0.3\ninfo: [unclosed\n");
    let err = d.refused(&["broken.yaml", "-r", "rules.yaml"]);
    assert!(err.contains("broken.yaml"), "{err}");

    d.write(
        "bad-rules.yaml",
        "rules:\n  r:\n    given: $.paths[\n    then: {function: truthy}\n",
    );
    let err = d.refused(&["api.yaml", "-r", "bad-rules.yaml"]);
    assert!(
        err.contains("bad-rules.yaml") && err.contains("JSONPath"),
        "{err}"
    );

    let err = d.refused(&["api.yaml", "-r", "no-such-rules.yaml"]);
    assert!(err.contains("no-such-rules.yaml"), "{err}");

    d.refused(&["api.yaml", "-f", "xml"]);
}

#[test]
fn an_unreadable_spec_among_several_is_reported_and_the_others_still_linted() {
    let d = Dir::standard();
    d.write("broken.yaml", "openapi: 3.0.3\ninfo: [unclosed\n");
    let o = d.lint(&["broken.yaml", "api.yaml", "-r", "rules.yaml", "-f", "json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("broken.yaml:"), "{}", stderr(&o));
    let found: Value = serde_json::from_slice(&o.stdout).expect("a JSON report of api.yaml");
    let codes: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"op-summary"), "{codes:?}");

    // A baseline would lack the unreadable spec's findings: it is not written.
    let o = d.lint(&[
        "broken.yaml",
        "api.yaml",
        "-r",
        "rules.yaml",
        "--write-baseline",
        "b.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("b.json: not written"), "{}", stderr(&o));
    assert!(!d.path().join("b.json").exists());

    // With nothing readable there is no report at all.
    let o = d.lint(&[
        "broken.yaml",
        "missing.yaml",
        "-r",
        "rules.yaml",
        "-f",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(stderr(&o).contains("missing.yaml"), "{}", stderr(&o));
}

#[test]
fn ruleset_discovery_prefers_flag_then_spectral_file_then_default_policy() {
    let d = Dir::standard();
    let codes = |o: &Output| -> Vec<String> {
        let mut c: Vec<String> = json(o)
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect();
        c.sort();
        c.dedup();
        c
    };
    // No flag, no .spectral file: the org default policy (spectral:oas + house rules).
    let o = d.lint(&["api.yaml", "-f", "json"]);
    let default = codes(&o);
    assert!(
        default.contains(&"org-operation-summary".to_string()),
        "{default:?}"
    );
    assert!(
        default.contains(&"oas3-api-servers".to_string()),
        "{default:?}"
    );
    assert!(!default.contains(&"op-summary".to_string()));

    // A .spectral.yaml in the current folder wins over the default.
    d.write(
        ".spectral.yaml",
        "rules:\n  only-info:\n    severity: warn\n    given: $.info\n    then: {field: description, function: truthy}\n",
    );
    let o = d.lint(&["api.yaml", "-f", "json"]);
    assert_eq!(codes(&o), ["only-info"]);

    // --ruleset wins over .spectral.yaml.
    let o = d.lint(&["api.yaml", "-f", "json", "--ruleset", "rules.yaml"]);
    assert_eq!(codes(&o), ["info-description", "op-summary"]);

    // .spectral.json is found too.
    std::fs::remove_file(d.path().join(".spectral.yaml")).unwrap();
    d.write(
        ".spectral.json",
        r#"{"rules": {"json-rule": {"severity": "warn", "given": "$.info", "then": {"field": "description", "function": "truthy"}}}}"#,
    );
    let o = d.lint(&["api.yaml", "-f", "json"]);
    assert_eq!(codes(&o), ["json-rule"]);
}

#[test]
fn baseline_reports_only_new_findings_and_survives_edits_elsewhere() {
    let d = Dir::standard();
    let o = d.lint(&[
        "api.yaml",
        "-r",
        "rules.yaml",
        "--write-baseline",
        "base.json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(base["fingerprints"].as_array().unwrap().len(), 2);

    // Same file: nothing new, exit 0.
    let o = d.lint(&[
        "api.yaml",
        "-r",
        "rules.yaml",
        "--baseline",
        "base.json",
        "-f",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o), serde_json::json!([]));

    // Edits elsewhere move every line (and change the root's text), and a new operation
    // without a summary appears: only that one is reported.
    let edited = SPEC
        .replace("openapi: 3.0.3\n", "# A comment\nopenapi: 3.0.3\nservers: [{url: 'https://x.example.com'}]\n")
        .replace("  title: Shop\n", "  title: Shop API\n")
        .replace(
            "        '201': {description: created}\n",
            "        '201': {description: created, headers: {}}\n  /items:\n    delete:\n      responses: {'204': {description: gone}}\n",
        );
    d.write("api.yaml", &edited);
    let o = d.lint(&[
        "api.yaml",
        "-r",
        "rules.yaml",
        "--baseline",
        "base.json",
        "-f",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 1, "{v:#}");
    assert_eq!(
        list[0]["path"],
        serde_json::json!(["paths", "/items", "delete"])
    );

    d.refused(&["api.yaml", "-r", "rules.yaml", "--baseline", "nope.json"]);
}

#[test]
fn javascript_custom_functions_are_refused_by_name_and_place() {
    let d = Dir::standard();
    d.write(
        "js-rules.yaml",
        "functions: [checkOwner]\nrules:\n  owner:\n    given: $.info\n    then: {function: checkOwner}\n",
    );
    let err = d.refused(&["api.yaml", "-r", "js-rules.yaml"]);
    assert!(err.contains("checkOwner"), "{err}");
    assert!(err.contains("js-rules.yaml:1"), "{err}");
    assert!(err.contains("JavaScript"), "{err}");

    // A rule naming a function nothing defines (custom function without `functions`).
    d.write(
        "js-rules2.yaml",
        "rules:\n  owner:\n    given: $.info\n    then:\n      function: checkOwner\n",
    );
    let err = d.refused(&["api.yaml", "-r", "js-rules2.yaml"]);
    assert!(
        err.contains("`checkOwner`") && err.contains("`owner`"),
        "{err}"
    );
    assert!(err.contains("js-rules2.yaml:5"), "{err}");
}

#[test]
fn output_file_receives_the_report() {
    let d = Dir::standard();
    let o = d.lint(&[
        "api.yaml",
        "-r",
        "rules.yaml",
        "-f",
        "json",
        "-o",
        "out.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}
