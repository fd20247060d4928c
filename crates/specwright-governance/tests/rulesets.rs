//! Ruleset semantics, each as Spectral 6.16 behaves: `extends` with its modes and relative
//! files, severity shorthands, aliases (per-format targets too), `formats`, message
//! templates, and `overrides` (globs relative to the ruleset, `file#/pointer`, and overrides
//! carrying `extends`, `formats` and `aliases`).

use specwright_document::pointer::to_pointer;
use specwright_document::LoadOptions;
use specwright_governance::{Finding, Linter, Severity};
use std::path::{Path, PathBuf};

/// A scratch folder with a ruleset and specs in it, removed afterwards.
struct Workspace(PathBuf);

impl Workspace {
    fn new(name: &str) -> Workspace {
        let dir =
            std::env::temp_dir().join(format!("specwright-rulesets-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Workspace(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    fn linter(&self, ruleset: &str) -> Linter {
        let path = self.write(".spectral.yaml", ruleset);
        Linter::from_file(&path).unwrap_or_else(|e| panic!("ruleset refused: {e}"))
    }

    fn refused(&self, ruleset: &str) -> String {
        let path = self.write(".spectral.yaml", ruleset);
        match Linter::from_file(&path) {
            Ok(_) => panic!("ruleset accepted:\n{ruleset}"),
            Err(e) => e.to_string(),
        }
    }

    /// Findings as `code severity /json/path`, sorted.
    fn lint(&self, linter: &Linter, spec: &str) -> Vec<String> {
        let path = self.0.join(spec);
        let findings = linter
            .lint_file(&path, &LoadOptions::default())
            .unwrap_or_else(|e| panic!("lint {spec}: {e}"));
        summary(&findings)
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn summary(findings: &[Finding]) -> Vec<String> {
    let mut out: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {:?} {}", f.code, f.severity, to_pointer(&f.path)))
        .collect();
    out.sort();
    out
}

/// An OpenAPI 3.0 spec without contact or description, with one operation.
const SPEC: &str = "openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200': {description: ok}
";

/// A local ruleset with two rules on `info`, one of them not recommended.
const BASE: &str = "
rules:
  info-has-contact:
    given: $.info
    severity: warn
    then: {field: contact, function: truthy}
  info-has-description:
    given: $.info
    severity: error
    recommended: false
    then: {field: description, function: truthy}
";

/// Findings as `code Severity dotted.path line:col-line:col message`, sorted.
fn described(findings: Vec<Finding>) -> Vec<String> {
    let mut out: Vec<String> = findings
        .into_iter()
        .map(|f| {
            let (s, e) = (f.range.start, f.range.end);
            format!(
                "{} {:?} {} {}:{}-{}:{} {}",
                f.code,
                f.severity,
                f.path.join("."),
                s.line,
                s.character,
                e.line,
                e.character,
                f.message
            )
        })
        .collect();
    out.sort();
    out
}

/// [`described`], each line led by the name of the file the finding is in.
fn described_in_files(findings: Vec<Finding>) -> Vec<String> {
    let mut out: Vec<String> = findings
        .into_iter()
        .map(|f| {
            let name = f.source.rsplit('/').next().unwrap_or("").to_string();
            format!("{name} {}", described(vec![f])[0])
        })
        .collect();
    out.sort();
    out
}

/// Findings as `code dotted.path line:col-line:col`, sorted: where each one is placed.
fn placed(findings: Vec<Finding>) -> Vec<String> {
    let mut out: Vec<String> = findings.iter().map(place).collect();
    out.sort();
    out
}

/// [`placed`], each line led by the name of the file the finding is in.
fn placed_in_files(findings: Vec<Finding>) -> Vec<String> {
    let mut out: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f.source.rsplit('/').next().unwrap_or(""), place(f)))
        .collect();
    out.sort();
    out
}

fn place(f: &Finding) -> String {
    let (s, e) = (f.range.start, f.range.end);
    format!(
        "{} {} {}:{}-{}:{}",
        f.code,
        f.path.join("."),
        s.line,
        s.character,
        e.line,
        e.character
    )
}

/// Findings as (code, dotted path, message), sorted.
fn rows(findings: Vec<Finding>) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = findings
        .into_iter()
        .map(|f| (f.code, f.path.join("."), f.message))
        .collect();
    out.sort();
    out
}

/// Expected [`rows`] as a test writes them, sorted.
fn rows_of(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = expected
        .iter()
        .map(|(c, p, m)| (c.to_string(), p.to_string(), m.to_string()))
        .collect();
    out.sort();
    out
}

fn codes(findings: &[String]) -> Vec<&str> {
    findings
        .iter()
        .map(|f| f.split(' ').next().unwrap())
        .collect()
}

#[test]
fn extends_modes_enable_recommended_all_or_none_of_a_ruleset() {
    let ws = Workspace::new("modes");
    ws.write("base.yaml", BASE);
    ws.write("api.yaml", SPEC);
    let recommended = ws.linter("extends: ./base.yaml\n");
    assert_eq!(
        codes(&ws.lint(&recommended, "api.yaml")),
        ["info-has-contact"]
    );
    let all = ws.linter("extends: [[./base.yaml, all]]\n");
    assert_eq!(
        codes(&ws.lint(&all, "api.yaml")),
        ["info-has-contact", "info-has-description"]
    );
    let off = ws.linter("extends: [[./base.yaml, off]]\nrules:\n  info-has-description: error\n");
    // `off` turns the extended rules off; naming one with a severity turns it back on.
    assert_eq!(
        ws.lint(&off, "api.yaml"),
        ["info-has-description Error /info"]
    );
}

#[test]
fn severity_shorthands_and_patches_change_inherited_rules() {
    let ws = Workspace::new("shorthand");
    ws.write("base.yaml", BASE);
    ws.write("api.yaml", SPEC);
    let l = ws.linter(
        "extends: [[./base.yaml, all]]
rules:
  info-has-contact: hint
  info-has-description: false
",
    );
    assert_eq!(ws.lint(&l, "api.yaml"), ["info-has-contact Hint /info"]);
    let l = ws.linter(
        "extends: ./base.yaml
rules:
  info-has-contact:
    severity: 0
    message: '{{property}} is missing at {{path}}'
",
    );
    let findings = l
        .lint_file(&ws.0.join("api.yaml"), &LoadOptions::default())
        .unwrap();
    assert_eq!(summary(&findings), ["info-has-contact Error /info"]);
    // As Spectral 6.16 prints it: the missing property from the last existing segment on.
    assert_eq!(findings[0].message, "info.contact is missing at #/info");
}

#[test]
fn aliases_expand_with_a_tail_and_choose_targets_by_format() {
    let ws = Workspace::new("aliases");
    ws.write("api.yaml", SPEC);
    ws.write(
        "v2.yaml",
        "swagger: '2.0'\ninfo: {title: Old, version: '1'}\npaths: {}\n",
    );
    // Targets are chosen among the formats the ruleset registers (here by `formats`).
    let l = ws.linter(
        "formats: [oas2, oas3]
aliases:
  Info: [$.info]
  Operation:
    description: operations by format
    targets:
      - formats: [oas2]
        given: [$.nothing]
      - formats: [oas3]
        given: ['$.paths[*][get,put,post,delete]']
rules:
  title-is-long:
    given: '#Info.title'
    then: {function: length, functionOptions: {min: 10}}
  operation-has-summary:
    given: '#Operation'
    then: {field: summary, function: truthy}
",
    );
    assert_eq!(
        codes(&ws.lint(&l, "api.yaml")),
        ["operation-has-summary", "title-is-long"]
    );
    assert_eq!(codes(&ws.lint(&l, "v2.yaml")), ["title-is-long"]);
    // With no formats registered, Spectral knows none of the document's: no target applies.
    let unscoped = ws.linter(
        "aliases:
  Operation:
    targets:
      - formats: [oas3]
        given: ['$.paths[*][get]']
rules:
  operation-has-summary:
    given: '#Operation'
    then: {field: summary, function: truthy}
",
    );
    assert!(ws.lint(&unscoped, "api.yaml").is_empty());
    let refused = ws.refused("rules:\n  r:\n    given: '#Missing'\n    then: {function: truthy}\n");
    assert!(refused.contains("unknown alias `#Missing`"), "{refused}");
}

#[test]
fn ruleset_formats_scope_the_rules_defined_beside_them() {
    let ws = Workspace::new("formats");
    ws.write("api.yaml", SPEC);
    ws.write(
        "v2.yaml",
        "swagger: '2.0'\ninfo: {title: Old, version: '1'}\npaths: {}\n",
    );
    let l = ws.linter(&format!("formats: [oas2]\n{BASE}"));
    assert_eq!(codes(&ws.lint(&l, "v2.yaml")), ["info-has-contact"]);
    assert_eq!(codes(&ws.lint(&l, "api.yaml")), ["unrecognized-format"]);
}

#[test]
fn overrides_change_rules_for_the_files_their_globs_name() {
    let ws = Workspace::new("overrides");
    ws.write("base.yaml", BASE);
    ws.write("api.yaml", SPEC);
    ws.write("legacy/old.yaml", SPEC);
    let l = ws.linter(
        "extends: ./base.yaml
overrides:
  - files: ['legacy/**/*.yaml']
    rules:
      info-has-contact: off
      legacy-needs-ids:
        given: '$.paths[*][*]'
        then: {field: x-legacy-id, function: truthy}
  - files: ['api.yaml#/info']
    rules:
      info-has-contact: error
",
    );
    // The pointer override raises the finding at /info in api.yaml only.
    assert_eq!(ws.lint(&l, "api.yaml"), ["info-has-contact Error /info"]);
    // The glob is relative to the ruleset's folder; the rule it defines applies there.
    assert_eq!(
        ws.lint(&l, "legacy/old.yaml"),
        ["legacy-needs-ids Warn /paths/~1pets/get"]
    );
}

#[test]
fn an_override_with_extends_replaces_the_rulesets_extends_for_its_files() {
    let ws = Workspace::new("override-extends");
    ws.write("base.yaml", BASE);
    ws.write(
        "strict.yaml",
        "rules:
  operation-has-summary:
    given: '$.paths[*][*]'
    then: {field: summary, function: truthy}
",
    );
    ws.write("api.yaml", SPEC);
    ws.write("public/api.yaml", SPEC);
    let l = ws.linter(
        "extends: [[./base.yaml, all]]
rules:
  info-has-description: warn
overrides:
  - files: ['public/**']
    extends: [./strict.yaml]
",
    );
    assert_eq!(
        ws.lint(&l, "api.yaml"),
        [
            "info-has-contact Warn /info",
            "info-has-description Warn /info"
        ]
    );
    // For public/ the override's extends stand in for base.yaml; the ruleset's own rules
    // still apply on top, so changing a rule only base.yaml defines is an error there.
    let err = l
        .lint_file(&ws.0.join("public/api.yaml"), &LoadOptions::default())
        .map(|f| summary(&f))
        .expect_err("info-has-description is not defined without base.yaml");
    assert!(err.to_string().contains("overrides[0]"), "{err}");

    let l = ws.linter(
        "extends: [[./base.yaml, all]]
overrides:
  - files: ['public/**']
    extends: [./strict.yaml]
    rules:
      operation-has-summary: error
",
    );
    assert_eq!(
        ws.lint(&l, "public/api.yaml"),
        ["operation-has-summary Error /paths/~1pets/get"]
    );
    assert_eq!(
        codes(&ws.lint(&l, "api.yaml")),
        ["info-has-contact", "info-has-description"]
    );
}

#[test]
fn an_override_brings_formats_and_aliases_for_the_rules_it_defines() {
    let ws = Workspace::new("override-formats");
    ws.write("api.yaml", SPEC);
    ws.write(
        "legacy/v2.yaml",
        "swagger: '2.0'\ninfo: {title: Old, version: '1'}\npaths: {}\n",
    );
    ws.write("legacy/v3.yaml", SPEC);
    let l = ws.linter(
        "aliases:
  Info: [$.info]
rules: {}
overrides:
  - files: ['legacy/**']
    formats: [oas2]
    aliases:
      LegacyInfo: ['#Info']
    rules:
      legacy-contact:
        given: '#LegacyInfo'
        then: {field: contact, function: truthy}
  - files: ['legacy/v3.yaml']
    rules:
      legacy-title:
        given: '#Info.title'
        then: {function: pattern, functionOptions: {match: '^Legacy'}}
",
    );
    assert_eq!(ws.lint(&l, "legacy/v2.yaml"), ["legacy-contact Warn /info"]);
    // Spectral merges the overrides naming legacy/v3.yaml into one, so the first one's
    // `formats: [oas2]` reach legacy-title too, and an OpenAPI 3 document matches none of the
    // registered formats.
    assert_eq!(ws.lint(&l, "legacy/v3.yaml"), ["unrecognized-format Warn "]);
    assert!(ws.lint(&l, "api.yaml").is_empty());
}

#[test]
fn a_document_matching_no_registered_format_is_reported_as_spectral_does() {
    let ws = Workspace::new("unrecognized");
    ws.write("data.yaml", "foo: bar\n");
    // spectral:oas is off, yet its formats are registered; the format-less rule still runs.
    let l = ws.linter(
        "extends: [[spectral:oas, off]]
rules:
  has-zzz:
    given: $
    then: {field: zzz, function: truthy}
",
    );
    let findings = l
        .lint_file(&ws.0.join("data.yaml"), &LoadOptions::default())
        .unwrap();
    assert_eq!(
        summary(&findings),
        ["has-zzz Warn ", "unrecognized-format Warn "]
    );
    let unrecognized = findings
        .iter()
        .find(|f| f.code == "unrecognized-format")
        .unwrap();
    // The whole document, as Spectral 6.16 gives it.
    let (s, e) = (unrecognized.range.start, unrecognized.range.end);
    assert_eq!((s.line, s.character, e.line, e.character), (0, 0, 0, 8));
    assert_eq!(
        unrecognized.message,
        "The provided document does not match any of the registered formats \
         [OpenAPI 2.0 (Swagger), OpenAPI 3.x, OpenAPI 3.0.x, OpenAPI 3.1.x, OpenAPI 3.2.x]"
    );
}

#[test]
fn override_mistakes_are_refused_with_their_place() {
    let ws = Workspace::new("override-errors");
    let err = ws.refused(
        "rules: {}
overrides:
  - files: ['api.yaml#/info']
    extends: [spectral:oas]
",
    );
    assert!(
        err.contains(".spectral.yaml:4:5") && err.contains("only change rule severities"),
        "{err}"
    );
    let err = ws.refused("rules: {}\noverrides:\n  - files: ['*.yaml']\n    ruels: {}\n");
    assert!(
        err.contains(".spectral.yaml:4:5") && err.contains("unknown key `ruels`"),
        "{err}"
    );
    let err =
        ws.refused("rules: {}\noverrides:\n  - files: ['*.yaml']\n    extends: ./missing.yaml\n");
    assert!(err.contains("missing.yaml"), "{err}");
}

#[test]
fn a_path_in_the_workspace_is_what_globs_match() {
    // Globs are relative to the ruleset file, not to the current folder (spectral#2424).
    let ws = Workspace::new("glob-base");
    ws.write("specs/api.yaml", SPEC);
    let rules_dir: &Path = &ws.0.join("rules");
    std::fs::create_dir_all(rules_dir).unwrap();
    let ruleset = ws.write(
        "rules/.spectral.yaml",
        &format!("{BASE}overrides:\n  - files: ['../specs/*.yaml']\n    rules:\n      info-has-contact: off\n"),
    );
    let l = Linter::from_file(&ruleset).unwrap();
    assert!(ws.lint(&l, "specs/api.yaml").is_empty());
}

#[test]
fn overrides_of_an_extended_ruleset_do_not_apply_as_in_spectral() {
    let ws = Workspace::new("extended-overrides");
    ws.write("api.yaml", SPEC);
    ws.write(
        "shared.yaml",
        &format!(
            "{BASE}overrides:\n  - files: ['api.yaml']\n    rules:\n      info-has-contact: off\n"
        ),
    );
    let l = ws.linter("extends: ./shared.yaml\n");
    assert_eq!(ws.lint(&l, "api.yaml"), ["info-has-contact Warn /info"]);
}

/// A key written twice is a `parser` error at the second key, with the key's path, in YAML
/// and JSON alike (Spectral 6.16: "Duplicate key: title", severity 0, the key's range).
#[test]
fn a_duplicate_key_is_a_parser_error_at_the_second_key() {
    let ws = Workspace::new("duplicates");
    let linter = ws.linter("rules: {}\n");
    let yaml = ws.write(
        "api.yaml",
        "openapi: 3.0.3\ninfo:\n  title: t\n  title: u\n  version: '1'\npaths: {}\n",
    );
    let json = ws.write(
        "api.json",
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1", "title": "u"}, "paths": {}}"#,
    );
    // The key's range: `title` in YAML, `"title"` with its quotes in JSON.
    for (path, line, start, end) in [(yaml, 3, 2, 7), (json, 0, 60, 67)] {
        let found = linter.lint_file(&path, &LoadOptions::default()).unwrap();
        assert_eq!(
            summary(&found),
            ["parser Error /info/title"],
            "{}",
            path.display()
        );
        let f = &found[0];
        assert_eq!(f.message, "Duplicate key: title");
        assert_eq!(
            (
                f.range.start.line,
                f.range.start.character,
                f.range.end.character
            ),
            (line, start, end)
        );
    }
}

/// A `$ref` the loader will not follow (outside the allowed root, remote refs off) leaves
/// part of the spec unlinted: it is an `invalid-ref` error in the loader's words, never a
/// silent gap.
#[test]
fn a_ref_the_loader_refuses_is_an_invalid_ref_error() {
    let ws = Workspace::new("refused-refs");
    let linter = ws.linter("rules: {}\n");
    ws.write(
        "shared/item.yaml",
        "get:\n  responses:\n    '200': {description: ok}\n",
    );
    let spec = ws.write(
        "api/openapi.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: '../shared/item.yaml'\n  /b:\n    $ref: 'https://example.com/item.yaml'\n  /c:\n    $ref: 'https://example.com/item.yaml#/c'\n  /d:\n    $ref: 'https://example.com/other.yaml#/d'\n",
    );
    let options = LoadOptions {
        root: Some(ws.0.join("api")),
        ..LoadOptions::default()
    };
    let found = linter.lint_file(&spec, &options).unwrap();
    let got: Vec<_> = found
        .iter()
        .map(|f| {
            (
                f.code.as_str(),
                f.severity,
                f.path.join("/"),
                f.range.start.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "invalid-ref",
                Severity::Error,
                "paths//a/$ref".to_string(),
                4
            ),
            (
                "invalid-ref",
                Severity::Error,
                "paths//b/$ref".to_string(),
                6
            ),
            // One per remote document, as Spectral fails to fetch each once: `/c` points
            // into the document `/b` names.
            (
                "invalid-ref",
                Severity::Error,
                "paths//d/$ref".to_string(),
                10
            ),
        ]
    );
    assert!(
        found[0].message.contains("allowed root"),
        "{}",
        found[0].message
    );
    assert!(found[1].message.contains("remote"), "{}", found[1].message);
}

/// Spectral reads JSON files with its YAML parser, which warns about every tab between
/// tokens: a `parser` warning with an empty path and an empty range at the tab. A tab
/// written in a string (escaped) is none of its business.
#[test]
fn a_tab_between_json_tokens_is_a_parser_warning_at_the_tab() {
    let ws = Workspace::new("tabs");
    let linter = ws.linter("rules: {}\n");
    let json = ws.write(
        "api.json",
        "{\n\t\"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"a\\tb\",\t\"version\": \"1\"},\n\t \t\"paths\": {}\n}\n",
    );
    let found = linter.lint_file(&json, &LoadOptions::default()).unwrap();
    let tabs: Vec<_> = found
        .iter()
        .map(|f| {
            assert_eq!(
                (
                    f.code.as_str(),
                    f.message.as_str(),
                    f.severity,
                    f.path.len()
                ),
                (
                    "parser",
                    "Using tabs can lead to unpredictable results",
                    Severity::Warn,
                    0
                )
            );
            assert_eq!(f.range.start, f.range.end);
            (f.range.start.line, f.range.start.character)
        })
        .collect();
    assert_eq!(tabs, [(1, 0), (2, 27), (3, 0), (3, 2)]);
    // No tab, no warning.
    let yaml = ws.write(
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    assert!(linter
        .lint_file(&yaml, &LoadOptions::default())
        .unwrap()
        .is_empty());
}

/// Spectral reads the file it lints with its YAML parser whatever its name, so a `.json`
/// spec with a trailing comma (valid in a YAML flow mapping) is linted, not refused. The
/// expected list is Spectral 6.16's output for this file (`extends: spectral:oas`).
#[test]
fn a_json_spec_with_a_trailing_comma_is_linted_as_spectral_reads_it() {
    let ws = Workspace::new("trailing-comma");
    let linter = ws.linter("extends: [\"spectral:oas\"]\n");
    let api = ws.write(
        "api.json",
        "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\",},\n  \"paths\": {},\n}\n",
    );
    let found = described(linter.lint_file(&api, &LoadOptions::default()).unwrap());
    assert_eq!(
        found,
        [
            r#"info-contact Warn info 2:9-2:39 Info object must have "contact" object."#,
            r#"info-description Warn info 2:9-2:39 Info "description" must be present and non-empty string."#,
            r#"oas3-api-servers Warn  0:0-3:13 OpenAPI "servers" must be present and non-empty array."#,
        ]
    );
}

/// The document schema checks no `format` written in AJV's own meta-schemas: Spectral's AJV
/// compiles those with formats off. So in a 3.1 schema object `$ref`, `$dynamicRef`,
/// `$schema` and `patternProperties` names go unchecked while `pattern` (in Spectral's own
/// validation vocabulary) and the OAS schema's own formats are checked; 3.2 takes its whole
/// JSON Schema meta-schema from AJV, so `pattern` goes unchecked too; 2.0 checks `pattern`.
/// The expected lists are Spectral 6.16's output for these files.
#[test]
fn document_schema_formats_are_checked_where_spectrals_ajv_checks_them() {
    let ws = Workspace::new("meta-formats");
    let linter = ws.linter("extends: [\"spectral:oas\"]\n");
    let v31 = "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/x<y'}\n    B: {$dynamicRef: \"a b\"}\n    C: {$schema: \"a b\"}\n    D: {patternProperties: {\"[bad\": {}}}\n    E: {pattern: \"[bad\"}\n    F: {externalDocs: {url: \"a b\"}}\n    G: {properties: {p: {$ref: '#/x<y', pattern: \"[bad\"}}}\n  responses:\n    R: {$ref: '#/x<y'}\n";
    let schema_findings = |name: &str, text: &str| {
        let path = ws.write(name, text);
        let mut out: Vec<String> = linter
            .lint_file(&path, &LoadOptions::default())
            .unwrap()
            .into_iter()
            .filter(|f| f.code.ends_with("-schema"))
            .map(|f| format!("{} {} {}", f.code, f.path.join("."), f.message))
            .collect();
        out.sort();
        out
    };
    assert_eq!(
        schema_findings("v31.yaml", v31),
        [
            r#"oas3-schema components.responses.R.$ref "$ref" property must match format "uri-reference"."#,
            r#"oas3-schema components.schemas.E.pattern "pattern" property must match format "regex"."#,
            r#"oas3-schema components.schemas.F.externalDocs.url "url" property must match format "uri-reference"."#,
            r#"oas3-schema components.schemas.G.properties.p.pattern "pattern" property must match format "regex"."#,
        ]
    );
    assert_eq!(
        schema_findings("v32.yaml", &v31.replace("3.1.0", "3.2.0")),
        [
            r#"oas3-schema components.responses.R.$ref "$ref" property must match format "uri-reference"."#,
            r#"oas3-schema components.schemas.F.externalDocs.url "url" property must match format "uri-reference"."#,
        ]
    );
    assert_eq!(
        schema_findings(
            "v20.yaml",
            "swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths: {}\ndefinitions:\n  E: {pattern: \"[bad\"}\n"
        ),
        [r#"oas2-schema definitions.E.pattern "pattern" property must match format "regex"."#]
    );
}

/// The `schema` function reports AJV's errors as Spectral 6.16 does: which ones (the first in
/// AJV's keyword order, or all with `allErrors`), their words and their paths. The expected
/// lists are Spectral's JSON output for this spec and ruleset.
#[test]
fn schema_function_errors_are_spectrals() {
    let ws = Workspace::new("schema-fn");
    let spec = ws.write(
        "api.yaml",
        "openapi: 3.0.0\ninfo:\n  title: hello\n  version: c\n  description: y\n  contact: {name: q}\n  license: {name: l}\n  x-d: [1, 1]\n  x-f: {a: 1}\n  other: 1\npaths: {}\n",
    );
    let found = |ruleset: &str| {
        rows(
            ws.linter(ruleset)
                .lint_file(&spec, &LoadOptions::default())
                .unwrap(),
        )
    };
    // `required` comes before `additionalProperties` and `properties` in AJV's order.
    let first_only = "rules:\n  s1:\n    given: $.info\n    then:\n      function: schema\n      functionOptions:\n        schema:\n          type: object\n          properties: {title: {type: integer}}\n          additionalProperties: false\n          required: [zzz]\n";
    assert_eq!(
        found(first_only),
        rows_of(&[(
            "s1",
            "info",
            "\"info\" property must have required property \"zzz\""
        )])
    );
    let all = "rules:\n  s1:\n    given: $.info\n    then:\n      function: schema\n      functionOptions:\n        allErrors: true\n        schema:\n          type: object\n          required: [zzz]\n          additionalProperties: false\n          properties:\n            title: {type: integer, minimum: 3}\n            version: {enum: [a, b]}\n            contact: {type: array}\n            x-d: {type: array, uniqueItems: true, maxItems: 1}\n            x-f: {type: object, minProperties: 5, propertyNames: {pattern: \"^z\"}}\n  s2:\n    given: $.info\n    then:\n      field: termsOfService\n      function: schema\n      functionOptions:\n        schema: {type: string}\n";
    assert_eq!(
        found(all),
        rows_of(&[
            (
                "s1",
                "info",
                "\"info\" property must have required property \"zzz\""
            ),
            (
                "s1",
                "info",
                "Property \"description\" is not expected to be here"
            ),
            (
                "s1",
                "info",
                "Property \"license\" is not expected to be here"
            ),
            (
                "s1",
                "info",
                "Property \"other\" is not expected to be here"
            ),
            ("s2", "info", "\"info.termsOfService\" property must exist"),
            (
                "s1",
                "info.title",
                "\"title\" property type must be integer"
            ),
            (
                "s1",
                "info.contact",
                "\"contact\" property type must be array"
            ),
            (
                "s1",
                "info.x-d",
                "\"x-d\" property must not have more than 1 items"
            ),
            (
                "s1",
                "info.x-d",
                "\"x-d\" property must not have duplicate items (items ## 0 and 1 are identical)"
            ),
            (
                "s1",
                "info.x-f",
                "\"x-f\" property must not have fewer than 5 properties"
            ),
            (
                "s1",
                "info.x-f",
                "\"x-f\" property must match pattern \"^z\""
            ),
            (
                "s1",
                "info.x-f",
                "\"x-f\" property property name must be valid"
            ),
        ])
    );
}

/// A referenced file named `.json` is read with Spectral's JSON parser, whose ranges of
/// objects and arrays run from the opening bracket to just after the closing one (the
/// YAML parser's start after the key's `:` and end at the last value). The expected ranges
/// are Spectral 6.16's output.
#[test]
fn ranges_in_a_referenced_json_file_are_spectrals_json_parsers() {
    let ws = Workspace::new("json-ranges");
    let linter = ws.linter(
        "rules:\n  whole:\n    given: \"$.paths.*.get.parameters[0]\"\n    then: {field: nope, function: truthy}\n  each:\n    given: \"$.paths.*.get.parameters[0][name,x-n,x-a,x-o,x-e]\"\n    then: {function: falsy}\n  item:\n    given: \"$.paths.*.get.parameters[0].x-a[0]\"\n    then: {function: falsy}\n",
    );
    ws.write(
        "common.json",
        "{\n  \"P\": {\n    \"name\": \"x\",\n    \"in\": \"query\",\n    \"type\": \"string\",\n    \"x-n\": 12,\n    \"x-a\": [1, 2],\n    \"x-o\": {\"a\": 1},\n    \"x-e\": {}\n  }\n}\n",
    );
    let api = ws.write(
        "api.yaml",
        "swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: './common.json#/P'\n      responses:\n        '200': {description: ok}\n",
    );
    let found = placed_in_files(linter.lint_file(&api, &LoadOptions::default()).unwrap());
    assert_eq!(
        found,
        [
            "common.json each P.name 2:12-2:15",
            "common.json each P.x-a 6:11-6:17",
            "common.json each P.x-e 8:11-8:13",
            "common.json each P.x-n 5:11-5:13",
            "common.json each P.x-o 7:11-7:19",
            "common.json item P.x-a.0 6:12-6:13",
            "common.json whole P 1:7-9:3",
        ]
    );
}

/// Three details of Spectral 6.16's placing and format detection, seen on held-back
/// swagger-parser specs: a collection under `"key" : ` starts one past the key (at the
/// colon); a block scalar with no content is its header (`>-`); `openapi: 3.0` written as a
/// number is "3" to Spectral, so the document is OAS 3 but not 3.0 and `array-items` (an
/// `oas3_0`/`oas3_1` rule) does not run. The expected lists are Spectral's output.
#[test]
fn spaced_colons_empty_block_scalars_and_numeric_versions_are_spectrals() {
    let ws = Workspace::new("spaced");
    let linter = ws.linter("extends: [\"spectral:oas\"]\n");
    let spaced = ws.write(
        "spaced.json",
        "{\n  \"openapi\" : \"3.0.0\",\n  \"info\" : {\n    \"title\" : \"t\",\n    \"version\" : \"1\"\n  },\n  \"paths\" : {}\n}\n",
    );
    assert_eq!(
        placed(linter.lint_file(&spaced, &LoadOptions::default()).unwrap()),
        [
            "info-contact info 2:9-4:19",
            "info-description info 2:9-4:19",
            "oas3-api-servers  0:0-6:14",
        ]
    );
    let num = ws.write(
        "num.yaml",
        "openapi: 3.0\ninfo:\n  title: t\n  version: \"1\"\n  description: >-\npaths: {}\ncomponents:\n  schemas:\n    L: {type: array}\n",
    );
    assert_eq!(
        placed(linter.lint_file(&num, &LoadOptions::default()).unwrap()),
        [
            "info-contact info 1:5-4:17",
            "info-description info.description 4:15-4:17",
            "oas3-api-servers  0:0-8:19",
            "oas3-schema openapi 0:9-0:12",
            "oas3-unused-component components.schemas.L 8:6-8:19",
        ]
    );
}

/// Ranges of nodes with YAML anchors, tags and aliases, as Spectral 6.16 gave them: a node
/// starts after its `&anchor` and `!tag` (on the next line too), a quoted one ends at its
/// closing quote; an alias is its name after the `*` in a sequence, and starts after the `:`
/// under a key, whatever it stands for; a collection written last ends there too.
#[test]
fn ranges_of_anchored_tagged_and_aliased_nodes_are_spectrals() {
    let ws = Workspace::new("anchors");
    let linter = ws.linter(
        "rules:\n  tag:\n    given: \"$.paths.*.get.tags[*]\"\n    then: {function: pattern, functionOptions: {match: \"^zzz\"}}\n  op:\n    given: \"$.paths.*.get\"\n    then: {field: description, function: truthy}\n  anch:\n    given: \"$.x-anch.*\"\n    then: {function: falsy}\n  seq:\n    given: \"$.x-seq[*]\"\n    then: {function: falsy}\n  last:\n    given: \"$.x-last\"\n    then: {function: falsy}\n",
    );
    let api = ws.write(
        "api.yaml",
        r#"openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      tags:
        - &t cats
        - *t
        - !!str dogs
        - &t2 "quoted"
      responses:
        '203':
          description: &d "quoted"
x-anch:
  a: &s1 'single'
  b: *s1
  c: &m1
    k: v
  d: *m1
  e: !!str 12
  f: &b1 |
    block
  g: &seq [1, 2]
x-seq:
  - &sa {a: 1}
  - &sb
    a: 1
  - *sa
  - !!map {a: 1}
  - &se
    "next-line"
x-last:
  a: &l1
    - p
  b: *l1
"#,
    );
    let found = placed(linter.lint_file(&api, &LoadOptions::default()).unwrap());
    assert_eq!(
        found,
        [
            "anch x-anch.a 14:9-14:17",
            "anch x-anch.b 15:4-15:8",
            "anch x-anch.c 16:4-17:8",
            "anch x-anch.d 18:4-18:8",
            "anch x-anch.e 19:11-19:13",
            "anch x-anch.f 20:9-21:9",
            "anch x-anch.g 22:4-22:15",
            // A mapping whose last value is an alias of a sequence ends at the alias.
            "last x-last 31:7-34:8",
            "op paths./a.get 4:8-12:34",
            "seq x-seq.0 24:8-24:13",
            "seq x-seq.1 26:4-26:8",
            "seq x-seq.2 27:5-27:7",
            "seq x-seq.3 28:10-28:15",
            "seq x-seq.4 30:4-30:15",
            "tag paths./a.get.tags.0 6:13-6:17",
            "tag paths./a.get.tags.1 7:11-7:12",
            "tag paths./a.get.tags.2 8:16-8:20",
            "tag paths./a.get.tags.3 9:14-9:22",
        ]
    );
}

/// Ranges as Spectral 6.16 gave them for these documents: an object or array under a key
/// starts right after the key's `:` (JSON and YAML, block or flow, also when it opens on the
/// next line), a block scalar at its `|`/`>`, a sequence item at its first character; a
/// mapping ends where its text ends.
#[test]
fn ranges_of_collections_and_block_scalars_are_spectrals() {
    let ws = Workspace::new("ranges");
    let ranges = |linter: &Linter, name: &str, text: &str| {
        let path = ws.write(name, text);
        let mut out: Vec<(String, u32, u32, u32, u32)> = linter
            .lint_file(&path, &LoadOptions::default())
            .unwrap()
            .into_iter()
            .map(|f| {
                let r = f.range;
                let (s, e) = (r.start, r.end);
                (f.code, s.line, s.character, e.line, e.character)
            })
            .collect();
        out.sort();
        out
    };
    let falsy = |given: &[(&str, &str)]| {
        let mut r = String::from("rules:\n");
        for (code, path) in given {
            r.push_str(&format!(
                "  {code}:\n    given: \"{path}\"\n    then: {{function: falsy}}\n"
            ));
        }
        r
    };
    let linter = ws.linter(&falsy(&[
        ("c1", "$.info"),
        ("c2", "$.info.x-a"),
        ("c3", "$.info.x-l"),
        ("c4", "$.tags[*]"),
        ("c5", "$.x-n"),
        ("c6", "$.x-s"),
        ("c7", "$.paths"),
    ]));
    let yaml = "openapi: 3.0.0\ninfo:   {title: x, version: \"1\", x-a: {b: 1}, x-l: [1,2]}\ntags:\n  - {name: b}\n  - name: a\nx-n:\n  {a: 1}\nx-s:   [ 1 ]\npaths: {}\n";
    let expected: Vec<(String, u32, u32, u32, u32)> = [
        ("c1", 1, 5, 1, 55),
        ("c2", 1, 37, 1, 43),
        ("c3", 1, 50, 1, 55),
        ("c4", 3, 4, 3, 12),
        ("c4", 4, 4, 4, 11),
        ("c5", 5, 4, 6, 7),
        ("c6", 7, 4, 7, 10),
        ("c7", 8, 6, 8, 9),
    ]
    .iter()
    .map(|(c, a, b, d, e)| (c.to_string(), *a, *b, *d, *e))
    .collect();
    assert_eq!(ranges(&linter, "flow.yaml", yaml), expected);
    let scalars = "openapi: 3.0.0\ninfo:\n  title: t\n  version: '1'\n  description: >-\n    folded\n    text\nx-k:   |\n  lit\npaths: {}\n";
    let scalar_rules = ws.linter(&falsy(&[("c8", "$.info.description"), ("c9", "$.x-k")]));
    assert_eq!(
        ranges(&scalar_rules, "scalars.yaml", scalars),
        [
            ("c8".to_string(), 4, 15, 6, 8),
            ("c9".to_string(), 7, 7, 8, 5)
        ]
    );
    // Keys merged in with `<<` do not move the end of the mapping that merges them.
    let merge_rules = ws.linter("rules:\n  m1:\n    given: \"$.paths[*].get\"\n    then: {field: operationId, function: truthy}\n");
    let merged = "openapi: 3.0.3\nx-d: &d\n  description: shared\n  tags: [a]\npaths:\n  /p:\n    get:\n      <<: *d\n      summary: s\n      responses:\n        '200': {description: ok}\n";
    assert_eq!(
        ranges(&merge_rules, "merged.yaml", merged),
        [("m1".to_string(), 6, 8, 10, 31)]
    );
    let json = "{\n  \"openapi\": \"3.0.0\",\n  \"info\":   {\"title\": \"x\", \"version\": \"1\"},\n  \"tags\": [ {\"name\": \"b\"},   {\"name\": \"a\"} ],\n  \"paths\": {}\n}\n";
    let expected: Vec<(String, u32, u32, u32, u32)> = [
        ("c1", 2, 9, 2, 41),
        ("c4", 3, 12, 3, 24),
        ("c4", 3, 29, 3, 41),
        ("c7", 4, 10, 4, 13),
    ]
    .iter()
    .map(|(c, a, b, d, e)| (c.to_string(), *a, *b, *d, *e))
    .collect();
    assert_eq!(ranges(&linter, "api.json", json), expected);
}

/// A `$ref` that cannot be followed is an `invalid-ref` error, as Spectral 6.16 reports it
/// with no rules at all: one per distinct message, in the resolver's words, at the `$ref`
/// value, and for references inside another file at a path Spectral looks up in the linted
/// document (so with the empty range). The expected list is Spectral's output.
#[test]
fn broken_refs_are_invalid_ref_errors() {
    let ws = Workspace::new("invalid-ref");
    let linter = ws.linter("rules: {}\n");
    ws.write(
        "other.yaml",
        "Resp:\n  description: r\n  content:\n    application/json:\n      schema: {$ref: '#/Gone'}\n    text/plain:\n      schema: {$ref: 'absent.yaml'}\n",
    );
    let api = ws.write(
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n        '201':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: ''}\n        '202':\n          $ref: 'nofile.yaml#/X'\n        '203':\n          $ref: 'other.yaml#/Nope'\n        '204':\n          $ref: 'other.yaml#/Resp'\n        '205':\n          $ref: '#/components/responses/Deep/inner'\n        '206':\n          $ref: 'api.yaml#/components/responses/Gone'\ncomponents:\n  responses:\n    Deep: {description: d}\n",
    );
    let dir = api.parent().unwrap().display().to_string();
    // A file that cannot be read is reported in the file naming it, a missing pointer in the
    // linted file; `''` as Spectral reads it, a folder; a file naming itself as a local
    // reference.
    let found = linter.lint_file(&api, &LoadOptions::default()).unwrap();
    let found = described_in_files(found);
    let mut expected = vec![
        "api.yaml invalid-ref Error Nope.$ref 0:0-0:0 '#/Nope' does not exist @ '{dir}/other.yaml'".to_string(),
        "api.yaml invalid-ref Error Resp.content.application/json.schema.$ref 0:0-0:0 '#/Gone' does not exist".into(),
        "api.yaml invalid-ref Error paths./a.get.responses.200.content.application/json.schema.$ref 10:29-10:59 '#/components/schemas/Missing' does not exist".into(),
        "api.yaml invalid-ref Error paths./a.get.responses.201.content.application/json.schema.$ref 15:29-15:31 EISDIR: illegal operation on a directory, read".into(),
        "api.yaml invalid-ref Error paths./a.get.responses.202.$ref 17:16-17:32 ENOENT: no such file or directory, open '{dir}/nofile.yaml'".into(),
        "api.yaml invalid-ref Error paths./a.get.responses.205.$ref 23:16-23:51 '#/components/responses/Deep/inner' does not exist".into(),
        "api.yaml invalid-ref Error paths./a.get.responses.206.$ref 25:16-25:53 '#/components/responses/Gone' does not exist".into(),
        "other.yaml invalid-ref Error Resp.content.text/plain.schema.$ref 0:0-0:0 ENOENT: no such file or directory, open '{dir}/absent.yaml'".into(),
    ]
    .into_iter()
    .map(|s| s.replace("{dir}", &dir))
    .collect::<Vec<_>>();
    expected.sort();
    assert_eq!(found, expected);
}

/// Which reusable objects count as used, as Spectral 6.16 decided for these specs: a
/// reference to the object itself counts wherever it is written (inside another unused
/// object, in a cycle of two, in an extension), except inside the object it points to; a
/// reference to something inside the object does not count.
#[test]
fn unused_components_are_spectrals() {
    let ws = Workspace::new("unused");
    let linter =
        ws.linter("extends: [[spectral:oas, off]]\nrules:\n  oas3-unused-component: error\n");
    ws.write("u.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Used'}\ncomponents:\n  schemas:\n    Used:\n      type: object\n      properties:\n        c: {$ref: '#/components/schemas/Child'}\n    Child: {type: string}\n    Self:\n      type: object\n      properties:\n        me: {$ref: '#/components/schemas/Self'}\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/B'}\n    B:\n      type: object\n      properties:\n        a: {$ref: '#/components/schemas/A'}\n    C:\n      type: object\n      properties:\n        d: {$ref: '#/components/schemas/D'}\n    D: {type: string}\n    UsedSelf:\n      type: object\n      properties:\n        me: {$ref: '#/components/schemas/UsedSelf'}\nx-root:\n  u: {$ref: '#/components/schemas/UsedSelf'}\n");
    ws.write("u2.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Deep/properties/x'}\ncomponents:\n  schemas:\n    Deep:\n      type: object\n      properties:\n        x: {type: string}\n");
    assert_eq!(
        ws.lint(&linter, "u.yaml"),
        [
            "oas3-unused-component Error /components/schemas/C",
            "oas3-unused-component Error /components/schemas/Self"
        ]
    );
    assert_eq!(
        ws.lint(&linter, "u2.yaml"),
        ["oas3-unused-component Error /components/schemas/Deep"]
    );
    // Names with `/`, `~` or `%XX`: used when a reference's decoded pointer names them;
    // an unused one is placed where Spectral reads its unescaped pointer back, so `a/c`
    // falls on `a` and `unused%41` (`unusedA`) on `schemas`, each reported once.
    ws.write("u3.yaml", "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /p:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                oneOf:\n                  - $ref: '#/components/schemas/a~1b'\n                  - $ref: '#/components/schemas/c%20d'\n                  - $ref: '#/components/schemas/e~0f'\n                  - $ref: '#/components/schemas/g%25h'\ncomponents:\n  schemas:\n    a/b: {type: string}\n    c d: {type: string}\n    e~f: {type: string}\n    g%h: {type: string}\n    unused~x: {type: string}\n    unused%41: {type: string}\n    unused y: {type: string}\n    a: {type: string}\n    a/c: {type: string}\n");
    assert_eq!(
        ws.lint(&linter, "u3.yaml"),
        [
            "oas3-unused-component Error /components/schemas",
            "oas3-unused-component Error /components/schemas/a",
            "oas3-unused-component Error /components/schemas/unused y",
            "oas3-unused-component Error /components/schemas/unused~0x",
        ]
    );
}

/// Only the `$ref`s Spectral's resolver meets count, for use and for `invalid-ref`: not one
/// inside an object that has its own `$ref` (the object is replaced by its target), and in
/// a referenced file only those inside the parts references point to. Spectral 6.16 gave
/// exactly this one finding for these files.
#[test]
fn refs_spectral_never_meets_neither_use_nor_break() {
    let ws = Workspace::new("unmet-refs");
    let linter =
        ws.linter("extends: [[spectral:oas, off]]\nrules:\n  oas3-unused-component: error\n");
    ws.write(
        "other.yaml",
        "components:\n  schemas:\n    Foo: {type: string}\n    Bar: {$ref: './main.yaml#/components/responses/NotFound'}\n    Broken: {$ref: '#/nowhere'}\n",
    );
    let main = ws.write(
        "main.yaml",
        "openapi: 3.0.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Error'}\ncomponents:\n  schemas:\n    Error:\n      type: object\n      properties:\n        test: {$ref: './other.yaml#/components/schemas/Foo'}\n        field:\n          description: {$ref: './missing-description.md'}\n          $ref: '#/components/schemas/Child'\n    Child: {type: string}\n  responses:\n    NotFound: {description: nf}\n",
    );
    let found = linter.lint_file(&main, &LoadOptions::default()).unwrap();
    assert_eq!(
        summary(&found),
        ["oas3-unused-component Error /components/responses/NotFound"]
    );
}

/// `alphabetical` as Spectral 6.16 reported on this spec: which pair is out of order (numbers,
/// numeric strings and text compared as its `compare` does), the path (the key, or the
/// index, of the first of the pair; the list itself with `keyedBy`) and the words.
#[test]
fn alphabetical_is_spectrals() {
    let ws = Workspace::new("alphabetical");
    let linter = ws.linter("rules:\n  a1: {given: \"$.x-obj\", then: {function: alphabetical}}\n  a2: {given: \"$.x-arr\", then: {function: alphabetical}}\n  a3: {given: \"$.x-num\", then: {function: alphabetical}}\n  a4: {given: \"$.x-tags\", then: {function: alphabetical, functionOptions: {keyedBy: name}}}\n  a5: {given: \"$.x-bad\", then: {function: alphabetical, functionOptions: {keyedBy: name}}}\n  a6: {given: \"$.x-bool\", then: {function: alphabetical}}\n  a7: {given: \"$.x-mixed\", then: {function: alphabetical}}\n  a8: {given: \"$.x-ok\", then: {function: alphabetical}}\n  a9: {given: \"$.x-numstr\", then: {function: alphabetical}}\n  a10: {given: \"$.x-n2\", then: {function: alphabetical}}\n  a11: {given: \"$.x-case\", then: {function: alphabetical}}\n");
    let path = ws.write("api.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-obj: {b: 1, a: 2, c: 3}\nx-arr: [a, c, b]\nx-num: [1, 10, 2]\nx-tags: [{name: b}, {name: a}]\nx-bad: [{name: b}, 3]\nx-bool: [true, false]\nx-mixed: [b, 1, a]\nx-ok: [a, b]\nx-numstr: [\"10\", \"9\"]\nx-n2: [10, \"9\"]\nx-case: [b, B, a]\nx-key: {name: 1}\n");
    let found = rows(linter.lint_file(&path, &LoadOptions::default()).unwrap());
    assert_eq!(
        found,
        rows_of(&[
            ("a1", "x-obj.b", "\"b\" must be placed after \"a\""),
            ("a10", "x-n2.0", "10 must be placed after \"9\""),
            ("a11", "x-case.1", "\"B\" must be placed after \"a\""),
            ("a2", "x-arr.1", "\"c\" must be placed after \"b\""),
            ("a3", "x-num.1", "10 must be placed after 2"),
            (
                "a4",
                "x-tags",
                "properties must follow the alphabetical order",
            ),
            ("a5", "x-bad", "\"x-bad\" property must be an object"),
            (
                "a6",
                "x-bool",
                "\"x-bool\" property must be one of the allowed types: number, string",
            ),
        ])
    );
}

/// The core functions' words and paths (pattern, length, enumeration, xor, or, presence,
/// casing) and message templates (`{{value}}` as JavaScript prints it, `#{{...}}`
/// expressions, unknown names), as Spectral 6.16 reported them on this spec.
#[test]
fn core_function_messages_are_spectrals() {
    let ws = Workspace::new("core-messages");
    let path = ws.write("api.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1', description: 'Hello World'}\npaths: {}\nx-s: 'abc_Def'\nx-n: 42\nx-arr: [1, 2, 3, 4]\nx-obj: {a: 1, b: 2, c: 3}\nx-e: 'zzz'\nx-empty: ''\nx-both: {a: 1, b: 2}\nx-none: {c: 1}\nx-camel: [fooBar, FooBar, foo_bar, foo-bar, FOO_BAR, foo1Bar, fooBAR, 'foo bar', 'foo.bar']\nx-null: null\nx-bool: false\n");
    let findings =
        |linter: &Linter| rows(linter.lint_file(&path, &LoadOptions::default()).unwrap());
    assert_eq!(
        findings(&ws.linter("rules:\n  p1: {given: \"$.x-s\", then: {function: pattern, functionOptions: {match: \"^[a-z]+$\"}}}\n  p2: {given: \"$.x-s\", then: {function: pattern, functionOptions: {notMatch: \"_\"}}}\n  p3: {given: \"$.x-s\", then: {function: pattern, functionOptions: {match: \"/^ABC/i\"}}}\n  p4: {given: \"$.x-n\", then: {function: pattern, functionOptions: {match: \"^a\"}}}\n  l1: {given: \"$.x-s\", then: {function: length, functionOptions: {max: 3}}}\n  l2: {given: \"$.x-arr\", then: {function: length, functionOptions: {min: 5}}}\n  l3: {given: \"$.x-obj\", then: {function: length, functionOptions: {max: 2}}}\n  l4: {given: \"$.x-n\", then: {function: length, functionOptions: {min: 50, max: 60}}}\n  e1: {given: \"$.x-e\", then: {function: enumeration, functionOptions: {values: [a, b]}}}\n  e2: {given: \"$.x-n\", then: {function: enumeration, functionOptions: {values: [1, 2]}}}\n  x1: {given: \"$.x-both\", then: {function: xor, functionOptions: {properties: [a, b]}}}\n  x2: {given: \"$.x-none\", then: {function: xor, functionOptions: {properties: [a, b]}}}\n  o1: {given: \"$.x-none\", then: {function: or, functionOptions: {properties: [a, b]}}}\n  t1: {given: \"$.x-empty\", then: {function: truthy}}\n  t2: {given: \"$.x-bool\", then: {function: truthy}}\n  t3: {given: \"$.x-null\", then: {function: defined}}\n  t4: {given: \"$.x-s\", then: {function: undefined}}\n  t5: {given: \"$.x-s\", then: {function: falsy}}\n  c1: {given: \"$.x-camel[*]\", then: {function: casing, functionOptions: {type: camel}}}\n  c2: {given: \"$.x-camel[*]\", then: {function: casing, functionOptions: {type: snake}}}\n  c3: {given: \"$.x-camel[*]\", then: {function: casing, functionOptions: {type: kebab, disallowDigits: true}}}\n  c4: {given: \"$.x-camel[*]\", then: {function: casing, functionOptions: {type: macro}}}\n  c5: {given: \"$.x-camel[*]\", then: {function: casing, functionOptions: {type: pascal, separator: {char: '.', allowLeading: true}}}}\n  c6: {given: \"$.x-camel[*]\", then: {function: casing, functionOptions: {type: cobol}}}\n  c7: {given: \"$.x-camel[*]\", then: {function: casing, functionOptions: {type: flat}}}\n  m1: {given: \"$.x-s\", message: \"{{property}} at {{path}} is {{value}}: {{error}}\", then: {function: pattern, functionOptions: {match: \"^z\"}}}\n  m2: {given: \"$.x-obj\", message: \"{{value}} {{description}}\", description: desc, then: {function: falsy}}\n  m3: {given: \"$.x-arr\", message: \"{{value}}\", then: {function: falsy}}\n")),
        rows_of(&[
            ("c1", "x-camel.1", "must be camel case"),
            ("c1", "x-camel.2", "must be camel case"),
            ("c1", "x-camel.3", "must be camel case"),
            ("c1", "x-camel.4", "must be camel case"),
            ("c1", "x-camel.6", "must be camel case"),
            ("c1", "x-camel.7", "must be camel case"),
            ("c1", "x-camel.8", "must be camel case"),
            ("c2", "x-camel.0", "must be snake case"),
            ("c2", "x-camel.1", "must be snake case"),
            ("c2", "x-camel.3", "must be snake case"),
            ("c2", "x-camel.4", "must be snake case"),
            ("c2", "x-camel.5", "must be snake case"),
            ("c2", "x-camel.6", "must be snake case"),
            ("c2", "x-camel.7", "must be snake case"),
            ("c2", "x-camel.8", "must be snake case"),
            ("c3", "x-camel.0", "must be kebab case"),
            ("c3", "x-camel.1", "must be kebab case"),
            ("c3", "x-camel.2", "must be kebab case"),
            ("c3", "x-camel.4", "must be kebab case"),
            ("c3", "x-camel.5", "must be kebab case"),
            ("c3", "x-camel.6", "must be kebab case"),
            ("c3", "x-camel.7", "must be kebab case"),
            ("c3", "x-camel.8", "must be kebab case"),
            ("c4", "x-camel.0", "must be macro case"),
            ("c4", "x-camel.1", "must be macro case"),
            ("c4", "x-camel.2", "must be macro case"),
            ("c4", "x-camel.3", "must be macro case"),
            ("c4", "x-camel.5", "must be macro case"),
            ("c4", "x-camel.6", "must be macro case"),
            ("c4", "x-camel.7", "must be macro case"),
            ("c4", "x-camel.8", "must be macro case"),
            ("c5", "x-camel.0", "must be pascal case"),
            ("c5", "x-camel.2", "must be pascal case"),
            ("c5", "x-camel.3", "must be pascal case"),
            ("c5", "x-camel.4", "must be pascal case"),
            ("c5", "x-camel.5", "must be pascal case"),
            ("c5", "x-camel.6", "must be pascal case"),
            ("c5", "x-camel.7", "must be pascal case"),
            ("c5", "x-camel.8", "must be pascal case"),
            ("c6", "x-camel.0", "must be cobol case"),
            ("c6", "x-camel.1", "must be cobol case"),
            ("c6", "x-camel.2", "must be cobol case"),
            ("c6", "x-camel.3", "must be cobol case"),
            ("c6", "x-camel.4", "must be cobol case"),
            ("c6", "x-camel.5", "must be cobol case"),
            ("c6", "x-camel.6", "must be cobol case"),
            ("c6", "x-camel.7", "must be cobol case"),
            ("c6", "x-camel.8", "must be cobol case"),
            ("c7", "x-camel.0", "must be flat case"),
            ("c7", "x-camel.1", "must be flat case"),
            ("c7", "x-camel.2", "must be flat case"),
            ("c7", "x-camel.3", "must be flat case"),
            ("c7", "x-camel.4", "must be flat case"),
            ("c7", "x-camel.5", "must be flat case"),
            ("c7", "x-camel.6", "must be flat case"),
            ("c7", "x-camel.7", "must be flat case"),
            ("c7", "x-camel.8", "must be flat case"),
            ("e1", "x-e", "\"zzz\" must be equal to one of the allowed values: \"a\", \"b\""),
            ("e2", "x-n", "42 must be equal to one of the allowed values: 1, 2"),
            ("l1", "x-s", "\"x-s\" property must be shorter than 3"),
            ("l2", "x-arr", "\"x-arr\" property must be longer than 5"),
            ("l3", "x-obj", "\"x-obj\" property must be shorter than 2"),
            ("l4", "x-n", "\"x-n\" property must be longer than 50"),
            ("m1", "x-s", "x-s at #/x-s is abc_Def: \"abc_Def\" must match the pattern \"^z\""),
            ("m2", "x-obj", "[object Object] desc"),
            ("m3", "x-arr", "1,2,3,4"),
            ("o1", "x-none", "At least one of \"a\" or \"b\" must be defined"),
            ("p1", "x-s", "\"abc_Def\" must match the pattern \"^[a-z]+$\""),
            ("p2", "x-s", "\"abc_Def\" must not match the pattern \"_\""),
            ("t1", "x-empty", "\"x-empty\" property must be truthy"),
            ("t2", "x-bool", "\"x-bool\" property must be truthy"),
            ("t4", "x-s", "\"x-s\" property must be undefined"),
            ("t5", "x-s", "\"x-s\" property must be falsy"),
            ("x1", "x-both", "Just one of \"a\" and \"b\" must be defined"),
            ("x2", "x-none", "At least one of \"a\" or \"b\" must be defined")
        ])
    );
    assert_eq!(
        findings(&ws.linter("rules:\n  r1: {given: \"$\", then: {function: falsy}}\n  r2: {given: \"$.info\", message: \"#{{print(\\\"property\\\")}}and #{{print(\\\"value\\\")}} {{nope}} {{description}} #{{property + '!'}} #{{path.toUpperCase()}}\", then: {function: falsy}}\n  r3: {given: \"$.info.title\", message: \"{{value}} #{{print(\\\"value\\\")}} {{path}}\", then: {function: falsy}}\n  r4: {given: \"$.x-n\", message: \"{{value}}|#{{print(\\\"value\\\")}}\", then: {function: falsy}}\n  r5: {given: \"$\", then: {field: nothere, function: schema, functionOptions: {schema: {type: string}}}}\n")),
        rows_of(&[
            ("r1", "", "The document must be falsy"),
            ("r2", "info", "\"info\" property and Object{}  null info! #/INFO"),
            ("r3", "info.title", "t \"t\" #/info/title"),
            ("r4", "x-n", "42|42"),
            ("r5", "", "\"nothere\" property must exist")
        ])
    );
}

/// What each `given` of Spectral's JSONPath dialect matched in Spectral 6.16 on this spec:
/// unions, wildcards, `..`, slices, `~`, `^`, `@property`, `@parentProperty`, `@path`,
/// `.match`, `.length`, `.constructor.name`, and a filter using `typeof`, which matches
/// nothing there (COMPATIBILITY.md).
#[test]
fn jsonpath_matches_are_spectrals() {
    let ws = Workspace::new("jsonpath");
    let linter = ws.linter("rules:\n  j1: {given: \"$.paths[*][get,post]\", then: {function: undefined}}\n  j2: {given: \"$..parameters[?(@.in == 'query')]\", then: {function: undefined}}\n  j4: {given: \"$..[?(@property === 'description' && @.length < 5)]\", then: {function: undefined}}\n  j5: {given: \"$.paths[*]~\", then: {function: undefined}}\n  j6: {given: \"$..schema.properties.*^\", then: {function: undefined}}\n  j7: {given: \"$.tags[1:]\", then: {function: undefined}}\n  j9: {given: \"$..[?(@ && @.type === 'object' && !@.required)]\", then: {function: undefined}}\n  j10: {given: \"$.paths[?(@property.match(/posts/))]\", then: {function: undefined}}\n  j11: {given: \"$..[?(@parentProperty === 'parameters')]\", then: {function: undefined}}\n  j12: {given: \"$..[?(@path.length > 0 && @property === 'operationId')]\", then: {function: undefined}}\n  j13: {given: \"$.paths..responses[*].content[*].schema\", then: {function: undefined}}\n  j14: {given: \"$..[?(typeof @ === 'string' && @.match(/^http/))]\", then: {function: undefined}}\n  j16: {given: \"$.components.schemas[?(@.enum && @.enum.length > 2)]\", then: {function: undefined}}\n  j17: {given: \"$..[?(@.constructor.name === 'Array' && @.length > 3)]\", then: {function: undefined}}\n  j18: {given: \"$['info']['contact']['email']\", then: {function: undefined}}\n  j19: {given: \"$..tags.*\", then: {function: undefined}}\n  j21: {given: \"$.paths.*[?(@property != 'parameters')]\", then: {function: undefined}}\n");
    let path = ws.write("api.yaml", "openapi: 3.0.0\ninfo:\n  title: O\n  version: '1'\n  description: d\n  contact: {name: n, email: a@b.c, url: 'https://x.y'}\n  license: {name: MIT}\nservers:\n  - url: https://api.example.com/v1/\n  - url: http://localhost:{port}/{base}\n    variables:\n      port: {default: '8080'}\n  - url: ftp://x\nsecurity:\n  - oauth: [read]\n  - nothere: []\ntags:\n  - {name: b, description: x}\n  - {name: a}\npaths:\n  /users/{userId}/posts/{postId}:\n    get:\n      operationId: get user posts\n      description: d\n      tags: [a, z]\n      parameters:\n        - {name: userId, in: path, required: true, schema: {type: integer}}\n        - {name: limit, in: query, schema: {type: integer}, description: l}\n        - {name: limit, in: query, schema: {type: integer}, description: l}\n        - {name: x, in: header, description: x, schema: {type: string}, example: 1, examples: {a: {value: 2}}}\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-Rate: {schema: {type: integer}, example: abc}\n          links:\n            l: {operationId: nope}\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [id]\n                properties:\n                  id: {type: integer, format: int32, minimum: 0, example: -1}\n                  tags: {type: array, items: {type: string}, example: [1]}\n              examples:\n                one: {value: {id: 'x'}, externalValue: 'http://e'}\n      callbacks:\n        cb:\n          '{$request.body#/url}':\n            post:\n              requestBody:\n                content:\n                  application/json:\n                    schema: {type: string}\n              responses:\n                '200': {description: ok}\n  /users/{userId}/posts/{id}:\n    get:\n      operationId: dupe\n      description: d\n      tags: [a]\n      responses:\n        '200': {description: ok}\n  /users/{userId}/posts/{postId}/:\n    post:\n      operationId: dupe\n      description: d\n      tags: [b]\n      parameters:\n        - {name: userId, in: path, required: true, schema: {type: integer}}\n        - {name: postId, in: path, required: true, schema: {type: integer}}\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema: {type: object}\n      responses:\n        '201': {description: ok}\n  /q?x=1:\n    get:\n      responses:\n        '200': {description: ok}\ncomponents:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        implicit: {authorizationUrl: 'https://a', scopes: {read: r}}\n  schemas:\n    E: {type: string, enum: [a, 1, a]}\n    Disc:\n      type: object\n      discriminator: {propertyName: kind}\n      properties: {other: {type: string}}\n");
    let mut found: Vec<(String, String)> = linter
        .lint_file(&path, &LoadOptions::default())
        .unwrap()
        .into_iter()
        .map(|f| (f.code, f.path.join(".")))
        .collect();
    found.sort();
    let mut expected: Vec<(String, String)> = [
        ("j1", "paths./q?x=1.get"),
        ("j1", "paths./users/{userId}/posts/{id}.get"),
        ("j1", "paths./users/{userId}/posts/{postId}.get"),
        ("j1", "paths./users/{userId}/posts/{postId}/.post"),
        ("j10", "paths./users/{userId}/posts/{id}"),
        ("j10", "paths./users/{userId}/posts/{postId}"),
        ("j10", "paths./users/{userId}/posts/{postId}/"),
        ("j11", "paths./users/{userId}/posts/{postId}.get.parameters.0"),
        ("j11", "paths./users/{userId}/posts/{postId}.get.parameters.1"),
        ("j11", "paths./users/{userId}/posts/{postId}.get.parameters.2"),
        ("j11", "paths./users/{userId}/posts/{postId}.get.parameters.3"),
        ("j11", "paths./users/{userId}/posts/{postId}/.post.parameters.0"),
        ("j11", "paths./users/{userId}/posts/{postId}/.post.parameters.1"),
        ("j12", "paths./users/{userId}/posts/{id}.get.operationId"),
        ("j12", "paths./users/{userId}/posts/{postId}.get.operationId"),
        ("j12", "paths./users/{userId}/posts/{postId}.get.responses.200.links.l.operationId"),
        ("j12", "paths./users/{userId}/posts/{postId}/.post.operationId"),
        ("j13", "paths./users/{userId}/posts/{postId}.get.responses.200.content.application/json.schema"),
        ("j16", "components.schemas.E"),
        ("j17", "paths./users/{userId}/posts/{postId}.get.parameters"),
        ("j18", "info.contact.email"),
        ("j19", "paths./users/{userId}/posts/{id}.get.tags.0"),
        ("j19", "paths./users/{userId}/posts/{postId}.get.responses.200.content.application/json.schema.properties.tags.example"),
        ("j19", "paths./users/{userId}/posts/{postId}.get.responses.200.content.application/json.schema.properties.tags.items"),
        ("j19", "paths./users/{userId}/posts/{postId}.get.responses.200.content.application/json.schema.properties.tags.type"),
        ("j19", "paths./users/{userId}/posts/{postId}.get.tags.0"),
        ("j19", "paths./users/{userId}/posts/{postId}.get.tags.1"),
        ("j19", "paths./users/{userId}/posts/{postId}/.post.tags.0"),
        ("j19", "tags.0"),
        ("j19", "tags.1"),
        ("j2", "paths./users/{userId}/posts/{postId}.get.parameters.1"),
        ("j2", "paths./users/{userId}/posts/{postId}.get.parameters.2"),
        ("j21", "paths./q?x=1.get"),
        ("j21", "paths./users/{userId}/posts/{id}.get"),
        ("j21", "paths./users/{userId}/posts/{postId}.get"),
        ("j21", "paths./users/{userId}/posts/{postId}/.post"),
        ("j4", "info.description"),
        ("j4", "paths./q?x=1.get.responses.200.description"),
        ("j4", "paths./users/{userId}/posts/{id}.get.description"),
        ("j4", "paths./users/{userId}/posts/{id}.get.responses.200.description"),
        ("j4", "paths./users/{userId}/posts/{postId}.get.callbacks.cb.{$request.body#/url}.post.responses.200.description"),
        ("j4", "paths./users/{userId}/posts/{postId}.get.description"),
        ("j4", "paths./users/{userId}/posts/{postId}.get.parameters.1.description"),
        ("j4", "paths./users/{userId}/posts/{postId}.get.parameters.2.description"),
        ("j4", "paths./users/{userId}/posts/{postId}.get.parameters.3.description"),
        ("j4", "paths./users/{userId}/posts/{postId}.get.responses.200.description"),
        ("j4", "paths./users/{userId}/posts/{postId}/.post.description"),
        ("j4", "paths./users/{userId}/posts/{postId}/.post.responses.201.description"),
        ("j4", "tags.0.description"),
        ("j5", "paths./q?x=1"),
        ("j5", "paths./users/{userId}/posts/{id}"),
        ("j5", "paths./users/{userId}/posts/{postId}"),
        ("j5", "paths./users/{userId}/posts/{postId}/"),
        ("j6", "paths./users/{userId}/posts/{postId}.get.responses.200.content.application/json.schema.properties"),
        ("j7", "tags.1"),
        ("j9", "components.schemas.Disc"),
        ("j9", "paths./users/{userId}/posts/{postId}/.post.requestBody.content.application/x-www-form-urlencoded.schema")
    ]
    .iter()
    .map(|(c, p)| (c.to_string(), p.to_string()))
    .collect();
    expected.sort();
    assert_eq!(found, expected);
}

/// A plain key that is not a string (`200:`, `true:`, `null:`, `1.5:`) is a `parser` error
/// at the key, with the key's JavaScript type, whatever the ruleset: Spectral 6.16's output
/// for this spec. Quoted keys are strings.
#[test]
fn a_plain_key_that_is_not_a_string_is_a_parser_error() {
    let ws = Workspace::new("key-types");
    let linter = ws.linter("rules: {}\n");
    let path = ws.write(
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: a}\n        true: {description: b}\n        null: {description: c}\n        1.5: {description: d}\n        '201': {description: e}\nx-k: {1: a, 2: b}\n",
    );
    let found = described(linter.lint_file(&path, &LoadOptions::default()).unwrap());
    let rather = "Mapping key must be a string scalar rather than";
    let mut expected = vec![
        format!("parser Error paths./a.get.responses.200 6:8-6:11 {rather} number"),
        format!("parser Error paths./a.get.responses.true 7:8-7:12 {rather} boolean"),
        format!("parser Error paths./a.get.responses.null 8:8-8:12 {rather} null"),
        format!("parser Error paths./a.get.responses.1.5 9:8-9:11 {rather} number"),
        format!("parser Error x-k.1 11:6-11:7 {rather} number"),
        format!("parser Error x-k.2 11:12-11:13 {rather} number"),
    ];
    expected.sort();
    assert_eq!(found, expected);
}

/// A collection used as a key (`? [a]`, `{[a]: 1}`) is a `parser` warning at the mapping
/// that holds it, once per mapping, with the key's range: Spectral 6.16's findings for
/// this spec.
#[test]
fn a_collection_used_as_a_key_is_a_parser_warning() {
    let ws = Workspace::new("complex-keys");
    let linter = ws.linter("rules: {}\n");
    let path = ws.write(
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n? [r]\n: 1\nx-a:\n  ? [a, b]\n  : x\n  ? {k: v}\n  : y\n  ok: z\nx-s:\n  - a: 1\n    ? {b: 2}\n    : 3\n  - {[q, w]: 4}\n",
    );
    let found = described(linter.lint_file(&path, &LoadOptions::default()).unwrap());
    let warning = "Mapping key must be a string scalar";
    let mut expected = vec![
        format!("parser Warn  3:2-3:5 {warning}"),
        format!("parser Warn x-a 6:4-6:10 {warning}"),
        format!("parser Warn x-s.0 13:6-13:12 {warning}"),
        format!("parser Warn x-s.1 15:5-15:11 {warning}"),
    ];
    expected.sort();
    assert_eq!(found, expected);
}

/// A referenced file's parser findings are reported in that file, with the parser's own
/// severities whatever `parserOptions` say (a duplicate key an error, the rest warnings),
/// for the whole file, and with Spectral's doubled duplicate-key message. A file named
/// `.json` is read with Spectral's JSON parser, which has no tab warning. The expected
/// list is Spectral 6.16's output for these files.
#[test]
fn a_referenced_files_parser_findings_are_reported_in_it() {
    let ws = Workspace::new("referenced-parser");
    let linter =
        ws.linter("parserOptions: {duplicateKeys: off, incompatibleValues: off}\nrules: {}\n");
    let spec = ws.write(
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: './parts.yaml#/Ok'}\n        '201': {$ref: './data.json#/Made'}\n        '202': {$ref: './tabs.yaml#/Made'}\n        '203': {$ref: './tabs.json#/Made'}\n",
    );
    ws.write(
        "parts.yaml",
        "Ok:\n  description: ok\n  description: again\n  x-codes:\n    200: a\n    true: b\n  x-complex:\n    ? [a]\n    : 1\nUnused:\n  404: x\n",
    );
    ws.write(
        "data.json",
        "{\"Made\": {\"description\": \"made\", \"description\": \"twice\"}}\n",
    );
    ws.write("tabs.yaml", "{\"Made\":\t{\"description\": \"made\"}}\n");
    ws.write("tabs.json", "{\"Made\":\t{\"description\": \"made\"}}\n");
    let found = linter.lint_file(&spec, &LoadOptions::default()).unwrap();
    let found = described_in_files(found);
    let rather = "Mapping key must be a string scalar rather than";
    let expected = [
        "data.json parser Error Made.description 0:33-0:46 Duplicate key: description: description"
            .to_string(),
        "parts.yaml parser Error Ok.description 2:2-2:13 Duplicate key: description: description"
            .to_string(),
        format!("parts.yaml parser Warn Ok.x-codes.200 4:4-4:7 {rather} number"),
        format!("parts.yaml parser Warn Ok.x-codes.true 5:4-5:8 {rather} boolean"),
        "parts.yaml parser Warn Ok.x-complex 7:6-7:9 Mapping key must be a string scalar"
            .to_string(),
        format!("parts.yaml parser Warn Unused.404 10:2-10:5 {rather} number"),
        "tabs.yaml parser Warn  0:8-0:8 Using tabs can lead to unpredictable results".to_string(),
    ];
    assert_eq!(found, expected);
}

