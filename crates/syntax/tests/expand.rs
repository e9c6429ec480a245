//! Word expansion: expected values follow BuildKit's shell lexer
//! (`frontend/dockerfile/shell`), whose `envVarTest`, `wordsTest` and
//! `TestProcessWithMatches` tables they were checked against.

use std::collections::HashMap;

use proptest::prelude::*;
use slipway_syntax::expand::{
    contains_expansion, referenced_names, references, Env, ExpandErrorKind, Expander, VarRef,
};

/// The environment of BuildKit's `envVarTest` table.
fn std_env() -> Vec<(String, String)> {
    [("PWD", "/home"), ("SHELL", "bash"), ("KOREAN", "한국어"), ("NULL", "")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn expand_with(escape: char, env: &dyn Env, word: &str) -> Result<String, String> {
    Expander::new(escape, env).expand_word(word).map(|e| e.value).map_err(|e| e.message().to_string())
}

fn check_table(escape: char, env: &dyn Env, table: &[(&str, &str)]) {
    for (input, expected) in table {
        match expand_with(escape, env, input) {
            Ok(got) => assert_eq!(&got, expected, "input {input:?} (escape {escape:?})"),
            Err(e) => panic!("input {input:?} (escape {escape:?}): unexpected error {e}"),
        }
    }
}

#[test]
fn plain_text_quotes_and_escapes() {
    let env = std_env();
    check_table(
        '\\',
        &env,
        &[
            ("", ""),
            ("hello", "hello"),
            ("he'll'o", "hello"),
            ("he\\'llo", "he'llo"),
            ("abc\\tdef", "abctdef"),
            ("\"abc\\tdef\"", "abc\\tdef"),
            ("\"abc\\\\tdef\"", "abc\\tdef"),
            ("'abc\\tdef'", "abc\\tdef"),
            ("hello\\", "hello"),
            ("hello\\\\", "hello\\"),
            ("\"hel'lo\"", "hel'lo"),
            ("'hello\\'", "hello\\"),
            ("'hello\\there'", "hello\\there"),
            ("'hello\\\\there'", "hello\\\\there"),
            ("\"''\"", "''"),
            ("'\"hello\"'", "\"hello\""),
            ("a b  c", "a b  c"),
            ("\\ lead", " lead"),
            // Inside double quotes only `"`, `$` and the escape are escapable.
            ("\"a\\\"b\"", "a\"b"),
            ("\"a\\$b\"", "a$b"),
            ("\"a\\b\"", "a\\b"),
            ("\"a\\`b\"", "a\\`b"),
            ("\"\"", ""),
            ("''", ""),
            ("a\"\"b", "ab"),
        ],
    );
}

#[test]
fn simple_references() {
    let env = std_env();
    check_table(
        '\\',
        &env,
        &[
            ("$.", "$."),
            ("$", "$"),
            ("a$", "a$"),
            ("$ a", "$ a"),
            ("$/x", "$/x"),
            ("$\"x\"", "$x"),
            ("$'x'", "$x"),
            ("he$1x", "hex"),
            ("he$123x", "hex"),
            ("he$.x", "he$.x"),
            ("he$pwd.", "he."),
            ("he$PWD", "he/home"),
            ("he\\$PWD", "he$PWD"),
            ("he\\\\$PWD", "he\\/home"),
            ("\"he\\$PWD\"", "he$PWD"),
            ("\"he\\\\$PWD\"", "he\\/home"),
            ("'he\\$PWD'", "he\\$PWD"),
            ("\"$PWD\"", "/home"),
            ("'$PWD'", "$PWD"),
            ("'\\$PWD'", "\\$PWD"),
            ("\"he'$PWD'\"", "he'/home'"),
            ("$PWD$SHELL", "/homebash"),
            ("$PWD-$SHELL", "/home-bash"),
            ("$SHELL_X", ""),
            ("$_", ""),
            ("$NULL", ""),
            ("${NULL}x", "x"),
            // Special and positional parameters are empty.
            ("[$@][$*][$#][$?][$-][$$][$!][$0][$1][$9]", "[][][][][][][][][][]"),
            ("$0abc", "abc"),
            ("$00", ""),
            ("$@abc", "abc"),
            ("\\${}", "${}"),
            ("\\${}aaa", "${}aaa"),
            ("he\\${}", "he${}"),
            ("he\\${}xx", "he${}xx"),
            ("he${hi}", "he"),
            ("he${hi}xx", "hexx"),
            ("he${PWD}", "he/home"),
            ("'he${XX}'", "he${XX}"),
            ("\"he${PWD}\"", "he/home"),
            ("${#}${@}${*}${?}${-}${$}${!}${0}${1}${12}", ""),
            ("안녕${KOREAN}", "안녕한국어"),
            ("안${KOREAN}녕", "안한국어녕"),
            ("$KOREAN$KOREAN", "한국어한국어"),
        ],
    );
}

#[test]
fn default_alternative_and_required_forms() {
    let env = std_env();
    check_table(
        '\\',
        &env,
        &[
            ("he${XXX:-000}xx", "he000xx"),
            ("he${PWD:-000}xx", "he/homexx"),
            ("he${XXX:-$PWD}xx", "he/homexx"),
            ("he${XXX:-${PWD:-yyy}}xx", "he/homexx"),
            ("he${XXX:-${YYY:-yyy}}xx", "heyyyxx"),
            ("he${XXX:-${YYY:-${ZZZ:-z}}}xx", "hezxx"),
            ("${NULL:-x}", "x"),
            ("${NULL-x}", ""),
            ("he${PWD-000}xx", "he/homexx"),
            ("he${XXX-000}xx", "he000xx"),
            ("${XXX:-a b  c}", "a b  c"),
            ("${XXX:-\"a}b\"}", "a}b"),
            ("${XXX:-'a}b'}", "a}b"),
            ("${XXX:-a\\}b}", "a}b"),
            ("${XXX:-}", ""),
            ("${XXX-}", ""),
            ("he${XXX:+${PWD}}xx", "hexx"),
            ("he${PWD:+${XXX}}xx", "hexx"),
            ("he${PWD:+${SHELL}}xx", "hebashxx"),
            ("he${XXX:+000}xx", "hexx"),
            ("he${PWD:+000}xx", "he000xx"),
            ("he${PWD+000}xx", "he000xx"),
            ("${NULL+set}", "set"),
            ("${NULL:+set}", ""),
            ("${XXX+set}", ""),
            ("he${PWD?}", "he/home"),
            ("he${PWD:?}", "he/home"),
            ("he${NULL?}", "he"),
            ("${PWD?message}", "/home"),
            ("${PWD:?message}", "/home"),
            ("\"${XXX:-$SHELL}\"", "bash"),
            ("${XXX:-\"$SHELL\"}", "bash"),
            ("${1:-one}", "one"),
            ("${@:-all}", "all"),
            ("${--dash}", "dash"),
        ],
    );
}

#[test]
fn pattern_forms() {
    let env: HashMap<String, String> = [
        ("PWD", "/home"),
        ("FOO", "xxyy"),
        ("FILE", "archive.tar.gz"),
        ("PATHV", "/usr/local/bin"),
        ("STARS", "a***yy*"),
        ("SPECIAL", "()[]{}^$.*?|\\x"),
        ("Q", "???y"),
        ("UNI", "ünï€ode"),
        ("LINES", "ab\ncd"),
        ("BS", "a\\b"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    check_table(
        '\\',
        &env,
        &[
            ("he${PWD#/}xx", "hehomexx"),
            ("${FOO#*x*y}", "y"),
            ("${FOO#*}", "xxyy"),
            ("${FOO##*}", ""),
            ("${FOO#}", "xxyy"),
            ("${FOO##}", "xxyy"),
            ("${FOO##*x}", "yy"),
            ("${FOO#x}", "xyy"),
            ("${FOO#y}", "xxyy"),
            ("${FOO#?}", "xyy"),
            ("${FOO##??}", "yy"),
            ("${FOO%y}", "xxy"),
            ("${FOO%%y*}", "xx"),
            ("${FOO%y*}", "xxy"),
            ("${FOO%}", "xxyy"),
            ("${FOO%%}", "xxyy"),
            ("${FOO%x}", "xxyy"),
            ("${FILE%.*}", "archive.tar"),
            ("${FILE%%.*}", "archive"),
            ("${FILE#*.}", "tar.gz"),
            ("${FILE##*.}", "gz"),
            ("${PATHV##*/}", "bin"),
            ("${PATHV%/*}", "/usr/local"),
            ("${STARS%%\\**\\*}", "a"),
            ("${STARS%\\*}", "a***yy"),
            ("${SPECIAL#()[]{\\}^$.\\*\\?|\\\\}", "x"),
            ("${Q#?\\?}", "?y"),
            ("${UNI#ü?}", "ï€ode"),
            ("${UNI%€*}", "ünï"),
            ("${UNI/€/E}", "ünïEode"),
            // Wildcards do not match a newline.
            ("${LINES#*}", "ab\ncd"),
            ("${LINES##*}", "\ncd"),
            ("${LINES#a?}", "\ncd"),
            ("${LINES#??}", "\ncd"),
            ("${LINES#???}", "ab\ncd"),
            ("${LINES%%*}", "ab\n"),
            // An unset variable reads as empty.
            ("${XXX#*}", ""),
            ("${XXX%x}", ""),
            ("x${XXX//a/b}y", "xy"),
            // `##` is recognised on the expanded word.
            ("${FOO#'#'}", "xxyy"),
            ("${FOO#\"x\"}", "xyy"),
            // Quoting a dollar keeps it literal (`\$` would be an invalid
            // pattern escape, see `errors_with_positions`) ...
            ("${SPECIAL#()[]{\\}^'$'}", ".*?|\\x"),
            // ... and a backslash before a brace only protects it.
            ("${BS#a\\\\}", "b"),
        ],
    );
}

#[test]
fn replacement_forms() {
    let mk = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    let cases: &[(Pairs, &str, &str)] = &[
        (
            &[("FOO", "/foo*/*/*.txt"), ("NEEDLE", "\\*/")],
            "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
            "/foo.*/*.txt - /foo..*.txt",
        ),
        (
            &[("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")],
            "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
            "/tmp/bar.txt - /bar.txt",
        ),
        (
            &[("FOO", "/a/foo/b/c.txt"), ("NEEDLE", "/?/"), ("REPLACEMENT", "/")],
            "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
            "/foo/b/c.txt - /foo/c.txt",
        ),
        (
            &[("FOO", "http://google.de"), ("NEEDLE", "http://"), ("REPLACEMENT", "https://")],
            "${FOO/$NEEDLE/$REPLACEMENT}",
            "https://google.de",
        ),
        // Escaped separators: the backslash stays in the replacement.
        (&[("FOO", "/tmp/foo.txt")], "${FOO//\\//\\/}", "\\/tmp\\/foo.txt"),
        (&[("FOO", "xxyy"), ("BAR", "")], "${FOO/$BAR/ww}", "wwxxyy"),
        (&[("FOO", "xxyy")], "${FOO///}", "xxyy"),
        (&[], "${FOO///}", ""),
        // Empty pattern, replace all: Go inserts at every position.
        (&[("FOO", "ab")], "${FOO///-}", "-a-b-"),
        (&[("FOO", "aaa")], "${FOO//a/b}", "bbb"),
        (&[("FOO", "aaa")], "${FOO/a/b}", "baa"),
        // `*` is greedy in replacements.
        (&[("FOO", "a.b.c")], "${FOO/.*/}", "a"),
        (&[("FOO", "a.b.c")], "${FOO//*/x}", "x"),
        (&[("FOO", "abcabc")], "${FOO//b?/X}", "aXaX"),
        (&[("FOO", "ab\nab")], "${FOO//a*/X}", "X\nX"),
        // `#` and `%` are not anchors in patterns.
        (&[("FOO", "a#b%c")], "${FOO/#b/-}${FOO/%c/-}", "a-%ca#b-"),
        // Replace-all expands `$0` and `$$` in the replacement like Go's
        // Regexp.Expand; a single replacement does not.
        (&[("FOO", "abc"), ("R", "<$0>")], "${FOO//b/$R}", "a<b>c"),
        (&[("FOO", "abc"), ("R", "<$0>")], "${FOO/b/$R}", "a<$0>c"),
        (&[("FOO", "abc"), ("R", "[$$]")], "${FOO//b/$R}", "a[$]c"),
        (&[("FOO", "abc"), ("R", "[$1|${0}|$x|$]")], "${FOO//b/$R}", "a[|b||$]c"),
        (&[("FOO", "abc"), ("R", "${0")], "${FOO//b/$R}", "a${0c"),
        (&[("FOO", "aXbXc")], "${FOO//X/'$0'}", "aXbXc"),
        (&[("FOO", "ünïcödé")], "${FOO//?/.}", "......."),
        (&[("FOO", "ünïcödé")], "${FOO//ö/o}", "ünïcodé"),
    ];
    for (pairs, input, expected) in cases {
        let env = mk(pairs);
        match expand_with('\\', &env, input) {
            Ok(got) => assert_eq!(&got, expected, "input {input:?} env {pairs:?}"),
            Err(e) => panic!("input {input:?}: unexpected error {e}"),
        }
    }
}

/// Variables as `(name, value)` pairs.
type Pairs<'a> = &'a [(&'a str, &'a str)];

/// `(input, variables, value, matched, unmatched)`.
type MatchCase<'a> = (&'a str, Pairs<'a>, &'a str, &'a [&'a str], &'a [&'a str]);

/// `(input, message, offset, len, kind)`.
type ErrorCase<'a> = (&'a str, &'a str, usize, usize, ExpandErrorKind);

#[test]
fn errors_with_positions() {
    use ExpandErrorKind::*;
    let env = std_env();
    let cases: &[ErrorCase] = &[
        (
            "he'llo",
            "unexpected end of statement while looking for matching single-quote",
            2,
            4,
            UnterminatedSingleQuote,
        ),
        (
            "he\\\\'llo",
            "unexpected end of statement while looking for matching single-quote",
            4,
            4,
            UnterminatedSingleQuote,
        ),
        (
            "\"hello",
            "unexpected end of statement while looking for matching double-quote",
            0,
            6,
            UnterminatedDoubleQuote,
        ),
        (
            "\"hello\\\"",
            "unexpected end of statement while looking for matching double-quote",
            0,
            8,
            UnterminatedDoubleQuote,
        ),
        (
            "'hello",
            "unexpected end of statement while looking for matching single-quote",
            0,
            6,
            UnterminatedSingleQuote,
        ),
        ("${}", "syntax error: bad substitution", 0, 3, BadSubstitution),
        ("${}xx", "syntax error: bad substitution", 0, 3, BadSubstitution),
        ("he${}", "syntax error: bad substitution", 2, 3, BadSubstitution),
        ("he${}xx", "syntax error: bad substitution", 2, 3, BadSubstitution),
        ("${:}", "syntax error: bad substitution", 0, 3, BadSubstitution),
        ("${{A}}", "syntax error: bad substitution", 0, 3, BadSubstitution),
        ("${", "syntax error: missing '}'", 0, 2, MissingBrace),
        ("ab${", "syntax error: missing '}'", 2, 2, MissingBrace),
        ("${A:-x", "syntax error: missing '}'", 0, 6, MissingBrace),
        ("${A-", "syntax error: missing '}'", 0, 4, MissingBrace),
        ("${A:", "syntax error: missing '}'", 0, 4, MissingBrace),
        ("${A#x", "syntax error: missing '}'", 0, 5, MissingBrace),
        ("x${A:-${B:-y}", "syntax error: missing '}'", 1, 12, MissingBrace),
        // `${B` alone is an unsupported modifier, but nested it is rewritten.
        ("${A:-${B", "syntax error: missing '}'", 0, 8, MissingBrace),
        ("${A/${B", "syntax error: missing '/' in ${}", 0, 7, MissingSlash),
        ("${A/x/${B", "syntax error: missing '}'", 0, 9, MissingBrace),
        // An error from inside the word is replaced once the input has ended.
        ("${A:-'x}", "syntax error: missing '}'", 0, 8, MissingBrace),
        ("${A:-\"x}", "syntax error: missing '}'", 0, 8, MissingBrace),
        ("${A:-${B?}", "syntax error: missing '}'", 0, 10, MissingBrace),
        ("${A:-${}}", "syntax error: bad substitution", 5, 3, BadSubstitution),
        ("${A/x", "syntax error: missing '/' in ${}", 0, 5, MissingSlash),
        ("${FOO//ww}", "syntax error: missing '/' in ${}", 0, 10, MissingSlash),
        ("${FOO//}", "syntax error: missing '/' in ${}", 0, 8, MissingSlash),
        ("${FOO/}", "syntax error: missing '/' in ${}", 0, 7, MissingSlash),
        ("${A/x/y", "syntax error: missing '}'", 0, 7, MissingBrace),
        // BuildKit reads the end of input as the modifier character U+FFFD.
        ("he${PWD", "unsupported modifier (\u{FFFD}) in substitution", 2, 5, UnsupportedModifier),
        ("he${.}", "unsupported modifier (.) in substitution", 2, 3, UnsupportedModifier),
        ("he${XXX:YYY}", "unsupported modifier (:Y) in substitution", 2, 10, UnsupportedModifier),
        ("he${PWD=000}xx", "unsupported modifier (=) in substitution", 2, 6, UnsupportedModifier),
        ("${V:=w}", "unsupported modifier (:=) in substitution", 0, 7, UnsupportedModifier),
        ("${V=w}", "unsupported modifier (=) in substitution", 0, 4, UnsupportedModifier),
        ("${FOO=:aaa}", "unsupported modifier (=) in substitution", 0, 6, UnsupportedModifier),
        ("${V:0:3}", "unsupported modifier (:0) in substitution", 0, 8, UnsupportedModifier),
        ("${V:1}", "unsupported modifier (:1) in substitution", 0, 6, UnsupportedModifier),
        ("${#V}", "unsupported modifier (V) in substitution", 0, 4, UnsupportedModifier),
        ("${V:#x}", "unsupported modifier (:#) in substitution", 0, 5, UnsupportedModifier),
        ("${V:%x}", "unsupported modifier (:%) in substitution", 0, 5, UnsupportedModifier),
        ("${V:/a/b}", "unsupported modifier (:/) in substitution", 0, 9, UnsupportedModifier),
        ("${V^^}", "unsupported modifier (^) in substitution", 0, 4, UnsupportedModifier),
        ("${ V}", "unsupported modifier ( ) in substitution", 0, 3, UnsupportedModifier),
        ("${0abc}", "unsupported modifier (a) in substitution", 0, 4, UnsupportedModifier),
        ("${한}x${한:}", "syntax error: missing '}'", 7, 7, MissingBrace),
        ("${XXX?}", "XXX: is not allowed to be unset", 0, 7, Required),
        ("he${XXX:?}", "XXX: is not allowed to be unset", 2, 8, Required),
        ("he${NULL:?}", "NULL: is not allowed to be empty", 2, 9, Required),
        ("${XXX?must be set}", "XXX: must be set", 0, 18, Required),
        ("${XXX:?must be $SHELL}", "XXX: must be bash", 0, 22, Required),
        ("${NULL:?no ${PWD}}", "NULL: no /home", 0, 18, Required),
        ("a${1?}", "1: is not allowed to be unset", 1, 5, Required),
        ("${PWD#a\\x}", "invalid pattern (a\\x) in substitution: invalid escape '\\x'", 0, 10, InvalidPattern),
        ("${PWD%a\\x}", "invalid pattern (\\xa) in substitution: invalid escape '\\x'", 0, 10, InvalidPattern),
        ("${PWD/\\x/y}", "invalid pattern (\\x) in substitution: invalid escape '\\x'", 0, 11, InvalidPattern),
        ("${PWD#\\$}", "invalid pattern (\\$) in substitution: invalid escape '\\$'", 0, 9, InvalidPattern),
        ("${PWD//a\\b/y}", "invalid pattern (a\\b) in substitution: invalid escape '\\b'", 0, 13, InvalidPattern),
    ];
    for (input, message, offset, len, kind) in cases {
        let err = Expander::new('\\', &env).expand_word(input).expect_err(input);
        assert_eq!(err.message(), *message, "input {input:?}");
        assert_eq!((err.offset(), err.len()), (*offset, *len), "input {input:?}");
        assert_eq!(err.kind(), *kind, "input {input:?}");
        assert_eq!(err.word(), *input);
        assert_eq!(err.range(), *offset..offset + len);
        assert!(err.range().end <= input.len(), "input {input:?}");
        // Multi-word mode fails the same way.
        assert_eq!(Expander::new('\\', &env).expand_words(input).expect_err(input).message(), *message);
    }
}

#[test]
fn invalid_pattern_from_a_variable() {
    // A pattern that ends in a lone backslash (possible with the backtick
    // escape, or through a variable) is an invalid escape.
    let env = [("V", "abc"), ("P", "a\\")];
    let err = Expander::new('\\', &env).expand_word("${V#$P}").unwrap_err();
    assert_eq!(err.message(), "invalid pattern (a\\) in substitution: invalid escape '\\\u{FFFD}'");
    let err = Expander::new('\\', &env).expand_word("${V%$P}").unwrap_err();
    assert_eq!(err.message(), "invalid pattern (\\a) in substitution: invalid escape '\\a'");
    let err = Expander::new('`', &env).expand_word("${V#a\\}").unwrap_err();
    assert_eq!(err.kind(), ExpandErrorKind::InvalidPattern);
}

#[test]
fn display_wraps_like_buildkit() {
    let env = std_env();
    let err = Expander::new('\\', &env).expand_word("${}").unwrap_err();
    assert_eq!(err.to_string(), "failed to process \"${}\": syntax error: bad substitution");
    let err = Expander::new('\\', &env).expand_word("a\"b\\\t\u{7f}é\u{a0}${NULL:?}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "failed to process \"a\\\"b\\\\\\t\\x7fé\\u00a0${NULL:?}\": NULL: is not allowed to be empty"
    );
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.to_string().starts_with("failed to process"));
}

