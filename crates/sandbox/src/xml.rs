//! Responses are built as a small element tree and written with quick-xml's writer,
//! which does the escaping. EC2 lists are `<fooSet><item>...</item></fooSet>`.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

pub const EC2_NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

#[derive(Debug, Clone)]
pub enum Xml {
    Element(String, Vec<Xml>),
    Text(String, String),
}

/// An element with children.
pub fn el(name: &str, children: Vec<Xml>) -> Xml {
    Xml::Element(name.to_string(), children)
}

/// `<name>value</name>`.
pub fn text(name: &str, value: impl ToString) -> Xml {
    Xml::Text(name.to_string(), value.to_string())
}

/// `<name>value</name>` only when there is a value.
pub fn opt(name: &str, value: Option<impl ToString>) -> Option<Xml> {
    value.map(|v| text(name, v))
}

/// `<name><item>..</item>...</name>`.
pub fn set(name: &str, items: impl IntoIterator<Item = Vec<Xml>>) -> Xml {
    el(name, items.into_iter().map(|children| el("item", children)).collect())
}

/// Children from a mix of always-present and optional fields.
pub fn fields(items: impl IntoIterator<Item = Option<Xml>>) -> Vec<Xml> {
    items.into_iter().flatten().collect()
}

fn write(w: &mut Writer<Vec<u8>>, node: &Xml) -> std::io::Result<()> {
    match node {
        Xml::Text(name, value) => {
            w.write_event(Event::Start(BytesStart::new(name.as_str())))?;
            w.write_event(Event::Text(BytesText::new(value)))?;
            w.write_event(Event::End(BytesEnd::new(name.as_str())))?;
        }
        Xml::Element(name, children) => {
            w.write_event(Event::Start(BytesStart::new(name.as_str())))?;
            for c in children {
                write(w, c)?;
            }
            w.write_event(Event::End(BytesEnd::new(name.as_str())))?;
        }
    }
    Ok(())
}

/// A whole document: `<root xmlns=ns>children</root>`.
pub fn document(root: &str, ns: Option<&str>, children: &[Xml]) -> Vec<u8> {
    let mut w = Writer::new(Vec::new());
    let doc = (|| -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut start = BytesStart::new(root);
        if let Some(ns) = ns {
            start.push_attribute(("xmlns", ns));
        }
        w.write_event(Event::Start(start))?;
        for c in children {
            write(&mut w, c)?;
        }
        w.write_event(Event::End(BytesEnd::new(root)))?;
        Ok(())
    })();
    doc.expect("writing XML to memory cannot fail");
    w.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_nests() {
        let out = document(
            "DescribeKeyPairsResponse",
            Some(EC2_NS),
            &[text("requestId", "r-1"), set("keySet", [vec![text("keyName", "a<b>&\"c\"")]])],
        );
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(r#"<DescribeKeyPairsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">"#), "{s}");
        assert!(s.contains("<keySet><item><keyName>a&lt;b&gt;&amp;"), "{s}");
    }
}
