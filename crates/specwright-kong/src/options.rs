//! Translation options: decK's `O2kOptions`, plus what Specwright adds.

use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct Options {
    /// Tags for every entity (`--select-tag`). `None`: the root `x-kong-tags`, else `[]`.
    pub tags: Option<Vec<String>>,
    /// Base document name (`--uuid-base`), before `x-kong-name` and `info.title`.
    pub doc_name: Option<String>,
    /// UUIDv5 namespace; decK uses the DNS namespace.
    pub uuid_namespace: Uuid,
    /// Insomnia-compatible names (`--inso-compat`); implies no ids in the CLI.
    pub inso_compat: bool,
    /// No `id` fields (`--no-id`).
    pub skip_id: bool,
    /// OpenID Connect plugins from `security` (`--generate-security`).
    pub oidc: bool,
    /// Skip unsupported security requirements instead of failing. Unlike go-apiops v0.4.2
    /// (deck#1829), supported requirements still generate their plugins.
    pub ignore_security_errors: bool,
    /// Accept `$ref` loops that decK calls infinite (`--ignore-circular-refs`).
    pub ignore_circular_refs: bool,
    /// Header-enum routes also for optional headers (library option
    /// `TreatAllHeadersAsRequired`).
    pub treat_all_headers_as_required: bool,
    /// No header-enum route fan-out (`--skip-route-by-header`).
    pub skip_route_by_header: bool,
    /// Share identical path- and operation-level services (`--reuse-services`).
    pub reuse_services: bool,
    /// Beyond decK: apiKey -> key-auth, http basic -> basic-auth, http bearer JWT -> jwt
    /// (`--security-plugins`). Turns security generation on.
    pub security_plugins: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tags: None,
            doc_name: None,
            uuid_namespace: Uuid::NAMESPACE_DNS,
            inso_compat: false,
            skip_id: false,
            oidc: false,
            ignore_security_errors: false,
            ignore_circular_refs: false,
            treat_all_headers_as_required: false,
            skip_route_by_header: false,
            reuse_services: false,
            security_plugins: false,
        }
    }
}
