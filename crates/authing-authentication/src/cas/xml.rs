//! The CAS 2.0/3.0 `serviceResponse` documents: XML (quick-xml, no DTD or external
//! entity is ever resolved) and the CAS 3.0 JSON form.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use serde::Deserialize;
use serde_json::Value;

use super::{CasFailure, CasPrincipal, ServiceValidation};
use authing_core::models::Sensitive;

/// Parses a `<cas:serviceResponse>` (any prefix; elements are matched by local name).
pub(crate) fn parse_xml(text: &str) -> Result<ServiceValidation, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut root_seen = false;
    let mut user: Option<String> = None;
    let mut attributes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut pgt: Option<String> = None;
    let mut success = false;
    let mut failure: Option<CasFailure> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML: {e}"))?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    if name != "serviceResponse" {
                        return Err(format!("the root element is {name:?}, not serviceResponse"));
                    }
                    root_seen = true;
                }
                if name == "authenticationSuccess" && path.len() == 1 {
                    success = true;
                }
                if name == "authenticationFailure" && path.len() == 1 {
                    let code = e
                        .try_get_attribute("code")
                        .map_err(|e| format!("malformed attribute: {e}"))?
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(|v| v.into_owned())
                        })
                        .transpose()
                        .map_err(|e| format!("malformed attribute: {e}"))?
                        .unwrap_or_default();
                    failure = Some(CasFailure {
                        code,
                        description: String::new(),
                    });
                }
                path.push(name);
                buf.clear();
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if path.is_empty() {
                    return Err("an empty document element".into());
                }
                if path.last().map(String::as_str) == Some("attributes") {
                    attributes.entry(name).or_default().push(String::new());
                }
            }
            Event::Text(t) => buf.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::CData(t) => buf.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    buf.push(c);
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    let v = quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| format!("unknown entity &{name};"))?;
                    buf.push_str(v);
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str);
                let value = buf.trim().to_string();
                match (parent, name.as_str()) {
                    (Some("authenticationSuccess"), "user") => user = Some(value),
                    (Some("authenticationSuccess"), "proxyGrantingTicket") => pgt = Some(value),
                    (Some("attributes"), _) => attributes.entry(name).or_default().push(value),
                    (Some("serviceResponse"), "authenticationFailure") => {
                        if let Some(f) = failure.as_mut() {
                            f.description = value;
                        }
                    }
                    _ => {}
                }
                buf.clear();
            }
            Event::Eof => break,
            Event::DocType(_) => return Err("a DOCTYPE is not accepted".into()),
            _ => {}
        }
    }
    if !root_seen {
        return Err("no serviceResponse element".into());
    }
    if let Some(f) = failure {
        return Ok(ServiceValidation::Failure(f));
    }
    match (success, user.filter(|u| !u.is_empty())) {
        (true, Some(user)) => Ok(ServiceValidation::Success(CasPrincipal {
            user,
            attributes,
            proxy_granting_ticket: pgt.map(Sensitive::new),
        })),
        (true, None) => Err("authenticationSuccess without a user".into()),
        (false, _) => Err("neither authenticationSuccess nor authenticationFailure".into()),
    }
}