/// `parserOptions` set the severities of those parser errors, or turn them off. Only the
/// linted ruleset's own apply (not an extended one's), and an override naming the file
/// replaces them whole: a key it leaves out is an error again. The expected lists are
/// Spectral 6.16's findings for each ruleset.
#[test]
fn parser_options_set_the_severity_of_parser_errors() {
    let ws = Workspace::new("parser-options");
    let spec = ws.write(
        "spec.yaml",
        "openapi: 3.0.3\ninfo:\n  title: A\n  version: '1'\n  title: B\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n",
    );
    ws.write(
        "base.yaml",
        "parserOptions: {duplicateKeys: off, incompatibleValues: 3}\nrules: {}\n",
    );
    let duplicate = "parser {} info.title 4:2-4:7 Duplicate key: title";
    let number = "parser {} paths./a.get.responses.200 9:8-9:11 Mapping key must be a string scalar rather than number";
    let cases: [(&str, &[(&str, &str)]); 6] = [
        ("rules: {}\n", &[(duplicate, "Error"), (number, "Error")]),
        (
            "parserOptions: {duplicateKeys: warn, incompatibleValues: off}\nrules: {}\n",
            &[(duplicate, "Warn")],
        ),
        (
            "parserOptions: {duplicateKeys: off}\nrules: {}\n",
            &[(number, "Error")],
        ),
        (
            "parserOptions: {duplicateKeys: 2, incompatibleValues: -1}\nrules: {}\n",
            &[(duplicate, "Info")],
        ),
        (
            "parserOptions: {duplicateKeys: hint}\noverrides:\n  - files: [spec.yaml]\n    parserOptions: {incompatibleValues: info}\n    rules: {}\nrules: {}\n",
            &[(duplicate, "Error"), (number, "Info")],
        ),
        (
            "extends: [./base.yaml]\nrules: {}\n",
            &[(duplicate, "Error"), (number, "Error")],
        ),
    ];
    for (ruleset, expected) in cases {
        let linter = ws.linter(ruleset);
        let found = described(linter.lint_file(&spec, &LoadOptions::default()).unwrap());
        let mut expected: Vec<String> = expected
            .iter()
            .map(|(f, sev)| f.replacen("{}", sev, 1))
            .collect();
        expected.sort();
        assert_eq!(found, expected, "{ruleset}");
    }
    assert!(ws
        .refused("parserOptions: {duplicateKeys: loud}\nrules: {}\n")
        .contains("severity must be"));
    assert!(ws
        .refused("parserOptions: {duplicates: off}\nrules: {}\n")
        .contains("unknown key `duplicates` in `parserOptions`"));
}