#[test]
fn backtick_escape() {
    let env = std_env();
    check_table(
        '`',
        &env,
        &[
            ("hello`", "hello"),
            ("hello``", "hello`"),
            ("he`'llo", "he'llo"),
            ("he`$PWD", "he$PWD"),
            ("he``$PWD", "he`/home"),
            ("\"he`$PWD\"", "he$PWD"),
            ("\"he``$PWD\"", "he`/home"),
            ("\"a`\"b\"", "a\"b"),
            ("\"a`xb\"", "a`xb"),
            // The backslash is an ordinary character now.
            ("C:\\path\\$SHELL", "C:\\path\\bash"),
            ("\"C:\\path\\\"", "C:\\path\\"),
            ("a\\ b", "a\\ b"),
            ("${XXX:-a`}b}", "a}b"),
            ("${XXX:-`$PWD}", "$PWD"),
            // Patterns keep the backtick; backslash escapes in patterns are
            // still the pattern's own.
            ("${PWD#/h`o}", "/home"),
            ("${PWD#\\/}", "home"),
            ("'a`'", "a`"),
        ],
    );
    let env = [("FOO", "a*b"), ("BT", "a`b")];
    check_table(
        '`',
        &env,
        &[
            ("${FOO#a\\*}", "b"),
            // Escapes stay in patterns: ``` `` ``` is two backticks.
            ("${BT#a``}", "a`b"),
            ("${BT#a'`'}", "b"),
            ("${FOO/\\*/-}", "a-b"),
        ],
    );
}

