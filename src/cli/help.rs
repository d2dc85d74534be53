//! `--help` in the reader's language: Chinese with `--lang zh` or a Chinese locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `zh`), English otherwise or with `--lang en`.
//!
//! The English help is the clap definition's doc comments. The Chinese one replaces every
//! help text, heading and `about` of the built command tree from the tables below, keyed by
//! subcommand and argument id, before the command line is parsed; a test walks the tree so
//! that no argument or subcommand is left without its Chinese text. The language only decides
//! the help: output still defaults to Chinese (`--lang zh`).

use crate::diagnostic::Lang;
use clap::Command;
use std::ffi::OsString;

/// The language `--help` is shown in for the command line `args` (program name first):
/// `--lang` when given, else the locale.
pub fn help_lang(args: &[OsString]) -> Lang {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut given = None;
    while let Some(word) = words.next() {
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        match value.as_deref() {
            Some("zh") => given = Some(Lang::Zh),
            Some("en") => given = Some(Lang::En),
            _ => {}
        }
        // What follows `--` is a file name, never an option.
        if word == "--" {
            break;
        }
    }
    given.unwrap_or_else(|| locale_lang(|name| std::env::var(name).ok()))
}

/// Subcommands that take `--lang` themselves.
const TAKES_LANG: &[&str] = &["parse", "check", "rules", "explain", "test", "serve"];

/// `--lang` written before the subcommand (`xxgk-lint --lang zh --help`), where clap knows no
/// such option: taken out, so that it chooses the help's language, and handed to the
/// subcommand when that takes `--lang` and was not given one of its own.
pub fn hoist_lang(mut args: Vec<OsString>) -> Vec<OsString> {
    let Some(first) = args.get(1).and_then(|a| a.to_str()) else {
        return args;
    };
    let (value, taken) = match first.strip_prefix("--lang") {
        Some("") => match args.get(2) {
            Some(v) => (v.clone(), 2),
            None => return args,
        },
        Some(rest) => match rest.strip_prefix('=') {
            Some(v) => (OsString::from(v), 1),
            None => return args,
        },
        None => return args,
    };
    args.drain(1..1 + taken);
    let own = args.iter().skip(2).take_while(|a| *a != "--").any(|a| {
        a.to_str()
            .is_some_and(|a| a == "--lang" || a.starts_with("--lang="))
    });
    let takes = args
        .get(1)
        .and_then(|a| a.to_str())
        .is_some_and(|sub| TAKES_LANG.contains(&sub));
    if takes && !own {
        args.splice(2..2, [OsString::from("--lang"), value]);
    }
    args
}

/// The language of the locale, read through `var` (POSIX order: the first of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` that is set and not empty decides).
fn locale_lang(var: impl Fn(&str) -> Option<String>) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|v| !v.is_empty());
    match locale {
        Some(l) if l.starts_with("zh") => Lang::Zh,
        _ => Lang::En,
    }
}

/// What every command's help looks like in Chinese: clap's own `Usage:` heading replaced.
const TEMPLATE_ZH: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Subcommand descriptions in Chinese, by name (`""`: the program itself).
const ABOUT_ZH: &[(&str, &str)] = &[
    (
        "",
        "政府信息公开工作年度报告检查工具：读取报告（文本、Word、网页、PDF），按国家格式和规则包检查表格与正文",
    ),
    (
        "parse",
        "显示解析器从报告文件中识别出的内容：基本信息、各部分、每个单元格",
    ),
    ("check", "用规则包检查报告文件"),
    ("rules", "列出生效的规则：编号、级别、标题、定义位置"),
    ("explain", "显示一条规则的说明、帮助和源文本"),
    (
        "test",
        "运行规则包的测试用例（<规则包>/tests/）：每条规则在通过用例上应成立，在失败用例上应恰好报出预期的问题",
    ),
    (
        "serve",
        "启动本地网页和 HTTP 接口（供网站发布系统把关），在内存中检查上传的报告（见 docs/serve.md）",
    ),
    (
        "completions",
        "把命令行补全脚本（bash、zsh、fish、powershell）输出到标准输出",
    ),
    ("help", "显示本帮助，或指定子命令的帮助"),
];