/// `field: "@key"` on an array passes each index as a string (JavaScript's `Object.keys`),
/// and `~` on an array item yields its index as a number: what `pattern` skips, `falsy`
/// accepts for 0, `enumeration` and `schema` compare as numbers. The expected lists are
/// Spectral 6.16's findings for these specs and rulesets.
#[test]
fn keys_of_array_items_are_spectrals() {
    let ws = Workspace::new("array-keys");
    let linter = ws.linter(
        r#"rules:
  key-on-array:
    given: $.tags
    message: "K {{value}} | {{path}} | {{property}}"
    then: {field: '@key', function: pattern, functionOptions: {match: '^zz'}}
  tilde-pattern:
    given: $.tags[*]~
    message: "T {{value}}"
    then: {function: pattern, functionOptions: {match: '^zz'}}
  tilde-falsy:
    given: $.tags[*]~
    message: "F {{value}} | {{path}}"
    then: {function: falsy}
  key-on-object:
    given: $.x-o
    message: "O {{value}} | {{path}} | {{property}}"
    then: {field: '@key', function: pattern, functionOptions: {match: '^zz'}}
  key-of-empty:
    given: $.x-e
    message: "E {{value}} | {{path}}"
    then: {field: '@key', function: truthy}
  deep-tilde:
    given: $.x-l..*~
    message: "D {{value}} | {{path}}"
    then: {function: enumeration, functionOptions: {values: [1, 'k']}}
  tilde-filter:
    given: $.x-l[?(@property === 1)]~
    then: {function: defined}
  tilde-schema:
    given: $.x-l[*]~
    message: "S {{error}} | {{path}}"
    then: {function: schema, functionOptions: {schema: {type: integer, maximum: 1}}}
"#,
    );
    let spec = ws.write(
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ntags:\n  - name: a\n  - name: b\nx-o: {k1: 1, k2: 2}\nx-e: []\nx-l: [[a, b], {k: v}, 3]\n",
    );
    let found = described(linter.lint_file(&spec, &LoadOptions::default()).unwrap());
    let mut expected = vec![
        "key-on-array Warn tags.0 4:4-4:11 K [object Object] | #/tags/0 | 0",
        "key-on-array Warn tags.1 5:4-5:11 K [object Object] | #/tags/1 | 1",
        "tilde-falsy Warn tags.1 5:4-5:11 F [object Object] | #/tags/1",
        "key-on-object Warn x-o.k1 6:10-6:11 O 1 | #/x-o/k1 | k1",
        "key-on-object Warn x-o.k2 6:17-6:18 O 2 | #/x-o/k2 | k2",
        "key-of-empty Warn x-e 7:4-7:7 E  | #/x-e",
        "deep-tilde Warn x-l.0 8:6-8:11 D a,b | #/x-l/0",
        "deep-tilde Warn x-l.0.0 8:7-8:8 D a | #/x-l/0/0",
        "deep-tilde Warn x-l.2 8:22-8:23 D 3 | #/x-l/2",
        "tilde-schema Warn x-l.2 8:22-8:23 S \"2\" property must be <= 1 | #/x-l/2",
    ];
    expected.sort();
    assert_eq!(found, expected);
}