#[test]
fn multi_word_mode() {
    let env: Vec<(String, String)> =
        [("hi", "hi"), ("space", "abc  def"), ("leading", "  ab c"), ("trailing", "ab c   "), ("empty", "")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    let cases: &[(&str, &[&str])] = &[
        ("hello", &["hello"]),
        ("hello${hi}bye", &["hellohibye"]),
        ("hello${nope}bye", &["hellobye"]),
        ("hello${space}bye", &["helloabc", "defbye"]),
        ("hello\"${space}\"bye", &["helloabc  defbye"]),
        ("hello \"${space}\"bye", &["hello", "abc  defbye"]),
        ("hello${leading}def", &["hello", "ab", "cdef"]),
        ("hello\"${leading}\" def", &["hello  ab c", "def"]),
        ("hello\"${leading}\"", &["hello  ab c"]),
        ("hello${leading}", &["hello", "ab", "c"]),
        ("hello${trailing}", &["helloab", "c"]),
        ("hello${trailing}d", &["helloab", "c", "d"]),
        ("hello\"${trailing}\"d", &["helloab c   d"]),
        ("hel\"lo${trailing}\"", &["helloab c   "]),
        ("hello\" there  \"", &["hello there  "]),
        ("hello there     ", &["hello", "there"]),
        ("  hello   there  ", &["hello", "there"]),
        ("hello\\ there", &["hello there"]),
        ("hello\\\" there", &["hello\"", "there"]),
        ("hello\"\\\\there\"", &["hello\\there"]),
        ("hello\"\\there\"", &["hello\\there"]),
        ("hello'\\\\there'", &["hello\\\\there"]),
        ("hello'\\there'", &["hello\\there"]),
        ("hello'$there'", &["hello$there"]),
        ("80/tcp 443/udp", &["80/tcp", "443/udp"]),
        ("$space", &["abc", "def"]),
        ("${empty}", &[]),
        ("\"\"", &[]),
        ("a \"\" b", &["a", "b"]),
        ("a\t\nb", &["a", "b"]),
        ("", &[]),
        // Words from modifiers are split as results of an expansion.
        ("${nope:-\"x y\"}", &["x", "y"]),
        ("ab${nope:-x}", &["abx"]),
        ("\u{3000}a\u{3000}b", &["a", "b"]),
    ];
    let expander = Expander::new('\\', &env);
    for (input, expected) in cases {
        let words = expander.expand_words(input).expect(input);
        assert_eq!(&words, expected, "input {input:?}");
    }
    assert!(expander.expand_words("hello\" there").is_err());
    // Single-word mode keeps the spaces of the same input.
    assert_eq!(expander.expand_word("hello${space}bye").unwrap().value, "helloabc  defbye");
}

#[test]
fn matches_and_unmatched() {
    let mk = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    let foo_bar = &[("FOO", "xxx"), ("BAR", "")][..];
    let cases: &[MatchCase] = &[
        ("x", &[("DUMMY", "dummy")], "x", &[], &[]),
        ("x ${UNUSED}", &[("DUMMY", "dummy")], "x ", &[], &["UNUSED"]),
        ("x ${FOO}", &[("FOO", "y")], "x y", &["FOO"], &[]),
        ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", foo_bar, "xxx  ccc", &["FOO", "BAR"], &["BAZ"]),
        ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", foo_bar, "xxx bbb ccc", &["FOO", "BAR"], &["BAZ"]),
        ("${FOO:-}", foo_bar, "xxx", &["FOO"], &[]),
        ("${FOO:-}", &[], "", &[], &["FOO"]),
        ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", foo_bar, "aaa bbb ", &["FOO", "BAR"], &["BAZ"]),
        ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", foo_bar, "aaa  ", &["FOO", "BAR"], &["BAZ"]),
        ("${FOO?aaa}", foo_bar, "xxx", &["FOO"], &[]),
        ("${BAR?bbb}", foo_bar, "", &["BAR"], &[]),
        ("${FOO:?aaa}", foo_bar, "xxx", &["FOO"], &[]),
        ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "x")], "xyy", &["BAR", "FOO"], &[]),
        ("${ABC:-.}${FOO%x}${ABC:-.}", &[("FOO", "xxyy")], ".xxyy.", &["FOO"], &["ABC"]),
        ("${FOO///}", &[], "", &[], &["FOO"]),
        // The modifier word is always expanded, even when it is not used.
        ("${FOO:-$UNSET}", foo_bar, "xxx", &["FOO"], &["UNSET"]),
        ("${FOO:+$BAR}", foo_bar, "", &["BAR", "FOO"], &[]),
        // Special and positional parameters are looked up too.
        ("$1$@${#}", &[], "", &[], &["1", "@", "#"]),
        ("$FOO$FOO${FOO}", foo_bar, "xxxxxxxxx", &["FOO"], &[]),
        (
            "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
            &[("VERSION", "v1.2.3"), ("TARGETOS", "linux"), ("TARGETARCH", "arm64")],
            "something-v1.2.3.linux-arm64.tar.gz",
            &["VERSION", "TARGETOS", "TARGETARCH"],
            &["TARGETVARIANT"],
        ),
        (
            "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
            &[("VERSION", "v1.2.3"), ("TARGETOS", "linux"), ("TARGETARCH", "arm"), ("TARGETVARIANT", "v7")],
            "something-v1.2.3.linux-arm-v7.tar.gz",
            &["VERSION", "TARGETOS", "TARGETARCH", "TARGETVARIANT"],
            &[],
        ),
    ];
    for (input, pairs, value, matched, unmatched) in cases {
        let env = mk(pairs);
        let e = Expander::new('\\', &env).expand_word(input).expect(input);
        assert_eq!(e.value, *value, "input {input:?}");
        assert_eq!(e.matched, *matched, "matched for {input:?}");
        assert_eq!(e.unmatched, *unmatched, "unmatched for {input:?}");
    }
}

