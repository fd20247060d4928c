//! `typedEnum`: every `enum` value has the schema's `type` (with OAS 3.0 `nullable` and
//! Swagger `x-nullable` adding `null`).

use crate::format::Format;
use crate::function::{Ctx, FunctionResult, Options, RuleFunction, Target};
use crate::view::{print_value, Val};
use specwright_document::Value;

pub struct TypedEnum;

/// The JavaScript-side type of a value; numbers with no fraction are `integer` when the
/// schema's type mentions integer.
fn data_type(v: &Val<'_>, check_integer: bool) -> &'static str {
    match v.node().map(|n| &n.value) {
        Some(Value::String(_)) => "string",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(n)) => {
            let int = n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0);
            if check_integer && int {
                "integer"
            } else {
                "number"
            }
        }
        Some(Value::Null) => "null",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
        None => "undefined",
    }
}

impl RuleFunction for TypedEnum {
    fn name(&self) -> &'static str {
        "typedEnum"
    }

    fn check_options(&self, options: &serde_json::Value) -> Result<(), String> {
        super::no_options(self.name(), options)
    }

    fn call(&self, target: &Target<'_>, _: &Options, ctx: &mut Ctx<'_>) -> Vec<FunctionResult> {
        let input = target.value;
        let (enum_v, type_v) = (input.get("enum"), input.get("type"));
        let type_ok =
            type_v.is_string() || (type_v.is_array() && type_v.items().all(|t| t.is_string()));
        if !input.is_object() || !enum_v.is_array() || !type_ok {
            return Vec::new();
        }
        let mut types: Vec<String> = match type_v.as_str() {
            Some(t) => vec![t.to_string()],
            None => type_v
                .items()
                .filter_map(|t| t.as_str().map(String::from))
                .collect(),
        };
        let is_array = type_v.is_array();
        let nullable = (input.get("nullable").as_bool() == Some(true)
            && ctx.doc.formats.contains(Format::Oas3_0))
            || (input.get("x-nullable").as_bool() == Some(true)
                && ctx.doc.formats.contains(Format::Oas2));
        if nullable {
            types.push("null".into());
        }
        let list = is_array || nullable;
        let check_integer = types.iter().any(|t| t == "integer");
        // `String(type)`: an array prints comma-joined.
        let printed = types.join(",");
        let mut out = Vec::new();
        for (i, value) in enum_v.items().enumerate() {
            let vt = data_type(&value, check_integer);
            let matches = if list {
                types.iter().any(|t| t == vt)
            } else {
                types[0] == vt
            };
            if !matches {
                out.push(FunctionResult::at(
                    format!("Enum value {} must be \"{printed}\".", print_value(&value)),
                    super::util::path_plus(target.path, &["enum", &i.to_string()]),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::oas::testing::run;

    #[test]
    fn enum_values_follow_type() {
        let spec = "openapi: 3.0.0\ncomponents:\n  schemas:\n    A: {type: integer, enum: [1, 2.5, 'x']}\n    B: {type: string, nullable: true, enum: [a, null]}\n";
        let found = run(spec, "$.components.schemas[*]", None, "typedEnum", None);
        let got: Vec<_> = found.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    "components.schemas.A.enum.1",
                    "Enum value 2.5 must be \"integer\"."
                ),
                (
                    "components.schemas.A.enum.2",
                    "Enum value \"x\" must be \"integer\"."
                )
            ]
        );
    }
}