/// Numbers in messages print as JavaScript prints them (`1.0` and `1e3` as `1` and `1000`):
/// Spectral 6.16's message for this example.
#[test]
fn numbers_in_messages_print_as_in_javascript() {
    let ws = Workspace::new("js-numbers");
    let linter =
        ws.linter("extends: [[spectral:oas, off]]\nrules:\n  oas3-valid-schema-example: error\n");
    let path = ws.write(
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: number, enum: [1.0, 2.5, 1e3], example: 3}\n",
    );
    let found = linter.lint_file(&path, &LoadOptions::default()).unwrap();
    let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        ["\"example\" property must be equal to one of the allowed values: 1, 2.5, 1000"]
    );
}

/// Findings behind `$ref`s placed and named as Spectral 6.16 did for this spec: a `$ref`
/// with siblings keeps a finding on a sibling in place (the resolved view drops siblings),
/// a pure `$ref` moves it into the target and names it by the target's key, and a `$ref`
/// field (`field: $ref`) reads the property, checking the match itself when it is absent.
#[test]
fn findings_behind_refs_are_placed_as_spectral_does() {
    let ws = Workspace::new("behind-refs");
    let linter = ws.linter("rules:\n  s1: {given: \"$.paths[*].get.parameters[*]\", then: {field: description, function: truthy}}\n  s2: {given: \"$.paths[*].get.parameters[*]\", then: {field: name, function: falsy}}\n  s3: {given: \"$.paths[*].get.parameters[*]\", resolved: false, then: {field: \"$ref\", function: falsy}}\n  s4: {given: \"$.paths[*].get.parameters[*]\", then: {field: \"$ref\", function: truthy}}\n");
    let path = ws.write("api.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {$ref: '#/components/parameters/P', description: sib}\n        - {$ref: '#/components/parameters/P'}\n      responses:\n        '200': {description: ok}\ncomponents:\n  parameters:\n    P: {name: x, in: header}\n");
    let found = described(linter.lint_file(&path, &LoadOptions::default()).unwrap());
    let mut expected = vec![
        "s1 Warn components.parameters.P 12:6-12:27 \"P\" property must be truthy",
        "s1 Warn paths./a.get.parameters.0.description 6:59-6:62 \"description\" property must be truthy",
        "s2 Warn components.parameters.P.name 12:14-12:15 \"name\" property must be falsy",
        "s3 Warn paths./a.get.parameters.0.$ref 6:17-6:44 \"$ref\" property must be falsy",
        "s3 Warn paths./a.get.parameters.1.$ref 7:17-7:44 \"$ref\" property must be falsy",
        "s4 Warn components.parameters.P 12:6-12:27 \"P\" property must be truthy",
        "s4 Warn paths./a.get.parameters.0 6:10-6:62 \"0\" property must be truthy"
    ];
    expected.sort();
    assert_eq!(found, expected);
}

