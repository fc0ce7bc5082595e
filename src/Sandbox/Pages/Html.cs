using System.Net;

namespace Sandbox.Pages;

/// <summary>The sandbox's plain HTML pages; every value written into them is encoded.</summary>
internal static class Html
{
    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    public static IResult Page(string title, string body, int statusCode = 200) =>
        Results.Content($$"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}}</title>
            <style>
              body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
              header { border-bottom: 3px solid #07c160; margin-bottom: 1.5rem; }
              header small { color: #07c160; font-weight: 600; }
              .account { display: block; border: 1px solid #ddd; border-radius: 6px; padding: .75rem; margin: .5rem 0; cursor: pointer; }
              .account:hover { border-color: #07c160; }
              button { background: #07c160; color: white; border: 0; border-radius: 4px; padding: .6rem 1.4rem; font-size: 1rem; cursor: pointer; }
              button.danger { background: #fa5151; }
              .error { color: #fa5151; }
              table { border-collapse: collapse; width: 100%; font-size: .9rem; }
              td, th { border-bottom: 1px solid #eee; padding: .3rem .4rem; text-align: left; }
              code { font-size: .85rem; }
            </style>
            </head>
            <body>
            <header><small>WeChat sandbox · 微信开放平台模拟器</small><h1>{{E(title)}}</h1></header>
            {{body}}
            </body>
            </html>
            """, "text/html; charset=utf-8", statusCode: statusCode);

    public static IResult Error(string title, string message, int statusCode = 400) =>
        Page(title, $"<p class=\"error\" id=\"error\">{E(message)}</p>", statusCode);
}
