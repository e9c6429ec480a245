//! `RUN --mount=…` values: CSV fields of `key=value` or bare options, validated per
//! mount type as BuildKit does.

use serde::Serialize;

use crate::suggest::did_you_mean;

/// Mount types.
pub const MOUNT_TYPES: [&str; 5] = ["bind", "cache", "tmpfs", "secret", "ssh"];

const MOUNT_KEYS: [&str; 19] = [
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "size",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "env",
];

/// A parsed `--mount` flag.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Mount {
    /// `bind`, `cache`, `tmpfs`, `secret` or `ssh`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Stage or image to mount from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Path in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Mount point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Read-only (defaults: bind/secret/ssh read-only, cache/tmpfs writable).
    pub readonly: bool,
    /// Cache or secret id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Cache sharing mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sharing: Option<String>,
    /// Secret/ssh: fail when missing.
    pub required: bool,
    /// tmpfs size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// File mode (octal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<u32>,
    /// Owner uid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// Owner gid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gid: Option<u32>,
    /// Secret exposed as this environment variable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
}

/// Splits one CSV record as Go's `encoding/csv` does (quoted fields, `""` escapes).
pub fn csv_fields(text: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = text.chars().peekable();
    let mut column = 1;
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            column += 1;
            loop {
                match chars.next() {
                    None => {
                        return Err(format!(
                            "parse error on line 1, column {column}: extraneous or missing \" in quoted-field"
                        ))
                    }
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        column += 2;
                        field.push('"');
                    }
                    Some('"') => {
                        column += 1;
                        match chars.peek() {
                            None | Some(',') => break,
                            Some(_) => {
                                return Err(format!(
                                    "parse error on line 1, column {column}: extraneous or missing \" in quoted-field"
                                ))
                            }
                        }
                    }
                    Some(c) => {
                        column += 1;
                        field.push(c);
                    }
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                if c == '"' {
                    return Err(format!("parse error on line 1, column {column}: bare \" in non-quoted-field"));
                }
                field.push(c);
                column += 1;
                chars.next();
            }
        }
        fields.push(field);
        match chars.next() {
            Some(',') => column += 1,
            _ => return Ok(fields),
        }
    }
}

fn parse_bool(key: &str, value: &str) -> Result<bool, String> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!("invalid value for {key}: {value}")),
    }
}

/// Whether a value must wait for variable expansion before it can be checked.
fn needs_expansion(value: &str) -> bool {
    value.contains(['$', '\'', '"', '\\'])
}