#[test]
fn env_implementations() {
    let word = "${A}-${B:-b}";
    let expect = "1-b";
    let map: HashMap<String, String> = HashMap::from([("A".into(), "1".into())]);
    let btree = std::collections::BTreeMap::from([("A".to_string(), "1".to_string())]);
    let pairs = vec![("A".to_string(), "0".to_string()), ("A".to_string(), "1".to_string())];
    let strs = [("A", "1")];
    let closure = |name: &str| (name == "A").then(|| "1".to_string());
    let borrowed: HashMap<&str, &str> = HashMap::from([("A", "1")]);
    let envs: [&dyn Env; 6] = [&map, &btree, &pairs, &strs, &closure, &borrowed];
    for env in envs {
        assert_eq!(Expander::new('\\', env).expand_word(word).unwrap().value, expect);
    }
    let e = Expander::new('\\', &()).expand_word(word).unwrap();
    assert_eq!(e.value, "-b");
    assert_eq!(e.unmatched, ["A", "B"]);
    // Names are case-sensitive.
    assert_eq!(Expander::new('\\', &map).expand_word("$a").unwrap().value, "");
}

#[test]
fn lexer_options() {
    let env = [("SET", "v")];
    let base = Expander::new('\\', &env);
    assert_eq!(base.escape(), '\\');

    let raw = base.raw_quotes(true);
    assert_eq!(raw.expand_word("'a'\"b$SET\"").unwrap().value, "'a'\"bv\"");

    let raw = base.raw_escapes(true);
    assert_eq!(raw.expand_word("a\\ b\\").unwrap().value, "a\\ b\\");
    assert_eq!(raw.expand_word("\"a\\\"b\\x\"").unwrap().value, "a\\\"b\\\\x");
    // Modifier words process their escapes anyway.
    assert_eq!(raw.expand_word("${U:-a\\b}").unwrap().value, "ab");

    let no_quotes = base.skip_process_quotes(true);
    assert_eq!(no_quotes.expand_word("echo '$SET' \"$SET\"").unwrap().value, "echo 'v' \"v\"");
    assert_eq!(no_quotes.expand_word("it's").unwrap().value, "it's");

    let keep = base.skip_unset_env(true);
    let cases = [
        ("$U $SET", "$U v"),
        ("${U}", "${U}"),
        ("${U:-x$SET}", "${U:-xv}"),
        ("${U-x}", "${U-x}"),
        ("${U?x}", "${U?x}"),
        ("${U#x}", "${U#x}"),
        ("${U//a/b}", "${U/a/b}"),
        ("${SET:-x}", "v"),
    ];
    for (input, expected) in cases {
        assert_eq!(keep.expand_word(input).unwrap().value, expected, "{input:?}");
    }
    // Heredoc detection as BuildKit's parser does it.
    let heredoc = Expander::new('\\', &()).raw_quotes(true).raw_escapes(true).skip_unset_env(true);
    assert_eq!(heredoc.expand_words("cat <<'EOF' >$out \\\"x").unwrap(), ["cat", "<<'EOF'", ">$out", "\\\"x"]);
    assert!(format!("{heredoc:?}").contains("raw_quotes: true"));
}

