//! DL3013: pin versions in pip.

use super::pip::pip_install;
use super::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags each package of a `pip install` (`pip`, `pip3`, `pip3.12`, `python3 -m pip`, and
    /// `pipx install` as in hadolint) given without a version specifier. The finding points at
    /// the package word; one finding per package (hadolint reports the instruction once).
    ///
    /// Pinned enough: any specifier (`==`, `>=`, `<=`, `~=`, `!=`, `<`, `>`), direct references
    /// with `@` (`name @ https://…`, `git+https://…@v1`), local paths (`.`, `./pkg`, `/src`) and
    /// archives (`.whl`, `.tar.gz`, `.zip`). A command with `-r`/`--requirement` or
    /// `-c`/`--constraint` is not flagged at all, nor are `-e`/`--editable` targets and other
    /// option values. Like hadolint, `pip install --upgrade pip` is flagged: `pip` is a
    /// package like any other.
    ///
    /// Deliberate difference from hadolint: words built from variables (`pip install $PKGS`)
    /// are not flagged, since their value is unknown.
    ///
    /// ## Why is this bad?
    /// Without a version each rebuild installs the newest release, so the image changes without
    /// any change to the Dockerfile and may break.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir django
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir django==5.0.6
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the version must be chosen.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `pip install`(`pip`, `pip3`, `pip3.12`, `python3 -m pip`, 그리고 hadolint처럼
    /// `pipx install`)에서 버전 지정 없이 준 패키지를 하나하나 찾습니다. 보고 위치는 패키지
    /// 단어이고 패키지마다 하나씩 보고합니다(hadolint는 명령어 전체를 한 번 보고합니다).
    ///
    /// 충분히 고정된 것: 모든 지정자(`==`, `>=`, `<=`, `~=`, `!=`, `<`, `>`), `@`가 있는 직접
    /// 참조(`name @ https://…`, `git+https://…@v1`), 로컬 경로(`.`, `./pkg`, `/src`), 아카이브
    /// (`.whl`, `.tar.gz`, `.zip`). `-r`/`--requirement`나 `-c`/`--constraint`가 있는 명령은
    /// 전혀 보고하지 않고, `-e`/`--editable` 대상과 다른 옵션 값도 건너뜁니다. hadolint처럼
    /// `pip install --upgrade pip`는 보고합니다. `pip`도 다른 패키지와 같기 때문입니다.
    ///
    /// hadolint와 의도적으로 다른 점: 값을 알 수 없는 변수로 만든 단어(`pip install $PKGS`)는
    /// 보고하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// 버전이 없으면 다시 빌드할 때마다 최신 릴리스가 설치되어, Dockerfile을 바꾸지 않아도
    /// 이미지가 달라지고 깨질 수 있습니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir django
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM python:3.12
    /// RUN pip install --no-cache-dir django==5.0.6
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 버전을 골라야 합니다.
    RULE {
        hadolint: Some("DL3013"),
        buildkit: None,
        slipway: None,
        summary: "Pin versions in pip",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

const MESSAGE: &str = "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            let Some(pip) = pip_install(&inv, true) else { continue };
            let from_files = pip.options.iter().any(|o| {
                ["--requirement", "--constraint"].iter().any(|long| o.starts_with(long))
                    || (o.starts_with("-r") || o.starts_with("-c")) && !o.starts_with("--")
            });
            if from_files {
                continue;
            }
            for &i in &pip.operands {
                if inv.literal(i).is_some_and(|p| !is_pinned(p)) {
                    out.report_for(run.index, body.span(inv.args[i].span), MESSAGE);
                }
            }
        }
    }
}

fn is_pinned(package: &str) -> bool {
    const ARCHIVES: [&str; 5] = [".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz"];
    package.contains(['=', '<', '>', '@'])
        || package.starts_with(['.', '/', '~'])
        || ARCHIVES.iter().any(|ext| package.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{ranges, texts};

    #[test]
    fn unpinned_packages() {
        let src = "FROM a:1\nRUN pip install --no-cache-dir -i http://x django x==1 \"y>=2\" z~=3 ./p . /s a.whl b.tar.gz git+https://a/b git+https://a/c@v1 $P -e ./e --upgrade pip\n";
        assert_eq!(texts(&RULE, src), ["django", "git+https://a/b", "pip"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 44, 2, 50));
        let python =
            "FROM a:1\nRUN python3 -m pip install -U setuptools && pip3.12 install -q x && pipx install black\n";
        assert_eq!(texts(&RULE, python), ["setuptools", "x", "black"]);
    }

    #[test]
    fn requirements_and_constraints() {
        for args in ["-r req.txt", "--requirement req.txt x", "-c c.txt x", "--constraint=c.txt x", "-rreq.txt"] {
            let src = format!("FROM a:1\nRUN pip install {args}\n");
            assert!(ranges(&RULE, &src).is_empty(), "{args}");
        }
        let other = "FROM a:1\nRUN pip download x && pip wheel y && pipenv install z && pip install\n";
        assert!(ranges(&RULE, other).is_empty());
    }
}