/// Argument help in Chinese, by subcommand (`"*"`: any) and argument id. The subcommand's
/// own entry wins over `"*"`.
const ARGS_ZH: &[(&str, &str, &str)] = &[
    ("*", "help", "显示帮助"),
    ("", "version", "显示版本"),
    // Files.
    (
        "check",
        "files",
        "要检查的报告文件或目录（递归查找）；`-` 表示从标准输入读取（一次）。目录中的隐藏项跳过；FIFO、套接字和设备跳过并提示",
    ),
    (
        "parse",
        "files",
        "报告文件：纯文本（UTF-8/UTF-16/GB18030）、.docx、.html 或有文字层的 .pdf",
    ),
    (
        "check",
        "follow",
        "跟随目录中的符号链接（检测并跳过循环）；不加此项时，目录中的链接跳过并提示",
    ),
    (
        "check",
        "include",
        "从目录中选取的文件（按文件名或路径匹配的通配符；默认：.txt、.text、.docx、.html、.htm、.pdf，以及作为不支持格式报告的 .doc、.wps）",
    ),
    (
        "check",
        "exclude",
        "跳过的文件和目录（按文件名或路径匹配的通配符）",
    ),
    ("check", "stdin_filename", "标准输入在输出中显示的文件名"),
    (
        "check",
        "jobs",
        "并行检查的文件数（默认：CPU 核数；最多 256，且不超过文件数）；任何取值输出都相同",
    ),
    (
        "check",
        "output",
        "把输出原子地写入此文件（运行失败时不留下文件）；目录、设备、FIFO 或输入文件在写入前即被拒绝",
    ),
    // Rule options (check, rules, explain, serve).
    (
        "*",
        "config",
        "配置文件（默认：从当前目录向上查找最近的 xxgk-lint.toml）",
    ),
    ("*", "no_config", "不读取任何配置文件"),
    (
        "*",
        "rules",
        "一个含 *.rule 文件的目录，作为以目录名命名的规则包加载（可重复）",
    ),
    ("*", "no_national", "不加载内置的国家规则包"),
    (
        "*",
        "select",
        "只运行编号匹配这些通配符之一的规则（如 national/sec3-*）",
    ),
    ("*", "ignore", "跳过编号匹配这些通配符之一的规则"),
    (
        "*",
        "set",
        "规则可用 config.KEY 读取的配置值（如 --set province=河南）",
    ),
    (
        "test",
        "set",
        "规则包的规则以 config.KEY 读取的配置值，与规则包自己的 tests/settings.toml 一并使用",
    ),
    // Previous year, baselines.
    (
        "check",
        "previous",
        "同一机关上一年度的报告，供跨年度规则（prev.…）使用；只用于该机关下一年度的报告（否则报错）",
    ),
    (
        "check",
        "previous_dir",
        "上一年度报告所在目录：每份被检查的报告与其机关上一年度的报告（如有）配对",
    ),
    (
        "check",
        "baseline",
        "只报告不在此基线中的问题（基线由 --write-baseline 写出）：评估时只看新问题",
    ),
    (
        "check",
        "write_baseline",
        "把本次运行的全部问题作为基线写入文件（多次运行保持稳定；按文件、规则和问题所在单元格或行文本记录，不依赖行号）",
    ),
    // Formats.
    (
        "check",
        "format",
        "输出格式：human（类似 rustc 的诊断和汇总行，默认）、json（版本化 JSON 文档，见 docs/check-json.md）、sarif（SARIF 2.1.0，用于 GitHub 代码扫描）、github（GitHub Actions 注释）、junit（JUnit XML，每个文件一个测试用例）、concise（每个问题一行：文件:行:列: 级别[编号] 说明，然后是汇总行）",
    ),
    (
        "parse",
        "format",
        "输出格式：human（可读的摘要及结构诊断，默认）、json（见 docs/parse-json.md）",
    ),
    (
        "rules",
        "format",
        "text：规则包及每条规则一行（默认）；md：规则包的 Markdown 文档（每条规则的标题、级别、说明、帮助和文档），可随规则包发布",
    ),
    (
        "test",
        "format",
        "输出格式：human（每个失败用例一行，附规则报出的问题及汇总，默认）、json（一个 JSON 文档：每个用例的预期和实际结果）",
    ),
    (
        "*",
        "fail_on",
        "问题达到此级别时以 1 退出：error（仅错误，默认，或配置中的设定）、warning（警告和错误）、info（任何问题）",
    ),
    (
        "serve",
        "fail_on",
        "报告未通过把关（\"pass\": false）的问题级别：error（默认，或配置中的 fail-on）、warning、info",
    ),
    (
        "check",
        "verbose",
        "同时显示无法评估的检查项（某个操作数为空、缺失或有歧义）",
    ),
    (
        "check",
        "statistics",
        "在汇总行之后按规则和级别统计问题数，并列出有错误的文件（human 和 concise 格式）",
    ),
    (
        "parse",
        "render",
        "改为输出行号和列号所指的文本：文本报告即文件本身；.docx 和 .html 为文本视图（每段一行，表格每行一行、单元格以 TAB 分隔，合并的格子留空）",
    ),
    // Common options.
    (
        "*",
        "encoding",
        "按此编码解码输入，不自动检测（如 gb18030、utf-8）",
    ),
    (
        "serve",
        "encoding",
        "按此编码解码上传的文本和网页，不自动检测",
    ),
    (
        "*",
        "lang",
        "输出语言：zh（中文，默认）或 en（英文）；也决定 --help 的语言",
    ),
    (
        "serve",
        "lang",
        "请求未指定语言（?lang=）时的输出语言：zh（默认）或 en",
    ),
    (
        "*",
        "color",
        "何时使用颜色：auto（标准输出是终端时，默认）、always（总是）、never（从不）",
    ),
    (
        "*",
        "max_file_size",
        "拒绝大于此大小的报告文件，在读取之前（字节数，或带 K、M、G；默认 50M，或配置中的 max-file-size）",
    ),
    // Rules, explain.
    (
        "explain",
        "rule",
        "规则编号（如 national/sec3-balance），或匹配多条规则的通配符",
    ),
    // test.
    (
        "test",
        "packs",
        "规则包目录，测试用例在其 tests/ 下（默认：rules/national）",
    ),
    (
        "test",
        "require_coverage",
        "规则缺少通过用例或失败用例时报错，而不只是警告",
    ),
    // serve.
    (
        "serve",
        "bind",
        "监听地址。非回环地址需要 --token（或 --token-file），或明确指定 --insecure-no-auth",
    ),
    ("serve", "port", "监听端口（0：任一空闲端口，启动时显示）"),
    (
        "serve",
        "token",
        "接口要求 Authorization: Bearer TOKEN（/v1 下除 OpenAPI 文档外的全部接口）。其他用户可在进程列表中看到：最好用 --token-file",
    ),
    ("serve", "token_file", "从此文件（第一行）读取令牌"),
    (
        "serve",
        "insecure_no_auth",
        "允许不带令牌绑定非回环地址：能访问该端口的任何人都可以使用",
    ),
    (
        "serve",
        "jobs",
        "同时检查的报告数（默认：CPU 核数；最多 256）",
    ),
    (
        "serve",
        "queue",
        "可等待空闲工作线程的请求数；再多的请求以 503 拒绝",
    ),
    (
        "serve",
        "max_body",
        "接受的最大请求体（字节数，或带 K、M、G）；更大的请求得到 413",
    ),
    (
        "serve",
        "timeout",
        "一个请求（上传、排队和检查合计）可用的秒数；超时得到 503",
    ),
    // completions.
    (
        "completions",
        "shell",
        "生成补全脚本的 shell：bash、zsh、fish、powershell",
    ),
];