#[test]
fn names_follow_go_unicode_classes() {
    // Names are letters (category L), decimal digits (Nd) and `_`; a name
    // starting with a digit is a positional parameter made of digits only.
    let env = [("é", "E"), ("नमस", "N"), ("_1", "U"), ("٣", "three")];
    check_table(
        '\\',
        &env,
        &[
            ("$é!", "E!"),
            ("${é}", "E"),
            // The virama (a combining mark) ends the name.
            ("$नमस्ते", "N्ते"),
            ("$_1", "U"),
            ("$٣x", "threex"),
            ("$Ⅻ", "$Ⅻ"),
            ("$²", "$²"),
            ("$€", "$€"),
        ],
    );
}

#[test]
fn byte_order_mark() {
    let env = std_env();
    // Go's scanner drops a byte order mark at the start of the word only.
    check_table('\\', &env, &[("\u{FEFF}$SHELL", "bash"), ("a\u{FEFF}", "a\u{FEFF}")]);
    let err = Expander::new('\\', &env).expand_word("\u{FEFF}${}").unwrap_err();
    assert_eq!((err.offset(), err.len()), (3, 3));
}

#[test]
fn contains_expansion_check() {
    let yes = [
        "$A",
        "${A}",
        "${}",
        "a$b",
        "$1",
        "$@",
        "$$",
        "\"$A\"",
        "\\\\$A",
        "${A:-x}",
        "x$_y",
        "$é",
        "'a'$B",
        "\"\\\\$A\"",
        "\"'$A'\"",
        "'\\'$A",
    ];
    let no = ["", "abc", "$", "a$", "$.", "$ x", "\\$A", "'$A'", "\"\\$A\"", "a'$A'b", "$/", "\\${A}", "$'A'"];
    for w in yes {
        assert!(contains_expansion(w, '\\'), "{w:?}");
    }
    for w in no {
        assert!(!contains_expansion(w, '\\'), "{w:?}");
    }
    assert!(contains_expansion("\\$A", '`'));
    assert!(!contains_expansion("`$A", '`'));
    let raw = Expander::new('\\', &()).skip_process_quotes(true);
    assert!(raw.contains_expansion("'$A'"));
    assert!(!Expander::new('\\', &()).contains_expansion("'$A'"));
}

