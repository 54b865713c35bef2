//! The hosted login page and the provider's other HTML (error page, form_post answer,
//! logged-out page): plain server-rendered HTML5, no external assets. Every value that
//! comes from a request or a record is escaped with [`escape`].
//!
//! Form fields a browser test can find: `<input name="account" id="account">`,
//! `<input name="password" id="password" type="password">`,
//! `<button type="submit" id="submit">`, the error text in `<p id="error">`. The form
//! posts to `/oidc/interaction/{id}/login`, where `{id}` is a random one-time
//! interaction id (it expires after 10 minutes and acts as the CSRF token).

/// Escapes text for HTML element content and double-quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>body{{font-family:sans-serif;max-width:24rem;margin:3rem auto}}\
         label,input,button{{display:block;width:100%;margin:.4rem 0}}#error{{color:#b00}}</style>\n\
         </head>\n<body>\n{body}\n</body>\n</html>\n"
    )
}

/// The login form of an interaction.
pub(crate) fn login(
    app_name: &str,
    interaction: &str,
    login_hint: Option<&str>,
    error: Option<&str>,
) -> String {
    let action = format!("/oidc/interaction/{interaction}/login");
    login_to(app_name, &action, login_hint, error)
}

/// The login form, posting to `action` (a path; escaped here).
pub(crate) fn login_to(
    app_name: &str,
    action: &str,
    login_hint: Option<&str>,
    error: Option<&str>,
) -> String {
    let title = format!("Sign in to {}", escape(app_name));
    let error = error
        .map(|e| format!("<p id=\"error\" role=\"alert\">{}</p>\n", escape(e)))
        .unwrap_or_default();
    let body = format!(
        "<h1>{title}</h1>\n{error}<form method=\"post\" action=\"{action}\">\n\
         <label for=\"account\">Username, email or phone</label>\n\
         <input name=\"account\" id=\"account\" type=\"text\" autocomplete=\"username\" required value=\"{hint}\">\n\
         <label for=\"password\">Password</label>\n\
         <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n\
         <button type=\"submit\" id=\"submit\">Sign in</button>\n</form>",
        action = escape(action),
        hint = escape(login_hint.unwrap_or("")),
    );
    document(&title, &body)
}

/// An error page (the request cannot be sent back to the client).
pub(crate) fn error(message: &str) -> String {
    document(
        "Sign-in error",
        &format!(
            "<h1>Sign-in error</h1>\n<p id=\"error\">{}</p>",
            escape(message)
        ),
    )
}

/// `response_mode=form_post`: a form that posts the answer to the client.
pub(crate) fn form_post(action: &str, params: &[(String, String)]) -> String {
    let inputs: String = params
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
                escape(k),
                escape(v)
            )
        })
        .collect();
    let body = format!(
        "<form method=\"post\" action=\"{}\">\n{inputs}<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n\
         <script>document.forms[0].submit()</script>",
        escape(action)
    );
    document("Submitting", &body)
}

/// The page of a CAS sign-in without a `service` to go back to.
pub(crate) fn signed_in() -> String {
    document(
        "Signed in",
        "<h1>Signed in</h1>\n<p id=\"signed-in\">You are signed in.</p>",
    )
}

/// The page after a logout without a (registered) redirect.
pub(crate) fn logged_out() -> String {
    document(
        "Signed out",
        "<h1>Signed out</h1>\n<p>You are signed out.</p>",
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