/// A finding behind a `$ref` to a pointer that does not exist, in this file or in another
/// file that was read, lands on the pointer's closest existing ancestor in that file (the
/// whole document when nothing of it exists) and is named from there ("The document must
/// exist"). The expected list is Spectral 6.16's output for these files.
#[test]
fn findings_behind_a_ref_to_a_missing_pointer_land_on_its_closest_ancestor() {
    let ws = Workspace::new("dangling-refs");
    let linter = ws.linter("extends: [\"spectral:oas\"]\n");
    let path = ws.write("api.yaml", "openapi: 3.0.0\ninfo: {title: t, version: 1.0.0}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object}\n              examples:\n                frog: {$ref: '#/components/examples/frog'}\n        '201':\n          description: ok\n          content:\n            application/json:\n              examples:\n                toad: {$ref: './parts.yaml#/examples/none'}\n");
    ws.write(
        "parts.yaml",
        "responses:\n  Ok:\n    description: ok\nexamples:\n  e: {value: 1}\n",
    );
    let mut found = linter.lint_file(&path, &LoadOptions::default()).unwrap();
    found.retain(|f| f.code.starts_with("oas3-"));
    let found = described_in_files(found);
    let either = "Examples must have either \"value\" or \"externalValue\" field.";
    let expected = [
        "api.yaml oas3-api-servers Warn  0:0-18:58 OpenAPI \"servers\" must be present and non-empty array.".to_string(),
        format!("api.yaml oas3-examples-value-or-externalValue Warn  0:0-18:58 {either}"),
        "api.yaml oas3-valid-media-example Error  0:0-18:58 The document must exist".to_string(),
        format!("parts.yaml oas3-examples-value-or-externalValue Warn examples 3:9-4:14 {either}"),
    ];
    assert_eq!(found, expected);
}