#[test]
fn references_without_env() {
    let refs = references("a$B ${C:-$D} ${E#${F}} ${G/$H/$I} '$J' \\$K ${L?$M}", '\\');
    let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["B", "C", "D", "E", "F", "G", "H", "I", "L", "M"]);
    assert_eq!(refs[0], VarRef { name: "B".into(), offset: 1, len: 2 });
    assert_eq!((refs[1].offset, refs[1].len), (4, 8));
    assert_eq!((refs[2].offset, refs[2].len), (9, 2));
    // Syntax errors end the scan; what came before is kept.
    let refs = references("$A ${B:=x} $C", '\\');
    let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["A", "B"]);
    assert_eq!(referenced_names("$A$A${B}$1", '\\'), ["A", "B", "1"]);
    assert!(references("${V:?}", '\\').len() == 1);
    assert!(references("no refs", '\\').is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics(word in ".{0,40}", escape in prop::sample::select(vec!['\\', '`'])) {
        let env = std_env();
        let expander = Expander::new(escape, &env);
        if let Err(e) = expander.expand_word(&word) {
            prop_assert!(e.range().end <= word.len());
            prop_assert!(word.is_char_boundary(e.offset()));
            let _ = e.to_string();
        }
        let _ = expander.expand_words(&word);
        let _ = expander.raw_quotes(true).raw_escapes(true).skip_unset_env(true).expand_word(&word);
        let _ = expander.skip_process_quotes(true).expand_word(&word);
        for r in expander.references(&word) {
            prop_assert!(r.offset + r.len <= word.len());
        }
        let _ = expander.contains_expansion(&word);
    }

    #[test]
    fn shell_like_words_never_panic(
        word in r#"([$\{\}:\-+?#%/*\\`'" aAb1é€\n]|\$\{[A-Z]?){0,30}"#,
        value in r#"[a*?/\\é\n]{0,8}"#,
    ) {
        let env = [("A", value.as_str()), ("B", ""), ("b", "x y")];
        for escape in ['\\', '`'] {
            let expander = Expander::new(escape, &env);
            if let Err(e) = expander.expand_word(&word) {
                prop_assert!(e.range().end <= word.len());
            }
            if !expander.contains_expansion(&word) {
                // Without an expansion nothing is looked up.
                if let Ok(e) = expander.expand_word(&word) {
                    prop_assert!(e.matched.is_empty() && e.unmatched.is_empty());
                }
            }
        }
    }

    #[test]
    fn patterns_never_panic(
        value in r#"[ab*?\\/é\n]{0,12}"#,
        pattern in r#"([ab*?é/]|\\[*?\\}/]){0,8}"#,
        op in prop::sample::select(vec!["#", "##", "%", "%%", "/", "//"]),
    ) {
        let env = [("V", value.as_str())];
        let word = if op.starts_with('/') {
            format!("${{V{op}{pattern}/r}}")
        } else {
            format!("${{V{op}{pattern}}}")
        };
        let _ = Expander::new('\\', &env).expand_word(&word);
    }
}

