//! Users and groups: `id`, `whoami`, `uname`, and `adduser`/`useradd`/`addgroup`/`groupadd`
//! which append to `/etc/passwd` and `/etc/group` (and `/etc/shadow` when it exists).

use crate::interp::fs::{FsError, WriteMode};
use crate::interp::io::Io;
use crate::interp::shell::{Shell, Status};

use super::{complain, name_of, Flags};

/// One `/etc/passwd` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntry {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
}

fn read_lines(sh: &mut Shell<'_>, file: &str) -> Vec<Vec<String>> {
    let data = sh.fs.resolve(file, true).and_then(|p| sh.fs.read_file(&p)).unwrap_or_default();
    String::from_utf8_lossy(&data)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split(':').map(str::to_string).collect())
        .collect()
}

fn users(sh: &mut Shell<'_>) -> Vec<UserEntry> {
    read_lines(sh, "/etc/passwd")
        .into_iter()
        .filter_map(|f| {
            Some(UserEntry { name: f.first()?.clone(), uid: f.get(2)?.parse().ok()?, gid: f.get(3)?.parse().ok()? })
        })
        .collect()
}

fn groups(sh: &mut Shell<'_>) -> Vec<(String, u32)> {
    read_lines(sh, "/etc/group")
        .into_iter()
        .filter_map(|f| Some((f.first()?.clone(), f.get(2)?.parse().ok()?)))
        .collect()
}

/// The passwd entry of `name`.
pub fn user_entry(sh: &mut Shell<'_>, name: &str) -> Option<UserEntry> {
    users(sh).into_iter().find(|u| u.name == name)
}

/// The id of group `name`.
pub fn group_id(sh: &mut Shell<'_>, name: &str) -> Option<u32> {
    groups(sh).into_iter().find(|(n, _)| n == name).map(|(_, g)| g)
}

fn user_name(sh: &mut Shell<'_>, uid: u32) -> Option<String> {
    users(sh).into_iter().find(|u| u.uid == uid).map(|u| u.name).or_else(|| (uid == 0).then(|| "root".to_string()))
}

fn group_name(sh: &mut Shell<'_>, gid: u32) -> Option<String> {
    groups(sh).into_iter().find(|(_, g)| *g == gid).map(|(n, _)| n).or_else(|| (gid == 0).then(|| "root".to_string()))
}

/// `id [-u|-g] [-n] [-r]`.
pub fn id(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("user", 'u'), ("group", 'g'), ("name", 'n'), ("real", 'r')];
    let Some(flags) = Flags::parse(&argv[1..], "ugnr", "", &long) else { return sh.not_emulated(io, argv) };
    if !flags.operands.is_empty() {
        return sh.not_emulated(io, argv);
    }
    let (uid, gid) = (sh.env.uid, sh.env.gid);
    let text = if flags.has("u") || flags.has("g") {
        let (id, name) = if flags.has("u") { (uid, user_name(sh, uid)) } else { (gid, group_name(sh, gid)) };
        if flags.has("n") {
            name.unwrap_or_else(|| id.to_string())
        } else {
            id.to_string()
        }
    } else {
        let named = |id: u32, name: Option<String>| match name {
            Some(n) => format!("{id}({n})"),
            None => id.to_string(),
        };
        let (user, group) = (user_name(sh, uid), group_name(sh, gid));
        format!("uid={} gid={} groups={}", named(uid, user), named(gid, group.clone()), named(gid, group))
    };
    sh.out(io, &format!("{text}\n"))?;
    Ok(0)
}

/// `whoami`.
pub fn whoami(sh: &mut Shell<'_>, io: &Io, _: &[String]) -> Status {
    let uid = sh.env.uid;
    match user_name(sh, uid) {
        Some(name) => {
            sh.out(io, &format!("{name}\n"))?;
            Ok(0)
        }
        None => {
            complain(sh, io, "whoami", &format!("cannot find name for user ID {uid}"))?;
            Ok(1)
        }
    }
}

/// `uname [-s|-m|-o|-p]`: the kernel name and the architecture from the environment.
pub fn uname(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let long = [("kernel-name", 's'), ("machine", 'm'), ("operating-system", 'o')];
    let Some(flags) = Flags::parse(&argv[1..], "smop", "", &long) else { return sh.not_emulated(io, argv) };
    let mut parts = Vec::new();
    for letter in if flags.seen.is_empty() { vec!['s'] } else { flags.seen.clone() } {
        parts.push(match letter {
            's' => "Linux".to_string(),
            'o' => "GNU/Linux".to_string(),
            _ => sh.env.arch.clone(),
        });
    }
    sh.out(io, &format!("{}\n", parts.join(" ")))?;
    Ok(0)
}

