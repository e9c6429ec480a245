//! DL3008: pin versions in `apt-get install`.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags each package of an `apt-get install` that has no version pin (`curl` instead of
    /// `curl=8.5.0-2`). The finding points at the package word itself; one finding per package
    /// (hadolint reports the whole instruction once).
    ///
    /// Not flagged: `pkg=version`, `pkg/release`, local `.deb` files, words built from
    /// variables, and the values of `-t`/`--target-release`/`-o`/`-c`.
    ///
    /// ## Why is this bad?
    /// Without a pin, each rebuild installs whatever version the mirror has that day: the image
    /// changes without any change to the Dockerfile, and a new package version can break the
    /// build or the application.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the version to pin must be chosen.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `apt-get install`에서 버전을 고정하지 않은 패키지(`curl=8.5.0-2` 대신 `curl`)를 하나하나
    /// 찾습니다. 보고 위치는 패키지 단어 자체이고, 패키지마다 하나씩 보고합니다(hadolint는
    /// 명령어 전체를 한 번 보고합니다).
    ///
    /// `pkg=version`, `pkg/release`, 로컬 `.deb` 파일, 변수로 만든 단어, `-t`/`--target-release`/
    /// `-o`/`-c`의 값은 검사하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 버전을 고정하지 않으면 다시 빌드할 때마다 그날 미러에 있는 버전이 설치됩니다. Dockerfile을
    /// 바꾸지 않아도 이미지가 달라지고, 새 패키지 버전이 빌드나 애플리케이션을 깨뜨릴 수 있습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 고정할 버전을 골라야 합니다.
    RULE {
        hadolint: Some("DL3008"),
        buildkit: None,
        slipway: None,
        summary: "Pin versions in apt get install",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str =
    "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`";

/// Options whose value is the next word.
const OPTIONS_WITH_VALUE: [&str; 5] = ["-t", "--target-release", "-o", "-c", "--option"];

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for command in commands {
            if !command.is("apt-get") || !command.literals.iter().any(|l| l.as_deref() == Some("install")) {
                continue;
            }
            let mut skip_value = false;
            for (word, literal) in command.args().iter().zip(&command.literals) {
                let Some(literal) = literal else {
                    skip_value = false;
                    continue;
                };
                if std::mem::take(&mut skip_value) {
                    continue;
                }
                if literal.starts_with('-') {
                    skip_value = OPTIONS_WITH_VALUE.contains(&literal.as_str());
                    continue;
                }
                if literal == "install" || is_pinned(literal) {
                    continue;
                }
                out.report_for(run.index, body.span(word.span), MESSAGE);
            }
        }
    }
}

fn is_pinned(package: &str) -> bool {
    package.contains('=') || package.contains('/') || package.ends_with(".deb")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{findings, ranges, texts};

    #[test]
    fn each_unpinned_package_is_flagged() {
        let src = "FROM a:1\nRUN apt-get update && apt-get install -y --no-install-recommends curl wget=1.2 \\\n    \"git\" ./x.deb\n";
        assert_eq!(texts(&RULE, src), ["curl", "\"git\""]);
        assert_eq!(ranges(&RULE, src), [(2, 66, 2, 70), (3, 5, 3, 10)]);
        assert!(findings(&RULE, src).iter().all(|f| f.instruction == Some(1) && f.instruction_line == 2));
    }

    #[test]
    fn option_values_variables_and_heredocs() {
        let src = "FROM a:1\nRUN apt-get -t bookworm-backports install -o Debug=1 -y $PKGS vim/bookworm\nRUN <<EOF\nset -e\napt-get install -y jq\nEOF\n";
        assert_eq!(texts(&RULE, src), ["jq"]);
        assert_eq!(ranges(&RULE, src), [(5, 20, 5, 22)]);
    }

    #[test]
    fn other_commands_and_pragmas() {
        let src = "FROM a:1\nRUN apt-get update && apt-get remove curl && apt install curl\n# hadolint ignore=DL3008\nRUN apt-get install curl\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}
