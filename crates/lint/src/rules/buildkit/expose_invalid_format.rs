//! ExposeInvalidFormat: EXPOSE takes a container port, not an address or a mapping.

use super::support::{expose_ports, split_port};
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` port spec with an IP address or a host port (`127.0.0.1:80:80`,
    /// `8080:80`). Ports with variables are checked after expansion with the stage's ARG and
    /// ENV values, as BuildKit does. Specs BuildKit rejects outright (unknown protocol, no
    /// container port) are left to the parse checks.
    /// BuildKit reference: <https://docs.docker.com/go/dockerfile/rule/expose-invalid-format/>.
    ///
    /// ## Why is this bad?
    /// `EXPOSE` only documents which port the container listens on; addresses and host ports
    /// are chosen at `docker run -p` time. BuildKit drops everything but the container port,
    /// so the spec promises a mapping that never happens. This will become an error in a future
    /// release.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 127.0.0.1:8080:80
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80
    /// ```
    ///
    /// ## Fix safety
    /// Safe: the fix keeps only the container port and protocol, which is all BuildKit records
    /// in the image. Offered when the spec is written literally.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// IP 주소나 호스트 포트가 들어간 `EXPOSE` 포트(`127.0.0.1:80:80`, `8080:80`)를 찾습니다.
    /// 변수가 든 포트는 BuildKit처럼 스테이지의 ARG와 ENV 값으로 확장한 뒤 검사합니다. BuildKit이
    /// 아예 거부하는 형식(알 수 없는 프로토콜, 컨테이너 포트 없음)은 파싱 검사에 맡깁니다.
    /// BuildKit 문서: <https://docs.docker.com/go/dockerfile/rule/expose-invalid-format/>.
    ///
    /// ## 왜 문제인가요?
    /// `EXPOSE`는 컨테이너가 듣는 포트를 알려 줄 뿐이고, 주소와 호스트 포트는 `docker run -p`에서
    /// 정합니다. BuildKit은 컨테이너 포트만 남기고 나머지를 버리므로, 일어나지 않을 매핑을 약속하는
    /// 셈입니다. 앞으로 오류가 될 예정입니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 127.0.0.1:8080:80
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80
    /// ```
    ///
    /// ## 수정의 안전성
    /// 안전합니다. BuildKit이 이미지에 기록하는 컨테이너 포트와 프로토콜만 남깁니다. 포트를 그대로
    /// 쓴 경우에만 제안합니다.
    RULE {
        hadolint: None,
        buildkit: Some("ExposeInvalidFormat"),
        slipway: None,
        summary: "IP address and host-port mapping should not be used in EXPOSE instruction",
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
            let Some((ip, host, _, _)) = split_port(&spec) else { continue };
            if ip.is_empty() && host.is_empty() {
                continue;
            }
            let message =
                format!("EXPOSE instruction should not define an IP address or host-port mapping, found '{spec}'");
            let finding = out.report_for(index, token.span, message);
            if ctx.text(token.span) == spec {
                let container = spec.rsplit(':').next().unwrap_or(&spec).to_string();
                finding.with_fix(Fix::safe("Keep only the container port", vec![Edit::replace(token.span, container)]));
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
    fn addresses_and_host_ports_are_flagged_at_the_spec() {
        let src = "FROM a:1\nEXPOSE 127.0.0.1:8080:80 443 5000:5000/udp\n";
        assert_eq!(ranges(&RULE, src), [(2, 8, 2, 25), (2, 30, 2, 43)]);
        assert_eq!(
            messages(&RULE, src)[0],
            "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:8080:80'"
        );
        assert_eq!(fixed(&RULE, src, Applicability::Safe), "FROM a:1\nEXPOSE 80 443 5000/udp\n");
    }

    #[test]
    fn expanded_and_plain_ports() {
        let src = "FROM a:1\nENV MAP=8080:80\nEXPOSE $MAP 80 8000-8001/tcp\n";
        assert_eq!(ranges(&RULE, src), [(3, 8, 3, 12)]);
        assert!(ranges(&RULE, "FROM a:1\nEXPOSE 80 80/udp\n").is_empty());
    }
}
