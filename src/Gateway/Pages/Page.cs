using System.Net;

namespace Gateway.Pages;

/// <summary>The gateway's HTML pages: one layout, every value encoded.</summary>
internal static class Page
{
    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static IResult Html(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Content($$"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}}</title>
            <style>
              body { font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
              h1 { font-size: 1.6rem; }
              a.button, button { display: inline-block; background: #1f6feb; color: #fff; border: 0; border-radius: 6px; padding: .7rem 1.4rem; font-size: 1rem; text-decoration: none; cursor: pointer; }
              .ok { color: #1a7f37; } .problem { color: #cf222e; }
              table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: 1rem 0; }
              td, th { border-bottom: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
              code { font-size: .88rem; } .muted { color: #656d76; }
            </style>
            </head>
            <body>
            <h1>{{E(title)}}</h1>
            {{body}}
            </body>
            </html>
            """, "text/html; charset=utf-8", statusCode: statusCode);
}