/// A block scalar's range keeps the trailing spaces of its last line and its trailing blank
/// lines, less the last line break; a quoted scalar ends at its closing quote; and a root
/// that starts at the beginning of the second line (after `---` or a comment) is reported
/// from the beginning of the first. The expected lists are Spectral 6.16's output.
#[test]
fn ranges_of_scalar_ends_and_the_root_are_spectrals() {
    let ws = Workspace::new("scalar-ends");
    let linter = ws.linter(
        "rules:\n  d: {given: \"$.info.x-a\", then: {function: falsy}}\n  e: {given: \"$.info.x-b\", then: {function: falsy}}\n  f: {given: \"$.info.x-c\", then: {function: falsy}}\n  g: {given: \"$.info.x-e\", then: {function: falsy}}\n  h: {given: \"$.x-z\", then: {function: falsy}}\n  q: {given: \"$.x-q\", then: {function: falsy}}\n  r: {given: \"$\", then: {field: servers, function: truthy}}\n",
    );
    let blocks = ws.write("blocks.yaml", "openapi: 3.0.0\ninfo:\n  title: t\n  version: 1.0.0\n  x-a: |\n    abc\n\n  x-b: |\n    abc\n  \n  x-c: |-\n    abc\n\n\n  x-e: >\n    abc   \n    def\n  x-d: 1\npaths: {}\nx-q: 'v'   # c\nx-z: |\n  abc  \n   \n");
    let found = described(linter.lint_file(&blocks, &LoadOptions::default()).unwrap());
    assert_eq!(
        found,
        [
            "d Warn info.x-a 4:7-6:0 \"x-a\" property must be falsy",
            "e Warn info.x-b 7:7-9:2 \"x-b\" property must be falsy",
            "f Warn info.x-c 10:7-13:0 \"x-c\" property must be falsy",
            "g Warn info.x-e 14:7-16:7 \"x-e\" property must be falsy",
            "h Warn x-z 20:5-22:3 \"x-z\" property must be falsy",
            "q Warn x-q 19:5-19:8 \"x-q\" property must be falsy",
            "r Warn  0:0-22:3 \"servers\" property must be truthy",
        ]
    );
    for (name, text, start_line) in [
        (
            "dashes.yaml",
            "---\nopenapi: 3.0.0\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
            0,
        ),
        (
            "comment.yaml",
            "# lead\nopenapi: 3.0.0\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
            0,
        ),
        (
            "both.yaml",
            "---\n# c\nopenapi: 3.0.0\ninfo: {title: t, version: 1.0.0}\npaths: {}\n",
            2,
        ),
    ] {
        let path = ws.write(name, text);
        let found = linter.lint_file(&path, &LoadOptions::default()).unwrap();
        let root = found.iter().find(|f| f.code == "r").unwrap();
        assert_eq!(
            (root.range.start.line, root.range.start.character),
            (start_line, 0),
            "{name}"
        );
    }
}

