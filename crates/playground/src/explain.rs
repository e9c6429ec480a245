//! Explanations of the instruction under the cursor, in English and Korean.
//!
//! Each of the 18 instructions has a fixed text (what it does, whether it makes a layer, how it
//! affects the build cache) following the cache model of BuildKit: only FROM, RUN, COPY/ADD and
//! WORKDIR (other than `/`) are cached steps; the other instructions only change the image config
//! and reach later steps through what those steps contain (environment, user, working directory,
//! shell). The `details` are computed from the instruction itself: its form (exec or shell), flags,
//! mounts, the stages it references, heredocs.

use serde::Serialize;
use slipway_syntax::instructions::mount::Mount;
use slipway_syntax::instructions::{typed_command, Command, CommandLine, HeredocSource, Model};
use slipway_syntax::{Analysis, Arguments, ElementKind, Instruction};

use crate::project::Lang;

/// What the explain panel shows for one instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The instruction name, upper case (`RUN`).
    pub keyword: String,
    /// First byte of the instruction (its keyword).
    pub start: usize,
    /// One past its last byte (heredoc terminators included).
    pub end: usize,
    /// 1-based first line.
    pub line: u32,
    /// Heading, e.g. "RUN — run a command at build time".
    pub title: String,
    /// What the instruction does.
    pub summary: String,
    /// Whether it makes a filesystem layer, and why.
    pub layer: String,
    /// How it affects the build cache.
    pub cache: String,
    /// Specifics of this instruction: form, flags, mounts, referenced stages, heredocs.
    pub details: Vec<String>,
}

/// The explanation of the instruction whose lines contain byte `offset` of `source` (`None`
/// on comments, blank lines, lines that do not parse, unknown instructions, and past the end).
/// The end of a file without a final newline belongs to its last line.
pub fn explain_at(source: &str, offset: usize, lang: Lang) -> Option<Explanation> {
    let analysis = Analysis::new(slipway_syntax::parse(source));
    let file = &analysis.file;
    let element = file
        .elements
        .iter()
        .find(|e| e.span.start <= offset && offset < e.span.end)
        .or_else(|| file.elements.last().filter(|e| offset == e.span.end && !source.ends_with('\n')))?;
    let ElementKind::Instruction { index } = element.kind else { return None };
    let instruction = file.instructions.get(index)?;
    let name = instruction.known_name()?;
    let text = texts(name);
    let pick = |(en, ko): (&str, &str)| match lang {
        Lang::En => en.to_string(),
        Lang::Ko => ko.to_string(),
    };
    let command = typed_command(instruction, source).ok();
    let mut layer = pick(text.layer);
    if let Some(Command::Workdir { path }) = &command {
        if path.trim_end_matches('/').is_empty() {
            layer = pick((
                "No layer: `WORKDIR /` only sets the working directory; the root always exists.",
                "레이어를 만들지 않습니다. `WORKDIR /`는 작업 디렉터리만 정합니다. 루트는 항상 있으니까요.",
            ));
        }
    }
    let global = analysis.model.stages.first().is_none_or(|s| index < s.from_index);
    let details = Details { lang, model: &analysis.model, file_instructions: &file.instructions };
    Some(Explanation {
        keyword: name.to_ascii_uppercase(),
        start: instruction.span.start,
        end: instruction.span.end,
        line: u32::try_from(instruction.start_line).unwrap_or(u32::MAX),
        title: pick(text.title),
        summary: pick(text.summary),
        layer,
        cache: pick(text.cache),
        details: details.of(instruction, command.as_ref(), global),
    })
}

/// The fixed texts of one instruction, each as (English, Korean).
struct Texts {
    title: (&'static str, &'static str),
    summary: (&'static str, &'static str),
    layer: (&'static str, &'static str),
    cache: (&'static str, &'static str),
}

const CONFIG_ONLY_LAYER: (&str, &str) = (
    "No layer: it only changes the image config (its history entry is marked empty_layer).",
    "레이어를 만들지 않습니다. 이미지 설정만 바꿉니다(history 항목은 empty_layer로 표시됩니다).",
);

const CONFIG_ONLY_CACHE: (&str, &str) = (
    "Not a cached step: under BuildKit, editing it never invalidates later steps by itself. The legacy builder keys every instruction on the one before, so there an edit misses every later step.",
    "캐시되는 스텝이 아닙니다. BuildKit에서는 이 줄을 고쳐도 그 자체로 이후 스텝이 무효화되지 않습니다. 레거시 빌더는 모든 명령어의 키를 바로 앞 명령어에 이어 만들기 때문에, 거기서는 고치면 이후 스텝이 모두 캐시 미스가 됩니다.",
);

