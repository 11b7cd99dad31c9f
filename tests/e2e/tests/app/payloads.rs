//! Injection payloads for the hostile-input test. Every one of them would set
//! `window.__kaigiPwned` if the page ever ran it.

const SET: &str = "window.__kaigiPwned=1";

/// At least 100 distinct payloads: script tags, event handlers on many
/// elements, `javascript:` and `data:` links, SVG and MathML, CSS tricks,
/// template syntax and bidirectional overrides.
pub fn all() -> Vec<String> {
    let mut out = vec![
        format!("<script>{SET}</script>"),
        format!("<SCRIPT>{SET}</SCRIPT>"),
        format!("<script src=\"data:text/javascript,{SET}\"></script>"),
        format!("<scr<script>ipt>{SET}</scr</script>ipt>"),
        format!("\"><script>{SET}</script>"),
        format!("'><script>{SET}</script>"),
        format!("</textarea><script>{SET}</script>"),
        format!("</title><script>{SET}</script>"),
        format!("<!--<script>{SET}</script>-->"),
        format!("<noscript><p title=\"</noscript><img src=x onerror={SET}>\">"),
        format!("<template><script>{SET}</script></template>"),
        format!("<iframe srcdoc=\"<script>parent.{SET}</script>\"></iframe>"),
        format!("<iframe src=\"javascript:parent.{SET}\"></iframe>"),
        format!("<object data=\"javascript:{SET}\"></object>"),
        format!("<embed src=\"javascript:{SET}\">"),
        format!("<meta http-equiv=\"refresh\" content=\"0;url=javascript:{SET}\">"),
        "<base href=\"javascript://\">".to_owned(),
        format!("<form action=\"javascript:{SET}\"><button>送信</button></form>"),
        format!("<isindex action=\"javascript:{SET}\">"),
        format!("<svg><script>{SET}</script></svg>"),
        format!("<svg onload=\"{SET}\"></svg>"),
        format!("<svg><animate onbegin=\"{SET}\" attributeName=x dur=1s>"),
        format!("<svg><a xlink:href=\"javascript:{SET}\"><text x=20 y=20>XSS</text></a></svg>"),
        format!("<svg><foreignObject><img src=x onerror=\"{SET}\"></foreignObject></svg>"),
        format!("<math><mtext><table><mglyph><style><img src=x onerror=\"{SET}\">"),
        format!("<math href=\"javascript:{SET}\">CLICK</math>"),
        format!("<style>@import 'javascript:{SET}';</style>"),
        format!("<style>body{{background:url(\"javascript:{SET}\")}}</style>"),
        format!("<div style=\"background-image:url(javascript:{SET})\">x</div>"),
        format!("<div style=\"width:expression({SET})\">x</div>"),
        "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:red\">覆い隠し</div>".to_owned(),
        "<span data-mx-color=\"#ff0000\" style=\"font-size:999px\">巨大な文字</span>".to_owned(),
        format!("<link rel=\"stylesheet\" href=\"javascript:{SET}\">"),
        format!("<a href=\"javascript:{SET}\">リンク</a>"),
        format!("<a href=\"JaVaScRiPt:{SET}\">リンク</a>"),
        format!("<a href=\" javascript:{SET}\">リンク</a>"),
        format!("<a href=\"java&#x09;script:{SET}\">リンク</a>"),
        format!("<a href=\"&#106;avascript:{SET}\">リンク</a>"),
        format!("<a href=\"data:text/html,<script>{SET}</script>\">データ</a>"),
        format!("<a href=\"vbscript:{SET}\">VB</a>"),
        format!("<a href=\"https://example.jp\" onclick=\"{SET}\">普通のリンク</a>"),
        format!("<a href=\"https://example.jp\" onmouseover=\"{SET}\">ホバー</a>"),
        format!("<img src=\"javascript:{SET}\">"),
        format!("<img src=\"mxc://localhost/x\" onerror=\"{SET}\">"),
        format!("<img src=x onerror=\"{SET}\">"),
        format!("<img/src=x/onerror={SET}>"),
        format!("<IMG SRC=x ONERROR=\"{SET}\">"),
        format!("<video><source onerror=\"{SET}\"></video>"),
        format!("<audio src=x onerror=\"{SET}\"></audio>"),
        format!("<input autofocus onfocus=\"{SET}\">"),
        format!("<select autofocus onfocus=\"{SET}\"></select>"),
        format!("<textarea autofocus onfocus=\"{SET}\"></textarea>"),
        format!("<details open ontoggle=\"{SET}\"><summary>詳細</summary></details>"),
        format!("<marquee onstart=\"{SET}\">流れる</marquee>"),
        format!("<body onload=\"{SET}\">"),
        format!("<html onmouseover=\"{SET}\">"),
        format!("<table background=\"javascript:{SET}\"><tr><td>表</td></tr></table>"),
        format!("<td background=\"javascript:{SET}\">"),
        format!("<p title=\"x\" onmouseenter=\"{SET}\">段落</p>"),
        format!("<blockquote onclick=\"{SET}\">引用</blockquote>"),
        format!("<code onclick=\"{SET}\">コード</code>"),
        format!("<pre><code class=\"language-js\" onclick=\"{SET}\">x</code></pre>"),
        format!("<font color=red face=\"x\" onmouseover=\"{SET}\">色</font>"),
        format!("<span data-mx-spoiler onclick=\"{SET}\">ネタバレ</span>"),
        format!("<ol start=\"1\" onclick=\"{SET}\"><li>一</li></ol>"),
        format!("<h1 onclick=\"{SET}\">見出し</h1>"),
        format!("<mx-reply><a href=\"javascript:{SET}\">返信</a></mx-reply>本文"),
        format!("<div onpointerdown=\"{SET}\" tabindex=0>押す</div>"),
        format!("<button formaction=\"javascript:{SET}\">ボタン</button>"),
        format!("<keygen autofocus onfocus=\"{SET}\">"),
        format!("<frameset onload=\"{SET}\">"),
        format!("<xss onafterscriptexecute=\"{SET}\"><script>1</script>"),
        format!("<div id=\"x\" onanimationstart=\"{SET}\" style=\"animation:spin 1s\">回転</div>"),
        format!("<img srcset=\"x\" onerror=\"{SET}\">"),
        format!("<picture><source srcset=x><img src=x onerror=\"{SET}\"></picture>"),
        format!("<object type=\"image/svg+xml\" data=\"data:image/svg+xml,<svg onload='{SET}'/>\"></object>"),
        format!("<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='{SET}'/>\">"),
        format!("javascript:{SET}"),
        format!("{{{{constructor.constructor('{SET}')()}}}}"),
        format!("${{{SET}}}"),
        format!("{{@html '<img src=x onerror={SET}>'}}"),
        format!("<!-- --!><img src=x onerror=\"{SET}\">"),
        format!("<![CDATA[<script>{SET}</script>]]>"),
        format!("<?xml version=\"1.0\"?><script>{SET}</script>"),
        format!("&lt;script&gt;{SET}&lt;/script&gt;"),
        format!("&#60;script&#62;{SET}&#60;/script&#62;"),
        format!("%3Cscript%3E{SET}%3C/script%3E"),
        format!("\\u003cscript\\u003e{SET}\\u003c/script\\u003e"),
        format!("<scri\u{0}pt>{SET}</scri\u{0}pt>"),
        format!("<img src=x onerror=\"{SET}\"\u{0}>"),
        format!("<a href=\"javascript\u{0}:{SET}\">NUL</a>"),
        format!("<a href=\"\u{1}javascript:{SET}\">制御文字</a>"),
        "\u{202E}fdp.exe".to_owned(),
        "請求書\u{202E}fdp.exe".to_owned(),
        "\u{2066}<b>\u{2069}隔離".to_owned(),
        "\u{200F}\u{202B}右から左\u{202C}".to_owned(),
        format!("\u{202E}<img src=x onerror=\"{SET}\">"),
        format!("<bdo dir=\"rtl\" onclick=\"{SET}\">逆向き</bdo>"),
        "A\u{0336}\u{0336}\u{0336}\u{0336}\u{0336}\u{0336}\u{0336}\u{0336}".to_owned(),
        "𝐀𝐝𝐦𝐢𝐧 (偽の管理者)".to_owned(),
        format!("<a href=\"https://example.jp/\u{202E}gpj.exe\" onclick=\"{SET}\">画像</a>"),
        format!("<div><p><span><b><i><u><s><sub><sup><img src=x onerror=\"{SET}\"></sup></sub></s></u></i></b></span></p></div>"),
    ];
    // Event handlers on every tag the Matrix allow-list keeps.
    for tag in [
        "p", "span", "div", "b", "i", "em", "strong", "u", "del", "s", "table", "li", "ul", "hr",
        "br",
    ] {
        out.push(format!(
            "<{tag} onclick=\"{SET}\" onmouseover=\"{SET}\">{tag}</{tag}>"
        ));
    }
    out
}

#[test]
fn there_are_at_least_a_hundred_distinct_payloads() {
    let all = all();
    let distinct: std::collections::HashSet<&String> = all.iter().collect();
    assert!(distinct.len() >= 100, "{} payloads", distinct.len());
    assert_eq!(distinct.len(), all.len(), "duplicates in the list");
}
