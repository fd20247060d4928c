//! No input may make the loader panic, hang or grow without bound. Property tests run
//! arbitrary and YAML/JSON-shaped inputs through it for a bounded number of cases (a
//! property test rather than cargo-fuzz: cargo-fuzz needs a nightly toolchain, which the
//! project's machines do not have).

use proptest::prelude::*;
use specwright_document::parse::{parse_text, ParseLimits};
use specwright_document::{LineIndex, LoadOptions, Spec};

fn load_buffer(text: &str) {
    let index = LineIndex::new(text);
    if let Ok(parsed) = parse_text("fuzz.yaml", text, &index, &ParseLimits::default()) {
        // Every span must lie inside the text and map to a position.
        let mut stack = vec![&parsed.root];
        while let Some(n) = stack.pop() {
            assert!(n.span.start <= n.span.end, "inverted span");
            assert!((n.span.end as usize) <= text.len(), "span past the end");
            let _ = index.range(text, n.span);
            match &n.value {
                specwright_document::Value::Array(a) => stack.extend(a.iter()),
                specwright_document::Value::Object(o) => {
                    for m in &o.members {
                        assert!((m.key_span.end as usize) <= text.len());
                        stack.push(&m.value);
                    }
                }
                _ => {}
            }
        }
    }
    let dir = std::env::temp_dir();
    let _ = Spec::from_text(
        &dir.join("specwright-fuzz-buffer.yaml"),
        text,
        &LoadOptions {
            root: Some(dir.join("specwright-fuzz-root-that-does-not-exist")),
            ..LoadOptions::default()
        },
    );
}

/// YAML-ish fragments, so the generator reaches the parser's interesting states.
fn yamlish() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("a: 1\n".to_string()),
        Just("- x\n".to_string()),
        Just("  ".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(", ".to_string()),
        Just(": ".to_string()),
        Just("&a ".to_string()),
        Just("*a ".to_string()),
        Just("<<: *a\n".to_string()),
        Just("|\n  text\n".to_string()),
        Just(">-\n  folded\n".to_string()),
        Just("\"q\\u00e9\"".to_string()),
        Just("'s''q'".to_string()),
        Just("$ref: '#/a'\n".to_string()),
        Just("$ref: 'other.yaml#/x'\n".to_string()),
        Just("? complex\n: key\n".to_string()),
        Just("--- \n".to_string()),
        Just("!!str 1\n".to_string()),
        Just("\n".to_string()),
        Just("é😀".to_string()),
        "[a-z0-9:#\\- ]{0,8}",
    ];
    prop::collection::vec(atom, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        load_buffer(&text);
    }

    #[test]
    fn yaml_shaped_text_never_panics(text in yamlish()) {
        load_buffer(&text);
    }

    #[test]
    fn json_shaped_text_never_panics(text in "[\\[\\]{}\":,0-9a-z \\\\tnul.e-]{0,120}") {
        load_buffer(&text);
    }
}