fn texts(name: &str) -> Texts {
    let config = |title, summary| Texts { title, summary, layer: CONFIG_ONLY_LAYER, cache: CONFIG_ONLY_CACHE };
    match name {
        "from" => Texts {
            title: ("FROM — start a build stage", "FROM — 빌드 단계 시작"),
            summary: (
                "Starts a new build stage from a base image or from an earlier stage. Every instruction up to the next FROM belongs to this stage; the last stage is the image built when no --target is given.",
                "베이스 이미지나 앞선 단계에서 새 빌드 단계를 시작합니다. 다음 FROM까지의 모든 명령어가 이 단계에 속하고, --target을 주지 않으면 마지막 단계가 빌드 결과 이미지가 됩니다.",
            ),
            layer: (
                "Makes no layer of its own: the stage starts with the layers of its base.",
                "자체 레이어는 만들지 않습니다. 단계는 베이스의 레이어를 그대로 가지고 시작합니다.",
            ),
            cache: (
                "Keyed by the resolved image digest and the platform: when the tag points to a new image, every step of the stage misses. FROM of an earlier stage continues from that stage's result.",
                "해석된 이미지 다이제스트와 플랫폼이 캐시 키입니다. 태그가 새 이미지를 가리키게 되면 이 단계의 모든 스텝이 캐시 미스가 됩니다. 앞선 단계를 FROM으로 쓰면 그 단계의 결과에서 이어 갑니다.",
            ),
        },
        "run" => Texts {
            title: ("RUN — run a command at build time", "RUN — 빌드 중 명령 실행"),
            summary: (
                "Runs a command in the stage's filesystem while building (shell form goes through the stage's shell, /bin/sh -c by default) and keeps the files it changes.",
                "빌드하는 동안 단계의 파일시스템에서 명령을 실행하고(셸 형식은 단계의 셸, 기본값 /bin/sh -c를 거칩니다) 명령이 바꾼 파일을 남깁니다.",
            ),
            layer: (
                "Makes a layer with every file the command added, changed or deleted. Deleting a file that an earlier layer holds does not make the image smaller: the file stays in that layer.",
                "명령이 추가·변경·삭제한 모든 파일을 담은 레이어를 만듭니다. 앞 레이어에 있는 파일을 지워도 이미지는 작아지지 않습니다. 그 파일은 원래 레이어에 그대로 남습니다.",
            ),
            cache: (
                "Keyed by the command text (shell, heredoc bodies and mounts included), the environment (ENV and every ARG in scope), WORKDIR and USER, and the step before. Not by what the command downloads: `apt-get update` keeps hitting the cache, with stale package lists, until its text or an earlier step changes. A miss reruns every later step of the stage.",
                "명령 문자열(셸, heredoc 본문, 마운트 포함), 환경(ENV와 범위 안의 모든 ARG), WORKDIR, USER, 그리고 바로 앞 스텝이 캐시 키입니다. 명령이 내려받는 내용은 키에 들어가지 않습니다. 그래서 `apt-get update`는 명령 문자열이나 앞 스텝이 바뀌기 전까지 계속 캐시를 쓰고, 패키지 목록은 오래된 채로 남습니다. 캐시 미스가 나면 이 단계의 이후 스텝이 모두 다시 실행됩니다.",
            ),
        },
        "cmd" => config(
            ("CMD — default command of the container", "CMD — 컨테이너의 기본 명령"),
            (
                "Sets what a container started from the image runs by default. Only the last CMD counts; arguments given to `docker run` replace it, and with an ENTRYPOINT it supplies the default arguments. Nothing runs at build time.",
                "이 이미지로 시작한 컨테이너가 기본으로 실행할 명령을 정합니다. 마지막 CMD만 유효하고, `docker run`에 준 인자가 이를 대신하며, ENTRYPOINT가 있으면 그 기본 인자가 됩니다. 빌드할 때는 아무것도 실행하지 않습니다.",
            ),
        ),
        "label" => config(
            ("LABEL — add metadata", "LABEL — 메타데이터 추가"),
            (
                "Adds key=value labels to the image config (authors, version, source URL…); labels of the base image are inherited and can be overridden.",
                "이미지 설정에 key=value 레이블(작성자, 버전, 소스 URL 등)을 추가합니다. 베이스 이미지의 레이블을 물려받으며 덮어쓸 수 있습니다.",
            ),
        ),
        "maintainer" => config(
            ("MAINTAINER — author (deprecated)", "MAINTAINER — 작성자 (사용 중단)"),
            (
                "Sets the image's author field. Deprecated: write `LABEL maintainer=\"…\"` instead.",
                "이미지의 작성자 필드를 정합니다. 더 이상 권장되지 않으니 `LABEL maintainer=\"…\"`를 쓰세요.",
            ),
        ),
        "expose" => config(
            ("EXPOSE — document listening ports", "EXPOSE — 사용하는 포트 표시"),
            (
                "Records the ports the application listens on (default protocol tcp). It does not publish them: `docker run -p` or `-P` does.",
                "애플리케이션이 듣는 포트를 기록합니다(기본 프로토콜은 tcp). 포트를 실제로 공개하지는 않습니다. 공개는 `docker run -p`나 `-P`가 합니다.",
            ),
        ),
        "env" => Texts {
            title: ("ENV — set environment variables", "ENV — 환경 변수 설정"),
            summary: (
                "Sets environment variables for the rest of the stage (later instructions can use them as $NAME), for stages built FROM this one, and for containers run from the image.",
                "단계의 나머지 부분(이후 명령어에서 $NAME으로 사용), 이 단계를 FROM으로 쓰는 단계, 그리고 이미지로 실행한 컨테이너에 환경 변수를 설정합니다.",
            ),
            layer: CONFIG_ONLY_LAYER,
            cache: (
                "Not a cached step, but the variables are part of the environment of every later RUN of the stage: changing a value misses every later RUN (and the steps after it).",
                "캐시되는 스텝은 아니지만, 변수는 이 단계의 이후 모든 RUN 환경에 들어갑니다. 값을 바꾸면 이후 RUN이 모두(그 뒤 스텝까지) 캐시 미스가 됩니다.",
            ),
        },
        "add" => Texts {
            title: ("ADD — add files, URLs or archives", "ADD — 파일, URL, 압축 파일 추가"),
            summary: (
                "Copies files from the build context into the image like COPY, and also downloads URLs, clones Git repositories and extracts local tar archives. Prefer COPY for plain files.",
                "COPY처럼 빌드 컨텍스트의 파일을 이미지에 복사하고, URL 내려받기, Git 저장소 복제, 로컬 tar 압축 풀기까지 합니다. 평범한 파일에는 COPY를 쓰는 편이 좋습니다.",
            ),
            layer: (
                "Makes a layer with the added files.",
                "추가한 파일을 담은 레이어를 만듭니다.",
            ),
            cache: (
                "Keyed by the content checksums of the sources (modification times ignored), the destination and the flags, and the step before: editing any added file misses this step and every later one. A URL is fetched and keyed by its content (pin it with --checksum).",
                "소스의 내용 체크섬(수정 시각은 무시), 대상 경로와 플래그, 바로 앞 스텝이 캐시 키입니다. 추가한 파일을 하나라도 고치면 이 스텝과 이후 스텝이 모두 캐시 미스가 됩니다. URL은 내려받은 내용으로 키를 만듭니다(--checksum으로 고정하세요).",
            ),
        },
        "copy" => Texts {
            title: ("COPY — copy files into the image", "COPY — 이미지에 파일 복사"),
            summary: (
                "Copies files and directories from the build context (or, with --from, from another stage or image) to a path in the stage. A relative destination is relative to WORKDIR.",
                "빌드 컨텍스트(--from을 쓰면 다른 단계나 이미지)의 파일과 디렉터리를 단계 안의 경로로 복사합니다. 상대 경로 대상은 WORKDIR 기준입니다.",
            ),
            layer: (
                "Makes a layer with the copied files.",
                "복사한 파일을 담은 레이어를 만듭니다.",
            ),
            cache: (
                "Keyed by the content checksums of the sources (not their modification times), the destination and the flags, and the step before: editing any copied file misses this step and every later one. Copy rarely changed files (dependency manifests) before often changed ones (source code).",
                "소스의 내용 체크섬(수정 시각은 아님), 대상 경로와 플래그, 바로 앞 스텝이 캐시 키입니다. 복사하는 파일을 하나라도 고치면 이 스텝과 이후 스텝이 모두 캐시 미스가 됩니다. 잘 바뀌지 않는 파일(의존성 목록)을 자주 바뀌는 파일(소스 코드)보다 먼저 복사하세요.",
            ),
        },
        "entrypoint" => config(
            ("ENTRYPOINT — the container's executable", "ENTRYPOINT — 컨테이너의 실행 파일"),
            (
                "Sets the program a container always runs; CMD (or the arguments of `docker run`) become its arguments. Only the last ENTRYPOINT counts.",
                "컨테이너가 항상 실행할 프로그램을 정합니다. CMD(또는 `docker run`의 인자)가 그 인자가 됩니다. 마지막 ENTRYPOINT만 유효합니다.",
            ),
        ),
        "volume" => config(
            ("VOLUME — declare mount points", "VOLUME — 마운트 지점 선언"),
            (
                "Marks paths where containers get a volume (data kept outside the container's layer). With the legacy builder, changes later build steps make inside these paths are discarded; BuildKit keeps them.",
                "컨테이너가 볼륨(컨테이너 레이어 밖에 보관되는 데이터)을 받을 경로를 표시합니다. 레거시 빌더에서는 이후 빌드 스텝이 이 경로 안에서 바꾼 내용이 버려지고, BuildKit은 유지합니다.",
            ),
        ),
        "user" => Texts {
            title: ("USER — run as another user", "USER — 다른 사용자로 실행"),
            summary: (
                "Sets the user (and optionally group) for later RUN steps and for containers run from the image. The user must exist in the image (or be numeric).",
                "이후 RUN 스텝과 이미지로 실행한 컨테이너의 사용자(와 선택적으로 그룹)를 정합니다. 사용자는 이미지 안에 있거나 숫자여야 합니다.",
            ),
            layer: CONFIG_ONLY_LAYER,
            cache: (
                "Not a cached step, but the user is part of the key of later RUN and WORKDIR steps: changing it misses them.",
                "캐시되는 스텝은 아니지만, 사용자는 이후 RUN과 WORKDIR 스텝의 키에 들어갑니다. 바꾸면 그 스텝들이 캐시 미스가 됩니다.",
            ),
        },
        "workdir" => Texts {
            title: ("WORKDIR — set the working directory", "WORKDIR — 작업 디렉터리 설정"),
            summary: (
                "Sets the directory later RUN, CMD, ENTRYPOINT, COPY and ADD work in, creating it when missing. A relative path is relative to the previous WORKDIR.",
                "이후 RUN, CMD, ENTRYPOINT, COPY, ADD가 작업할 디렉터리를 정하고, 없으면 만듭니다. 상대 경로는 이전 WORKDIR 기준입니다.",
            ),
            layer: (
                "Under BuildKit a WORKDIR other than `/` is a step that creates the directory (mkdir -p): it makes a layer only when the directory did not exist yet; otherwise its history entry is empty.",
                "BuildKit에서 `/`가 아닌 WORKDIR은 디렉터리를 만드는(mkdir -p) 스텝입니다. 디렉터리가 아직 없을 때만 레이어가 생기고, 이미 있으면 history 항목은 비어 있습니다.",
            ),
            cache: (
                "Keyed by the path and the current user, and the step before; later RUN, COPY and ADD run in this directory, so changing it misses them.",
                "경로와 현재 사용자, 바로 앞 스텝이 캐시 키입니다. 이후 RUN, COPY, ADD가 이 디렉터리에서 동작하므로 바꾸면 그 스텝들이 캐시 미스가 됩니다.",
            ),
        },
        "arg" => Texts {
            title: ("ARG — declare a build argument", "ARG — 빌드 인자 선언"),
            summary: (
                "Declares a variable that `--build-arg` can set at build time, with an optional default. It exists only while building: containers do not see it. Its value ends up in the image history, so never pass secrets this way.",
                "빌드할 때 `--build-arg`로 값을 줄 수 있는 변수를 선언합니다(기본값은 선택). 빌드하는 동안에만 있고 컨테이너에는 보이지 않습니다. 값이 이미지 history에 남으므로 비밀 값을 이렇게 넘기면 안 됩니다.",
            ),
            layer: CONFIG_ONLY_LAYER,
            cache: (
                "Not a cached step, but an ARG with a value is part of the environment of every later RUN of the stage: changing its value (default or --build-arg) misses every later RUN.",
                "캐시되는 스텝은 아니지만, 값이 있는 ARG는 이 단계의 이후 모든 RUN 환경에 들어갑니다. 값(기본값이든 --build-arg든)을 바꾸면 이후 RUN이 모두 캐시 미스가 됩니다.",
            ),
        },
        "onbuild" => config(
            ("ONBUILD — instruction for child images", "ONBUILD — 자식 이미지용 명령어"),
            (
                "Stores an instruction in the image config that runs when another Dockerfile builds FROM this image, right after its FROM. Nothing runs in this build.",
                "다른 Dockerfile이 이 이미지를 FROM으로 쓸 때 그 FROM 바로 뒤에 실행될 명령어를 이미지 설정에 저장합니다. 이번 빌드에서는 아무것도 실행하지 않습니다.",
            ),
        ),
        "stopsignal" => config(
            ("STOPSIGNAL — signal that stops the container", "STOPSIGNAL — 컨테이너를 멈추는 시그널"),
            (
                "Sets the signal `docker stop` sends to the container's main process (SIGTERM by default).",
                "`docker stop`이 컨테이너의 주 프로세스에 보낼 시그널을 정합니다(기본값은 SIGTERM).",
            ),
        ),
        "healthcheck" => config(
            ("HEALTHCHECK — container health test", "HEALTHCHECK — 컨테이너 상태 검사"),
            (
                "Sets a command the runtime runs periodically inside the container to decide whether it is healthy (exit status 0), or disables an inherited check with NONE.",
                "런타임이 컨테이너 안에서 주기적으로 실행해 정상 여부(종료 코드 0)를 판단할 명령을 정하거나, NONE으로 물려받은 검사를 끕니다.",
            ),
        ),
        _ => Texts {
            title: ("SHELL — change the default shell", "SHELL — 기본 셸 변경"),
            summary: (
                "Sets the shell that runs the shell form of later RUN, CMD and ENTRYPOINT instructions (default [\"/bin/sh\", \"-c\"]).",
                "이후 RUN, CMD, ENTRYPOINT의 셸 형식을 실행할 셸을 정합니다(기본값 [\"/bin/sh\", \"-c\"]).",
            ),
            layer: CONFIG_ONLY_LAYER,
            cache: (
                "Not a cached step, but the shell is part of the command of later shell-form RUNs: changing it misses them.",
                "캐시되는 스텝은 아니지만, 셸은 이후 셸 형식 RUN의 명령에 들어갑니다. 바꾸면 그 RUN들이 캐시 미스가 됩니다.",
            ),
        },
    }
}

