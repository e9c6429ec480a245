//! ExposeProtoCasing: the protocol of an EXPOSE port should be lower case.

use super::support::{expose_ports, split_port};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port whose protocol is not written in lower case (`80/TCP`). Ports
    /// with variables are checked after expansion with the stage's ARG and ENV values, as
    /// BuildKit does; the message quotes the expanded port. Specs BuildKit rejects outright
    /// (unknown protocol, no port) are left to the parse checks.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/expose-proto-casing/>.
    ///
    /// ## Why is this bad?
    /// The protocol is recorded in lower case anyway (`80/tcp`); the upper-case spelling only
    /// makes the Dockerfile inconsistent with the image configuration and with other tools.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/TCP
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/tcp
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the exposed port in the image is the same. Offered when the port is written
    /// literally (no variable, no quotes).
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 프로토콜을 소문자로 쓰지 않은 `EXPOSE` 포트(`80/TCP`)를 찾습니다. 변수가 든 포트는 BuildKit처럼
    /// 스테이지의 ARG와 ENV 값으로 확장한 뒤 검사하고, 메시지에는 확장된 포트를 씁니다. BuildKit이
    /// 아예 거부하는 형식(알 수 없는 프로토콜, 포트 없음)은 파싱 검사에 맡깁니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/expose-proto-casing/>.
    ///
    /// ## 왜 문제인가요?
    /// 프로토콜은 어차피 소문자(`80/tcp`)로 기록됩니다. 대문자로 쓰면 Dockerfile이 이미지 설정이나
    /// 다른 도구와 어긋나 보일 뿐입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/TCP
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/tcp
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. 이미지에 기록되는 포트는 같습니다. 포트를 변수나 따옴표 없이 그대로 쓴 경우에만
    /// 제안합니다.
    RULE {
        hadolint: None,
        buildkit: Some("ExposeProtoCasing"),
        slipway: None,
        summary: "Protocol in EXPOSE instruction should be lowercase",
        severity: Severity::Warning,
        default_enabled: true,
        fix: FixAvailability::Sometimes,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    for (index, instruction, command) in ctx.commands() {
        let (Command::Expose { .. }, Arguments::Words(tokens)) = (command, &instruction.args) else { continue };
        for (token, spec) in expose_ports(ctx, index, tokens) {
            let Some((_, _, _, proto)) = split_port(&spec) else { continue };
            if proto == proto.to_ascii_lowercase() {
                continue;
            }
            let message = format!("Defined protocol '{spec}' in EXPOSE instruction should be lowercase");
            let finding = out.report_for(index, token.span, message);
            if ctx.text(token.span) == spec {
                let lowered = format!("{}{}", &spec[..spec.len() - proto.len()], proto.to_ascii_lowercase());
                finding.with_fix(Fix::safe("Lower-case the protocol", vec![Edit::replace(token.span, lowered)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::finding::Applicability;
    use crate::testing::{fixed, messages, ranges};

    #[test]
    fn upper_case_protocols_are_flagged_at_the_port() {
        let src = "FROM a:1\nEXPOSE 80/TCP 53/udp 443/Tcp\n";
        assert_eq!(ranges(&RULE, src), [(2, 8, 2, 14), (2, 22, 2, 29)]);
        assert_eq!(messages(&RULE, src)[0], "Defined protocol '80/TCP' in EXPOSE instruction should be lowercase");
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nEXPOSE 80/tcp 53/udp 443/tcp\n");
    }

    #[test]
    fn variables_are_expanded_first() {
        let src = "FROM a:1\nARG PROTO=UDP\nEXPOSE 53/${PROTO}\n";
        assert_eq!(messages(&RULE, src), ["Defined protocol '53/UDP' in EXPOSE instruction should be lowercase"]);
        assert_eq!(fixed(&RULE, src, Applicability::Safe), src, "no fix through a variable");
    }

    #[test]
    fn lower_case_and_invalid_specs_pass() {
        assert!(ranges(&RULE, "FROM a:1\nEXPOSE 80 80/tcp 8000-8010/udp 80/HTTP\n").is_empty());
    }
}