/// A finding behind a `$ref` that cannot be followed at all (its file is missing, or it is
/// `''`) stays at the `$ref` and names the missing tail from there ("frog.value"). The
/// expected lists are Spectral 6.16's output for these specs.
#[test]
fn findings_behind_a_ref_that_cannot_be_followed_stay_at_it() {
    let ws = Workspace::new("stuck-refs");
    let linter = ws.linter("extends: [\"spectral:oas\"]\n");
    for (name, reference, end) in [
        ("empty.yaml", "''", 31),
        ("missing-file.yaml", "'nofile.yaml'", 42),
    ] {
        let path = ws.write(name, &format!("openapi: 3.0.0\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object}}\n              examples:\n                frog: {{$ref: {reference}}}\n"));
        let mut found = linter.lint_file(&path, &LoadOptions::default()).unwrap();
        found.retain(|f| f.code.starts_with("oas3-examples") || f.code.starts_with("oas3-valid"));
        let at = "paths./pets.get.responses.200.content.application/json.examples.frog";
        assert_eq!(
            described(found),
            [
                format!("oas3-examples-value-or-externalValue Warn {at} 12:21-12:{end} Examples must have either \"value\" or \"externalValue\" field."),
                format!("oas3-valid-media-example Error {at} 12:21-12:{end} \"frog.value\" property must exist"),
            ],
            "{name}"
        );
    }
}