#[test]
fn long_inputs_are_fast() {
    // Linear time: long words and values expand quickly.
    let value = "ab".repeat(20_000);
    let env = [("V", value.as_str())];
    let expander = Expander::new('\\', &env);
    let word = "${V}".repeat(50);
    assert_eq!(expander.expand_word(&word).unwrap().value.len(), 2_000_000);
    let trimmed = expander.expand_word("${V##*a}").unwrap().value;
    assert_eq!(trimmed, "b");
    let replaced = expander.expand_word("${V//a/}").unwrap().value;
    assert_eq!(replaced.len(), 20_000);
    let nested = format!("{}x{}", "${U:-".repeat(20_000), "}".repeat(20_000));
    assert_eq!(expander.expand_word(&nested).unwrap().value, "x");
    // Deep nesting through double quotes, and an unclosed one reported at
    // the outermost brace.
    let quoted = format!("{}x{}", "\"${U:-".repeat(10_000), "}\"".repeat(10_000));
    assert_eq!(expander.expand_word(&quoted).unwrap().value, "x");
    let unclosed = format!("ab{}", "${U:-".repeat(10_000));
    let err = expander.expand_word(&unclosed).unwrap_err();
    assert_eq!(err.message(), "syntax error: missing '}'");
    assert_eq!(err.range(), 2..unclosed.len());
}

