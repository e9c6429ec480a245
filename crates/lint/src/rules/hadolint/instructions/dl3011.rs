//! DL3011: valid UNIX ports range from 0 to 65535.

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port, or either end of a port range, above 65535 (`EXPOSE 70000`,
    /// `EXPOSE 8000-70000/tcp`). Each offending port is reported at its word; ports written
    /// with variables are not checked (their value is only known at build time).
    ///
    /// hadolint reports one finding per `EXPOSE` line; Slipway reports each bad port.
    ///
    /// ## Why is this bad?
    /// Ports are 16-bit numbers: a larger one cannot be exposed or published, so the
    /// instruction documents something that cannot work (usually a typo).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80800
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the intended port is unknown.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 65535보다 큰 `EXPOSE` 포트나 포트 범위의 양 끝(`EXPOSE 70000`, `EXPOSE 8000-70000/tcp`)을
    /// 찾습니다. 잘못된 포트마다 그 단어 위치에 보고합니다. 변수로 쓴 포트는 빌드할 때에만 값을
    /// 알 수 있으므로 검사하지 않습니다.
    ///
    /// hadolint는 `EXPOSE` 줄마다 하나를 보고하고, Slipway는 잘못된 포트마다 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// 포트는 16비트 숫자입니다. 더 큰 값은 노출하거나 게시할 수 없으므로 동작할 수 없는 것을
    /// 적어 둔 셈입니다(대개 오타입니다).
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80800
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 의도한 포트를 알 수 없습니다.
    RULE {
        hadolint: Some("DL3011"),
        buildkit: None,
        slipway: None,
        summary: "Valid UNIX ports range from 0 to 65535",
        severity: Severity::Error,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let (Command::Expose { .. }, Arguments::Words(words)) = (command, &instruction.args) else { continue };
        for word in words {
            if out_of_range(&word.value) {
                out.report_for(index, word.span, "Valid UNIX ports range from 0 to 65535");
            }
        }
    }
}

/// `70000`, `70000/tcp`, `1-70000`: some end of the port (range) is a number above 65535.
fn out_of_range(spec: &str) -> bool {
    let ports = spec.split('/').next().unwrap_or_default();
    ports.split('-').any(|port| {
        !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u32>().map_or(true, |n| n > 65535)
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges, texts};

    #[test]
    fn each_bad_port_is_flagged() {
        let src = "FROM a:1\nEXPOSE 80 65536 70000/tcp 3-70000 99999999999999999999\n";
        assert_eq!(texts(&RULE, src), ["65536", "70000/tcp", "3-70000", "99999999999999999999"]);
        assert_eq!(ranges(&RULE, src)[0], (2, 11, 2, 16));
        assert_eq!(messages(&RULE, src)[0], "Valid UNIX ports range from 0 to 65535");
    }

    #[test]
    fn valid_and_variable_ports_pass() {
        let src = "FROM a:1\nEXPOSE 0 80/udp 65535 1-2 $PORT ${P}-80 8080:80\n";
        assert!(ranges(&RULE, src).is_empty());
    }
}