/// Parses and validates one `--mount` value. Values that need variable expansion
/// are kept raw and their checks are left to build time, as BuildKit defers them.
pub fn parse_mount(text: &str) -> Result<Mount, String> {
    let fields = csv_fields(text).map_err(|e| format!("failed to parse csv mounts: {e}"))?;
    let mut mount = Mount { kind: "bind".into(), ..Mount::default() };
    let mut readonly_set = false;
    for field in fields {
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (k.to_lowercase(), Some(v.to_string())),
            None => (field.to_lowercase(), None),
        };
        let Some(value) = value else {
            match key.as_str() {
                "readonly" | "ro" => {
                    mount.readonly = true;
                    readonly_set = true;
                }
                "readwrite" | "rw" => {
                    mount.readonly = false;
                    readonly_set = true;
                }
                "required" if matches!(mount.kind.as_str(), "secret" | "ssh") => mount.required = true,
                "required" => return Err(format!("unexpected key '{key}' for mount type '{}'", mount.kind)),
                _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
            }
            continue;
        };
        if key == "from" {
            if let Some(i) = value.find('$') {
                if i != value.len() - 1 {
                    return Err(format!("'{key}' doesn't support variable expansion, define alias stage instead"));
                }
            }
        }
        let deferred = needs_expansion(&value);
        match key.as_str() {
            "type" => {
                let lower = value.to_lowercase();
                if !deferred && !MOUNT_TYPES.contains(&lower.as_str()) {
                    let mut message = format!("unsupported mount type {}", crate::gocompat::quote(&value));
                    if let Some(s) = did_you_mean(&value, MOUNT_TYPES, true) {
                        message.push_str(&format!(" (did you mean {s}?)"));
                    }
                    return Err(message);
                }
                mount.kind = lower;
            }
            "from" => mount.from = Some(value),
            "source" | "src" => mount.source = Some(value),
            "target" | "dst" | "destination" => mount.target = Some(value),
            "readonly" | "ro" => {
                mount.readonly = deferred || parse_bool(&key, &value)?;
                readonly_set = true;
            }
            "readwrite" | "rw" => {
                mount.readonly = !deferred && !parse_bool(&key, &value)?;
                readonly_set = true;
            }
            "required" => {
                if !matches!(mount.kind.as_str(), "secret" | "ssh") {
                    return Err(format!("unexpected key '{key}' for mount type '{}'", mount.kind));
                }
                mount.required = deferred || parse_bool(&key, &value)?;
            }
            "id" => mount.id = Some(value),
            "sharing" => {
                if !deferred && !matches!(value.to_lowercase().as_str(), "shared" | "private" | "locked") {
                    return Err(format!("unsupported sharing value {}", crate::gocompat::quote(&value)));
                }
                mount.sharing = Some(value.to_lowercase());
            }
            "mode" => {
                if !deferred {
                    let mode = u32::from_str_radix(&value, 8).map_err(|_| format!("invalid value {value} for mode"))?;
                    mount.mode = Some(mode);
                }
            }
            "uid" | "gid" => {
                if !deferred {
                    let id: u32 = value.parse().map_err(|_| format!("invalid value {value} for {key}"))?;
                    if key == "uid" {
                        mount.uid = Some(id);
                    } else {
                        mount.gid = Some(id);
                    }
                }
            }
            "size" => {
                if mount.kind != "tmpfs" {
                    return Err(format!("unexpected key '{key}' for mount type '{}'", mount.kind));
                }
                mount.size = Some(value);
            }
            "env" => mount.env = Some(value),
            _ => {
                let mut message = format!("unexpected key '{key}' in '{field}'");
                if let Some(s) = did_you_mean(&key, MOUNT_KEYS, true) {
                    message.push_str(&format!(" (did you mean {s}?)"));
                }
                return Err(message);
            }
        }
    }
    let file_info_allowed = matches!(mount.kind.as_str(), "secret" | "ssh" | "cache");
    if !file_info_allowed {
        for (name, set) in [("mode", mount.mode.is_some()), ("uid", mount.uid.is_some()), ("gid", mount.gid.is_some())]
        {
            if set {
                return Err(format!("{name} not allowed for {} type mounts", crate::gocompat::quote(&mount.kind)));
            }
        }
    }
    if !readonly_set {
        mount.readonly = !matches!(mount.kind.as_str(), "cache" | "tmpfs");
    }
    if mount.sharing.is_some() && mount.kind != "cache" {
        return Err(format!("invalid cache sharing set for {} mount", mount.kind));
    }
    if mount.kind == "secret" {
        if mount.from.is_some() {
            return Err("secret mount should not have a from".into());
        }
        if mount.source.is_some() && mount.id.is_some() {
            return Err("both source and id can't be set".into());
        }
    }
    Ok(mount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_fields("a=1,b=2").unwrap(), vec!["a=1", "b=2"]);
        assert_eq!(csv_fields(r#""a=1,2",b"#).unwrap(), vec!["a=1,2", "b"]);
        assert!(csv_fields(r#"a="x""#).is_err());
    }

    #[test]
    fn mounts() {
        let m = parse_mount("type=cache,target=/root/.cache,sharing=locked").unwrap();
        assert_eq!((m.kind.as_str(), m.target.as_deref(), m.readonly), ("cache", Some("/root/.cache"), false));
        let m = parse_mount("target=/src,rw").unwrap();
        assert_eq!((m.kind.as_str(), m.readonly), ("bind", false));
        assert!(parse_mount("type=bind").unwrap().readonly);
        assert_eq!(parse_mount("type=cahce").unwrap_err(), "unsupported mount type \"cahce\" (did you mean cache?)");
        assert_eq!(parse_mount("type=bind,mode=0700").unwrap_err(), "mode not allowed for \"bind\" type mounts");
        assert_eq!(parse_mount("type=secret,id=x,required").map(|m| m.required), Ok(true));
        assert_eq!(parse_mount("type=bind,required").unwrap_err(), "unexpected key 'required' for mount type 'bind'");
        assert_eq!(parse_mount("target").unwrap_err(), "invalid field 'target' must be a key=value pair");
        assert_eq!(
            parse_mount("type=cache,tagret=/x").unwrap_err(),
            "unexpected key 'tagret' in 'tagret=/x' (did you mean target?)"
        );
        assert_eq!(
            parse_mount("type=bind,from=$STAGE").unwrap_err(),
            "'from' doesn't support variable expansion, define alias stage instead"
        );
    }
}
