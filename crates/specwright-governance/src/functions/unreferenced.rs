//! `unreferencedReusableObject`: members of `reusableObjectsLocation` (e.g. `#/definitions`)
//! that no `$ref` anywhere in the spec's files points to, as Spectral counts them.

use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use specwright_document::FileId;

pub struct UnreferencedReusableObject;

impl RuleFunction for UnreferencedReusableObject {
    fn name(&self) -> &'static str {
        "unreferencedReusableObject"
    }
    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        let loc = options
            .get("reusableObjectsLocation")
            .and_then(|v| v.as_str())
            .ok_or("\"unreferencedReusableObject\" function needs `reusableObjectsLocation`")?;
        if !loc.starts_with("#/") {
            return Err(
                "`reusableObjectsLocation` must be a local JSON pointer like `#/definitions`"
                    .into(),
            );
        }
        specwright_document::pointer::parse_pointer(loc).map(drop)
    }
    fn call(&self, t: &Target<'_>, options: &Options, ctx: &mut Ctx<'_>) -> Vec<FunctionResult> {
        if !t.value.is_object() {
            return vec![];
        }
        let loc = options["reusableObjectsLocation"].as_str().unwrap_or("#/");
        let Ok(base) = specwright_document::pointer::parse_pointer(loc) else {
            return vec![];
        };
        let spec = ctx.doc.spec;
        // Spectral counts the pointers in its resolver's dependency graph (the references it
        // meets, see `refs_spectral_meets`): a reference to the object itself (not to
        // something inside it), and not one written inside the object it points to (a
        // self-reference is no use from elsewhere).
        let used: std::collections::HashSet<&str> = spec
            .refs
            .iter()
            .zip(ctx.doc.refs_met())
            .filter(|(_, met)| **met)
            .filter_map(|(r, _)| Some((r, r.target.as_ref().ok()?)))
            .filter(|(r, t)| {
                t.file == FileId::ROOT
                    && t.path.len() == base.len() + 1
                    && t.path.starts_with(&base)
                    && !(r.file == t.file && r.path.starts_with(&t.path))
            })
            .map(|(_, t)| t.path[base.len()].as_str())
            .collect();
        t.value
            .keys()
            .filter(|k| !used.contains(k))
            .map(|k| {
                let mut p = base.clone();
                p.extend(spectral_segments(k));
                FunctionResult::at("Potential orphaned reusable object has been detected", p)
            })
            .collect()
    }
}

/// The path Spectral gives an orphan named `name`: it writes `#/<location>/<name>` without
/// escaping the name and reads it back as a pointer, so a `/` splits the name and each part
/// is percent-decoded and unescaped (`~1`, `~0`). A name with `/` or `%XX` thus names a path
/// that does not exist, and the finding lands on the closest one that does (COMPATIBILITY.md).
fn spectral_segments(name: &str) -> Vec<String> {
    name.split('/')
        .map(|part| {
            let decoded = percent_encoding::percent_decode_str(part)
                .decode_utf8()
                .map_or_else(|_| part.to_string(), |d| d.into_owned());
            decoded.replace("~1", "/").replace("~0", "~")
        })
        .collect()
}
