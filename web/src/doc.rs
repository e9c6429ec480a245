//! Renders the core's markdown-ish texts (rule docs, lessons): `#` headings, fenced code
//! blocks, `-` and `1.` lists, paragraphs, `inline code` and `**bold**`.

use yew::prelude::*;

/// A block of a document.
#[derive(Debug, PartialEq, Eq)]
enum Block {
    Heading(String),
    Code(String),
    List(Vec<String>),
    Paragraph(String),
}

fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |blocks: &mut Vec<Block>, paragraph: &mut Vec<&str>, list: &mut Vec<String>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(paragraph.join(" ")));
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(Block::List(std::mem::take(list)));
        }
    };
    for line in text.lines() {
        if let Some(lines) = &mut code {
            if line.trim_start().starts_with("```") {
                blocks.push(Block::Code(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut blocks, &mut paragraph, &mut list);
            code = Some(Vec::new());
        } else if trimmed.starts_with('#') {
            flush(&mut blocks, &mut paragraph, &mut list);
            blocks.push(Block::Heading(trimmed.trim_start_matches('#').trim().to_owned()));
        } else if let Some(item) = list_item(trimmed) {
            if !paragraph.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut Vec::new());
            }
            list.push(item.to_owned());
        } else if trimmed.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list);
        } else if !list.is_empty() && line.starts_with(' ') {
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            if !list.is_empty() {
                blocks.push(Block::List(std::mem::take(&mut list)));
            }
            paragraph.push(trimmed);
        }
    }
    if let Some(lines) = code {
        blocks.push(Block::Code(lines.join("\n")));
    }
    flush(&mut blocks, &mut paragraph, &mut list);
    blocks
}

/// The text of a `- item`, `* item` or `1. item` line.
fn list_item(line: &str) -> Option<&str> {
    if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some(item);
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0).then(|| line[digits..].strip_prefix(". ")).flatten()
}

/// Text with `inline code` and `**bold**` spans.
pub fn inline(text: &str) -> Html {
    let plain = |piece: &str| {
        html! {
            <>{ for piece.split("**").enumerate().map(|(index, part)| {
                if index % 2 == 1 { html! { <strong>{ part.to_owned() }</strong> } } else { html! { { part.to_owned() } } }
            }) }</>
        }
    };
    html! {
        <>{ for text.split('`').enumerate().map(|(index, piece)| {
            if index % 2 == 1 { html! { <code>{ piece.to_owned() }</code> } } else { plain(piece) }
        }) }</>
    }
}

/// Renders `text`.
pub fn view(text: &str) -> Html {
    html! {
        <div class="doc">
            { for blocks(text).into_iter().map(|block| match block {
                Block::Heading(text) => html! { <h4>{ inline(&text) }</h4> },
                Block::Code(text) => html! { <pre class="doc-code">{ text }</pre> },
                Block::List(items) => html! { <ul>{ for items.iter().map(|item| html! { <li>{ inline(item) }</li> }) }</ul> },
                Block::Paragraph(text) => html! { <p>{ inline(&text) }</p> },
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_code_lists_and_paragraphs_are_separate_blocks() {
        let text = "## What it does\nPins the\nversion.\n\n- one\n2. two\n```dockerfile\nRUN a\n\nRUN b\n```\nEnd";
        assert_eq!(
            blocks(text),
            vec![
                Block::Heading("What it does".into()),
                Block::Paragraph("Pins the version.".into()),
                Block::List(vec!["one".into(), "two".into()]),
                Block::Code("RUN a\n\nRUN b".into()),
                Block::Paragraph("End".into()),
            ]
        );
    }
}
