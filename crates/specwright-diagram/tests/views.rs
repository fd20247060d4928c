//! Each view on small fixtures: what is drawn, how it is labelled and where it points.

use specwright_diagram::{
    focus, gateway, resources, schemas, to_dot, to_mermaid, to_svg, DiagramError, EdgeKind,
    EntityOrigin, Graph, GroupBy, Mark, NodeKind, ResourceOptions, SchemaOptions,
};
use specwright_document::{LoadOptions, Spec};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name)
}

fn pets() -> Spec {
    Spec::load(&fixture("pets.yaml"), &LoadOptions::default()).expect("fixture loads")
}

fn edge<'g>(g: &'g Graph, from: &str, to: &str) -> Vec<&'g specwright_diagram::Edge> {
    g.edges
        .iter()
        .filter(|e| g.nodes[e.from].label == from && g.nodes[e.to].label == to)
        .collect()
}

#[test]
fn schema_nodes_rows_and_required_marks() {
    let g = schemas(&pets(), &SchemaOptions::default()).unwrap();
    let labels: Vec<&str> = g.nodes.iter().map(|n| n.label.as_str()).collect();
    for name in [
        "NewPet", "Pet", "Owner", "Category", "Cat", "Dog", "PetUnion", "TreeNode", "Unused",
        "Error", "address",
    ] {
        assert!(labels.contains(&name), "{name} missing from {labels:?}");
    }
    let new_pet = g.node("NewPet").unwrap();
    assert_eq!(new_pet.source.pointer, "/components/schemas/NewPet");
    assert!(new_pet.source.file.ends_with("pets.yaml"));
    let rows: Vec<(&str, &str, bool)> = new_pet
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.detail.as_str(), r.required))
        .collect();
    assert_eq!(
        rows,
        [
            ("name", "string", true),
            ("tag", "string?", false),
            ("born", "string(date)", false)
        ]
    );
    assert_eq!(
        new_pet.rows[0].source.pointer,
        "/components/schemas/NewPet/properties/name"
    );
    // Inline allOf parts are the schema's own properties; the $ref part is inheritance.
    let pet = g.node("Pet").unwrap();
    let names: Vec<&str> = pet.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["id", "owner", "category", "old"]);
    assert_eq!(pet.rows[1].detail, "Owner");
    assert!(pet.rows[3].marks.contains(&Mark::Deprecated));
    assert_eq!(g.node("Owner").unwrap().rows[0].detail, "Pet[]");
    // Schemas from other files keep their own file.
    let err = g.node("Error").unwrap();
    assert!(err.source.file.ends_with("common.yaml"));
    assert_eq!(err.source.pointer, "/components/schemas/Error");
    let addr = g.node("address").unwrap();
    assert!(addr.source.file.ends_with("address.yaml"));
    assert_eq!(addr.source.pointer, "");
    assert_eq!(addr.rows.len(), 2);
}

#[test]
fn schema_edges_carry_property_cardinality_and_kind() {
    let g = schemas(&pets(), &SchemaOptions::default()).unwrap();
    let owner = edge(&g, "Pet", "Owner");
    assert_eq!(owner.len(), 1);
    assert_eq!(owner[0].kind, EdgeKind::Ref);
    assert_eq!(owner[0].label, "owner");
    assert_eq!(owner[0].cardinality.as_deref(), Some("1"));
    assert_eq!(
        owner[0].source.pointer,
        "/components/schemas/Pet/allOf/1/properties/owner"
    );
    assert_eq!(
        edge(&g, "Pet", "Category")[0].cardinality.as_deref(),
        Some("0..1")
    );
    let pets = edge(&g, "Owner", "Pet");
    assert_eq!(
        (pets[0].label.as_str(), pets[0].cardinality.as_deref()),
        ("pets", Some("0..*"))
    );
    let inherits = edge(&g, "Pet", "NewPet");
    assert_eq!(inherits[0].kind, EdgeKind::Inherits);
    assert_eq!(inherits[0].cardinality, None);
    let cat = edge(&g, "PetUnion", "Cat");
    assert_eq!(cat[0].kind, EdgeKind::Union);
    assert_eq!(cat[0].label, "oneOf [petType=cat]");
    assert_eq!(edge(&g, "PetUnion", "Dog")[0].label, "oneOf [petType]");
    let union = g.node("PetUnion").unwrap();
    assert_eq!(
        union.subtitle.as_deref(),
        Some("oneOf (2) · discriminator: petType")
    );
    assert_eq!(edge(&g, "Owner", "address")[0].label, "address");
}