/// Text after the options list, in Chinese, by subcommand.
const AFTER_HELP_ZH: &[(&str, &str)] = &[
    (
        "check",
        "退出码：0 没有达到失败级别的问题；1 有达到失败级别的问题；2 用法、配置或规则错误，或有文件
无法读取、过大或遇到内部错误（检查某个文件时的崩溃只算该文件的错误，其他文件照常检查）。

报告和文件名中的控制字符、转义序列和双向控制符以转义形式显示（\\u{1b}）；不是 UTF-8 的文件名
以 \\xff 形式显示其字节。限制和恶意输入：见 docs/cli.md。",
    ),
    (
        "completions",
        "安装（见 docs/cli.md）：
  bash:       xxgk-lint completions bash > ~/.local/share/bash-completion/completions/xxgk-lint
  zsh:        xxgk-lint completions zsh > ~/.zfunc/_xxgk-lint   （并在 ~/.zshrc 中加入 fpath+=~/.zfunc）
  fish:       xxgk-lint completions fish > ~/.config/fish/completions/xxgk-lint.fish
  PowerShell: xxgk-lint completions powershell | Out-String | Invoke-Expression   （写入 $PROFILE）",
    ),
];

fn lookup(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The Chinese help of argument `id` of subcommand `command`.
fn arg_zh(command: &str, id: &str) -> Option<&'static str> {
    let find = |c: &str| {
        ARGS_ZH
            .iter()
            .find(|(cmd, arg, _)| *cmd == c && *arg == id)
            .map(|(_, _, help)| *help)
    };
    find(command).or_else(|| find("*"))
}

/// The command tree with its help in `lang`: unchanged for English (the doc comments), every
/// text replaced for Chinese.
pub fn localise(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return cmd;
    }
    // Built, so that clap's own `--help`, `--version` and `help` subcommand are there to
    // translate too.
    cmd.build();
    localise_command(cmd, "")
}

