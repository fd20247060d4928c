//! Loading specs from disk and from buffers: multi-file refs, cycles, the root fence,
//! positions both ways.

use specwright_document::{
    EditCache, ErrorKind, FileId, LoadOptions, Position, Spec, SpecKind, Stats, Target, Unresolved,
};
use std::fs;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn opts(root: &Path) -> LoadOptions {
    LoadOptions {
        root: Some(root.to_path_buf()),
        ..LoadOptions::default()
    }
}

const MAIN: &str = "openapi: 3.0.3
info:
  title: Pets
  version: '1'
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: './schemas/pet.yaml#/Pet'
components:
  schemas:
    Local:
      $ref: '#/components/schemas/Other'
    Other:
      type: string
";

const PET: &str = "Pet:
  type: object
  properties:
    owner:
      $ref: 'owner.yaml'
    sibling:
      $ref: '#/Pet'
";

const OWNER: &str = "type: object\nproperties:\n  name: {type: string}\n";

#[test]
fn multi_file_refs_resolve_relative_to_the_referencing_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "api/openapi.yaml", MAIN);
    write(dir.path(), "api/schemas/pet.yaml", PET);
    write(dir.path(), "api/schemas/owner.yaml", OWNER);
    let spec = Spec::load(&dir.path().join("api/openapi.yaml"), &opts(dir.path())).unwrap();
    assert_eq!(spec.kind, SpecKind::OpenApi30);
    assert_eq!(spec.files.len(), 3);
    assert_eq!(spec.ref_errors().count(), 0);

    // The resolved view crosses files and still knows where each node is written.
    let schema = spec
        .cursor()
        .get("paths")
        .and_then(|p| p.get("/pets"))
        .and_then(|p| p.get("get"))
        .and_then(|o| o.get("responses"))
        .and_then(|r| r.get("200"))
        .and_then(|r| r.get("content"))
        .and_then(|c| c.get("application/json"))
        .and_then(|m| m.get("schema"))
        .unwrap();
    assert!(schema.source().path.ends_with("api/schemas/pet.yaml"));
    assert_eq!(schema.path, vec!["Pet"]);
    let name = schema
        .get("properties")
        .and_then(|p| p.get("owner"))
        .and_then(|o| o.get("properties"))
        .and_then(|p| p.get("name"))
        .unwrap();
    assert!(name.source().path.ends_with("api/schemas/owner.yaml"));
    assert_eq!(
        name.range().start,
        Position {
            line: 2,
            character: 8
        }
    );

    // The self-reference is a cycle, and is reported as one, not followed forever.
    let pet = Target {
        file: schema.file,
        path: vec!["Pet".into()],
    };
    assert!(spec.circular().contains(&pet));
    let stats = Stats::of(&spec);
    assert_eq!((stats.paths, stats.operations, stats.schemas), (1, 1, 2));
    assert_eq!(stats.refs, 4);
    assert_eq!(stats.refs_resolved, 4);
}

/// `other.yaml#/` is the whole of `other.yaml`, as Spectral's resolver reads it, unless that
/// document really has a member named "".
#[test]
fn a_pointer_of_one_slash_is_the_whole_document() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "type.yaml", "type: string\n");
    write(dir.path(), "empty-key.yaml", "'': {type: integer}\n");
    write(
        dir.path(),
        "api.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: './type.yaml#/'}\n    B: {$ref: './empty-key.yaml#/'}\n",
    );
    let spec = Spec::load(&dir.path().join("api.yaml"), &opts(dir.path())).unwrap();
    assert_eq!(spec.ref_errors().count(), 0);
    let schema = |name: &str| {
        spec.cursor()
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(|s| s.get(name))
            .unwrap()
    };
    assert_eq!(
        schema("A").get("type").unwrap().node.as_str(),
        Some("string")
    );
    assert_eq!(
        schema("B").get("type").unwrap().node.as_str(),
        Some("integer")
    );
}

#[test]
fn bundle_inlines_other_files_and_hoists_loops() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "openapi.yaml", MAIN);
    write(dir.path(), "schemas/pet.yaml", PET);
    write(dir.path(), "schemas/owner.yaml", OWNER);
    let spec = Spec::load(&dir.path().join("openapi.yaml"), &opts(dir.path())).unwrap();
    let doc = spec.bundle();
    let schema =
        &doc["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["type"], "object");
    assert_eq!(
        schema["properties"]["owner"]["properties"]["name"]["type"],
        "string"
    );
    assert_eq!(
        schema["properties"]["sibling"]["$ref"],
        "#/components/schemas/Pet"
    );
    assert_eq!(
        doc["components"]["schemas"]["Pet"]["properties"]["sibling"]["$ref"],
        "#/components/schemas/Pet"
    );
    assert_eq!(
        doc["components"]["schemas"]["Local"]["$ref"],
        "#/components/schemas/Other"
    );
}