#[test]
fn cycles_and_unused_schemas_are_flagged() {
    let spec = pets();
    let g = schemas(&spec, &SchemaOptions::default()).unwrap();
    let cyclic: Vec<&str> = g
        .nodes
        .iter()
        .filter(|n| n.has(&Mark::Cycle))
        .map(|n| n.label.as_str())
        .collect();
    assert_eq!(cyclic, ["Pet", "Owner", "TreeNode", "Unused"]);
    assert!(edge(&g, "Pet", "Owner")[0].cycle);
    assert!(!edge(&g, "Pet", "NewPet")[0].cycle);
    // The document layer's own cycle detection agrees on every component schema.
    for n in &g.nodes {
        let t = specwright_document::Target {
            file: specwright_document::FileId::ROOT,
            path: specwright_document::pointer::parse_pointer(&n.source.pointer).unwrap(),
        };
        if spec.circular().contains(&t) {
            assert!(n.has(&Mark::Cycle), "{} is circular", n.label);
        }
    }
    let unused: Vec<&str> = g
        .nodes
        .iter()
        .filter(|n| n.has(&Mark::Unused))
        .map(|n| n.label.as_str())
        .collect();
    // Unused refers only to itself; Category is referenced from Pet.
    assert_eq!(unused, ["Unused"]);
}

#[test]
fn lint_badges_sum_findings_at_or_below_each_schema() {
    let mut counts = BTreeMap::new();
    counts.insert("/components/schemas/Pet".to_string(), 1);
    counts.insert(
        "/components/schemas/Pet/allOf/1/properties/id".to_string(),
        2,
    );
    counts.insert("/paths/~1pets/get".to_string(), 5);
    let common = fixture("common.yaml");
    let spec = pets();
    let common_name = spec
        .files
        .iter()
        .find(|f| f.path == common)
        .unwrap()
        .name
        .clone();
    counts.insert(
        format!("{common_name}#/components/schemas/Error/properties/code"),
        4,
    );
    let g = schemas(
        &spec,
        &SchemaOptions {
            lint_counts: counts,
        },
    )
    .unwrap();
    assert_eq!(g.node("Pet").unwrap().badge, Some(3));
    assert_eq!(g.node("Error").unwrap().badge, Some(4));
    assert_eq!(g.node("Cat").unwrap().badge, Some(0));
    // Without counts there are no badges at all.
    let plain = schemas(&spec, &SchemaOptions::default()).unwrap();
    assert!(plain.nodes.iter().all(|n| n.badge.is_none()));
}

#[test]
fn swagger2_definitions_are_schemas() {
    let text = "swagger: '2.0'\ninfo: {title: S, version: '1'}\npaths: {}\ndefinitions:\n  A:\n    type: object\n    discriminator: kind\n    properties: {kind: {type: string}, b: {$ref: '#/definitions/B'}}\n  B: {type: string, enum: [x, y]}\n";
    let spec = Spec::from_text("s.yaml".as_ref(), text, &LoadOptions::default()).unwrap();
    let g = schemas(&spec, &SchemaOptions::default()).unwrap();
    assert_eq!(g.nodes.len(), 2);
    assert_eq!(g.node("A").unwrap().source.pointer, "/definitions/A");
    assert_eq!(
        g.node("B").unwrap().subtitle.as_deref(),
        Some("string enum (2)")
    );
    assert_eq!(edge(&g, "A", "B")[0].cardinality.as_deref(), Some("0..1"));
}

#[test]
fn not_openapi_is_an_error() {
    let spec = Spec::from_text("x.yaml".as_ref(), "a: 1\n", &LoadOptions::default()).unwrap();
    assert!(matches!(
        schemas(&spec, &SchemaOptions::default()),
        Err(DiagramError::NotOpenApi(_))
    ));
}

