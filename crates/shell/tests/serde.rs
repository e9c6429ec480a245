//! With the `serde` feature, the syntax tree serializes to JSON.
#![cfg(feature = "serde")]

#[test]
fn script_serializes() {
    let script = slipway_shell::parse("cat <<EOF > /x && echo \"$HOME\"\nhi\nEOF\n").unwrap();
    let json = serde_json::to_value(&script).unwrap();
    let first = &json["body"]["items"][0]["and_or"]["pipelines"][0]["commands"][0]["Simple"];
    assert_eq!(first["span"], serde_json::json!({"start": 0, "end": 14}));
    let heredoc = &first["redirects"][0]["target"]["HereDoc"];
    assert_eq!(heredoc["delimiter"], "EOF");
    assert!(heredoc.get("slot").is_none());
    let map = slipway_shell::SourceMap::verbatim("x", 4, 2, 5);
    let loc = serde_json::to_value(map.location(0)).unwrap();
    assert_eq!(loc, serde_json::json!({"offset": 4, "line": 2, "column": 5, "utf16_column": 5}));
}
