//! SW1006: the final stage still carries a compiler toolchain image.

use super::support::base_name;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Flags the final stage (the one `docker build` outputs without `--target`) when its base
    /// image — followed through `FROM <stage>` to the image it starts from — is a compiler
    /// toolchain: `golang`, `rust`, `maven`, `gradle`, `gcc`, a JDK (`openjdk`,
    /// `eclipse-temurin`, `amazoncorretto`, `sapmachine`, `ibmjava` unless the tag says
    /// `jre`), `mcr.microsoft.com/dotnet/sdk`, or `node` when the final stage runs a build step
    /// (`npm run build`, `yarn build`, `tsc`, `webpack`, `vite build`, `next build`, …). The
    /// finding points at the final stage's image.
    ///
    /// ## Why is this bad?
    /// A toolchain image is hundreds of megabytes of compilers, headers and caches that the
    /// running program never uses: slower pulls and deploys, more packages for scanners to
    /// report, more tools for an attacker. A multi-stage build compiles in an earlier stage and
    /// copies only the result (`COPY --from=build`) into a small runtime image (`distroless`,
    /// `alpine`, a `-jre` or `-slim` image). It also helps the cache: the runtime stage only
    /// changes when the artifact does, and the build stage's dependency layers are reused.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app .
    /// CMD ["/app"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /app .
    ///
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /app /app
    /// CMD ["/app"]
    /// ```
    ///
    /// ## Fix safety
    /// No fix: which files the program needs at run time is for the author to decide.
    ///
    /// # 한국어
    /// ## 무엇을 하나요
    /// 최종 스테이지(`--target` 없이 `docker build`가 내보내는 스테이지)의 베이스 이미지가 — `FROM
    /// <stage>`를 따라가 처음 시작한 이미지 기준으로 — 컴파일러 툴체인이면 보고합니다. `golang`,
    /// `rust`, `maven`, `gradle`, `gcc`, JDK(`openjdk`, `eclipse-temurin`, `amazoncorretto`,
    /// `sapmachine`, `ibmjava`, 태그에 `jre`가 없을 때), `mcr.microsoft.com/dotnet/sdk`, 그리고 최종
    /// 스테이지가 빌드 단계(`npm run build`, `yarn build`, `tsc`, `webpack`, `vite build`,
    /// `next build` 등)를 실행하는 `node`가 해당합니다. 최종 스테이지의 이미지 위치에 보고합니다.
    ///
    /// ## 왜 문제인가요?
    /// 툴체인 이미지에는 실행 중인 프로그램이 쓰지 않는 수백 MB의 컴파일러, 헤더, 캐시가 들어
    /// 있습니다. 풀과 배포가 느려지고, 스캐너가 보고할 패키지와 공격자가 쓸 도구가 늘어납니다.
    /// 멀티 스테이지 빌드는 앞 스테이지에서 컴파일하고 결과물만(`COPY --from=build`) 작은 런타임
    /// 이미지(`distroless`, `alpine`, `-jre`·`-slim` 이미지)로 복사합니다. 캐시에도 도움이 됩니다.
    /// 런타임 스테이지는 결과물이 바뀔 때만 바뀌고, 빌드 스테이지의 의존성 레이어는 재사용됩니다.
    ///
    /// ## 예시
    /// ```dockerfile
    /// FROM golang:1.23
    /// WORKDIR /src
    /// COPY . .
    /// RUN go build -o /app .
    /// CMD ["/app"]
    /// ```
    ///
    /// ## 이렇게 쓰세요
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /app .
    ///
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /app /app
    /// CMD ["/app"]
    /// ```
    ///
    /// ## 수정의 안전성
    /// 자동 수정은 없습니다. 프로그램이 실행 시 어떤 파일을 필요로 하는지는 작성자가 정합니다.
    RULE {
        hadolint: None,
        buildkit: None,
        slipway: Some("SW1006"),
        summary: "The final stage is based on a compiler toolchain image",
        severity: Severity::Info,
        default_enabled: true,
        fix: FixAvailability::None,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Reporter<'_>) {
    let Some(last) = ctx.stages.last() else { return };
    let mut root = last;
    while let Some(base) = root.base_stage {
        root = &ctx.stages[base];
    }
    if root.is_scratch {
        return;
    }
    let Some(image) = root.resolved_base.as_deref() else { return };
    let (repository, tag) = split_image(image);
    let toolchain = match repository {
        "golang" | "rust" | "maven" | "gradle" | "gcc" | "mcr.microsoft.com/dotnet/sdk" => true,
        "openjdk" | "eclipse-temurin" | "amazoncorretto" | "sapmachine" | "ibmjava" => !tag.contains("jre"),
        "node" => runs_build_step(ctx, last),
        _ => false,
    };
    if !toolchain {
        return;
    }
    let Arguments::Words(words) = &ctx.instructions()[last.from_index].args else { return };
    let Some(token) = words.first() else { return };
    let advice = if ctx.stages.len() > 1 {
        "copy only the build result into a small runtime image in the last stage"
    } else {
        "build in an earlier stage and copy only the result into a small runtime image (multi-stage build)"
    };
    out.report_for(
        last.from_index,
        token.span,
        format!("The final stage runs on the `{repository}` toolchain image: {advice}"),
    );
}