#[test]
fn refs_leaving_the_root_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "outside.yaml", OWNER);
    write(
        dir.path(),
        "project/openapi.yaml",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    X:\n      $ref: '../outside.yaml'\n",
    );
    let spec = Spec::load(
        &dir.path().join("project/openapi.yaml"),
        &opts(&dir.path().join("project")),
    )
    .unwrap();
    let errors: Vec<_> = spec.ref_errors().collect();
    assert_eq!(errors.len(), 1);
    let err = errors[0].1;
    assert_eq!(err.kind, ErrorKind::RefOutsideRoot);
    assert_eq!(err.position.unwrap().line, 6);
    assert!(err.to_string().contains("openapi.yaml:7:"), "{err}");
    assert_eq!(spec.files.len(), 1, "the outside file must not be read");

    // Widening the root lets it in.
    let spec = Spec::load(&dir.path().join("project/openapi.yaml"), &opts(dir.path())).unwrap();
    assert_eq!(spec.ref_errors().count(), 0);
    assert_eq!(spec.files.len(), 2);
}

#[test]
fn default_root_is_the_git_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    write(dir.path(), "shared/owner.yaml", OWNER);
    write(
        dir.path(),
        "apis/a/openapi.yaml",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    X:\n      $ref: '../../shared/owner.yaml'\n",
    );
    let spec = Spec::load(
        &dir.path().join("apis/a/openapi.yaml"),
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(spec.ref_errors().count(), 0);
}

#[test]
fn remote_refs_are_off_by_default() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "openapi.yaml",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    X:\n      $ref: 'https://example.com/x.yaml'\n",
    );
    let spec = Spec::load(&dir.path().join("openapi.yaml"), &opts(dir.path())).unwrap();
    let (_, err) = spec.ref_errors().next().unwrap();
    assert_eq!(err.kind, ErrorKind::RemoteRefDisabled);
}

#[test]
fn a_pointer_through_the_ref_being_resolved_is_a_loop_not_a_stack_overflow() {
    // `A` points into itself, and `C`'s pointer passes through `B`, which points back
    // through `C`: following either walks its own `$ref` again.
    let dir = tempfile::tempdir().unwrap();
    let text = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/A/properties/x'}
    B: {$ref: '#/components/schemas/C/items'}
    C: {$ref: '#/components/schemas/B/items'}
    D:
      type: object
      properties:
        e: {$ref: '#/components/schemas/D/properties/f'}
        f: {type: string}
";
    let spec = Spec::from_text(&dir.path().join("buffer.yaml"), text, &opts(dir.path())).unwrap();
    let schemas = spec
        .cursor()
        .get("components")
        .unwrap()
        .get("schemas")
        .unwrap();
    for name in ["A", "B", "C"] {
        let c = schemas.child(name).unwrap();
        assert_eq!(c.clone().resolve().err(), Some(Unresolved::Loop), "{name}");
        assert!(c.child("items").is_none(), "{name}");
    }
    // A pointer into the object that holds the reference, but not through it, resolves.
    let e = schemas
        .get("D")
        .unwrap()
        .get("properties")
        .unwrap()
        .get("e")
        .unwrap();
    assert_eq!(e.path, ["components", "schemas", "D", "properties", "f"]);
    let stats = specwright_document::stats::Stats::of(&spec);
    assert_eq!(stats.schemas, 4, "{stats:?}");
}

#[test]
fn broken_refs_and_ref_loops_are_reported_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let text = "openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
    C: {$ref: '#/components/schemas/Missing'}
    D: {$ref: 'missing.yaml#/x'}
";
    let spec = Spec::from_text(&dir.path().join("buffer.yaml"), text, &opts(dir.path())).unwrap();
    assert_eq!(spec.kind, SpecKind::OpenApi31);
    let a = spec
        .cursor()
        .get("components")
        .unwrap()
        .get("schemas")
        .unwrap()
        .child("A")
        .unwrap();
    assert_eq!(a.resolve().err(), Some(Unresolved::Loop));
    let kinds: Vec<ErrorKind> = spec.ref_errors().map(|(_, e)| e.kind).collect();
    assert_eq!(kinds, vec![ErrorKind::RefNotFound, ErrorKind::RefNotFound]);
    assert_eq!(spec.circular().len(), 2);
}

