//! `slipway cache plan` and `whatif` on a temporary context, JSON output.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn slipway(args: &[&str], cache_home: &Path) -> (i32, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_slipway"))
        .args(args)
        .env("XDG_CACHE_HOME", cache_home)
        .output()
        .expect("slipway runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (output.status.code().unwrap_or(-1), value)
}

fn results(value: &Value) -> Vec<(String, Value)> {
    value["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["instruction"].as_str().unwrap().to_string(), s["result"].clone()))
        .collect()
}

#[test]
fn plan_then_whatif_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let context = dir.path().join("ctx");
    std::fs::create_dir_all(context.join("src")).unwrap();
    std::fs::write(
        context.join("Dockerfile"),
        "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nLABEL stage=build\nRUN npm test\n",
    )
    .unwrap();
    std::fs::write(context.join("package.json"), "{}").unwrap();
    std::fs::write(context.join("src/x.js"), "1").unwrap();
    let cache_home = dir.path().join("cache");
    let ctx = context.to_str().unwrap();

    let (code, planned) = slipway(&["cache", "plan", "--format", "json", ctx], &cache_home);
    assert_eq!(code, 0);
    let steps = planned["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 7);
    let copy = &steps[2];
    assert_eq!(copy["stage"], "0");
    assert_eq!(copy["index"], 2);
    assert_eq!(copy["line"], 3);
    assert_eq!(copy["instruction"], "COPY package.json ./");
    assert_eq!(copy["layer"], true);
    assert!(copy["key"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(copy["result"], Value::Null);
    assert_eq!(steps[5]["layer"], false);
    assert_eq!(steps[5]["key"], Value::Null);

    // The state lives under the cache directory, never in the context.
    let state_dir = cache_home.join("slipway/cache-state");
    assert_eq!(
        std::fs::read_dir(&state_dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().unwrap() == "json")
            .count(),
        1
    );
    let mut names: Vec<String> =
        std::fs::read_dir(&context).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["Dockerfile", "package.json", "src"]);

    // No edit flag: the context as it is on disk (unchanged) hits everywhere.
    let (_, unchanged) = slipway(&["cache", "whatif", "--format", "json", ctx], &cache_home);
    let hit = Value::from("hit");
    assert!(results(&unchanged).iter().all(|(_, r)| *r == hit || r.is_null()));

    // A simulated edit of a source file.
    let (code, edited) = slipway(&["cache", "whatif", "--format", "json", "--edit", "src/x.js", ctx], &cache_home);
    assert_eq!(code, 0);
    let r = results(&edited);
    assert_eq!(r[3], ("RUN npm ci".to_string(), Value::from("hit")));
    assert_eq!(r[4], ("COPY . .".to_string(), Value::from("miss")));
    assert_eq!(edited["steps"][4]["reason"], "src/x.js changed (COPY . .)");
    assert_eq!(r[5].1, Value::Null);
    assert_eq!(edited["steps"][6]["reason"], "parent step missed");

    // A real edit on disk is seen without flags; a touch is not.
    std::fs::write(context.join("package.json"), "{\"name\":\"x\"}").unwrap();
    let (_, real) = slipway(&["cache", "whatif", "--format", "json", ctx], &cache_home);
    assert_eq!(real["steps"][2]["result"], "miss");
    assert_eq!(real["steps"][2]["reason"], "package.json changed (COPY package.json ./)");
    std::fs::write(context.join("package.json"), "{}").unwrap();
    let (_, reverted) = slipway(&["cache", "whatif", "--format", "json", ctx], &cache_home);
    assert_eq!(reverted["steps"][2]["result"], "hit", "same content, new mtime: still a hit");

    // An edited Dockerfile and the legacy builder.
    let edited_dockerfile = dir.path().join("Dockerfile.edited");
    std::fs::write(
        &edited_dockerfile,
        "FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nLABEL stage=test\nRUN npm test\n",
    )
    .unwrap();
    let f2 = edited_dockerfile.to_str().unwrap();
    let (_, label) = slipway(&["cache", "whatif", "--format", "json", "--dockerfile", f2, ctx], &cache_home);
    assert_eq!(label["steps"][6]["result"], "hit", "BuildKit: a LABEL edit invalidates nothing");
    let state = dir.path().join("legacy.json");
    let state = state.to_str().unwrap();
    slipway(&["cache", "plan", "--legacy", "--state", state, "--format", "json", ctx], &cache_home);
    let (_, legacy) = slipway(
        &["cache", "whatif", "--legacy", "--state", state, "--format", "json", "--dockerfile", f2, ctx],
        &cache_home,
    );
    assert_eq!(legacy["steps"][5]["result"], "miss");
    assert_eq!(legacy["steps"][6]["result"], "miss");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _) = slipway(&["cache", "plan", dir.path().join("missing").to_str().unwrap()], dir.path());
    assert_eq!(code, 2);
}
