package org.oauth2kit.examples;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.oauth2kit.AccessToken;

/** The demo's HTML pages and the JSON of its protected resource: plain markup, a little CSS. */
public final class DemoPages {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1f2328;
            margin:0;line-height:1.5}
            main{max-width:34em;margin:3em auto;background:#fff;border:1px solid #d8dee4;border-radius:10px;
            padding:1.5em 2em 2em;box-shadow:0 1px 3px rgba(0,0,0,.06)}
            main.wide{max-width:46em}
            h1{font-size:1.5em;margin:.2em 0 .6em}
            .brand{font-size:.85em;color:#57606a;letter-spacing:.04em;text-transform:uppercase}
            label{display:block;margin:.9em 0 .2em;font-weight:600}
            input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.55em .7em;font-size:1em;
            border:1px solid #d0d7de;border-radius:6px}
            button{font-size:1em;padding:.55em 1.4em;border-radius:6px;border:1px solid #d0d7de;background:#f6f8fa;
            cursor:pointer;margin:1.2em .6em 0 0}
            button.primary{background:#1f883d;border-color:#1a7f37;color:#fff;font-weight:600}
            ul.scopes{padding:0;list-style:none}
            ul.scopes li{padding:.5em .8em;border:1px solid #d8dee4;border-radius:6px;margin:.4em 0;background:#f6f8fa}
            code{background:#eff1f3;padding:.1em .35em;border-radius:4px;font-size:.92em}
            pre{background:#eff1f3;padding:.8em;border-radius:6px;overflow-x:auto;font-size:.85em}
            .message{padding:.6em .9em;border-radius:6px;background:#fff8c5;border:1px solid #d4a72c}
            .error{background:#ffebe9;border-color:#ff8182}
            .hint{color:#57606a;font-size:.9em;margin-top:1.5em}
            """;

    private DemoPages() {
    }

    /** A whole page around {@code body} (already escaped markup). */
    static String page(String title, String body, boolean wide) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + html(title) + "</title><style>" + CSS + "</style></head><body><main"
                + (wide ? " class=\"wide\"" : "") + "><div class=\"brand\">oauth2kit demo</div>"
                + body + "</main></body></html>";
    }

    /** @param usernameHint null, or the username the form starts with (OpenID Connect's login_hint) */
    static String loginPage(String usernameHint, String clientId, String csrfToken, String hiddenFields,
            String message) {
        return page("Sign in", "<h1>Sign in</h1>"
                + "<p><strong>" + html(clientId) + "</strong> wants to use your account. Sign in to continue.</p>"
                + (message == null ? "" : "<p class=\"message error\" role=\"alert\">" + html(message) + "</p>")
                // no action: the form posts back to this very URL, query string included
                + "<form method=\"post\" id=\"login\">"
                + "<input type=\"hidden\" name=\"csrf_token\" value=\"" + html(csrfToken) + "\">" + hiddenFields
                + "<label for=\"username\">Username</label>"
                + "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus"
                + (usernameHint == null ? "" : " value=\"" + html(usernameHint) + "\"") + ">"
                + "<label for=\"password\">Password</label>"
                + "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>"
                + "<button type=\"submit\" class=\"primary\">Sign in</button></form>"
                + "<p class=\"hint\">Demo user: <code>" + DemoConfig.USERNAME + "</code>, password <code>"
                + DemoConfig.PASSWORD + "</code></p>", false);
    }

    /** @param userCode null, or the code of a device being connected (RFC 8628), for the person to compare */
    static String consentPage(String user, String clientId, List<String> scopes, String csrfToken,
            String hiddenFields, String message, String userCode) {
        StringBuilder items = new StringBuilder();
        for (String scope : scopes) {
            String what = DemoConfig.SCOPE_DESCRIPTIONS.get(scope);
            items.append("<li><code>").append(html(scope)).append("</code> ")
                    .append(what == null ? "" : html(what)).append("</li>");
        }
        return page("Allow access?", "<h1>Allow access?</h1>"
                + "<p>Signed in as <strong>" + html(user) + "</strong>.</p>"
                + (message == null ? "" : "<p class=\"message error\" role=\"alert\">" + html(message) + "</p>")
                + (userCode == null ? "" : "<p>Connecting the device that shows <strong id=\"user-code\">"
                        + html(userCode.toUpperCase(java.util.Locale.ROOT)) + "</strong>. Allow only if your"
                        + " device shows this code.</p>")
                + "<p>The application <strong>" + html(clientId) + "</strong> asks to:</p>"
                + "<ul class=\"scopes\">" + items + "</ul>"
                + "<form method=\"post\" id=\"consent\">"
                + "<input type=\"hidden\" name=\"csrf_token\" value=\"" + html(csrfToken) + "\">" + hiddenFields
                + "<button type=\"submit\" name=\"consent\" value=\"allow\" class=\"primary\" id=\"allow\">Allow</button>"
                + "<button type=\"submit\" name=\"consent\" value=\"deny\" id=\"deny\">Deny</button></form>"
                + "<p class=\"hint\">You will be sent back to the application either way.</p>", false);
    }

    /** RFC 8628 §3.3: the code form; GET, so the code stays in the URL the next pages post back to. */
    static String userCodePage(String error) {
        return page("Connect a device", "<h1>Connect a device</h1>"
                + (error == null ? "" : "<p class=\"message error\" role=\"alert\">" + html(error) + "</p>")
                + "<p>Enter the code your device shows.</p>"
                + "<form method=\"get\" id=\"device\">"
                + "<label for=\"user_code\">Code</label>"
                + "<input type=\"text\" id=\"user_code\" name=\"user_code\" autocomplete=\"off\""
                + " autocapitalize=\"characters\" spellcheck=\"false\" required autofocus placeholder=\"BCDF-GHJK\">"
                + "<button type=\"submit\" class=\"primary\">Continue</button></form>", false);
    }

    static String deviceDonePage(String clientId, boolean allowed) {
        return allowed
                ? page("Device connected", "<h1 id=\"device-done\">Device connected</h1><p>You allowed <strong>"
                        + html(clientId) + "</strong>. You can return to your device now.</p>", false)
                : page("Device not connected", "<h1 id=\"device-done\">Device not connected</h1><p>You denied"
                        + " access; <strong>" + html(clientId) + "</strong> gets nothing.</p>", false);
    }

    static String errorPage(String error, String description) {
        return page("Authorization error", "<h1>This request cannot be completed</h1>"
                + "<p class=\"message error\"><strong>Reason:</strong> " + html(description) + "</p>"
                + "<p>The link that brought you here is broken, or the application that sent you is not set up"
                + " correctly. You were not sent back to it.</p>"
                + "<p class=\"hint\">Error code: <code>" + html(error) + "</code></p>", false);
    }

    /**
     * The landing page at {@code /}: where the endpoints are, and links that start each flow.
     *
     * @param serving e.g. {@code Javalin, memory store}
     */
    public static String landingPage(String issuer, String serving) {
        String callback = enc(DemoConfig.REDIRECT_URI);
        String code = "/authorize?response_type=code&client_id=abc&redirect_uri=" + callback
                + "&scope=read%20write&state=demo";
        String implicit = "/authorize?response_type=token&client_id=abc&redirect_uri=" + callback + "&state=demo";
        // RFC 7636 Appendix B: the verifier that goes with this challenge is shown below
        String pkce = "/authorize?response_type=code&client_id=pub&redirect_uri=" + callback
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&state=demo";
        String i = html(issuer);
        return page("oauth2kit demo", "<h1>An OAuth 2.0 authorization server</h1>"
                + "<p>Serving with " + html(serving) + ". Issuer <code>" + i + "</code>.</p>"
                + "<ul>"
                + "<li><a href=\"/.well-known/oauth-authorization-server\">Server metadata</a> (RFC 8414)</li>"
                + "<li><a id=\"try-code\" href=\"" + html(code) + "\">Try it: authorization code</a> for client "
                + "<code>abc</code> (sign in as <code>alice</code> / <code>wonderland</code>)</li>"
                + "<li><a href=\"" + html(pkce) + "\">Authorization code with PKCE</a> for the public client "
                + "<code>pub</code></li>"
                + "<li><a href=\"" + html(implicit) + "\">Implicit grant</a> (the token comes back in the fragment)</li>"
                + "<li><a id=\"try-device\" href=\"/device\">Connect a device</a> (RFC 8628): get a code with"
                + " <code>curl -d client_id=pub " + i + "/device_authorization</code>, enter it here, then poll"
                + " <code>/token</code> with the <code>device_code</code></li>"
                + "</ul>"
                + "<p>Nothing listens on <code>" + html(DemoConfig.REDIRECT_URI) + "</code>: after you allow or deny,"
                + " the browser shows an error page, and the address bar holds the <code>code</code> (or the"
                + " <code>error</code>).</p>"
                + "<h2>From a terminal</h2>"
                + "<pre>"
                + "# exchange the code (PKCE flow: add code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
                + " and client_id=pub instead of -u)\n"
                + "curl -u abc:xyz -d grant_type=authorization_code -d code=CODE \\\n"
                + "     -d redirect_uri=" + html(DemoConfig.REDIRECT_URI) + " " + i + "/token\n\n"
                + "# a token for the client itself, and the protected resource\n"
                + "curl -u abc:xyz -d grant_type=client_credentials " + i + "/token\n"
                + "curl -H 'Authorization: Bearer ACCESS_TOKEN' " + i + "/api/me\n\n"
                + "# the password grant, a refresh, introspection and revocation\n"
                + "curl -u abc:xyz -d grant_type=password -d username=alice -d password=wonderland " + i + "/token\n"
                + "curl -u abc:xyz -d grant_type=refresh_token -d refresh_token=REFRESH_TOKEN " + i + "/token\n"
                + "curl -u abc:xyz -d token=ACCESS_TOKEN " + i + "/introspect\n"
                + "curl -u abc:xyz -d token=ACCESS_TOKEN " + i + "/revoke</pre>", true);
    }

    /** The body of {@code GET /api/me}: who the token speaks for, to whom it was issued, and its scopes. */
    public static String me(AccessToken token) {
        StringBuilder json = new StringBuilder("{");
        if (token.subject() != null) {
            json.append("\"sub\":").append(json(token.subject())).append(',');
        }
        json.append("\"client_id\":").append(json(token.clientId()))
                .append(",\"scope\":").append(json(String.join(" ", token.scopes()))).append('}');
        return json.toString();
    }

    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