#[derive(Deserialize)]
struct JsonRoot {
    #[serde(rename = "serviceResponse")]
    service_response: JsonResponse,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonResponse {
    #[serde(default)]
    authentication_success: Option<JsonSuccess>,
    #[serde(default)]
    authentication_failure: Option<JsonFailure>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonSuccess {
    user: String,
    #[serde(default)]
    attributes: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    proxy_granting_ticket: Option<String>,
}

#[derive(Deserialize)]
struct JsonFailure {
    #[serde(default)]
    code: String,
    #[serde(default)]
    description: String,
}

fn text_of(v: Value) -> String {
    match v {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Parses the CAS 3.0 JSON form `{"serviceResponse": {...}}`.
pub(crate) fn parse_json(body: &[u8]) -> Result<ServiceValidation, String> {
    let root: JsonRoot =
        serde_json::from_slice(body).map_err(|e| format!("unexpected JSON: {e}"))?;
    let r = root.service_response;
    if let Some(f) = r.authentication_failure {
        return Ok(ServiceValidation::Failure(CasFailure {
            code: f.code,
            description: f.description.trim().to_string(),
        }));
    }
    let s = r
        .authentication_success
        .ok_or("neither authenticationSuccess nor authenticationFailure")?;
    if s.user.is_empty() {
        return Err("authenticationSuccess without a user".into());
    }
    let attributes = s
        .attributes
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| {
            let values = match v {
                Value::Array(a) => a.into_iter().map(text_of).collect(),
                other => vec![text_of(other)],
            };
            (k, values)
        })
        .collect();
    Ok(ServiceValidation::Success(CasPrincipal {
        user: s.user,
        attributes,
        proxy_granting_ticket: s.proxy_granting_ticket.map(Sensitive::new),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_success_with_escaped_values_and_multi_valued_attributes() {
        let xml = r#"<?xml version="1.0"?>
<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationSuccess>
    <cas:user>a&amp;b &lt;x&gt;</cas:user>
    <cas:attributes>
      <cas:email>a@example.com</cas:email>
      <cas:group>g1</cas:group>
      <cas:group>g&#39;2</cas:group>
      <cas:empty/>
    </cas:attributes>
  </cas:authenticationSuccess>
</cas:serviceResponse>"#;
        let ServiceValidation::Success(p) = parse_xml(xml).unwrap() else {
            panic!("expected success")
        };
        assert_eq!(p.user, "a&b <x>");
        assert_eq!(p.attribute("email"), Some("a@example.com"));
        assert_eq!(p.attributes["group"], vec!["g1", "g'2"]);
        assert_eq!(p.attributes["empty"], vec![""]);
    }

    #[test]
    fn xml_failure_and_malformed_documents() {
        let xml = r#"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationFailure code="INVALID_TICKET">Ticket &apos;ST-1&apos; not recognized</cas:authenticationFailure></cas:serviceResponse>"#;
        let ServiceValidation::Failure(f) = parse_xml(xml).unwrap() else {
            panic!("expected failure")
        };
        assert_eq!(f.code, "INVALID_TICKET");
        assert_eq!(f.description, "Ticket 'ST-1' not recognized");
        for bad in [
            "",
            "not xml",
            "<other/>",
            "<x:other xmlns:x=\"u\"></x:other>",
            "<cas:serviceResponse xmlns:cas=\"u\"><cas:authenticationSuccess></cas:authenticationSuccess></cas:serviceResponse>",
            "<cas:serviceResponse xmlns:cas=\"u\"><cas:authenticationSuccess><cas:user>&ext;</cas:user></cas:authenticationSuccess></cas:serviceResponse>",
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><cas:serviceResponse/>",
            "<cas:serviceResponse xmlns:cas=\"u\"><cas:user>",
        ] {
            assert!(parse_xml(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn json_forms() {
        let ok = br#"{"serviceResponse":{"authenticationSuccess":{"user":"alice","attributes":{"email":["a@x.io"],"n":3,"many":["1","2"]}}}}"#;
        let ServiceValidation::Success(p) = parse_json(ok).unwrap() else {
            panic!()
        };
        assert_eq!(p.user, "alice");
        assert_eq!(p.attributes["n"], vec!["3"]);
        assert_eq!(p.attributes["many"], vec!["1", "2"]);
        let no = br#"{"serviceResponse":{"authenticationFailure":{"code":"INVALID_SERVICE","description":" d "}}}"#;
        let ServiceValidation::Failure(f) = parse_json(no).unwrap() else {
            panic!()
        };
        assert_eq!(
            (f.code.as_str(), f.description.as_str()),
            ("INVALID_SERVICE", "d")
        );
        assert!(parse_json(b"{}").is_err());
        assert!(parse_json(br#"{"serviceResponse":{}}"#).is_err());
    }
}