fn localise_command(mut cmd: Command, name: &str) -> Command {
    cmd = cmd
        .help_template(TEMPLATE_ZH)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    if let Some(about) = lookup(ABOUT_ZH, name) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    if let Some(after) = lookup(AFTER_HELP_ZH, name) {
        cmd = cmd.after_help(after).after_long_help(None::<&str>);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_string())
        .collect();
    for id in ids {
        let help = arg_zh(name, &id);
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let a = a.help_heading(heading);
            match help {
                // The choices are spelled out in the Chinese text; clap's list would repeat
                // them with English descriptions.
                Some(h) => a.help(h).long_help(None::<&str>).hide_possible_values(true),
                None => a,
            }
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub.as_str(), |s| localise_command(s, &sub));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn has_chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    /// Every argument and subcommand of the whole tree has a Chinese help.
    #[test]
    fn every_argument_and_subcommand_has_chinese_help() {
        fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            if !cmd.get_about().is_some_and(|a| has_chinese(&a.to_string())) {
                missing.push(format!("{path}: about"));
            }
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let help = a.get_help().map(ToString::to_string).unwrap_or_default();
                if !has_chinese(&help) {
                    missing.push(format!("{path} {}", a.get_id()));
                }
            }
            for s in cmd.get_subcommands() {
                walk(s, &format!("{path} {}", s.get_name()), missing);
            }
        }
        let cmd = localise(crate::cli::Args::command(), Lang::Zh);
        let mut missing = Vec::new();
        walk(&cmd, "xxgk-lint", &mut missing);
        assert!(missing.is_empty(), "no Chinese help: {missing:#?}");
    }

    /// Every entry of the tables names an argument that exists: a renamed option must not
    /// leave its Chinese help behind unused.
    #[test]
    fn every_chinese_help_names_a_real_argument() {
        let mut cmd = crate::cli::Args::command();
        cmd.build();
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut pending = vec![(String::new(), &cmd)];
        while let Some((name, c)) = pending.pop() {
            seen.extend(
                c.get_arguments()
                    .map(|a| (name.clone(), a.get_id().to_string())),
            );
            pending.extend(c.get_subcommands().map(|s| (s.get_name().to_string(), s)));
        }
        for (command, id, _) in ARGS_ZH {
            assert!(
                seen.iter()
                    .any(|(c, i)| i == id && (*command == "*" || c == command)),
                "{command} {id}"
            );
        }
    }

    #[test]
    fn lang_before_the_subcommand_is_handed_to_it() {
        let hoisted = |a: &[&str]| hoist_lang(os(a));
        assert_eq!(
            hoisted(&["x", "--lang", "zh", "--help"]),
            os(&["x", "--help"])
        );
        assert_eq!(
            hoisted(&["x", "--lang=en", "check", "a.txt"]),
            os(&["x", "check", "--lang", "en", "a.txt"])
        );
        // The subcommand's own `--lang` wins; a subcommand without one just drops it.
        assert_eq!(
            hoisted(&["x", "--lang", "en", "check", "--lang", "zh", "a"]),
            os(&["x", "check", "--lang", "zh", "a"])
        );
        assert_eq!(
            hoisted(&["x", "--lang", "zh", "explain", "r"]),
            os(&["x", "explain", "--lang", "zh", "r"])
        );
        assert_eq!(
            hoisted(&["x", "--lang", "zh", "completions", "bash"]),
            os(&["x", "completions", "bash"])
        );
        assert_eq!(
            hoisted(&["x", "check", "--lang", "en"]),
            os(&["x", "check", "--lang", "en"])
        );
    }

    #[test]
    fn help_follows_lang_then_the_locale() {
        assert_eq!(
            help_lang(&os(&["x", "check", "--lang", "zh", "--help"])),
            Lang::Zh
        );
        assert_eq!(help_lang(&os(&["x", "--lang=zh", "-h"])), Lang::Zh);
        let zh = |name: &str| (name == "LANG").then(|| "zh_CN.UTF-8".to_string());
        assert_eq!(locale_lang(zh), Lang::Zh);
        // LC_ALL outranks LANG.
        let c = |name: &str| match name {
            "LC_ALL" => Some("C".to_string()),
            "LANG" => Some("zh_CN.UTF-8".to_string()),
            _ => None,
        };
        assert_eq!(locale_lang(c), Lang::En);
        assert_eq!(locale_lang(|_| None), Lang::En);
    }

    #[test]
    fn chinese_help_renders_in_chinese_and_english_stays_english() {
        let mut zh = localise(crate::cli::Args::command(), Lang::Zh);
        let check = zh.find_subcommand_mut("check").unwrap();
        let text = check.render_long_help().to_string();
        assert!(text.contains("用法："), "{text}");
        assert!(text.contains("用规则包检查报告文件"), "{text}");
        assert!(text.contains("显示帮助"), "{text}");
        assert!(text.contains("退出码"), "{text}");
        assert!(
            !text.contains("Usage:") && !text.contains("Options:"),
            "{text}"
        );
        let mut en = localise(crate::cli::Args::command(), Lang::En);
        let text = en.render_long_help().to_string();
        assert!(
            text.contains("Usage:") && !has_chinese(&text.replace("政府信息公开工作年度报告", "")),
            "{text}"
        );
    }
}