/// (repository without `docker.io/library/`, tag) of an image reference.
fn split_image(image: &str) -> (&str, &str) {
    let name = image.split('@').next().unwrap_or(image);
    let (name, tag) = match name.rfind(':') {
        Some(colon) if !name[colon..].contains('/') => (&name[..colon], &name[colon + 1..]),
        _ => (name, ""),
    };
    let name = name.strip_prefix("docker.io/").unwrap_or(name);
    (name.strip_prefix("library/").unwrap_or(name), tag)
}

/// Whether a `RUN` of `stage` builds a JavaScript project.
fn runs_build_step(ctx: &Context<'_>, stage: &crate::context::StageInfo) -> bool {
    ctx.shell_commands().filter(|(run, _, _)| !run.onbuild && stage.contains(run.index)).any(|(_, _, commands)| {
        commands.iter().any(|call| {
            let has = |word: &str| call.literals.iter().any(|l| l.as_deref() == Some(word));
            match base_name(call).unwrap_or("") {
                "npm" | "yarn" | "pnpm" | "bun" => has("build"),
                "npx" => has("tsc") || has("build"),
                "tsc" | "webpack" | "rollup" | "esbuild" => true,
                "vite" | "next" | "ng" | "nuxt" => has("build"),
                _ => false,
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::testing::{messages, ranges};

    #[test]
    fn toolchain_final_stages_are_flagged_at_the_image() {
        let src = "FROM golang:1.23\nRUN go build -o /app .\n";
        assert_eq!(ranges(&RULE, src), [(1, 6, 1, 17)]);
        assert_eq!(
            messages(&RULE, src),
            ["The final stage runs on the `golang` toolchain image: build in an earlier stage and copy only the result into a small runtime image (multi-stage build)"]
        );
        let src = "ARG JDK=eclipse-temurin:21-jdk\nFROM ${JDK} AS build\nRUN ./gradlew build\nFROM build\n";
        assert_eq!(ranges(&RULE, src), [(4, 6, 4, 11)]);
        let src = "FROM node:22 AS deps\nRUN npm ci\nFROM node:22\nRUN npm run build\n";
        assert_eq!(ranges(&RULE, src), [(3, 6, 3, 13)]);
        assert!(ranges(&RULE, "FROM node:22\nONBUILD RUN npm run build\n").is_empty(), "runs in child images");
    }

    #[test]
    fn runtime_final_stages_pass() {
        let src = "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n";
        assert!(ranges(&RULE, src).is_empty());
        assert!(ranges(&RULE, "FROM eclipse-temurin:21-jre\nFROM node:22-slim\nRUN npm ci --omit=dev\n").is_empty());
    }
}