/// Messages name the property as Spectral does: the document schema's from AJV's instance
/// path, a JSON pointer (`"~1pets~01a"`), and a schema check's when it is made, so a finding
/// moved behind a `$ref` keeps the name it was found under (`"example"`). The expected list
/// is Spectral 6.16's output for this spec.
#[test]
fn messages_name_properties_as_spectral_does() {
    let ws = Workspace::new("message-names");
    let linter = ws.linter("extends: [\"spectral:oas\"]\n");
    let path = ws.write("api.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1', description: d, contact: {name: n}}\nservers: [{url: 'https://x.example.com'}]\ntags: [{name: t}]\npaths:\n  /pets~1a: 5\ncomponents:\n  schemas:\n    Err:\n      type: object\n      required: [code]\n      example: {$ref: '#/components/examples/E'}\n  examples:\n    E:\n      value: {code: 1}\n");
    let found = described(linter.lint_file(&path, &LoadOptions::default()).unwrap());
    assert_eq!(
        found,
        [
            "oas3-schema Error paths./pets~1a 5:12-5:13 \"~1pets~01a\" property must be object.",
            "oas3-unused-component Warn components.schemas.Err 8:8-11:47 Potentially unused component has been detected.",
            "oas3-valid-schema-example Error components.examples.E 13:6-14:21 \"example\" property must have required property \"code\"",
        ]
    );
}

/// Past a `$ref`, Spectral finds the rest of a finding's path through its ref map, which
/// URI-encodes the keys and decodes only `~1`: a key such as `application/problem+json`
/// names nothing there, so the finding is cut to the key before it (and is then a finding
/// of its own beside the one found without the `$ref`). The expected list is Spectral 6.16's
/// output for this spec.
#[test]
fn past_a_ref_a_key_spectral_cannot_decode_cuts_the_path() {
    let ws = Workspace::new("ref-map-keys");
    let linter = ws.linter("extends: [\"spectral:oas\"]\n");
    let path = ws.write("api.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1', description: d, contact: {name: n}}\nservers: [{url: 'https://x.example.com'}]\ntags: [{name: t}]\npaths:\n  /a:\n    get:\n      operationId: a\n      description: d\n      tags: [t]\n      responses:\n        '400': {$ref: '#/components/responses/Problem'}\ncomponents:\n  responses:\n    Problem:\n      description: p\n      content:\n        application/problem+json:\n          schema: {type: object}\n          example: 5\n        application/json:\n          schema: {type: object}\n          example: 6\n");
    let mut found = linter.lint_file(&path, &LoadOptions::default()).unwrap();
    found.retain(|f| f.code == "oas3-valid-media-example");
    let at = "oas3-valid-media-example Error components.responses.Problem.content";
    let message = "\"example\" property type must be object";
    assert_eq!(
        described(found),
        [
            format!("{at} 16:14-22:20 {message}"),
            format!("{at}.application/json.example 22:19-22:20 {message}"),
            format!("{at}.application/problem+json.example 19:19-19:20 {message}"),
        ]
    );
}

/// A function's own message is a template too: the 3.1 schema's `errorMessage` says
/// `"{{property}}" property must be a valid Schema Object`, filled with the finding's
/// property. The expected list is Spectral 6.16's output for this spec.
#[test]
fn a_functions_message_is_filled_like_a_template() {
    let ws = Workspace::new("message-template");
    let linter = ws.linter("extends: [\"spectral:oas\"]\n");
    let path = ws.write("api.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1', description: d, contact: {name: n}}\nservers: [{url: 'https://x.example.com'}]\ntags: [{name: t}]\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        $ref: '#/components/schemas/B'\n    B: {type: string}\n");
    let found = described(linter.lint_file(&path, &LoadOptions::default()).unwrap());
    assert_eq!(
        found,
        [
            "oas3-schema Error components.schemas.A.properties.$ref 10:14-10:38 \"$ref\" property must be a valid Schema Object.",
            "oas3-unused-component Warn components.schemas.A 7:6-10:38 Potentially unused component has been detected.",
        ]
    );
}
