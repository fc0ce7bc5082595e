using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gateway.Tests.Support;

/// <summary>
/// A business's web page inside an official account, on real Kestrel: <c>/shop</c> sends the visitor to the account's
/// web-page authorization (a link the gateway builds), <c>/shop/callback</c> takes the code and shows the visitor's
/// openid, exchanged by the gateway. It never sees a component token.
/// </summary>
public sealed class OAuthShop : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OAuthShop(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<OAuthShop> StartAsync(string gatewayUrl, string apiKey, string componentAppId, string authorizerAppId)
    {
        var app = LoopbackKestrel.Build();
        var url = "";
        var gateway = new HttpClient { BaseAddress = new Uri(gatewayUrl) };
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var account = $"/api/components/{componentAppId}/authorizers/{authorizerAppId}";

        app.MapGet("/shop", async () =>
        {
            var link = await gateway.GetFromJsonAsync<JsonElement>($"{account}/oauth/authorize-url?redirect_uri={Uri.EscapeDataString(url + "/shop/callback")}&state=cart-42");
            return Results.Redirect(link.GetProperty("url").GetString()!);
        });
        app.MapGet("/shop/callback", async (string? code, string? state) =>
        {
            if (code is null)
            {
                return Results.Content($"<p id=\"refused\">no code (state {WebUtility.HtmlEncode(state)})</p>", "text/html");
            }

            using var exchanged = await gateway.PostAsJsonAsync($"{account}/oauth/token", new { code });
            var user = await exchanged.Content.ReadFromJsonAsync<JsonElement>();
            return Results.Content($"""<p>state <span id="state">{WebUtility.HtmlEncode(state)}</span></p><p>openid <span id="openid">{WebUtility.HtmlEncode(user.GetProperty("openid").GetString())}</span></p>""", "text/html");
        });

        url = await LoopbackKestrel.StartAsync(app);
        return new OAuthShop(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
