//! DL3028: pin versions in gem install.

use super::support::{invocations, Options};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags each gem of a `gem install` (or `gem i`) given without a version: `rails` instead
    /// of `rails:7.1.3`. A `-v`/`--version` option anywhere pins the command, as in hadolint.
    /// The finding points at the gem word; one finding per gem (hadolint reports the
    /// instruction once). Option values (`--install-dir /x`) are skipped.
    ///
    /// Deliberate differences from hadolint: local `.gem` files (whose version is in the file)
    /// and words built from variables are not flagged.
    ///
    /// ## Why is this bad?
    /// Without a version each rebuild installs the newest release, so the image changes
    /// without any change to the Dockerfile and may break.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install bundler
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install bundler:2.5.6
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the version must be chosen.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `gem install`(또는 `gem i`)에서 버전 없이 준 gem(`rails:7.1.3` 대신 `rails`)을 하나하나
    /// 찾습니다. hadolint처럼 `-v`/`--version` 옵션이 어디에든 있으면 명령 전체가 고정된 것으로
    /// 봅니다. 보고 위치는 gem 단어이고 gem마다 하나씩 보고합니다(hadolint는 명령어 전체를 한 번
    /// 보고합니다). 옵션 값(`--install-dir /x`)은 건너뜁니다.
    ///
    /// hadolint와 의도적으로 다른 점: 버전이 파일에 들어 있는 로컬 `.gem` 파일과 변수로 만든
    /// 단어는 보고하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 버전이 없으면 다시 빌드할 때마다 최신 릴리스가 설치되어, Dockerfile을 바꾸지 않아도
    /// 이미지가 달라지고 깨질 수 있습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install bundler
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM ruby:3.3
    /// RUN gem install bundler:2.5.6
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 버전을 골라야 합니다.
    RULE {
        hadolint: Some("DL3028"),
        buildkit: None,
        slipway: None,
        summary: "Pin versions in gem install",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`";

const GEM_OPTIONS: Options = Options {
    short_values: "vinspg",
    long_values: &["version", "install-dir", "bindir", "source", "http-proxy", "platform", "file", "build-root"],
};

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            if inv.name != "gem" || inv.has_option(&GEM_OPTIONS, "v", &["version"]) {
                continue;
            }
            let positionals = inv.positionals(&GEM_OPTIONS);
            let Some((&first, gems)) = positionals.split_first() else { continue };
            if !matches!(inv.literal(first), Some("install" | "i")) {
                continue;
            }
            for &i in gems {
                if inv.literal(i).is_some_and(|g| !g.contains(':') && !g.ends_with(".gem")) {
                    out.report_for(run.index, body.span(inv.args[i].span), MESSAGE);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn unpinned_gems() {
        let src = "FROM a:1\nRUN gem install --no-document -i /g rails bundler:2 ./x.gem $G && gem i rake\n";
        assert_eq!(texts(&RULE, src), ["rails", "rake"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 37, 2, 42));
    }

    #[test]
    fn version_option_pins_the_command() {
        for args in ["x -v 1", "-v 1 x", "x --version 1.2", "x --version=1.2"] {
            let src = format!("FROM a:1\nRUN gem install {args}\n");
            assert!(ranges(&RULE, &src).is_empty(), "{args}");
        }
        assert!(ranges(&RULE, "FROM a:1\nRUN gem update --system && gem list x\n").is_empty());
    }
}
