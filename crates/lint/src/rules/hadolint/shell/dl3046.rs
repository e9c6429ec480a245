//! DL3046: `useradd` with a high UID and without `-l`.

use super::support::invocations;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags `useradd` given a UID of six digits or more (≥ 100000, hadolint's threshold) without
    /// `-l`/`--no-log-init`. The UID may be written `-u 123456`, `-u123456`, bundled (`-ru
    /// 123456`), `--uid 123456` or `--uid=123456`. The finding points at the UID option.
    ///
    /// Deliberate differences from hadolint: `--uid …` and `-u123456` are recognised (hadolint
    /// misses them), and a UID from a variable (`-u $UID`) is not flagged, since its value is
    /// unknown.
    ///
    /// ## Why is this bad?
    /// Without `-l`, useradd records the user in `/var/log/lastlog` and `faillog`, sparse files
    /// indexed by UID. Docker's layer tar does not keep sparseness, so a large UID writes
    /// gigabytes of zeros into the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 123456 app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: inserts `-l` after `useradd`; the user then has no lastlog/faillog entries,
    /// which a login-accounting tool in the image might expect.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// `-l`/`--no-log-init` 없이 여섯 자리 이상(100000 이상, hadolint의 기준)의 UID를 주는
    /// `useradd`를 찾습니다. UID는 `-u 123456`, `-u123456`, 묶은 형태(`-ru 123456`),
    /// `--uid 123456`, `--uid=123456`로 쓸 수 있습니다. 보고 위치는 UID 옵션입니다.
    ///
    /// hadolint와 의도적으로 다른 점: `--uid …`와 `-u123456`도 알아보고(hadolint는 놓침),
    /// 변수로 준 UID(`-u $UID`)는 값을 알 수 없으므로 보고하지 않습니다.
    ///
    /// ## 왜 문제인가요?
    /// `-l`이 없으면 useradd는 UID로 색인하는 희소 파일 `/var/log/lastlog`와 `faillog`에 사용자를
    /// 기록합니다. Docker의 레이어 tar는 희소성을 유지하지 않으므로 큰 UID는 이미지에 수 GB의
    /// 0을 씁니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -u 123456 app
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM debian:12
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전하지 않습니다. `useradd` 뒤에 `-l`을 넣으면 그 사용자의 lastlog/faillog 항목이 없어지고,
    /// 이미지 안의 로그인 기록 도구가 그것을 기대할 수 있습니다.
    RULE {
        hadolint: Some("DL3046"),
        buildkit: None,
        slipway: None,
        summary: "`useradd` without flag `-l` and high UID will result in excessively large Image.",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Always,
        check: check,
    }
}

const MESSAGE: &str = "`useradd` without flag `-l` and high UID will result in excessively large Image.";

/// useradd's short options that take a value.
const VALUE_LETTERS: &str = "bcdefgGkKpsuZRP";

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (run, body, commands) in ctx.shell_commands() {
        for inv in invocations(commands) {
            if inv.name != "useradd" {
                continue;
            }
            let mut no_log_init = false;
            let mut uid = None;
            let mut i = 0;
            while i < inv.literals.len() {
                let word = i;
                i += 1;
                let Some(arg) = inv.literal(word) else { continue };
                if arg == "--no-log-init" {
                    no_log_init = true;
                } else if let Some(value) = arg.strip_prefix("--uid=") {
                    uid = Some((word, word, Some(value.to_string())));
                } else if arg == "--uid" {
                    uid = Some((word, i, inv.literal(i).map(str::to_string)));
                    i += 1;
                } else if let Some(letters) = arg.strip_prefix('-').filter(|l| !l.starts_with('-')) {
                    for (at, c) in letters.char_indices() {
                        no_log_init |= c == 'l';
                        if !VALUE_LETTERS.contains(c) {
                            continue;
                        }
                        let rest = &letters[at + 1..];
                        let value = if rest.is_empty() {
                            i += 1;
                            (i - 1, inv.literal(i - 1).map(str::to_string))
                        } else {
                            (word, Some(rest.to_string()))
                        };
                        if c == 'u' {
                            uid = Some((word, value.0, value.1));
                        }
                        break;
                    }
                }
            }
            let Some((from, to, Some(value))) = uid else { continue };
            let high = value.len() > 5 && value.bytes().all(|b| b.is_ascii_digit());
            if high && !no_log_init && to < inv.args.len() {
                let span = body.span(inv.args[from].span.cover(inv.args[to].span));
                let after = body.span(inv.name_word().span).end;
                out.report_for(run.index, span, MESSAGE)
                    .with_fix(Fix::unsafe_edit("Insert `-l`", vec![Edit::insert(after, " -l")]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, ranges, texts};

    #[test]
    fn high_uid_without_l() {
        let src = "FROM a:1\nRUN useradd -u 123456 a && useradd -ru 100000 b && useradd --uid=1234567 c && useradd -m -u7654321 d\n";
        assert_eq!(texts(&RULE, src), ["-u 123456", "-ru 100000", "--uid=1234567", "-u7654321"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 13, 2, 22));
    }

    #[test]
    fn low_unknown_or_no_log_init() {
        for args in ["-u 99999", "-u $UID", "-l -u 123456", "--no-log-init --uid 123456", "-lu 123456", "-g 1234567 x"]
        {
            let src = format!("FROM a:1\nRUN useradd {args} app\n");
            assert!(ranges(&RULE, &src).is_empty(), "{args}");
        }
    }

    #[test]
    fn fix_is_unsafe() {
        let src = "FROM a:1\nRUN useradd -u 123456 app\n";
        assert_eq!(fixed(&RULE, src, Applicability::Safe), src);
        assert_eq!(fixed(&RULE, src, Applicability::Unsafe), "FROM a:1\nRUN useradd -l -u 123456 app\n");
    }
}
