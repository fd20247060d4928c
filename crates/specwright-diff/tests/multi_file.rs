//! Multi-file and cross-version comparisons on the resolved view.

use specwright_diff::{diff, Level};
use specwright_document::{LoadOptions, Spec};
use std::path::Path;

fn load(path: &Path) -> Spec {
    Spec::load(
        path,
        &LoadOptions {
            root: path.parent().map(Path::to_path_buf),
            ..LoadOptions::default()
        },
    )
    .unwrap()
}

const ONE_FILE: &str = r#"openapi: 3.0.3
info: {title: pets, version: "1.0.0"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
"#;

const SPLIT: &str = r#"openapi: 3.0.3
info: {title: pets, version: "1.0.0"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: 'schemas/pet.yaml'}
"#;

#[test]
fn moving_a_schema_to_another_file_changes_nothing_and_changes_point_into_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("old.yaml"), ONE_FILE).unwrap();
    std::fs::create_dir(tmp.path().join("schemas")).unwrap();
    std::fs::write(tmp.path().join("new.yaml"), SPLIT).unwrap();
    std::fs::write(
        tmp.path().join("schemas/pet.yaml"),
        "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n",
    )
    .unwrap();
    let old = load(&tmp.path().join("old.yaml"));
    let new = load(&tmp.path().join("new.yaml"));
    assert!(diff(&old, &new).changes.is_empty());

    std::fs::write(
        tmp.path().join("schemas/pet.yaml"),
        "type: object\nproperties:\n  name: {type: string}\n",
    )
    .unwrap();
    let new = load(&tmp.path().join("new.yaml"));
    let report = diff(&old, &new);
    let c = report
        .changes
        .iter()
        .find(|c| c.id == "response-property-became-optional")
        .expect("finding");
    assert_eq!(c.level, Level::Breaking);
    let n = c.new.as_ref().unwrap();
    assert!(n.file.ends_with("pet.yaml"), "{}", n.file);
    assert_eq!(n.pointer, "/properties/name");
    assert_eq!(n.range.start.line, 2);
    assert_eq!(
        c.old.as_ref().unwrap().pointer,
        "/components/schemas/Pet/properties/name"
    );
}

#[test]
fn swagger2_and_openapi3_of_the_same_api_are_compatible() {
    let tmp = tempfile::tempdir().unwrap();
    let v2 = r#"swagger: "2.0"
info: {title: pets, version: "1.0.0"}
produces: [application/json]
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, type: string}
        - {name: limit, in: query, type: integer, maximum: 50}
      responses:
        "200":
          description: ok
          schema: {$ref: '#/definitions/Pet'}
definitions:
  Pet: {type: object, required: [name], properties: {name: {type: string}}}
"#;
    let v3 = r#"openapi: 3.0.3
info: {title: pets, version: "2.0.0"}
paths:
  /pets/{petId}:
    get:
      parameters:
        - {name: petId, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, maximum: 50}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet: {type: object, required: [name], properties: {name: {type: string}}}
"#;
    std::fs::write(tmp.path().join("v2.yaml"), v2).unwrap();
    std::fs::write(tmp.path().join("v3.yaml"), v3).unwrap();
    let report = diff(
        &load(&tmp.path().join("v2.yaml")),
        &load(&tmp.path().join("v3.yaml")),
    );
    assert!(
        report.changes.is_empty(),
        "{}",
        specwright_diff::render::text(&report)
    );
    assert_eq!(report.old_version.as_deref(), Some("1.0.0"));
    assert_eq!(report.new_version.as_deref(), Some("2.0.0"));
}