/// A backtracking reference for BuildKit's patterns: the first match in Go's
/// (Perl-style, leftmost-first) priority order, on small inputs.
mod reference {
    #[derive(Clone, Copy, Debug)]
    pub enum Tok {
        Lit(char),
        Any,
        Star,
    }

    /// Tokens of a pattern written with `a`, `b`, `*`, `?` and `\*`.
    pub fn tokens(pattern: &str) -> Vec<Tok> {
        let mut toks = Vec::new();
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            toks.push(match c {
                '*' => Tok::Star,
                '?' => Tok::Any,
                '\\' => Tok::Lit(chars.next().unwrap_or('\\')),
                c => Tok::Lit(c),
            });
        }
        toks
    }

    /// End of the highest-priority match of `toks` starting exactly at `i`.
    pub fn match_at(toks: &[Tok], hay: &[char], i: usize, greedy: bool) -> Option<usize> {
        let Some((first, rest)) = toks.split_first() else {
            return Some(i);
        };
        match first {
            Tok::Lit(c) => (hay.get(i) == Some(c)).then(|| match_at(rest, hay, i + 1, greedy)).flatten(),
            Tok::Any => (hay.get(i).is_some_and(|&c| c != '\n')).then(|| match_at(rest, hay, i + 1, greedy)).flatten(),
            Tok::Star => {
                let mut max = i;
                while max < hay.len() && hay[max] != '\n' {
                    max += 1;
                }
                let mut ends: Vec<usize> = (i..=max).collect();
                if greedy {
                    ends.reverse();
                }
                ends.into_iter().find_map(|k| match_at(rest, hay, k, greedy))
            }
        }
    }

    /// Leftmost-first match at or after `from`.
    pub fn find(toks: &[Tok], hay: &[char], from: usize, greedy: bool) -> Option<(usize, usize)> {
        (from..=hay.len()).find_map(|s| match_at(toks, hay, s, greedy).map(|e| (s, e)))
    }

    pub fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> String {
        let hay: Vec<char> = value.chars().collect();
        match match_at(&tokens(pattern), &hay, 0, greedy) {
            Some(end) => hay[end..].iter().collect(),
            None => value.to_string(),
        }
    }

    pub fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> String {
        let mut toks = tokens(pattern);
        toks.reverse();
        let hay: Vec<char> = value.chars().rev().collect();
        match match_at(&toks, &hay, 0, greedy) {
            Some(end) => hay[end..].iter().rev().collect(),
            None => value.to_string(),
        }
    }

    /// Go's `ReplaceAllString` with a replacement free of `$`.
    pub fn replace(pattern: &str, value: &str, replacement: &str, all: bool) -> String {
        let toks = tokens(pattern);
        let hay: Vec<char> = value.chars().collect();
        let text = |a: usize, b: usize| hay[a..b].iter().collect::<String>();
        if !all {
            return match find(&toks, &hay, 0, true) {
                Some((s, e)) => text(0, s) + replacement + &text(e, hay.len()),
                None => value.to_string(),
            };
        }
        let (mut out, mut last, mut search) = (String::new(), 0, 0);
        while search <= hay.len() {
            let Some((s, e)) = find(&toks, &hay, search, true) else {
                break;
            };
            out += &text(last, s);
            if e > last || s == 0 {
                out += replacement;
            }
            last = e;
            search = if search < e { e } else { search + 1 };
        }
        out + &text(last.min(hay.len()), hay.len())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn patterns_match_like_go_regexp(
        value in "[ab*\n]{0,10}",
        pattern in r"([ab*?]|\\\*){0,6}",
    ) {
        let env = [("V", value.as_str())];
        let expander = Expander::new('\\', &env);
        let run = |word: String| expander.expand_word(&word).unwrap().value;
        prop_assert_eq!(run(format!("${{V#{pattern}}}")), reference::trim_prefix(&pattern, &value, false));
        prop_assert_eq!(run(format!("${{V##{pattern}}}")), reference::trim_prefix(&pattern, &value, true));
        prop_assert_eq!(run(format!("${{V%{pattern}}}")), reference::trim_suffix(&pattern, &value, false));
        prop_assert_eq!(run(format!("${{V%%{pattern}}}")), reference::trim_suffix(&pattern, &value, true));
        if !pattern.is_empty() {
            // (`${V//R}` would be a replace-all with a missing slash.)
            prop_assert_eq!(run(format!("${{V/{pattern}/R}}")), reference::replace(&pattern, &value, "R", false));
        }
        prop_assert_eq!(run(format!("${{V//{pattern}/R}}")), reference::replace(&pattern, &value, "R", true));
    }
}