#[test]
fn resource_tree_lists_operations_with_marks() {
    let g = resources(&pets(), &ResourceOptions::default()).unwrap();
    assert_eq!(g.legend, ["pets", "owners"]);
    let pets = g.node("/pets").unwrap();
    assert_eq!(pets.kind, NodeKind::Path);
    assert_eq!(pets.source.pointer, "/paths/~1pets");
    let ops: Vec<(&str, &str)> = pets
        .rows
        .iter()
        .map(|r| (r.chips[0].text.as_str(), r.name.as_str()))
        .collect();
    assert_eq!(ops, [("GET", "listPets"), ("POST", "createPet")]);
    assert_eq!(pets.rows[0].marks, [Mark::Secured(vec!["api_key".into()])]);
    assert_eq!(
        pets.rows[1].marks,
        [Mark::Secured(vec!["oauth".into(), "api_key".into()])]
    );
    assert_eq!(pets.rows[0].color, Some(0));
    assert_eq!(pets.rows[0].source.pointer, "/paths/~1pets/get");
    let item = g.node("/pets/{id}").unwrap();
    assert_eq!(item.label, "/{id}");
    assert_eq!(item.rows[0].marks, [Mark::Secured(vec![])]);
    assert!(item.rows[1].marks.contains(&Mark::Deprecated));
    // A chain of pure prefixes is one node; its child is the path.
    assert!(g.node("/owners/{ownerId}").is_none());
    let owner_pets = g.node("/owners/{ownerId}/pets").unwrap();
    assert_eq!(owner_pets.label, "/owners/{ownerId}/pets");
    assert_eq!(owner_pets.rows[0].color, Some(1));
    assert_eq!(edge(&g, "/", "/pets").len(), 1);
    assert_eq!(edge(&g, "/pets", "/{id}").len(), 1);
    // Every operation is somewhere in the tree.
    let n_ops: usize = g.nodes.iter().map(|n| n.rows.len()).sum();
    assert_eq!(n_ops, 6);
}

#[test]
fn compact_resources_group_by_tag_or_segment() {
    let g = resources(
        &pets(),
        &ResourceOptions {
            compact: true,
            group_by: GroupBy::Tag,
        },
    )
    .unwrap();
    let groups: Vec<(&str, usize)> = g
        .nodes
        .iter()
        .map(|n| (n.label.as_str(), n.rows.len()))
        .collect();
    assert_eq!(groups, [("pets", 2), ("owners", 1), ("/health", 1)]);
    assert!(g.edges.is_empty());
    let tag = &g.nodes[0];
    assert_eq!(tag.source.pointer, "/tags/0");
    assert_eq!(
        tag.subtitle.as_deref(),
        Some("/pets · 2 paths · 4 operations")
    );
    assert_eq!(tag.rows[1].name, "/{id}");
    let chips: Vec<&str> = tag.rows[1].chips.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(chips, ["GET", "DELETE"]);
    assert_eq!(
        tag.rows[1].chips[1].source.pointer,
        "/paths/~1pets~1{id}/delete"
    );
    assert!(tag.rows[1].chips[0].title.contains("getPet"));
    let by_segment = resources(
        &pets(),
        &ResourceOptions {
            compact: true,
            group_by: GroupBy::Segment,
        },
    )
    .unwrap();
    let labels: Vec<&str> = by_segment.nodes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(labels, ["/pets", "/owners", "/health"]);
}

#[test]
fn focus_keeps_the_neighbourhood() {
    let g = schemas(&pets(), &SchemaOptions::default()).unwrap();
    let f = focus(&g, "Owner", 1).unwrap();
    let mut labels: Vec<&str> = f.nodes.iter().map(|n| n.label.as_str()).collect();
    labels.sort_unstable();
    assert_eq!(labels, ["Owner", "Pet", "address"]);
    assert!(f
        .edges
        .iter()
        .all(|e| e.from < f.nodes.len() && e.to < f.nodes.len()));
    assert_eq!(f.edges.len(), 3);
    let f2 = focus(&g, "owner", 2).unwrap();
    let mut labels: Vec<&str> = f2.nodes.iter().map(|n| n.label.as_str()).collect();
    labels.sort_unstable();
    assert_eq!(labels, ["Category", "NewPet", "Owner", "Pet", "address"]);
    let err = focus(&g, "Pe", 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no schemas node named `Pe` (did you mean: NewPet, Pet, PetUnion)"
    );
    // A path keeps its chain of parents.
    let r = resources(&pets(), &ResourceOptions::default()).unwrap();
    let f = focus(&r, "/pets/{id}", 0).unwrap();
    let ids: Vec<&str> = f.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["/", "/pets", "/pets/{id}"]);
}