fn append_line(sh: &mut Shell<'_>, file: &str, line: &str) -> Result<(), FsError> {
    let real = sh.fs.resolve(file, true)?;
    let existing = sh.fs.read_file(&real).unwrap_or_default();
    let mut data = Vec::new();
    if !existing.is_empty() && !existing.ends_with(b"\n") {
        data.push(b'\n');
    }
    data.extend_from_slice(line.as_bytes());
    data.push(b'\n');
    let attrs = sh.attrs(0o644);
    sh.fs.write_file(&real, &data, WriteMode::Append, &attrs)
}

/// The lowest free id at or above `start` (below `end`) among `used`.
fn free_id(used: &[u32], start: u32, end: u32) -> u32 {
    (start..end).find(|id| !used.contains(id)).unwrap_or(end)
}

/// `addgroup`/`groupadd`: Debian (`--gid N --system`), busybox (`-g N -S`, and
/// `addgroup USER GROUP` to add a member) and shadow (`-g N -r -f`) spellings.
pub fn addgroup(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let name = name_of(argv).to_string();
    let long = [("gid", 'g'), ("system", 'S'), ("force", 'f'), ("quiet", 'q')];
    let Some(flags) = Flags::parse(&argv[1..], "Srfq", "gK", &long) else { return sh.not_emulated(io, argv) };
    let system = flags.has("Sr");
    match flags.operands.as_slice() {
        [group] => {
            let existing = groups(sh);
            if existing.iter().any(|(n, _)| n == group) {
                if flags.has("f") {
                    return Ok(0);
                }
                complain(sh, io, &name, &format!("group '{group}' already exists"))?;
                return Ok(if name == "groupadd" { 9 } else { 1 });
            }
            let used: Vec<u32> = existing.iter().map(|(_, g)| *g).collect();
            let gid = match flags.value('g').map(str::parse::<u32>) {
                Some(Ok(g)) => g,
                Some(Err(_)) => return sh.not_emulated(io, argv),
                None if system => free_id(&used, 100, 1000),
                None => free_id(&used, 1000, 60000),
            };
            if let Err(e) = add_group(sh, group, gid) {
                complain(sh, io, &name, &format!("cannot update /etc/group: {e}"))?;
                return Ok(1);
            }
            Ok(0)
        }
        [user, group] if name == "addgroup" => add_member(sh, io, &name, user, group),
        _ => sh.not_emulated(io, argv),
    }
}

fn add_group(sh: &mut Shell<'_>, group: &str, gid: u32) -> Result<(), FsError> {
    append_line(sh, "/etc/group", &format!("{group}:x:{gid}:"))?;
    if sh.fs.stat("/etc/gshadow").is_ok() {
        append_line(sh, "/etc/gshadow", &format!("{group}:!::"))?;
    }
    Ok(())
}