#[test]
fn positions_map_both_ways_in_yaml_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = "openapi: 3.0.0\ninfo:\n  title: \"Pets\"\n  version: '1'\npaths: {}\n";
    let json = "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {\n    \"title\": \"Pets\",\n    \"version\": \"1\"\n  },\n  \"paths\": {}\n}\n";
    for (name, text, title_at) in [("a.yaml", yaml, (2, 9)), ("a.json", json, (3, 13))] {
        let spec = Spec::from_text(&dir.path().join(name), text, &opts(dir.path())).unwrap();
        let root = spec.root();
        let range = root.range_of(&["info", "title"]).unwrap();
        assert_eq!(
            (range.start.line, range.start.character),
            title_at,
            "{name}"
        );
        assert_eq!(range.end.character, title_at.1 + 6, "{name}");
        assert_eq!(root.path_at(range.start), vec!["info", "title"], "{name}");
        let inside = Position {
            line: range.start.line,
            character: range.start.character + 2,
        };
        assert_eq!(root.path_at(inside), vec!["info", "title"], "{name}");
        assert_eq!(root.range_of(&["info", "nope"]), None);
    }
}

#[test]
fn a_buffer_replaces_the_file_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "openapi.yaml", MAIN);
    write(dir.path(), "schemas/pet.yaml", PET);
    write(dir.path(), "schemas/owner.yaml", OWNER);
    let mut o = opts(dir.path());
    let owner = std::path::absolute(dir.path().join("schemas/owner.yaml")).unwrap();
    o.overlays.insert(owner, "type: string\n".into());
    let spec = Spec::load(&dir.path().join("openapi.yaml"), &o).unwrap();
    let owner_file = spec
        .files
        .iter()
        .find(|f| f.path.ends_with("owner.yaml"))
        .unwrap();
    assert_eq!(
        owner_file.root.to_json(),
        serde_json::json!({"type": "string"})
    );
    assert!(spec.file(FileId::ROOT).name.ends_with("openapi.yaml"));
}

#[test]
fn malformed_input_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.yaml",
        "openapi: 3.0.0\ninfo:\n  title: [unclosed\n",
    );
    let err = Spec::load(&dir.path().join("bad.yaml"), &opts(dir.path()))
        .err()
        .expect("malformed YAML must fail");
    assert_eq!(err.kind, ErrorKind::Syntax);
    assert!(err.file.ends_with("bad.yaml"));
    assert!(err.position.is_some());
    assert!(err.excerpt.as_deref().unwrap_or("").contains('^'));

    let mut o = opts(dir.path());
    o.limits.max_bytes = 10;
    let err = Spec::load(&dir.path().join("bad.yaml"), &o).err().unwrap();
    assert_eq!(err.kind, ErrorKind::TooLarge);
}

/// The editor's loads through an [`EditCache`] give the spec a fresh load gives: the tree,
/// the refs with their targets, the cycles and the other files, after every edit, through a
/// syntax error, and for an edit that adds a ref to a new file.
#[test]
fn loads_from_the_previous_version_equal_fresh_loads() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "schemas/pet.yaml", PET);
    write(dir.path(), "schemas/owner.yaml", OWNER);
    write(dir.path(), "schemas/tag.yaml", "Tag:\n  type: string\n");
    let path = dir.path().join("main.yaml");
    let options = opts(dir.path());
    let versions = [
        MAIN.to_string(),
        MAIN.replace("description: ok", "description: ok then"),
        MAIN.replace("description: ok", "description: [unclosed"),
        MAIN.replace("description: ok", "description: ok again"),
        MAIN.replace(
            "description: ok",
            "description: ok\n          headers:\n            X-Tag:\n              schema:\n                $ref: './schemas/tag.yaml#/Tag'",
        ),
        MAIN.replace("title: Pets", "title: Pets and more"),
    ];
    let mut cache = EditCache::default();
    for (n, text) in versions.iter().enumerate() {
        let fresh = Spec::from_text(&path, text, &options);
        let loaded = cache.load(&path, text, &options);
        let (fresh, loaded) = match (fresh, loaded) {
            (Ok(f), Ok(l)) => (f, l),
            (Err(f), Err(l)) => {
                assert_eq!(f.to_string(), l.to_string(), "version {n}");
                continue;
            }
            (f, l) => panic!("version {n}: fresh {:?}, edited {:?}", f.is_ok(), l.is_ok()),
        };
        assert_eq!(loaded.files.len(), fresh.files.len(), "version {n}");
        for (a, b) in loaded.files.iter().zip(&fresh.files) {
            assert_eq!(
                (&a.path, &a.text, &a.root),
                (&b.path, &b.text, &b.root),
                "version {n}"
            );
            assert_eq!(a.lines.line_count(), b.lines.line_count());
        }
        let refs = |s: &Spec| {
            s.refs
                .iter()
                .map(|r| {
                    (
                        r.file,
                        r.path.clone(),
                        r.reference.clone(),
                        r.target.as_ref().ok().cloned(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(refs(&loaded), refs(&fresh), "version {n}");
        assert_eq!(loaded.circular(), fresh.circular(), "version {n}");
        assert_eq!((loaded.kind, &loaded.version), (fresh.kind, &fresh.version));
        cache.keep(loaded, &options);
    }
}