#[test]
fn gateway_view_from_deck_config() {
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("kong.json")).unwrap()).unwrap();
    let origins = vec![
        EntityOrigin {
            entity: "/services/0".into(),
            file: "pets.yaml".into(),
            pointer: "".into(),
        },
        EntityOrigin {
            entity: "/services/0/routes/1".into(),
            file: "pets.yaml".into(),
            pointer: "/paths/~1pets~1{id}".into(),
        },
    ];
    let g = gateway("Pets", &config, &origins).unwrap();
    let kinds: Vec<(NodeKind, &str)> = g.nodes.iter().map(|n| (n.kind, n.label.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (NodeKind::Upstream, "pets.upstream"),
            (NodeKind::Target, "a.example.com:443"),
            (NodeKind::Target, "b.example.com:443"),
            (NodeKind::Service, "pets"),
            (NodeKind::Plugin, "rate-limiting"),
            (NodeKind::Route, "pets_listpets"),
            (NodeKind::Route, "pets_getpet"),
            (NodeKind::Plugin, "request-validator"),
            (NodeKind::Plugin, "cors"),
        ]
    );
    assert_eq!(
        g.nodes[3].subtitle.as_deref(),
        Some("https://pets.upstream:443/v1")
    );
    let route = &g.nodes[6];
    assert_eq!(route.source.pointer, "/paths/~1pets~1{id}");
    assert_eq!(route.rows[0].name, "~/pets/(?<id>[^#?/]+)$");
    let methods: Vec<&str> = route.rows[0]
        .chips
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(methods, ["GET", "DELETE"]);
    // Entities without a spec range say so instead of pointing anywhere in the spec.
    assert_eq!(g.nodes[5].source.file, "(generated config)");
    assert_eq!(g.nodes[5].source.pointer, "/services/0/routes/0");
    assert_eq!(edge(&g, "pets", "pets.upstream")[0].kind, EdgeKind::Uses);
    assert_eq!(edge(&g, "pets_getpet", "request-validator").len(), 1);
    assert!(gateway("x", &serde_json::json!([]), &[]).is_err());
    assert!(gateway("x", &serde_json::json!({"services": 3}), &[]).is_err());
}

/// Every node and edge element in the SVG carries its source; the document is well-formed.
fn check_svg(g: &Graph) -> String {
    let svg = to_svg(g);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .collect();
    assert_eq!(nodes.len(), g.nodes.len());
    for (n, model) in nodes.iter().zip(&g.nodes) {
        assert_eq!(
            n.attribute("data-pointer"),
            Some(model.source.pointer.as_str())
        );
        assert_eq!(n.attribute("data-file"), Some(model.source.file.as_str()));
        assert_eq!(n.attribute("data-id"), Some(model.id.as_str()));
    }
    let edges = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("edge ")))
        .filter(|n| n.attribute("data-from").is_some())
        .count();
    assert_eq!(edges, g.edges.len());
    svg
}

#[test]
fn svg_is_well_formed_and_linked_to_source() {
    let spec = pets();
    let s = check_svg(&schemas(&spec, &SchemaOptions::default()).unwrap());
    assert!(s.contains(
        r#"data-pointer="/components/schemas/TreeNode/properties/weird &quot;name&quot; {x}""#
    ));
    assert!(s.contains("oneOf [petType=cat]"));
    let r = check_svg(&resources(&spec, &ResourceOptions::default()).unwrap());
    assert!(r.contains(r#"data-pointer="/paths/~1pets~1{id}/delete""#));
    check_svg(
        &resources(
            &spec,
            &ResourceOptions {
                compact: true,
                ..Default::default()
            },
        )
        .unwrap(),
    );
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("kong.json")).unwrap()).unwrap();
    check_svg(&gateway("Pets", &config, &[]).unwrap());
}

#[test]
fn mermaid_and_dot_carry_sources() {
    let spec = pets();
    let g = schemas(&spec, &SchemaOptions::default()).unwrap();
    let m = to_mermaid(&g);
    assert!(m.contains("classDiagram"));
    assert!(m.contains("#/components/schemas/Pet\n"), "{m}");
    assert!(m.contains("n1 --> \"1\" n2 : owner"), "{m}");
    assert!(m.contains("n0 <|-- n1"), "{m}");
    assert!(m.contains("<<cycle>>"));
    assert!(m.contains("+weird 'name' ‹x›: string"), "{m}");
    let d = to_dot(&g);
    assert!(d.starts_with("digraph "));
    assert!(d.contains("#/components/schemas/Pet\""));
    let r = to_mermaid(&resources(&spec, &ResourceOptions::default()).unwrap());
    assert!(
        r.starts_with("---\ntitle: \"Pets · resources view\"\n---\nflowchart LR\n"),
        "{r}"
    );
    assert!(r.contains("<b>GET</b> listPets ‹pets› auth:api_key"), "{r}");
}