/// Adds `user` to the member list of `group` in `/etc/group`.
fn add_member(sh: &mut Shell<'_>, io: &Io, name: &str, user: &str, group: &str) -> Status {
    let real = match sh.fs.resolve("/etc/group", true) {
        Ok(r) => r,
        Err(e) => {
            complain(sh, io, name, &format!("/etc/group: {e}"))?;
            return Ok(1);
        }
    };
    let data = sh.fs.read_file(&real).unwrap_or_default();
    let mut found = false;
    let mut out = String::new();
    for line in String::from_utf8_lossy(&data).lines() {
        let fields: Vec<&str> = line.split(':').collect();
        if fields.first() == Some(&group) && fields.len() >= 4 {
            found = true;
            let mut members: Vec<&str> = fields[3].split(',').filter(|m| !m.is_empty()).collect();
            if !members.contains(&user) {
                members.push(user);
            }
            out.push_str(&format!("{}:{}:{}:{}\n", fields[0], fields[1], fields[2], members.join(",")));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !found {
        complain(sh, io, name, &format!("unknown group {group}"))?;
        return Ok(1);
    }
    let attrs = sh.attrs(0o644);
    let _ = sh.fs.write_file(&real, out.as_bytes(), WriteMode::Truncate, &attrs);
    Ok(0)
}

/// `adduser`/`useradd` in their Debian, busybox and shadow spellings: appends the user to
/// `/etc/passwd` (creating a same-named group unless a group is given) and creates the home
/// directory (always for `adduser` unless `-H`/`--no-create-home`/`--system`, only with
/// `-m` for `useradd`).
pub fn adduser(sh: &mut Shell<'_>, io: &Io, argv: &[String]) -> Status {
    let name = name_of(argv).to_string();
    let useradd = name == "useradd";
    let long = [
        ("system", 'S'),
        ("uid", 'u'),
        ("gid", 'G'),
        ("ingroup", 'G'),
        ("home", 'h'),
        ("shell", 's'),
        ("gecos", 'c'),
        ("disabled-password", 'D'),
        ("disabled-login", 'D'),
        ("no-create-home", 'H'),
        ("group", 'U'),
        ("quiet", 'q'),
        ("create-home", 'm'),
        ("home-dir", 'h'),
        ("comment", 'c'),
        ("groups", 'k'),
        ("user-group", 'U'),
        ("no-user-group", 'N'),
        ("no-log-init", 'l'),
    ];
    let (letters, values) = if useradd { ("rmMUNlo", "udsgcGkKp") } else { ("SDHUqm", "uhsgGck") };
    // useradd spells the home directory `-d`, the primary group `-g` and extra groups `-G`;
    // busybox adduser uses `-h` for home, `-g` for GECOS and `-G` for the group.
    let Some(flags) = Flags::parse(&argv[1..], letters, values, &long) else { return sh.not_emulated(io, argv) };
    let [user] = flags.operands.as_slice() else { return sh.not_emulated(io, argv) };
    let system = flags.has(if useradd { "r" } else { "S" });
    let existing = users(sh);
    if existing.iter().any(|u| &u.name == user) {
        complain(sh, io, &name, &format!("user '{user}' already exists"))?;
        return Ok(if useradd { 9 } else { 1 });
    }
    let used: Vec<u32> = existing.iter().map(|u| u.uid).collect();
    let uid = match flags.value('u').map(str::parse::<u32>) {
        Some(Ok(u)) => u,
        Some(Err(_)) => return sh.not_emulated(io, argv),
        None if system => free_id(&used, 100, 1000),
        None => free_id(&used, 1000, 60000),
    };
    let group_flag = if useradd { flags.value('g') } else { flags.value('G') };
    let gid = match group_flag {
        Some(g) => match g.parse::<u32>().ok().or_else(|| group_id(sh, g)) {
            Some(gid) => gid,
            None => {
                complain(sh, io, &name, &format!("group '{g}' does not exist"))?;
                return Ok(if useradd { 6 } else { 1 });
            }
        },
        None if useradd && flags.has("N") => 100,
        None if !useradd
            && system
            && !flags.has("U")
            && flags.seen.iter().any(|_| argv.iter().any(|a| a == "--system")) =>
        {
            group_id(sh, "nogroup").unwrap_or(65534)
        }
        None => {
            if let Some(gid) = group_id(sh, user) {
                gid
            } else {
                let used_gids: Vec<u32> = groups(sh).iter().map(|(_, g)| *g).collect();
                let gid = if used_gids.contains(&uid) {
                    free_id(&used_gids, if system { 100 } else { 1000 }, 60000)
                } else {
                    uid
                };
                if let Err(e) = add_group(sh, user, gid) {
                    complain(sh, io, &name, &format!("cannot update /etc/group: {e}"))?;
                    return Ok(1);
                }
                gid
            }
        }
    };
    let home_flag = if useradd { flags.value('d') } else { flags.value('h') };
    let home = home_flag.map(str::to_string).unwrap_or_else(|| format!("/home/{user}"));
    let debian_system = !useradd && system && argv.iter().any(|a| a == "--system");
    let default_shell = if useradd || !debian_system { "/bin/sh" } else { "/usr/sbin/nologin" };
    let shell = flags.value('s').unwrap_or(default_shell);
    let gecos = if useradd { flags.value('c') } else { flags.value('c').or_else(|| flags.value('g')) }.unwrap_or("");
    let line = format!("{user}:x:{uid}:{gid}:{gecos}:{home}:{shell}");
    let result = append_line(sh, "/etc/passwd", &line).and_then(|()| {
        if sh.fs.stat("/etc/shadow").is_ok() {
            append_line(sh, "/etc/shadow", &format!("{user}:!:0:0:99999:7:::"))?;
        }
        Ok(())
    });
    if let Err(e) = result {
        complain(sh, io, &name, &format!("cannot update /etc/passwd: {e}"))?;
        return Ok(1);
    }
    let create_home = if useradd { flags.has("m") } else { !flags.has("H") && !debian_system };
    if create_home {
        let abs = sh.abs(&home);
        let attrs = sh.attrs(0o755);
        let result = sh.fs.create_dir_all(&abs, &attrs).and_then(|()| {
            let real = sh.fs.resolve(&abs, true)?;
            sh.fs.set_owner(&real, uid, gid)
        });
        if let Err(e) = result {
            complain(sh, io, &name, &format!("cannot create {home}: {e}"))?;
            return Ok(1);
        }
    }
    Ok(0)
}