/// Builds the `details` lines in one language.
struct Details<'a> {
    lang: Lang,
    model: &'a Model,
    file_instructions: &'a [Instruction],
}

impl Details<'_> {
    fn t(&self, en: String, ko: String) -> String {
        match self.lang {
            Lang::En => en,
            Lang::Ko => ko,
        }
    }

    /// "stage `x` (line N)" when `reference` names a stage, else "image `x`".
    fn source(&self, reference: &str) -> String {
        match self.model.stage(reference) {
            Some(stage) => {
                let line = self.file_instructions.get(stage.from_index).map_or(0, |i| i.start_line);
                let name = stage.name.clone().unwrap_or_else(|| stage.index.to_string());
                self.t(format!("stage `{name}` (line {line})"), format!("단계 `{name}`({line}번 줄)"))
            }
            None => self.t(format!("image `{reference}`"), format!("이미지 `{reference}`")),
        }
    }

    fn of(&self, instruction: &Instruction, command: Option<&Command>, global: bool) -> Vec<String> {
        let mut out = Vec::new();
        let Some(command) = command else {
            out.push(self.t(
                "This instruction has an error (see the problems list); BuildKit refuses the file.".into(),
                "이 명령어에 오류가 있습니다(문제 목록 참고). BuildKit이 파일을 거부합니다.".into(),
            ));
            return out;
        };
        match command {
            Command::From { image, platform, stage_name } => {
                match self.model.stage(image).filter(|s| s.from_index < self.index_of(instruction)) {
                    Some(_) => out.push(self.t(
                        format!("Continues from {}.", self.source(image)),
                        format!("{}에서 이어 갑니다.", self.source(image)),
                    )),
                    None if image == "scratch" => out.push(self.t(
                        "`scratch`: starts from an empty filesystem.".into(),
                        "`scratch`: 빈 파일시스템에서 시작합니다.".into(),
                    )),
                    None => {
                        out.push(self.t(format!("Base image `{image}`."), format!("베이스 이미지 `{image}`.")));
                        let last = image.rsplit('/').next().unwrap_or(image);
                        if !last.contains(':') && !image.contains('@') && !image.contains('$') {
                            out.push(self.t(
                                "No tag: `latest` is used, whatever it points to on the day of the build.".into(),
                                "태그가 없어 `latest`를 씁니다. 빌드하는 날 그것이 가리키는 이미지가 됩니다.".into(),
                            ));
                        }
                    }
                }
                if let Some(name) = stage_name {
                    out.push(self.t(
                        format!("Names this stage `{name}`: usable in `COPY --from={name}`, `FROM {name}` and `--target {name}`."),
                        format!("이 단계의 이름은 `{name}`입니다. `COPY --from={name}`, `FROM {name}`, `--target {name}`에 쓸 수 있습니다."),
                    ));
                }
                if let Some(platform) = platform {
                    out.push(self.t(
                        format!("--platform={platform}: the base image's platform."),
                        format!("--platform={platform}: 베이스 이미지의 플랫폼입니다."),
                    ));
                }
            }
            Command::Run { command, heredocs, mounts, network, security, devices } => {
                self.form(command, &mut out);
                self.heredocs(heredocs, true, &mut out);
                for mount in mounts {
                    out.push(self.mount(mount));
                }
                if let Some(network) = network {
                    out.push(self.t(
                        format!("--network={network}: the network the command sees."),
                        format!("--network={network}: 명령이 사용할 네트워크입니다."),
                    ));
                }
                if let Some(security) = security {
                    out.push(self.t(format!("--security={security}"), format!("--security={security}")));
                }
                for device in devices {
                    out.push(self.t(format!("--device={device}"), format!("--device={device}")));
                }
            }
            Command::Copy { sources, heredocs, dest, from, chown, chmod, link, parents, excludes } => {
                self.copy_common(
                    sources,
                    heredocs,
                    dest,
                    chown.as_deref(),
                    chmod.as_deref(),
                    *link,
                    excludes,
                    &mut out,
                );
                if let Some(from) = from {
                    out.push(self.t(
                        format!("--from: copies from {} instead of the build context.", self.source(from)),
                        format!("--from: 빌드 컨텍스트 대신 {}에서 복사합니다.", self.source(from)),
                    ));
                }
                if *parents {
                    out.push(self.t(
                        "--parents: keeps the sources' parent directories.".into(),
                        "--parents: 소스의 상위 디렉터리 구조를 유지합니다.".into(),
                    ));
                }
            }
            Command::Add { sources, heredocs, dest, chown, chmod, link, keep_git_dir, checksum, unpack, excludes } => {
                self.copy_common(
                    sources,
                    heredocs,
                    dest,
                    chown.as_deref(),
                    chmod.as_deref(),
                    *link,
                    excludes,
                    &mut out,
                );
                for source in sources {
                    if source.contains("://") || source.starts_with("git@") {
                        out.push(self.t(
                            format!("`{source}` is fetched at build time."),
                            format!("`{source}`는 빌드할 때 내려받습니다."),
                        ));
                    } else if [".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz"].iter().any(|ext| source.ends_with(ext))
                    {
                        out.push(self.t(
                            format!("`{source}` is a local archive: ADD extracts it."),
                            format!("`{source}`는 로컬 압축 파일이라 ADD가 압축을 풉니다."),
                        ));
                    }
                }
                if let Some(checksum) = checksum {
                    out.push(self.t(
                        format!("--checksum={checksum}: the download must match it."),
                        format!("--checksum={checksum}: 내려받은 내용이 이 값과 같아야 합니다."),
                    ));
                }
                if *keep_git_dir {
                    out.push(self.t(
                        "--keep-git-dir: keeps the .git directory.".into(),
                        "--keep-git-dir: .git 디렉터리를 남깁니다.".into(),
                    ));
                }
                if let Some(unpack) = unpack {
                    out.push(self.t(format!("--unpack={unpack}"), format!("--unpack={unpack}")));
                }
            }
            Command::Cmd { command } | Command::Entrypoint { command } => self.form(command, &mut out),
            Command::Env { pairs } | Command::Label { pairs } => {
                for (key, value) in pairs {
                    out.push(format!("{key}={value}"));
                }
            }
            Command::Arg { args } => {
                for (name, default) in args {
                    out.push(match default {
                        Some(value) => {
                            self.t(format!("`{name}`, default `{value}`."), format!("`{name}`, 기본값 `{value}`."))
                        }
                        None => self.t(
                            format!("`{name}`, no default: empty unless --build-arg sets it."),
                            format!("`{name}`, 기본값 없음: --build-arg로 주지 않으면 비어 있습니다."),
                        ),
                    });
                }
                if global {
                    out.push(self.t(
                        "Declared before the first FROM: visible only in FROM lines; redeclare it (`ARG name`) inside a stage to use it there.".into(),
                        "첫 FROM 앞에 선언했으므로 FROM 줄에서만 보입니다. 단계 안에서 쓰려면 그 안에서 다시 선언(`ARG 이름`)하세요.".into(),
                    ));
                }
            }
            Command::Expose { ports } => {
                out.extend(ports.iter().map(|p| self.t(format!("Port {p}."), format!("포트 {p}."))))
            }
            Command::Maintainer { name } => out.push(self.t(
                format!("Same as `LABEL maintainer=\"{name}\"`."),
                format!("`LABEL maintainer=\"{name}\"`와 같습니다."),
            )),
            Command::Onbuild { trigger, expression } => out.push(self.t(
                format!("Trigger: `{expression}` ({trigger}) runs in images built FROM this one."),
                format!("트리거: `{expression}`({trigger})는 이 이미지를 FROM으로 쓰는 이미지에서 실행됩니다."),
            )),
            Command::Stopsignal { signal } => {
                out.push(self.t(format!("Signal {signal}."), format!("시그널 {signal}.")))
            }
            Command::User { user } => out.push(self.t(format!("Runs as `{user}`."), format!("`{user}`로 실행합니다."))),
            Command::Volume { paths } => {
                out.extend(paths.iter().map(|p| self.t(format!("Volume at `{p}`."), format!("볼륨 위치 `{p}`."))))
            }
            Command::Workdir { path } => {
                if !path.starts_with('/') && !path.starts_with('$') {
                    out.push(self.t(
                        format!("`{path}` is relative: it is resolved against the previous WORKDIR."),
                        format!("`{path}`는 상대 경로라 이전 WORKDIR 기준으로 해석됩니다."),
                    ));
                } else {
                    out.push(self.t(format!("Directory `{path}`."), format!("디렉터리 `{path}`.")));
                }
            }
            Command::Shell { shell } => {
                out.push(self.t(format!("Shell: {}", shell.join(" ")), format!("셸: {}", shell.join(" "))))
            }
            Command::Healthcheck(check) => {
                if check.test.first().is_some_and(|t| t == "NONE") {
                    out.push(self.t(
                        "NONE: disables the health check inherited from the base image.".into(),
                        "NONE: 베이스 이미지에서 물려받은 상태 검사를 끕니다.".into(),
                    ));
                } else if let Arguments::Healthcheck { command, .. } = &instruction.args {
                    let exec = matches!(**command, Arguments::Json(_));
                    out.push(self.form_line(exec));
                }
                for flag in &instruction.flags {
                    out.push(flag.value.to_string());
                }
            }
        }
        out
    }

    fn index_of(&self, instruction: &Instruction) -> usize {
        self.file_instructions.iter().position(|i| std::ptr::eq(i, instruction)).unwrap_or(usize::MAX)
    }

    fn form(&self, command: &CommandLine, out: &mut Vec<String>) {
        out.push(self.form_line(matches!(command, CommandLine::Exec(_))));
    }

    fn form_line(&self, exec: bool) -> String {
        if exec {
            self.t(
                "Exec form (JSON array): runs the program directly, without a shell: no variable expansion, and the program receives signals itself.".into(),
                "exec 형식(JSON 배열): 셸 없이 프로그램을 바로 실행합니다. 변수가 확장되지 않고, 프로그램이 시그널을 직접 받습니다.".into(),
            )
        } else {
            self.t(
                "Shell form: runs through the stage's shell (/bin/sh -c by default), so variables, pipes and && work; as CMD/ENTRYPOINT the shell is PID 1 and does not forward signals.".into(),
                "셸 형식: 단계의 셸(기본값 /bin/sh -c)을 거쳐 실행하므로 변수, 파이프, &&를 쓸 수 있습니다. CMD/ENTRYPOINT에서는 셸이 PID 1이 되어 시그널을 전달하지 않습니다.".into(),
            )
        }
    }

    fn heredocs(&self, heredocs: &[HeredocSource], script: bool, out: &mut Vec<String>) {
        for heredoc in heredocs {
            let lines = heredoc.content.lines().count();
            let expand = if heredoc.expand {
                self.t("variables are expanded".into(), "변수가 확장됩니다".into())
            } else {
                self.t("quoted terminator: taken literally".into(), "따옴표 친 종료 표시: 그대로 사용됩니다".into())
            };
            let name = &heredoc.name;
            out.push(if script {
                self.t(
                    format!("Heredoc `{name}` ({lines} lines, {expand}) is the script."),
                    format!("heredoc `{name}`({lines}줄, {expand})이 스크립트입니다."),
                )
            } else {
                self.t(
                    format!("Heredoc `{name}` ({lines} lines, {expand}) becomes a file."),
                    format!("heredoc `{name}`({lines}줄, {expand})이 파일이 됩니다."),
                )
            });
        }
    }

    fn mount(&self, mount: &Mount) -> String {
        let target = mount.target.clone().unwrap_or_default();
        match mount.kind.as_str() {
            "cache" => self.t(
                format!("--mount=type=cache at `{target}`: a persistent cache directory shared between builds; its contents are neither in the layer nor in the cache key."),
                format!("--mount=type=cache `{target}`: 빌드 사이에 유지되는 캐시 디렉터리입니다. 내용은 레이어에도 캐시 키에도 들어가지 않습니다."),
            ),
            "secret" => {
                let id = mount.id.clone().unwrap_or_default();
                self.t(
                    format!("--mount=type=secret (id `{id}`): the secret is readable during this RUN only; it is never stored in the layer, the history or the cache key."),
                    format!("--mount=type=secret(id `{id}`): 비밀 값은 이 RUN 동안에만 읽을 수 있고, 레이어·history·캐시 키 어디에도 저장되지 않습니다."),
                )
            }
            "ssh" => self.t(
                "--mount=type=ssh: forwards the SSH agent for this RUN only.".into(),
                "--mount=type=ssh: 이 RUN 동안에만 SSH 에이전트를 전달합니다.".into(),
            ),
            "tmpfs" => self.t(
                format!("--mount=type=tmpfs at `{target}`: an in-memory directory, discarded after the RUN."),
                format!("--mount=type=tmpfs `{target}`: 메모리 디렉터리이며 RUN이 끝나면 사라집니다."),
            ),
            _ => {
                let from = match &mount.from {
                    Some(from) => self.source(from),
                    None => self.t("the build context".into(), "빌드 컨텍스트".into()),
                };
                self.t(
                    format!("--mount=type=bind of {from} at `{target}`: readable during this RUN only, not copied into the layer; its content checksum enters the cache key."),
                    format!("--mount=type=bind: {from}을(를) `{target}`에 연결합니다. 이 RUN 동안에만 읽을 수 있고 레이어에 복사되지 않으며, 내용 체크섬이 캐시 키에 들어갑니다."),
                )
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn copy_common(
        &self,
        sources: &[String],
        heredocs: &[HeredocSource],
        dest: &str,
        chown: Option<&str>,
        chmod: Option<&str>,
        link: bool,
        excludes: &[String],
        out: &mut Vec<String>,
    ) {
        if !sources.is_empty() {
            let list = sources.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
            out.push(self.t(format!("Sources {list} → `{dest}`."), format!("소스 {list} → `{dest}`.")));
        }
        self.heredocs(heredocs, false, out);
        if let Some(chown) = chown {
            out.push(self.t(
                format!("--chown={chown}: the files get this owner (root otherwise)."),
                format!("--chown={chown}: 파일 소유자를 이 값으로 정합니다(없으면 root)."),
            ));
        }
        if let Some(chmod) = chmod {
            out.push(self.t(
                format!("--chmod={chmod}: the files get these permissions."),
                format!("--chmod={chmod}: 파일 권한을 이 값으로 정합니다."),
            ));
        }
        if link && chmod.is_some() {
            out.push(self.t(
                "--link is ignored together with --chmod: the copy depends on the layers before.".into(),
                "--chmod와 함께 쓰면 --link는 무시됩니다. 복사가 앞 레이어에 의존합니다.".into(),
            ));
        } else if link {
            out.push(self.t(
                "--link: the files go into an independent layer that does not depend on the layers before, so it stays cached when earlier steps change.".into(),
                "--link: 파일이 앞 레이어와 무관한 독립 레이어에 들어가므로, 앞 스텝이 바뀌어도 캐시가 유지됩니다.".into(),
            ));
        }
        for exclude in excludes {
            out.push(
                self.t(format!("--exclude={exclude}: not copied."), format!("--exclude={exclude}: 복사하지 않습니다.")),
            );
        }
    }
}
